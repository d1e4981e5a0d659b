import Foundation

/// Locale-independent number formatting for figures and their CSV files.
///
/// Every function here builds its digits from integer arithmetic and Swift's own
/// `Double.description` (which is locale-free), so the bytes never depend on the
/// machine's locale, and never use exponent notation such as `1e+06`: large and small
/// numbers are written as plain decimals (`1000000`, `0.00012`).
enum FigureNumberFormat {

    /// `x` rounded to `significantDigits` significant digits and written as a plain
    /// decimal with trailing fractional zeros removed (`1234.5678 → "1235"`,
    /// `0.000123456 → "0.0001235"`, `2.50 → "2.5"`). Negative numbers start with an ASCII
    /// hyphen-minus; negative zero prints as `"0"`. Non-finite values print as `"nan"`,
    /// `"inf"` or `"-inf"` (figures skip them before formatting).
    static func decimal(_ x: Double, significantDigits: Int = 4) -> String {
        guard x.isFinite else { return nonFinite(x) }
        let digits = max(1, min(significantDigits, 15))
        let magnitude = abs(x)
        if magnitude == 0 { return "0" }
        var exponent = Int((log10(magnitude)).rounded(.down))
        var mantissa = 0
        var shift = 0
        // At most a couple of passes: log10 can land one decade off near powers of ten.
        for _ in 0..<3 {
            shift = exponent - digits + 1
            let scaledMagnitude = scaled(magnitude, byPowerOfTen: -shift).rounded()
            guard scaledMagnitude.isFinite, scaledMagnitude < 1e17 else { return exact(x) }
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
        return (x < 0 ? "-" : "") + plainDigits(mantissa: String(mantissa), shift: shift)
    }

    /// `x` with exactly `fractionDigits` digits after the point (`fixed(2.5, 2) → "2.50"`),
    /// rounded half away from zero. Used for tick labels, which share one precision per axis.
    static func fixed(_ x: Double, fractionDigits: Int) -> String {
        guard x.isFinite else { return nonFinite(x) }
        let places = max(0, min(fractionDigits, 15))
        let scaledValue = (scaled(abs(x), byPowerOfTen: places)).rounded()
        guard scaledValue < 9.0e15 else { return decimal(x, significantDigits: 15) }
        let integer = Int(scaledValue)
        if integer == 0 { return places == 0 ? "0" : "0." + String(repeating: "0", count: places) }
        var text = String(integer)
        if places > 0 {
            if text.count <= places {
                text = String(repeating: "0", count: places - text.count + 1) + text
            }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
        }
        return (x < 0 ? "-" : "") + text
    }

    /// The shortest decimal that reads back as exactly `x`, written without an exponent
    /// (`1e-05 → "0.00001"`, `1.5e+16 → "15000000000000000"`, `3.0 → "3"`). For CSV.
    /// Non-finite values give the empty string (an empty CSV field).
    static func exact(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        guard let digits = DecimalDigits(abs(x)) else { return "0" }  // ±0
        return (x < 0 ? "-" : "") + digits.plain()
    }

    /// An SVG coordinate or length: rounded to hundredths, trailing zeros removed.
    /// Non-finite values (never expected) print as `0` so the document stays valid.
    static func coordinate(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        var text = fixed(x, fractionDigits: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `n` written with Unicode superscript digits (`-3 → "⁻³"`), for `10ⁿ` labels.
    static func superscript(_ n: Int) -> String {
        let map: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
            "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return String(String(n).map { map[$0] ?? $0 })
    }

    /// Replaces the ASCII hyphen-minus of a leading sign by the typographic minus `−`
    /// (U+2212), for text drawn in a figure (CSV keeps the ASCII sign).
    static func typographic(_ text: String) -> String {
        text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    // MARK: - Helpers

    /// `value × 10^power`, with one rounding step when the power of ten is exact.
    /// Powers up to 10²² are exact; larger ones use `pow`, or, where that factor or the
    /// product would overflow or underflow, exact steps of 10²².
    static func scaled(_ value: Double, byPowerOfTen power: Int) -> Double {
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

    private static func nonFinite(_ x: Double) -> String {
        x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
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

}
