/// How a factor constraint compares (`=`, `>=`, `<=`).
public enum FactorRelation: String, Sendable, Hashable {
    case equal = "=", atLeast = ">=", atMost = "<="
}

/// One `DIM op VALUE` term of a `factors:` constraint.
public struct FactorConstraint: Sendable, Hashable {
    public var dimension: Dimension
    public var relation: FactorRelation
    public var value: Int
    /// Where the term is written (its own token), for messages; not part of its identity.
    public var location: SourceLocation?
    public init(dimension: Dimension, relation: FactorRelation, value: Int, location: SourceLocation? = nil) {
        self.dimension = dimension
        self.relation = relation
        self.value = value
        self.location = location
    }
    public static func == (a: Self, b: Self) -> Bool {
        a.dimension == b.dimension && a.relation == b.relation && a.value == b.value
    }
    public func hash(into h: inout Hasher) {
        h.combine(dimension)
        h.combine(relation)
        h.combine(value)
    }
}

/// Mapper constraints for one level (docs/spec.md §6).
public struct LevelConstraints: Sendable, Hashable {
    /// Dimensions allowed on the X / Y axis of the fanout below this level; `nil` = any.
    public var spatialX: [Dimension]?
    public var spatialY: [Dimension]?
    /// Innermost temporal loops fixed, written outer → inner.
    public var temporalOrder: [Dimension]?
    public var factors: [FactorConstraint]
    /// Tensors this level must keep / must bypass.
    public var keep: Set<TensorKind>?
    public var bypass: Set<TensorKind>?
    /// Least product of the X and Y factors of a dimension on the fanout below this level. No YAML
    /// key sets it: `row_stationary`'s expansion does (strips of at least `e` output rows).
    public var spatialAtLeast: [Dimension: Int] = [:]

    public init(spatialX: [Dimension]? = nil, spatialY: [Dimension]? = nil, temporalOrder: [Dimension]? = nil,
                factors: [FactorConstraint] = [], keep: Set<TensorKind>? = nil, bypass: Set<TensorKind>? = nil) {
        self.spatialX = spatialX
        self.spatialY = spatialY
        self.temporalOrder = temporalOrder
        self.factors = factors
        self.keep = keep
        self.bypass = bypass
    }
}

/// Named dataflows that expand to per-level constraints (docs/spec.md §6).
public enum Dataflow: String, CaseIterable, Sendable, Hashable {
    case weightStationary = "weight_stationary"
    case outputStationary = "output_stationary"
    case inputStationary = "input_stationary"
    case rowStationary = "row_stationary"
    case noLocalReuse = "no_local_reuse"
}

/// The mapper's search constraints: per level name, plus an optional named dataflow.
public struct MapperConstraints: Sendable, Hashable {
    public var dataflow: Dataflow?
    public var levels: [String: LevelConstraints]
    public init(dataflow: Dataflow? = nil, levels: [String: LevelConstraints] = [:]) {
        self.dataflow = dataflow
        self.levels = levels
    }
}
