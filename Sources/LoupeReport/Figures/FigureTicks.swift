import Foundation
import LoupeModel

/// One axis's domain and tick marks, independent of where the axis is drawn.
///
/// Linear axes use "nice" steps of 1, 2 or 5 × 10ᵏ and a domain widened to whole steps;
/// when the largest tick reaches 10⁵ or stays under 10⁻², tick labels are divided by a
/// power of 10³ and the axis title gets a `(×10ⁿ)` suffix instead. Logarithmic axes
/// span whole decades with a tick at each (labelled every decade, or every second or
/// further decade when more than eight are shown), add 2 and 5 × 10ᵏ labels when two
/// decades or fewer are shown, and unlabelled minor ticks at 2…9 × 10ᵏ.
struct FigureTicks: Sendable, Hashable {

    /// A tick: `label` is `nil` for an unlabelled minor tick.
    struct Tick: Sendable, Hashable {
        var value: Double
        var label: String?
    }

    /// Smallest and largest value on the axis.
    var lower: Double
    var upper: Double
    /// Whether positions are proportional to log₁₀ of the value.
    var isLog: Bool
    /// Ticks in increasing order of value.
    var ticks: [Tick]
    /// Labels show value ÷ 10^`multiplierExponent` (0 when labels show the value itself).
    var multiplierExponent: Int

    /// Labelled ticks only.
    var majorTicks: [Tick] { ticks.filter { $0.label != nil } }

    /// Suffix for the axis title: `" (×10⁶)"` when labels are scaled, else empty.
    var titleSuffix: String {
        multiplierExponent == 0 ? "" : " (×10\(NumberFormat.superscript(multiplierExponent)))"
    }

    /// Position of `value` along the axis as a fraction: 0 at `lower`, 1 at `upper`.
    /// Values outside the domain give fractions outside 0…1.
    func fraction(_ value: Double) -> Double {
        if isLog {
            let a = log10(lower)
            let b = log10(upper)
            return b > a ? (log10(value) - a) / (b - a) : 0.5
        }
        return upper > lower ? (value - lower) / (upper - lower) : 0.5
    }

    /// Whether `value` can be placed on this axis (finite, and positive on a log axis).
    func accepts(_ value: Double) -> Bool {
        value.isFinite && (!isLog || value > 0)
    }

    // MARK: - Linear

    /// A linear axis covering `minimum…maximum` (and 0 when `includeZero`), with at most
    /// `maxIntervals` steps between the first and last tick.
    static func linear(minimum: Double, maximum: Double, includeZero: Bool, maxIntervals: Int = 6) -> FigureTicks {
        let limit = 1e300
        var lo = minimum.isNaN ? 0 : max(-limit, min(limit, minimum))
        var hi = maximum.isNaN ? 1 : max(-limit, min(limit, maximum))
        // Magnitudes below 1/limit count as 0: a span of subnormals would make `log10` of the
        // step -∞ (and the conversion to `Int` below trap).
        if abs(lo) < 1 / limit { lo = 0 }
        if abs(hi) < 1 / limit { hi = 0 }
        if lo > hi { swap(&lo, &hi) }
        if includeZero {
            lo = min(lo, 0)
            hi = max(hi, 0)
        }
        if lo == hi {
            if lo == 0 {
                hi = 1
            } else {
                let pad = abs(lo) * 0.1
                lo -= pad
                hi += pad
                if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
            }
        }
        let intervals = max(2, maxIntervals)
        let span = hi - lo
        let k0 = Int((log10(span / Double(intervals))).rounded(.down))
        let epsilon = 1e-9
        var chosen: (m: Int, k: Int, first: Double, last: Double)?
        search: for k in (k0 - 1)...(k0 + 2) {
            for m in [1, 2, 5] {
                let step = Double(m) * pow(10.0, Double(k))
                let first = (lo / step + epsilon).rounded(.down)
                let last = (hi / step - epsilon).rounded(.up)
                if last - first <= Double(intervals) {
                    chosen = (m, k, first, last)
                    break search
                }
            }
        }
        let pick = chosen ?? (1, k0 + 3, (lo / pow(10.0, Double(k0 + 3))).rounded(.down),
                              (hi / pow(10.0, Double(k0 + 3))).rounded(.up))
        func value(_ index: Double) -> Double {
            // index × m × 10^k with a single rounding where possible.
            let units = index * Double(pick.m)
            return NumberFormat.scaled(units, byPowerOfTen: pick.k)
        }
        let lower = value(pick.first)
        let upper = value(pick.last)
        let largest = max(abs(lower), abs(upper))
        var exponent = 0
        if largest >= 1e5 || (largest > 0 && largest < 1e-2) {
            exponent = 3 * Int((log10(largest) / 3).rounded(.down))
        }
        let decimals = max(0, exponent - pick.k)
        var ticks: [Tick] = []
        let count = Int(pick.last - pick.first)
        for i in 0...max(0, count) {
            let v = value(pick.first + Double(i))
            let shown = NumberFormat.scaled(v, byPowerOfTen: -exponent)
            var label = NumberFormat.string(shown, .fixed(fractionDigits: decimals), rounding: .binaryScaled, nonFinite: .spelled)
            if label.hasPrefix("-"), label.allSatisfy({ "-0.".contains($0) }) { label.removeFirst() }
            ticks.append(Tick(value: v, label: NumberFormat.typographic(label)))
        }
        return FigureTicks(lower: lower, upper: upper, isLog: false, ticks: ticks, multiplierExponent: exponent)
    }

    // MARK: - Logarithmic

    /// A logarithmic axis spanning whole decades around `minimum…maximum` (both > 0).
    /// `subdecadeLabels` forces (or suppresses) labels at 2 and 5 × 10ᵏ; by default they
    /// appear when the axis spans two decades or fewer.
    static func logarithmic(minimum: Double, maximum: Double, maxLabels: Int = 8, subdecadeLabels: Bool? = nil) -> FigureTicks {
        var lo = minimum.isFinite && minimum > 0 ? max(minimum, 1e-300) : 1
        var hi = maximum.isFinite && maximum > 0 ? min(maximum, 1e300) : 10
        if lo > hi { swap(&lo, &hi) }
        var a = decadeBelow(lo)
        var b = decadeAbove(hi)
        if a >= b {
            a -= 1
            b += 1
        }
        a = max(a, -300)
        b = min(b, 300)
        let decades = b - a
        let stride = max(1, (decades + maxLabels - 1) / max(1, maxLabels))
        var entries: [(value: Double, mantissa: Int, exponent: Int, labelled: Bool)] = []
        for e in a...b {
            let labelled = ((e % stride) + stride) % stride == 0
            entries.append((power(e), 1, e, labelled))
            guard e < b else { continue }
            if subdecadeLabels ?? (decades <= 2) {
                entries.append((2 * power(e), 2, e, true))
                entries.append((5 * power(e), 5, e, true))
                if decades <= 1 {
                    for m in [3, 4, 6, 7, 8, 9] { entries.append((Double(m) * power(e), m, e, false)) }
                }
            } else if decades <= 8 {
                for m in 2...9 { entries.append((Double(m) * power(e), m, e, false)) }
            }
        }
        entries.sort { $0.value < $1.value }
        let labelledExponents = entries.filter(\.labelled).map(\.exponent)
        let plain = labelledExponents.allSatisfy { $0 >= -3 && $0 <= 5 }
        let ticks = entries.map { entry -> Tick in
            guard entry.labelled else { return Tick(value: entry.value, label: nil) }
            let label: String
            if plain {
                label = NumberFormat.string(entry.value, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled)
            } else {
                let decade = "10" + NumberFormat.superscript(entry.exponent)
                label = entry.mantissa == 1 ? decade : "\(entry.mantissa)×" + decade
            }
            return Tick(value: entry.value, label: label)
        }
        return FigureTicks(lower: power(a), upper: power(b), isLog: true, ticks: ticks, multiplierExponent: 0)
    }

    /// A logarithmic axis fitted closely to `minimum…maximum` (both > 0) rather than to
    /// whole decades: the data range, widened to at least one decade, then by 4 % of its
    /// log span (at least ×1.05) each way. When `at` holds 2 to 10 distinct positive values (the swept values of
    /// a parameter), the ticks are exactly those values; otherwise decades, with 2 and 5 × 10ᵏ
    /// labelled when the domain spans 2.5 decades or fewer.
    static func logarithmicFitted(minimum: Double, maximum: Double, at values: [Double] = []) -> FigureTicks {
        var lo = minimum.isFinite && minimum > 0 ? max(minimum, 1e-290) : 1
        var hi = maximum.isFinite && maximum > 0 ? min(maximum, 1e290) : 10
        if lo > hi { swap(&lo, &hi) }
        if hi / lo < 10 {
            // At least one decade, centred (geometrically) on the data.
            let widen = (10 / (hi / lo)).squareRoot()
            lo /= widen
            hi *= widen
        }
        let pad = max(1.05, pow(hi / lo, 0.04))
        lo /= pad
        hi *= pad
        let distinct = Array(Set(values.filter { $0.isFinite && $0 > 0 })).sorted()
        if (2...10).contains(distinct.count) {
            let ticks = distinct.map { Tick(value: $0, label: NumberFormat.string($0, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled)) }
            return FigureTicks(lower: lo, upper: hi, isLog: true, ticks: ticks, multiplierExponent: 0)
        }
        let decades = log10(hi / lo)
        var full = logarithmic(minimum: lo, maximum: hi, subdecadeLabels: decades <= 2.5)
        full.ticks = full.ticks.filter { $0.value >= lo && $0.value <= hi }
        full.lower = lo
        full.upper = hi
        return full
    }

    /// 10^e as a `Double`, exact for |e| ≤ 22.
    static func power(_ e: Int) -> Double {
        NumberFormat.scaled(1, byPowerOfTen: e)
    }

    /// Largest e with 10^e ≤ v (v > 0).
    static func decadeBelow(_ v: Double) -> Int {
        var e = Int(log10(v).rounded(.down))
        while power(e) > v { e -= 1 }
        while power(e + 1) <= v { e += 1 }
        return e
    }

    /// Smallest e with 10^e ≥ v (v > 0).
    static func decadeAbove(_ v: Double) -> Int {
        var e = Int(log10(v).rounded(.up))
        while power(e) < v { e += 1 }
        while power(e - 1) >= v { e -= 1 }
        return e
    }
}
