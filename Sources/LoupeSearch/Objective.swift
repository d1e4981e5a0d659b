/// What the mapper minimizes (`--objective`, docs/spec.md §10; docs/mapper.md §2).
public enum Objective: String, CaseIterable, Sendable, Hashable {
    /// Total energy, pJ.
    case energy
    /// Cycles.
    case delay
    /// Energy × cycles.
    case edp

    /// The value to minimize for an (energy, cycles) pair.
    @inline(__always)
    public func value(energy: Double, cycles: Double) -> Double {
        switch self {
        case .energy: energy
        case .delay: cycles
        case .edp: energy * cycles
        }
    }
}

/// A candidate's cost with a total order: the objective, then the other metrics, so that ties
/// are broken the same way on every run.
public struct Cost: Sendable, Hashable, Comparable {
    public var objective: Double
    public var energy: Double
    public var cycles: Double

    public init(objective: Double, energy: Double, cycles: Double) {
        self.objective = objective
        self.energy = energy
        self.cycles = cycles
    }

    public static let infinity = Cost(objective: .infinity, energy: .infinity, cycles: .infinity)

    public static func < (a: Cost, b: Cost) -> Bool {
        if a.objective != b.objective { return a.objective < b.objective }
        if a.energy != b.energy { return a.energy < b.energy }
        return a.cycles < b.cycles
    }
}
