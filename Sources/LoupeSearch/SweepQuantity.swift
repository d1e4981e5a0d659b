import Foundation
import LoupeModel

/// A number with an optional unit as written in a `--vary` value (`64KiB`, `1.5 pJ`, `0.25`),
/// kept exact as a `Decimal` so that ranges land exactly on their stop value.
///
/// The text is split by the one quantity lexer (`Quantity`) and units are looked up in the one
/// unit table (`QuantityUnit.all`, docs/spec.md §2), as the spec reader does, so a range accepts
/// the spellings a spec accepts. Units convert within a kind: byte sizes, energy, clock, area
/// (`words` is its own kind: its width depends on the level). Any other unit only matches itself.
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
        guard let quantity = Quantity(text.trimmingCharacters(in: .whitespaces)), quantity.unitIsWord,
              let value = Decimal(string: quantity.number, locale: Locale(identifier: "en_US_POSIX")), value.isFinite
        else { return nil }
        number = value
        unit = quantity.unit
        spaced = quantity.spaced
    }

    /// The text of this quantity: `number` in plain decimal, then the unit.
    public var description: String {
        let n = SweepQuantity.plain(number)
        return unit.isEmpty ? n : n + (spaced ? " " : "") + unit
    }

    /// `self` expressed in `target` (same kind of unit), or `nil` when the units do not convert.
    public func converted(to target: String) -> SweepQuantity? {
        if target == unit { return self }
        guard let from = QuantityUnit.named(unit), let to = QuantityUnit.named(target), from.kind == to.kind else { return nil }
        // number × (from.numerator / from.denominator) / (to.numerator / to.denominator), exactly.
        let factor = Decimal(from.numerator) * Decimal(to.denominator) / (Decimal(from.denominator) * Decimal(to.numerator))
        return SweepQuantity(number: number * factor, unit: target, spaced: spaced)
    }

    /// `number` as a `Double`.
    public var doubleValue: Double { NSDecimalNumber(decimal: number).doubleValue }

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
