import Foundation
import LoupeModel

/// One `--vary PATH=V1,V2,...` of a sweep: a spec path (as for `--set`) and its values, in order.
///
/// The value text is a comma-separated list; each item is a value, or a range
/// `start:stop:step` that expands to `start, start+step, …` up to `stop` (included when it lands
/// exactly; the arithmetic is exact decimal, so `0.1:0.5:0.1` ends at `0.5`). A range may carry
/// units (`32KiB:128KiB:32KiB`, `100MHz:1GHz:100MHz`): stop and step are converted to the start's
/// unit within a unit family (`SweepQuantity`), and the generated values are written in it
/// (`64KiB`). A negative step counts down. Commas and colons inside brackets or braces
/// (`[inputs, outputs]`, `{read: 4}`) belong to the value, so flow collections can be varied too.
/// The values reach the specs exactly as `--set PATH=VALUE` would.
public struct SweepAxis: Sendable, Hashable {
    public var path: String
    public var values: [String]

    public init(path: String, values: [String]) {
        self.path = path
        self.values = values
    }

    /// Most values one range may expand to.
    public static let maximumRangeCount = 100_000

    /// Parses `PATH=V1,V2,...` (split at the first `=`).
    public static func parse(_ text: String) throws(SweepError) -> SweepAxis {
        guard let eq = text.firstIndex(of: "=") else {
            throw SweepError("expected PATH=V1,V2,... after --vary, found '\(text)' (e.g. --vary architecture.levels.GlobalBuffer.size=32KiB,64KiB)")
        }
        let path = text[..<eq].trimmingCharacters(in: .whitespaces)
        let list = String(text[text.index(after: eq)...])
        guard !path.isEmpty else { throw SweepError("--vary \(text): the path is empty") }
        let items = split(list, on: ",")
        var values: [String] = []
        for raw in items {
            let item = raw.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else {
                throw SweepError("--vary \(text): empty value in the list '\(list)'")
            }
            values += try expand(item, context: text)
        }
        return SweepAxis(path: path, values: values)
    }

    /// The values of one list item: itself, or the expansion of a `start:stop:step` range.
    static func expand(_ item: String, context: String) throws(SweepError) -> [String] {
        let parts = split(item, on: ":").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count > 1 else { return [item] }
        let quantities = parts.map(SweepQuantity.init)
        guard quantities.allSatisfy({ $0 != nil }) else {
            // Not a numeric range: a literal value that happens to hold a colon.
            return [item]
        }
        guard parts.count == 3 else {
            throw SweepError("--vary \(context): '\(item)' looks like a range; write start:stop:step (e.g. 32KiB:128KiB:32KiB)")
        }
        let start = quantities[0]!
        guard let stop = quantities[1]!.converted(to: start.unit), let step = quantities[2]!.converted(to: start.unit) else {
            let units = quantities.map { $0!.unit }
            // A misspelt unit gets the spec reader's did-you-mean among the table's spellings.
            let unknown = units.first { !$0.isEmpty && QuantityUnit.named($0) == nil }
            let spellings = QuantityUnit.all.flatMap { [$0.name] + $0.aliases }
            let hint = unknown.flatMap { DidYouMean.suggestion(for: $0, among: spellings) }.map { "; did you mean '\($0)'?" } ?? ""
            throw SweepError("--vary \(context): the range '\(item)' mixes units that do not convert ('\(units[0])', '\(units[1])', '\(units[2])')\(hint)")
        }
        guard step.number != 0 else { throw SweepError("--vary \(context): the range '\(item)' has a zero step") }
        let ascending = step.number > 0
        if ascending ? stop.number < start.number : stop.number > start.number {
            throw SweepError("--vary \(context): the range '\(item)' never reaches its stop; "
                + (ascending ? "the stop is below the start" : "the stop is above the start"))
        }
        var values: [String] = []
        var v = start.number
        while ascending ? v <= stop.number : v >= stop.number {
            if values.count >= maximumRangeCount {
                throw SweepError("--vary \(context): the range '\(item)' has more than \(maximumRangeCount) values")
            }
            values.append(SweepQuantity(number: v, unit: start.unit, spaced: start.spaced).description)
            v += step.number
        }
        return values
    }

    /// Splits `text` at `separator` where it is not inside `[…]`, `{…}`, `(…)` or quotes.
    static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "[" || c == "{" || c == "(" {
                depth += 1
            } else if c == "]" || c == "}" || c == ")" {
                depth = max(0, depth - 1)
            } else if c == separator && depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        parts.append(current)
        return parts
    }
}
