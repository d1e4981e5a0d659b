import LoupeEngine
import LoupeModel

/// What became of one sweep point.
public struct SweepOutcome: Sendable {
    public enum Result: Sendable {
        /// The point's estimate.
        case estimate(NetworkEstimate)
        /// The point's specs (after its overrides) are invalid, or no mapping fits: every
        /// problem, the first one first.
        case invalid([Diagnostic])
        /// Not evaluated, or stopped early (Ctrl-C, or `stopOnInvalid` after another point failed).
        case interrupted
    }

    public var point: SweepPoint
    public var result: Result

    public init(point: SweepPoint, result: Result) {
        self.point = point
        self.result = result
    }

    public var estimate: NetworkEstimate? {
        if case .estimate(let e) = result { return e }
        return nil
    }

    public var diagnostics: [Diagnostic] {
        if case .invalid(let d) = result { return d }
        return []
    }
}
