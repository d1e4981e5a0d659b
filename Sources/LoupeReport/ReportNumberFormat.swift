/// Locale-independent number formatting for the report files (docs/spec.md §11: "numbers are plain
/// decimals").
///
/// The rule for machine-readable files (CSV, JSON, YAML), `decimal(_:)`:
/// - a value that is a whole number with magnitude below 2⁵³ prints as an integer (`86016`,
///   never `86016.0`);
/// - any other finite value is rounded to `significantDigits` (12) significant digits and
///   written as a plain decimal with trailing fractional zeros removed (`62899.2`,
///   `0.00043008`, `0.30000000000000004 → 0.3`). Twelve digits keep every sum a reader
///   recomputes within 5·10⁻¹³ relative of the engine's own, while hiding binary noise;
/// - no thousands separators, no exponent, an ASCII `-` for negatives, and `-0` prints as `0`.
///   Only magnitudes outside [10⁻³⁰, 10³⁰) — none that an estimate produces — use exponent
///   notation (`1.5e-31`), which spreadsheets and JSON read;
/// - NaN and infinities have no decimal form: `decimal` returns the empty string (an empty
///   CSV field); JSON writes `null`.
///
/// Digits come from Swift's `Double.description` (shortest round-trip, locale-free) and are
/// rounded as decimal text (half up), so the bytes are the same on every machine and locale.
public enum ReportNumberFormat {
    /// Significant digits kept for values that are not whole numbers.
    public static let significantDigits = 12

    /// Whole numbers below this magnitude print as integers (every such double is exact).
    static let exactIntegerLimit = 9_007_199_254_740_992.0  // 2^53

    /// A value for a CSV, JSON or YAML file (see the type's rule); `""` when not finite.
    public static func decimal(_ x: Double) -> String {
        format(x, significantDigits: significantDigits)
    }

    /// An integer count, as decimal digits.
    public static func integer(_ n: Int) -> String { String(n) }

    /// A value for people to read (Markdown): whole numbers as integers, others rounded to
    /// `digits` significant digits, plain decimal; `"n/a"` when not finite.
    public static func readable(_ x: Double, digits: Int = 4) -> String {
        x.isFinite ? format(x, significantDigits: digits) : "n/a"
    }

    /// A fraction as a percentage with one decimal (`0.7500 → "75.0%"`), for Markdown; a
    /// non-zero share that one decimal would show as 0.0% gets two significant digits
    /// instead (`0.0000213 → "0.0021%"`).
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        let p = fraction * 100
        if p != 0 && abs(p) < 0.05 { return format(p, significantDigits: 2) + "%" }
        return fixed(p, fractionDigits: 1) + "%"
    }

    /// `x` with exactly `fractionDigits` digits after the point, rounded half up on the
    /// decimal digits (`fixed(2.5, 2) → "2.50"`); `"n/a"` when not finite.
    public static func fixed(_ x: Double, fractionDigits: Int) -> String {
        guard x.isFinite else { return "n/a" }
        let places = max(0, fractionDigits)
        guard x != 0, var d = DecimalDigits(abs(x)) else {
            return places == 0 ? "0" : "0." + String(repeating: "0", count: places)
        }
        // Keep the digits that lie before position `places` after the point.
        d.round(toSignificant: d.exponent + places)
        var text: String
        if d.digits.isEmpty {
            text = places == 0 ? "0" : "0." + String(repeating: "0", count: places)
        } else {
            text = d.plain()
            let fraction = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
            if places > 0 {
                if fraction == 0 { text += "." }
                text += String(repeating: "0", count: places - fraction)
            }
        }
        let isZero = !text.contains { $0 >= "1" && $0 <= "9" }
        return (x < 0 && !isZero ? "-" : "") + text
    }

    /// The shared implementation of `decimal` and `readable`.
    static func format(_ x: Double, significantDigits: Int) -> String {
        guard x.isFinite else { return "" }
        if x == 0 { return "0" }
        if x == x.rounded(.towardZero) && abs(x) < exactIntegerLimit {
            return String(Int64(x))
        }
        guard var d = DecimalDigits(abs(x)) else { return "0" }
        d.round(toSignificant: max(1, significantDigits))
        if d.digits.isEmpty { return "0" }
        let body = d.exponent > 30 || d.exponent < -29 ? d.scientific() : d.plain()
        return (x < 0 ? "-" : "") + body
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
