import LoupeModel

/// The allowed range of a number read from a spec.
package enum NumberRange {
    case any
    /// > 0
    case positive
    /// ≥ 0
    case nonNegative
    /// [0, 1]
    case fraction
    /// (0, 1]
    case density
    /// [lower, upper]
    case closed(Double, Double)

    func contains(_ v: Double) -> Bool {
        switch self {
        case .any: true
        case .positive: v > 0
        case .nonNegative: v >= 0
        case .fraction: v >= 0 && v <= 1
        case .density: v > 0 && v <= 1
        case .closed(let lo, let hi): v >= lo && v <= hi
        }
    }

    var requirement: String {
        switch self {
        case .any: "a number"
        case .positive: "greater than 0"
        case .nonNegative: "at least 0"
        case .fraction: "between 0 and 1"
        case .density: "in (0, 1]"
        case .closed(let lo, let hi):
            // %g-style bounds, so 10⁻⁶ and 10¹⁴ read as 1e-06 and 1e+14, not as long decimals.
            "between \(NumberFormat.string(lo, .general(significant: 6))) and \(NumberFormat.string(hi, .general(significant: 6)))"
        }
    }
}
