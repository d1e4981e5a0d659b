import LoupeModel

/// Stored words per dense word, for every level of an architecture and every tensor (1 =
/// dense): techniques that compress or pack a tensor make more of it fit (docs/mapper.md §4).
/// The capacity check (`CapacityRule`) scales each kept tile by it.
public struct StorageRatios: Sendable, Hashable {
    /// One entry per level of the architecture, outermost first (the compute level included).
    public private(set) var levels: [PerTensor<Double>]

    /// Dense: 1 everywhere, for an architecture of `levelCount` levels.
    public init(levelCount: Int) {
        levels = Array(repeating: PerTensor(repeating: 1), count: levelCount)
    }

    public subscript(level i: Int, tensor t: TensorKind) -> Double {
        get { i < levels.count ? levels[i][t] : 1 }
        set { levels[i][t] = newValue }
    }
}
