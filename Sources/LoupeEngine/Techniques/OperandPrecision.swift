import LoupeModel

/// The bits a layer's values actually need, as the precision techniques read them.
enum OperandPrecision {
    /// Bits of tensor `t`: the profiled `stats.precision_needed[t]` when the workload gives it,
    /// else the layer's declared `precision[t]` (docs/spec.md §7).
    static func bits(_ t: TensorKind, layer: Layer) -> Double {
        if let b = layer.stats.precisionNeeded[t], b > 0 { return b }
        return Double(layer.precision[t])
    }

    /// `bits` limited to `[0, wordBits]`: hardware of `wordBits`-bit words cannot store or
    /// process a wider value in one word, and reduced precision never costs more than a word.
    static func clamped(_ bits: Double, wordBits: Int) -> Double {
        min(max(bits, 0), Double(max(1, wordBits)))
    }

    /// Expected bits of a group's widest value from per-group dynamic-precision statistics:
    /// `mean_bits` when given, else `Σ_b b · share(b) / Σ_b share(b)` over `bits_histogram`;
    /// nil when neither is given.
    static func groupBits(_ d: DynamicPrecision) -> Double? {
        if let m = d.meanBits { return m }
        guard let h = d.bitsHistogram, !h.isEmpty else { return nil }
        let total = h.values.reduce(0, +)
        guard total > 0 else { return nil }
        return h.reduce(0) { $0 + Double($1.key) * $1.value } / total
    }

    /// A number for notes: at most three decimals, no trailing zeros (binary rounding, as
    /// `NumberFormat`'s `.binaryScaled`).
    static func format(_ x: Double) -> String {
        NumberFormat.string(x, .upTo(fractionDigits: 3), rounding: .binaryScaled, nonFinite: .spelled)
    }
}

/// The energy of one multiply-accumulate as a function of its operand widths, relative to the
/// bit-parallel MAC of the hardware's word width `w` that the architecture's `compute` energy
/// describes.
///
///     E(a, b) / E(w, w) = s · (a·b) / w²  +  (1 − s) · (a + b) / (2w)
///     s = E_mult(w) / (E_mult(w) + E_add(2w))
///
/// An array multiplier's energy grows with the product of its operand widths (it sums `a`
/// partial products of `b` bits) and an adder's with its width; the accumulator adds the
/// `a + b`-bit product, as ``ComponentLibrary/mac(technology:operandBits:float:clockHz:)``
/// assumes for integers (`2w` at full width). The share `s` comes from the component library's
/// integer multiplier and adder at the architecture's technology — Horowitz, ISSCC 2014, 45 nm
/// table: int mult 8 b 0.2 pJ, 32 b 3.1 pJ; int add 8/16/32 b 0.03/0.05/0.1 pJ — so at 16 bits
/// `s = 0.787 / (0.787 + 0.1) ≈ 0.89`. Technology scaling multiplies both parts alike and
/// cancels. A unit that gates or narrows the unused high-order bits realises this saving; a
/// fixed-width unit does not (then leave the compute level out of `precision_scaling`'s `at`).
struct MACPrecisionEnergy: Sendable, Hashable {
    let wordBits: Int
    /// Share of a `w`-bit MAC's energy spent in its multiplier.
    let multiplierShare: Double

    init(technology: Technology, wordBits: Int) {
        let w = max(1, wordBits)
        self.wordBits = w
        let mult = ComponentLibrary.multiplier(technology: technology, bits: w, float: false).compute
        let add = ComponentLibrary.adder(technology: technology, bits: 2 * w, float: false).compute
        if mult > 0, add >= 0 {
            multiplierShare = mult / (mult + add)
        } else {
            // Horowitz's 45 nm table directly: multiplier ∝ width², adder ∝ width.
            let m = 3.1 * Double(w * w) / (32 * 32)
            let a = 0.1 * Double(2 * w) / 32
            multiplierShare = m / (m + a)
        }
    }

    /// `E(a, b) / E(w, w)` with both widths limited to `[0, w]`.
    func ratio(weightBits: Double, inputBits: Double) -> Double {
        let w = Double(wordBits)
        let a = OperandPrecision.clamped(weightBits, wordBits: wordBits)
        let b = OperandPrecision.clamped(inputBits, wordBits: wordBits)
        return multiplierShare * (a * b) / (w * w) + (1 - multiplierShare) * (a + b) / (2 * w)
    }
}
