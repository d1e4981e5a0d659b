/// A decimal number as written in a spec (`108`, `1.5`, `2e3`), kept exactly as
/// `digits × 10^exponent` so that unit conversions can tell whole numbers from fractions
/// and report overflow instead of trapping.
struct ExactDecimal: Sendable, Hashable {
    var negative: Bool
    /// Significant digits without leading or trailing zeros ("" for zero).
    var digits: String
    var exponent: Int
    /// The text it was parsed from, for `Double` conversion.
    var text: String

    /// Parses `[+-]? (digits [. digits] | . digits) ([eE] [+-]? digits)?`. Nothing else:
    /// no `inf`, `nan`, hexadecimal or thousands separators.
    init?(_ text: String) {
        var chars = Array(text.unicodeScalars)[...]
        var negative = false
        if let f = chars.first, f == "+" || f == "-" {
            negative = f == "-"
            chars = chars.dropFirst()
        }
        var intPart = "", fracPart = ""
        while let c = chars.first, ("0"..."9").contains(c) { intPart.unicodeScalars.append(c); chars = chars.dropFirst() }
        if chars.first == "." {
            chars = chars.dropFirst()
            while let c = chars.first, ("0"..."9").contains(c) { fracPart.unicodeScalars.append(c); chars = chars.dropFirst() }
        }
        guard !(intPart.isEmpty && fracPart.isEmpty) else { return nil }
        var exp = 0
        if let e = chars.first, e == "e" || e == "E" {
            chars = chars.dropFirst()
            var expNegative = false
            if let s = chars.first, s == "+" || s == "-" { expNegative = s == "-"; chars = chars.dropFirst() }
            var expDigits = ""
            while let c = chars.first, ("0"..."9").contains(c) { expDigits.unicodeScalars.append(c); chars = chars.dropFirst() }
            guard !expDigits.isEmpty, expDigits.count <= 6, let v = Int(expDigits) else { return nil }
            exp = expNegative ? -v : v
        }
        guard chars.isEmpty else { return nil }
        var all = intPart + fracPart
        exp -= fracPart.count
        while all.hasPrefix("0") { all.removeFirst() }
        while all.hasSuffix("0") { all.removeLast(); exp += 1 }
        self.negative = negative && !all.isEmpty
        self.digits = all
        self.exponent = all.isEmpty ? 0 : exp
        self.text = text
    }

    var isZero: Bool { digits.isEmpty }

    /// The nearest `Double` (infinite when the number is beyond `Double`'s range).
    var doubleValue: Double {
        guard !isZero else { return 0 }
        // Digits beyond `Double`'s range make the value infinite; that is reported by callers.
        if digits.count + exponent > 400 { return negative ? -.infinity : .infinity }
        if digits.count + exponent < -400 { return 0 }
        return Double(text) ?? 0
    }

    enum IntegerResult: Equatable {
        case value(Int)
        case fraction
        case overflow
    }

    /// `self × numerator / denominator` as an exact integer, if it is one and fits in `Int`.
    func scaledInteger(times numerator: Int = 1, dividedBy denominator: Int = 1) -> IntegerResult {
        precondition(numerator > 0 && denominator > 0)
        if isZero { return .value(0) }
        // num / den = digits × 10^exponent × numerator / denominator
        guard digits.count <= 18, let mantissa = Int(digits) else { return .overflow }
        var num = mantissa, den = denominator
        var overflow = false
        (num, overflow) = num.multipliedReportingOverflow(by: numerator)
        if overflow { return .overflow }
        if exponent >= 0 {
            for _ in 0..<exponent {
                (num, overflow) = num.multipliedReportingOverflow(by: 10)
                if overflow { return .overflow }
            }
        } else {
            for _ in 0..<(-exponent) {
                // A fraction finer than any denominator we could form is not whole.
                (den, overflow) = den.multipliedReportingOverflow(by: 10)
                if overflow { return .fraction }
            }
        }
        guard num % den == 0 else { return .fraction }
        return .value(negative ? -(num / den) : num / den)
    }
}
