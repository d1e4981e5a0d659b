/// One loop of a loop nest: a dimension and its factor.
///
/// An imperfect loop (docs/model.md §10) covers `split.span` points of
/// its dimension in iterations of `split.step` (the span of the loops inside it): its factor is
/// `⌈span / step⌉` and its last iteration covers `span − (factor − 1)·step`. Mapping files
/// write it `P=55/8` (docs/spec.md §8).
public struct Loop: Sendable, Hashable, CustomStringConvertible {
    public var dimension: Dimension
    /// The number of iterations (`⌈span / step⌉` for an imperfect loop).
    public var factor: Int
    /// The span and step of an imperfect loop; nil for a perfect one (span = factor × step).
    public var split: Split?

    /// What an imperfect loop covers: `span` points in iterations of `step` (`1 ≤ step < span`).
    public struct Split: Sendable, Hashable {
        public var span: Int
        public var step: Int
        public init(span: Int, step: Int) {
            self.span = span
            self.step = step
        }
        /// `⌈span / step⌉`.
        public var factor: Int { (span + step - 1) / step }
    }

    public init(_ dimension: Dimension, _ factor: Int) {
        self.dimension = dimension
        self.factor = factor
    }

    /// An imperfect loop covering `span` in iterations of `step`.
    public init(_ dimension: Dimension, span: Int, step: Int) {
        self.dimension = dimension
        split = Split(span: span, step: step)
        factor = split!.factor
    }

    /// `P=8`, or `P=55/8` for an imperfect loop.
    public var factorText: String { split.map { "\($0.span)/\($0.step)" } ?? "\(factor)" }
    public var description: String { "\(dimension)=\(factorText)" }
}

/// The loops assigned to one storage level (docs/spec.md §8).
public struct LevelMapping: Sendable, Hashable {
    /// Temporal loops, outer → inner.
    public var temporal: [Loop]
    /// Spatial loops of the fanout directly below this level, per axis.
    public var spatialX: [Loop]
    public var spatialY: [Loop]
    /// Tensors kept here; `nil` = all the architecture allows.
    public var keeps: Set<TensorKind>?
    public var location: SourceLocation?

    public init(temporal: [Loop] = [], spatialX: [Loop] = [], spatialY: [Loop] = [], keeps: Set<TensorKind>? = nil,
                location: SourceLocation? = nil) {
        self.temporal = temporal
        self.spatialX = spatialX
        self.spatialY = spatialY
        self.keeps = keeps
        self.location = location
    }

    public var spatialFanoutX: Int { spatialX.reduce(1) { $0 * $1.factor } }
    public var spatialFanoutY: Int { spatialY.reduce(1) { $0 * $1.factor } }
}

/// A mapping of one layer: one `LevelMapping` per storage level, outermost first,
/// aligned with `Architecture.storageLevels`.
public struct Mapping: Sendable, Hashable {
    public var levels: [LevelMapping]
    public init(levels: [LevelMapping]) { self.levels = levels }

    /// Whether some loop is imperfect (`Loop.split`).
    public var isImperfect: Bool {
        levels.contains { l in (l.temporal + l.spatialX + l.spatialY).contains { $0.split != nil } }
    }

    /// The extent of `d` the loops cover, read inner → outer in nest order (per level, temporal
    /// loops outer → inner then spatial x then y; innermost level last): a perfect loop
    /// multiplies the extent by its factor, an imperfect one replaces it by its span. Equals
    /// `product(of:)` when every loop is perfect. `mismatch` is the first imperfect loop whose
    /// step is not the extent of the loops inside it (level index, loop, that extent).
    public func coverage(of d: Dimension) -> (extent: Int, mismatch: (level: Int, loop: Loop, inner: Int)?) {
        var inner = 1
        var mismatch: (Int, Loop, Int)?
        for (i, l) in levels.enumerated().reversed() {
            let loops = (l.temporal + l.spatialX + l.spatialY).filter { $0.dimension == d }
            for loop in loops.reversed() {
                if let s = loop.split {
                    if s.step != inner && mismatch == nil { mismatch = (i, loop, inner) }
                    inner = s.span
                } else {
                    inner *= loop.factor
                }
            }
        }
        return (inner, mismatch)
    }

    /// Product of the factors of `d` over all loops, temporal and spatial.
    public func product(of d: Dimension) -> Int {
        var p = 1
        for l in levels {
            for loop in l.temporal where loop.dimension == d { p *= loop.factor }
            for loop in l.spatialX where loop.dimension == d { p *= loop.factor }
            for loop in l.spatialY where loop.dimension == d { p *= loop.factor }
        }
        return p
    }
}

/// A parsed mapping file: per layer name (or `default`), the level entries by level name.
public struct MappingFile: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var level: String
        public var mapping: LevelMapping
        public init(level: String, mapping: LevelMapping) {
            self.level = level
            self.mapping = mapping
        }
    }
    public var layers: [String: [Entry]]
    public var layerLocations: [String: SourceLocation]
    public var file: String

    public init(layers: [String: [Entry]] = [:], layerLocations: [String: SourceLocation] = [:], file: String = "") {
        self.layers = layers
        self.layerLocations = layerLocations
        self.file = file
    }
}
