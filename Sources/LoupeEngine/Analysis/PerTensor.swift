import LoupeModel

/// One value per tensor, indexed by `TensorKind`.
public struct PerTensor<Value> {
    public var weights: Value
    public var inputs: Value
    public var outputs: Value

    public init(weights: Value, inputs: Value, outputs: Value) {
        self.weights = weights
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The same value for every tensor.
    public init(repeating value: Value) {
        self.init(weights: value, inputs: value, outputs: value)
    }

    public subscript(_ t: TensorKind) -> Value {
        get {
            switch t {
            case .weights: weights
            case .inputs: inputs
            case .outputs: outputs
            }
        }
        set {
            switch t {
            case .weights: weights = newValue
            case .inputs: inputs = newValue
            case .outputs: outputs = newValue
            }
        }
    }
}

extension PerTensor: Sendable where Value: Sendable {}
extension PerTensor: Equatable where Value: Equatable {}
extension PerTensor: Hashable where Value: Hashable {}

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
