import Foundation

/// A number with an optional unit as written in a `--vary` value (`64KiB`, `1.5 pJ`, `0.25`),
/// kept exact as a `Decimal` so that ranges land exactly on their stop value.
///
/// Units convert within a family (SPEC.md §2): sizes in bytes `B`, `KB` (1000 B), `KiB` (1024 B),
/// `MB`, `MiB`, `GB`, `GiB` (`words` is its own family: its width depends on the level); energy
/// `fJ`, `pJ`, `nJ`; clock `Hz`, `kHz`, `MHz`, `GHz`; area `um^2`, `mm^2`. Any other unit only
/// matches itself.
public struct SweepQuantity: Sendable, Hashable, CustomStringConvertible {
    public var number: Decimal
    /// The unit as written (empty when none).
    public var unit: String
    /// Whether a space separated the number and the unit (kept when writing new values).
    public var spaced: Bool

    public init(number: Decimal, unit: String = "", spaced: Bool = false) {
        self.number = number
        self.unit = unit
        self.spaced = spaced
    }

    /// Parses `"64KiB"`, `"64 KiB"`, `"-1.5e3 pJ"`, `"16"`; `nil` when the text does not start with
    /// a number or the unit holds a character that no unit has (`,`, `:`, `[`…).
    public init?(_ text: String) {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).unicodeScalars)
        var i = 0
        func digit(_ j: Int) -> Bool { j < scalars.count && ("0"..."9").contains(scalars[j]) }
        if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
        let mantissaStart = i
        while digit(i) { i += 1 }
        var digits = i - mantissaStart
        if i < scalars.count, scalars[i] == "." {
            i += 1
            let f = i
            while digit(i) { i += 1 }
            digits += i - f
        }
        guard digits > 0 else { return nil }
        if i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
            var j = i + 1
            if j < scalars.count, scalars[j] == "+" || scalars[j] == "-" { j += 1 }
            if digit(j) {
                while digit(j) { j += 1 }
                i = j
            }
        }
        var numberText = ""
        numberText.unicodeScalars.append(contentsOf: scalars[..<i])
        var rest = ""
        rest.unicodeScalars.append(contentsOf: scalars[i...])
        let unitText = rest.trimmingCharacters(in: .whitespaces)
        guard let value = Decimal(string: numberText, locale: Locale(identifier: "en_US_POSIX")), value.isFinite else { return nil }
        guard unitText.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || "^²_/".unicodeScalars.contains($0) || ("0"..."9").contains($0) }),
              unitText.first.map({ !$0.isNumber }) ?? true
        else { return nil }
        number = value
        unit = unitText
        spaced = !unitText.isEmpty && rest.first == " "
    }

    /// The text of this quantity: `number` in plain decimal, then the unit.
    public var description: String {
        let n = SweepQuantity.plain(number)
        return unit.isEmpty ? n : n + (spaced ? " " : "") + unit
    }

    /// `self` expressed in `unit` (same family), or `nil` when the units do not convert.
    public func converted(to target: String) -> SweepQuantity? {
        if target == unit { return self }
        guard let (family, from) = SweepQuantity.scale(of: unit), let (targetFamily, to) = SweepQuantity.scale(of: target),
              family == targetFamily else { return nil }
        return SweepQuantity(number: number * from / to, unit: target, spaced: spaced)
    }

    /// `number` as a `Double`.
    public var doubleValue: Double { NSDecimalNumber(decimal: number).doubleValue }

    // MARK: Units

    /// Unit → (family, size in the family's base unit).
    static let units: [String: (String, Decimal)] = [
        "B": ("bytes", 1), "byte": ("bytes", 1), "bytes": ("bytes", 1),
        "KB": ("bytes", 1000), "kB": ("bytes", 1000), "KiB": ("bytes", 1024),
        "MB": ("bytes", 1_000_000), "MiB": ("bytes", 1_048_576),
        "GB": ("bytes", 1_000_000_000), "GiB": ("bytes", 1_073_741_824),
        "words": ("words", 1), "word": ("words", 1),
        "fJ": ("energy", Decimal(string: "0.001")!), "pJ": ("energy", 1), "nJ": ("energy", 1000),
        "Hz": ("clock", 1), "kHz": ("clock", 1000), "MHz": ("clock", 1_000_000), "GHz": ("clock", 1_000_000_000),
        "um^2": ("area", 1), "um2": ("area", 1), "µm^2": ("area", 1), "µm²": ("area", 1), "um²": ("area", 1),
        "mm^2": ("area", 1_000_000), "mm2": ("area", 1_000_000), "mm²": ("area", 1_000_000),
    ]

    static func scale(of unit: String) -> (String, Decimal)? { units[unit] }

    /// Plain decimal text of `d`, no exponent, no grouping (`1024`, `0.5`, `-3.25`).
    static func plain(_ d: Decimal) -> String {
        var value = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 20, .plain)
        return NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }

    // MARK: Axes of numbers

    /// The numbers of a list of values for a chart axis: every value converted to the first
    /// value's unit, as `Double`s, with that unit; `nil` when some value is not a number or does
    /// not convert.
    public static func numericAxis(_ values: [String]) -> (values: [Double], unit: String)? {
        guard let first = values.first.flatMap(SweepQuantity.init) else { return values.isEmpty ? ([], "") : nil }
        var out: [Double] = []
        for v in values {
            guard let q = SweepQuantity(v)?.converted(to: first.unit) else { return nil }
            out.append(q.doubleValue)
        }
        return (out, first.unit)
    }
}
