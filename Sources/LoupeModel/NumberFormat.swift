import Foundation

/// Locale-independent text for numbers: the one formatter of reports, figures, the command
/// line's summary lines and messages. Each use picks a `Style`.
///
/// Digits come from Swift's `Double.description` (the shortest text that reads back as the same
/// double, locale-free) and integer arithmetic, so the bytes are the same on every machine and
/// locale. How a value is rounded to the digits kept is the `Rounding` parameter. No style writes
/// thousands separators; negative numbers start with an ASCII `-` (or the typographic `−` on
/// request), and a value that rounds to zero prints without a sign.
public enum NumberFormat {
    public enum Style: Sendable, Hashable {
        /// For machine-readable files (docs/spec.md §11: "numbers are plain decimals"): a whole
        /// number below 2⁵³ prints as an integer (`86016`); any other value is rounded to
        /// `significant` digits, trailing fractional zeros removed (`62899.2`, `0.00043008`).
        /// Only magnitudes outside [10⁻³⁰, 10³⁰) use an exponent (`1.5e-31`).
        case decimal(significant: Int)
        /// Every value rounded to `significant` digits, whole numbers too (`123456 → 123500` at 4),
        /// plain decimal with trailing fractional zeros removed. For labels in figures.
        case rounded(significant: Int)
        /// Exactly `fractionDigits` digits after the point (`2.5 → 2.50` at 2).
        case fixed(fractionDigits: Int)
        /// At most `fractionDigits` digits after the point, trailing zeros removed
        /// (`2.50 → 2.5`, `3.001 → 3` at 2). For SVG coordinates.
        case upTo(fractionDigits: Int)
        /// `significant` digits without rounding the integer part: `d = min(maxFractionDigits,
        /// max(0, significant − 1 − e))` digits after the point, where `e` is the decimal exponent
        /// of the value (`⌊log₁₀|x|⌋`); trailing zeros kept (printf's `%.df`: `1.50`) or removed.
        /// Zero prints as `0`.
        case precision(significant: Int, maxFractionDigits: Int, trimZeros: Bool)
        /// The shortest decimal that reads back as exactly the value, without an exponent
        /// (`1e-05 → 0.00001`, `3.0 → 3`).
        case shortest
        /// C's `%.{significant}g`: rounded to `significant` digits; an exponent (`1.234e-05`, at
        /// least two exponent digits) when the exponent is below −4 or at least `significant`,
        /// plain otherwise; trailing zeros removed.
        case general(significant: Int)
    }

}

extension NumberFormat.Style {
    /// The style of every number in a CSV, JSON or YAML report file: `.decimal` with 12
    /// significant digits, which keep every sum a reader recomputes within 5·10⁻¹³ relative of
    /// the engine's own while hiding binary noise (`0.30000000000000004 → 0.3`).
    public static let report = NumberFormat.Style.decimal(significant: 12)
}

extension NumberFormat {
    /// What a NaN or an infinity prints as.
    public enum NonFinite: Sendable, Hashable {
        /// `""` (an empty CSV field).
        case empty
        /// `n/a`, for people to read.
        case notAvailable
        /// `nan`, `inf`, `-inf`.
        case spelled
        /// `0`, where a document must stay valid (SVG coordinates).
        case zero
    }

    /// How the digits that a style drops are rounded away (half away from zero in both).
    public enum Rounding: Sendable, Hashable {
        /// On the decimal text: the shortest decimal that reads back as `x` is rounded as a
        /// decimal (`0.285` at two decimals is `0.29`). Report text files and messages.
        case decimalText
        /// In binary: `x · 10ⁿ` is computed as a double and rounded to an integer (`0.285 · 100` is
        /// `28.499999999999996`, so `0.28`). Figures (SVG coordinates, tick and value labels),
        /// whose bytes this rule has always fixed.
        case binaryScaled
    }

    /// `x` as text in `style`. `rounding` matters to `.rounded`, `.fixed` and `.upTo`; the other
    /// styles round the decimal text.
    public static func string(_ x: Double, _ style: Style, rounding: Rounding = .decimalText,
                              nonFinite: NonFinite = .empty) -> String {
        guard x.isFinite else {
            switch nonFinite {
            case .empty: return ""
            case .notAvailable: return "n/a"
            case .spelled: return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            case .zero: return "0"
            }
        }
        let body: String
        switch style {
        case .decimal(let significant):
            if x == 0 { return "0" }
            if x == x.rounded(.towardZero) && abs(x) < exactIntegerLimit { return String(Int64(x)) }
            body = rounded(abs(x), significant: significant, exponentBeyond30: true)
        case .rounded(let significant):
            body = rounding == .binaryScaled ? scaledRounded(abs(x), significant: significant)
                : rounded(abs(x), significant: significant, exponentBeyond30: false)
        case .fixed(let places):
            body = rounding == .binaryScaled ? scaledFixed(abs(x), places: places) : fixed(abs(x), places: max(0, places))
        case .upTo(let places):
            body = trimmingFraction(rounding == .binaryScaled ? scaledFixed(abs(x), places: places)
                                        : fixed(abs(x), places: max(0, places)))
        case .precision(let significant, let maxFractionDigits, let trimZeros):
            guard x != 0, let d = DecimalDigits(abs(x)) else { return "0" }
            let places = max(0, min(maxFractionDigits, significant - d.exponent))
            let text = fixed(abs(x), places: places)
            body = trimZeros ? trimmingFraction(text) : text
        case .shortest:
            body = DecimalDigits(abs(x))?.plain() ?? "0"
        case .general(let significant):
            body = general(abs(x), significant: max(1, significant))
        }
        let isZero = !body.contains { $0 >= "1" && $0 <= "9" }
        return (x < 0 && !isZero ? "-" : "") + body
    }

    /// A fraction as a percentage with one decimal (`0.75 → 75.0%`); a non-zero share that one
    /// decimal would show as 0.0% gets two significant digits instead (`0.0000213 → 0.0021%`);
    /// `n/a` when not finite.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        let p = fraction * 100
        if p != 0 && abs(p) < 0.05 { return string(p, .decimal(significant: 2)) + "%" }
        return string(p, .fixed(fractionDigits: 1)) + "%"
    }

    /// `n` in Unicode superscript digits (`-3 → ⁻³`), for `10ⁿ` labels.
    public static func superscript(_ n: Int) -> String {
        let map: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
            "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return String(String(n).map { map[$0] ?? $0 })
    }

    /// `text` with a leading ASCII hyphen-minus replaced by the typographic minus `−` (U+2212),
    /// for numbers drawn in a figure (CSV files keep the ASCII sign).
    public static func typographic(_ text: String) -> String {
        text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    // MARK: - Digits

    /// Whole numbers below this magnitude print as integers in `.decimal` (every such double is exact).
    static let exactIntegerLimit = 9_007_199_254_740_992.0  // 2^53

    /// A positive magnitude rounded to `significant` digits, plain decimal.
    private static func rounded(_ magnitude: Double, significant: Int, exponentBeyond30: Bool) -> String {
        guard var d = DecimalDigits(magnitude) else { return "0" }
        d.round(toSignificant: max(1, significant))
        if d.digits.isEmpty { return "0" }
        return exponentBeyond30 && (d.exponent > 30 || d.exponent < -29) ? d.scientific() : d.plain()
    }

    /// A non-negative magnitude with exactly `places` digits after the point.
    private static func fixed(_ magnitude: Double, places: Int) -> String {
        let zero = places == 0 ? "0" : "0." + String(repeating: "0", count: places)
        guard var d = DecimalDigits(magnitude) else { return zero }
        // Keep the digits that lie before position `places` after the point.
        d.round(toSignificant: d.exponent + places)
        guard !d.digits.isEmpty else { return zero }
        var text = d.plain()
        let fraction = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        if places > 0 {
            if fraction == 0 { text += "." }
            text += String(repeating: "0", count: places - fraction)
        }
        return text
    }

    /// `%g` of a positive magnitude.
    private static func general(_ magnitude: Double, significant: Int) -> String {
        guard var d = DecimalDigits(magnitude) else { return "0" }
        d.round(toSignificant: significant)
        let exponent = d.exponent - 1
        if exponent >= -4 && exponent < significant { return d.plain() }
        let text = String(d.digits.map { Character(String($0)) })
        let mantissa = d.digits.count > 1 ? String(text.prefix(1)) + "." + text.dropFirst() : text
        let digits = String(abs(exponent))
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (digits.count < 2 ? "0" : "") + digits
    }

    /// A positive magnitude rounded in binary to `significant` digits (1…15), plain decimal.
    private static func scaledRounded(_ magnitude: Double, significant: Int) -> String {
        let digits = max(1, min(significant, 15))
        if magnitude == 0 { return "0" }
        var exponent = Int((log10(magnitude)).rounded(.down))
        var mantissa = 0
        var shift = 0
        // At most a couple of passes: log10 can land one decade off near powers of ten.
        for _ in 0..<3 {
            shift = exponent - digits + 1
            let scaledMagnitude = scaled(magnitude, byPowerOfTen: -shift).rounded()
            guard scaledMagnitude.isFinite, scaledMagnitude < 1e17 else { return DecimalDigits(magnitude)?.plain() ?? "0" }
            mantissa = Int(scaledMagnitude)
            if mantissa >= pow10Int(digits) {
                exponent += 1
            } else if mantissa < pow10Int(digits - 1) && mantissa != 0 {
                exponent -= 1
            } else {
                break
            }
        }
        if mantissa >= pow10Int(digits) {  // still over after the passes: renormalise
            mantissa = (mantissa + 5) / 10
            shift += 1
        }
        if mantissa == 0 { return "0" }
        return plainDigits(mantissa: String(mantissa), shift: shift)
    }

    /// A non-negative magnitude with exactly `places` (0…15) digits after the point, rounded in
    /// binary; beyond 9·10¹⁵ units of the last place, 15 significant digits.
    private static func scaledFixed(_ magnitude: Double, places: Int) -> String {
        let places = max(0, min(places, 15))
        let scaledValue = scaled(magnitude, byPowerOfTen: places).rounded()
        guard scaledValue < 9.0e15 else { return scaledRounded(magnitude, significant: 15) }
        let integer = Int(scaledValue)
        if integer == 0 { return places == 0 ? "0" : "0." + String(repeating: "0", count: places) }
        var text = String(integer)
        if places > 0 {
            if text.count <= places {
                text = String(repeating: "0", count: places - text.count + 1) + text
            }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
        }
        return text
    }

    /// `value × 10^power`, with one rounding step when the power of ten is exact.
    /// Powers up to 10²² are exact; larger ones use `pow`, or, where that factor or the
    /// product would overflow or underflow, exact steps of 10²².
    public static func scaled(_ value: Double, byPowerOfTen power: Int) -> Double {
        if abs(power) <= 22 {
            let factor = exactPowerOfTen(abs(power))
            return power >= 0 ? value * factor : value / factor
        }
        if abs(power) <= 308 {
            // One correctly rounded power of ten when neither it nor the result overflows.
            let factor = pow(10.0, Double(abs(power)))
            let result = power > 0 ? value * factor : value / factor
            if result.isNormal || value == 0 { return result }
        }
        var result = value
        var remaining = power
        while remaining != 0 && result != 0 && result.isFinite {
            let step = max(-22, min(22, remaining))
            let factor = exactPowerOfTen(abs(step))
            result = step > 0 ? result * factor : result / factor
            remaining -= step
        }
        return result
    }

    /// Writes `mantissa × 10^shift` (mantissa a string of decimal digits, no leading
    /// zeros) as a plain decimal, removing trailing fractional zeros.
    private static func plainDigits(mantissa: String, shift: Int) -> String {
        if shift >= 0 {
            return mantissa + String(repeating: "0", count: shift)
        }
        let fractionCount = -shift
        var integerPart: String
        var fractionPart: String
        if mantissa.count > fractionCount {
            let split = mantissa.index(mantissa.endIndex, offsetBy: -fractionCount)
            integerPart = String(mantissa[..<split])
            fractionPart = String(mantissa[split...])
        } else {
            integerPart = "0"
            fractionPart = String(repeating: "0", count: fractionCount - mantissa.count) + mantissa
        }
        while fractionPart.hasSuffix("0") { fractionPart.removeLast() }
        if integerPart.isEmpty { integerPart = "0" }
        return fractionPart.isEmpty ? integerPart : integerPart + "." + fractionPart
    }

    private static func pow10Int(_ n: Int) -> Int {
        var result = 1
        for _ in 0..<max(0, n) { result *= 10 }
        return result
    }

    /// 10^n for 0 ≤ n ≤ 22, exactly representable in a `Double`.
    private static func exactPowerOfTen(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// `text` without trailing fractional zeros (and without the point when nothing is left after it).
    private static func trimmingFraction(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = text
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }
}

/// A positive finite double as decimal digits: value = 0.d₁d₂d₃… × 10^exponent, no leading
/// or trailing zero digits.
struct DecimalDigits {
    var digits: [UInt8]
    var exponent: Int

    /// Parses Swift's shortest round-trip description (`"123.45"`, `"1e-05"`, `"1.5e+16"`).
    init?(_ magnitude: Double) {
        guard magnitude.isFinite, magnitude > 0 else { return nil }
        var text = Substring(magnitude.description)
        var power = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            power = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var integerPart = text
        var fractionPart: Substring = ""
        if let point = text.firstIndex(of: ".") {
            integerPart = text[..<point]
            fractionPart = text[text.index(after: point)...]
        }
        var all = (integerPart + fractionPart).compactMap { $0.wholeNumberValue.map(UInt8.init) }
        var pointPosition = integerPart.count + power
        while let first = all.first, first == 0 {
            all.removeFirst()
            pointPosition -= 1
        }
        while let last = all.last, last == 0 { all.removeLast() }
        guard !all.isEmpty else { return nil }
        digits = all
        exponent = pointPosition
    }

    /// Rounds (half up) to `n` significant digits; `n ≤ 0` keeps nothing unless rounding up
    /// reaches the next power of ten. Trailing zeros are removed.
    mutating func round(toSignificant n: Int) {
        if n >= digits.count { return }
        if n < 0 {
            digits = []
            return
        }
        let roundUp = digits[n] >= 5
        digits.removeSubrange(n...)
        if roundUp {
            var i = digits.count - 1
            while i >= 0 {
                if digits[i] == 9 {
                    digits[i] = 0
                    i -= 1
                } else {
                    digits[i] += 1
                    break
                }
            }
            if i < 0 {
                digits.insert(1, at: 0)
                exponent += 1
            }
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
    }

    /// Plain decimal text without exponent.
    func plain() -> String {
        let text = String(digits.map { Character(String($0)) })
        if exponent <= 0 {
            return "0." + String(repeating: "0", count: -exponent) + text
        }
        if exponent >= digits.count {
            return text + String(repeating: "0", count: exponent - digits.count)
        }
        let split = text.index(text.startIndex, offsetBy: exponent)
        return text[..<split] + "." + text[split...]
    }

    /// `d.ddde±x` text, for magnitudes a report never expects.
    func scientific() -> String {
        let text = String(digits.map { Character(String($0)) })
        let mantissa = digits.count > 1 ? String(text.prefix(1)) + "." + text.dropFirst() : text
        return mantissa + "e" + String(exponent - 1)
    }
}
