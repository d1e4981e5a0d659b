/// Leakage power of standard-cell logic (arithmetic units, flip-flops) per unit area, 45 nm.
///
/// Derived from one reference point (estimated): the Timeloop/Accelergy reference energy table
/// of the `simple_weight_stationary`/`simple_output_stationary` exercises gives an `intmac`
/// (8-bit multiplier + 16-bit adder, Aladdin models, 45 nm) a leak of 0.0036 pJ per 1 ns cycle,
/// i.e. 3.6 µW. Horowitz's ISSCC 2014 areas for those two units are 282 + 67 = 349 µm², so
///
///     leakage density = 3.6 µW / 349 µm² ≈ 0.0103 µW/µm²   (45 nm)
///
/// and a unit of area A leaks `P = 0.0103 µW/µm² · A` before technology scaling.
enum LogicLeakage {
    /// µW per µm² of logic at 45 nm.
    static let microwattsPerUm2 = 3.6 / (282.0 + 67.0)

    /// Leakage power in µW of `areaUm2` of logic at 45 nm.
    static func microwatts(areaUm2: Double) -> Double { microwattsPerUm2 * areaUm2 }

    /// Energy per cycle (pJ) of a leakage power of `microwatts` at `clockHz`:
    /// `P · 10⁻⁶ W/µW · (1/f) s · 10¹² pJ/J = P · 10⁶ / f`. Zero for a clock that is not positive.
    static func picojoulesPerCycle(microwatts: Double, clockHz: Double) -> Double {
        guard clockHz.isFinite, clockHz > 0, microwatts.isFinite, microwatts > 0 else { return 0 }
        return microwatts * 1e6 / clockHz
    }
}
