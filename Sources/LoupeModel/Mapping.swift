/// One loop of a loop nest: a dimension and its factor.
public struct Loop: Sendable, Hashable, CustomStringConvertible {
    public var dimension: Dimension
    public var factor: Int
    public init(_ dimension: Dimension, _ factor: Int) {
        self.dimension = dimension
        self.factor = factor
    }
    public var description: String { "\(dimension)=\(factor)" }
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
