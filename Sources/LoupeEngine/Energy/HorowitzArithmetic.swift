/// Energy and area of integer and floating-point adders and multipliers at 45 nm (0.9 V).
///
/// Source: M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014
/// keynote, table of energy (pJ) and area (µm²) per operation at 45 nm:
///
/// | operation | bits | energy pJ | area µm² |
/// |---|---|---|---|
/// | int add | 8 / 16 / 32 | 0.03 / 0.05 / 0.1 | 36 / 67 / 137 |
/// | fp add | 16 / 32 | 0.4 / 0.9 | 1360 / 4184 |
/// | int mult | 8 / 32 | 0.2 / 3.1 | 282 / 3495 |
/// | fp mult | 16 / 32 | 1.1 / 3.7 | 1640 / 7700 |
///
/// Widths between and beyond the table points (estimated):
/// - integer adder: linear in width — piecewise-linear through the points, `E ∝ bits` outside;
/// - integer multiplier: quadratic in width (an array multiplier's partial products ∝ the
///   product of the operand widths) — `E = k·bits²`, with `k = E/bits²` read at the points
///   (3.125·10⁻³ pJ at 8 bits, 3.027·10⁻³ pJ at 32 bits), interpolated linearly in log₂ bits and
///   held constant outside; so 16 bits → 0.7875 pJ, 1001 µm² (area the same way);
/// - floating point: a power law through the 16- and 32-bit points, extended beyond them with
///   the same exponent (add: E ∝ bits^1.17, area ∝ bits^1.62; mult: E ∝ bits^1.75,
///   area ∝ bits^2.23).
enum HorowitzArithmetic {
    /// An energy (pJ per operation) and area (µm²) at 45 nm; `exact` when read from the table.
    struct Figure {
        var energy: Double
        var area: Double
        var exact: Bool
        /// Set when the width lies outside the table's widths for this unit (``DataRange``).
        var rangeNote: String? = nil
    }

    /// The widths each unit's table spans (Horowitz ISSCC 2014, 45 nm).
    static func range(adder: Bool, float: Bool) -> DataRange {
        let points = adder ? (float ? fpAddEnergy : intAddEnergy) : (float ? fpMultEnergy : intMultEnergy)
        let name = "\(float ? "fp" : "int") \(adder ? "add" : "mult") table: width"
        return TableInterpolation.range(name, points, unit: "bits", source: "Horowitz ISSCC 2014")
    }

    static let intAddEnergy: [(x: Double, y: Double)] = [(8, 0.03), (16, 0.05), (32, 0.1)]
    static let intAddArea: [(x: Double, y: Double)] = [(8, 36), (16, 67), (32, 137)]
    static let fpAddEnergy: [(x: Double, y: Double)] = [(16, 0.4), (32, 0.9)]
    static let fpAddArea: [(x: Double, y: Double)] = [(16, 1360), (32, 4184)]
    static let intMultEnergy: [(x: Double, y: Double)] = [(8, 0.2), (32, 3.1)]
    static let intMultArea: [(x: Double, y: Double)] = [(8, 282), (32, 3495)]
    static let fpMultEnergy: [(x: Double, y: Double)] = [(16, 1.1), (32, 3.7)]
    static let fpMultArea: [(x: Double, y: Double)] = [(16, 1640), (32, 7700)]

    /// An adder of `bits` (integer: linear law; float: power law through the fp points).
    static func adder(bits: Int, float: Bool) -> Figure {
        let b = Double(max(1, bits))
        let note = range(adder: true, float: float).note(b)
        if float {
            return Figure(energy: TableInterpolation.logLog(b, fpAddEnergy), area: TableInterpolation.logLog(b, fpAddArea),
                          exact: TableInterpolation.isTablePoint(b, fpAddEnergy), rangeNote: note)
        }
        return Figure(energy: TableInterpolation.linearProportional(b, intAddEnergy),
                      area: TableInterpolation.linearProportional(b, intAddArea),
                      exact: TableInterpolation.isTablePoint(b, intAddEnergy), rangeNote: note)
    }

    /// A multiplier of two `bits`-wide operands (integer: quadratic law; float: power law).
    static func multiplier(bits: Int, float: Bool) -> Figure {
        let b = Double(max(1, bits))
        let note = range(adder: false, float: float).note(b)
        if float {
            return Figure(energy: TableInterpolation.logLog(b, fpMultEnergy), area: TableInterpolation.logLog(b, fpMultArea),
                          exact: TableInterpolation.isTablePoint(b, fpMultEnergy), rangeNote: note)
        }
        return Figure(energy: TableInterpolation.quadratic(b, intMultEnergy), area: TableInterpolation.quadratic(b, intMultArea),
                      exact: TableInterpolation.isTablePoint(b, intMultEnergy), rangeNote: note)
    }
}
