/// A number with an optional unit, as written in a spec file, a `--set` value or a `--vary`
/// value (docs/spec.md §2): `"108 KiB"`, `108KiB`, `1.5e3 pJ`, `16`.
///
/// This is the one lexer for quantities: the spec reader, `--set` (which edits the spec before
/// it is read) and the ranges of `--vary` all split their text here and look the unit up in the
/// one table, `QuantityUnit.all`, so they accept and reject the same spellings.
public struct Quantity: Sendable, Hashable {
    /// The number as written: `[+-]? (digits [. digits] | . digits) ([eE] [+-]? digits)?`.
    public var number: String
    /// The unit as written, without surrounding spaces (empty when none).
    public var unit: String
    /// Whether a space separated the number and the unit.
    public var spaced: Bool

    /// Splits `"108 KiB"`, `"108KiB"`, `"1.5e3 pJ"` or `"16"` (leading and trailing spaces and
    /// tabs ignored) into the number and the unit. `nil` when the text does not start with a
    /// number. The unit is not checked here: `QuantityUnit.named` finds it in the table.
    public init?(_ text: String) {
        let scalars = Array(text.trimmingSpaces.unicodeScalars)
        var i = 0
        func digit(_ j: Int) -> Bool { j < scalars.count && ("0"..."9").contains(scalars[j]) }
        if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
        let start = i
        while digit(i) { i += 1 }
        if i < scalars.count, scalars[i] == "." { i += 1; while digit(i) { i += 1 } }
        guard i > start, !(i == start + 1 && scalars[start] == ".") else { return nil }
        if i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
            var j = i + 1
            if j < scalars.count, scalars[j] == "+" || scalars[j] == "-" { j += 1 }
            if digit(j) { while digit(j) { j += 1 }; i = j }
        }
        var numberText = "", rest = ""
        numberText.unicodeScalars.append(contentsOf: scalars[..<i])
        rest.unicodeScalars.append(contentsOf: scalars[i...])
        number = numberText
        unit = rest.trimmingSpaces
        spaced = !unit.isEmpty && (rest.first == " " || rest.first == "\t")
    }

    public init(number: String, unit: String = "", spaced: Bool = false) {
        self.number = number
        self.unit = unit
        self.spaced = spaced
    }

    /// Whether the unit is a word that some unit could be spelled as: letters, digits after the
    /// first character, and `^ ² _ /` (`KiB`, `um^2`, `µm²`). Text such as `1 {a}` or `2,3` is
    /// not a quantity with an unknown unit but something else.
    public var unitIsWord: Bool {
        unit.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || "^²_/".unicodeScalars.contains($0) || ("0"..."9").contains($0) }
            && (unit.first.map { !$0.isNumber } ?? true)
    }
}

/// One unit of the table of docs/spec.md §2: its canonical name, the spellings also accepted,
/// its kind and its size in the kind's base unit as an exact ratio.
public struct QuantityUnit: Sendable, Hashable {
    /// What a unit measures. Units convert into each other only within a kind.
    public enum Kind: String, Sendable, Hashable {
        /// `words`: its width in bits is the level's `word_bits`, so it converts to nothing else.
        case words
        /// Byte sizes; base unit one byte.
        case bytes
        /// Energy; base unit pJ.
        case energy
        /// Clock frequency; base unit Hz.
        case clock
        /// Area; base unit µm².
        case area
        /// Time; base unit one second.
        case time
        /// Clock cycles of the architecture's clock; converts to time through `clock`.
        case cycles
        /// Power; base unit µW.
        case power
    }

    public var name: String
    public var aliases: [String]
    public var kind: Kind
    /// One unit is `numerator / denominator` of the kind's base unit (`fJ` = 1/1000 pJ).
    public var numerator: Int
    public var denominator: Int

    init(_ name: String, _ kind: Kind, _ numerator: Int, per denominator: Int = 1, aliases: [String] = []) {
        self.name = name
        self.kind = kind
        self.numerator = numerator
        self.denominator = denominator
        self.aliases = aliases
    }

    /// The size in the base unit as a `Double` (`Double(1) / Double(1000)` is the same double
    /// as the literal `1e-3`: both are the correctly rounded value).
    public var scale: Double { Double(numerator) / Double(denominator) }

    /// Every unit, in the order docs/spec.md §2 lists them (messages list them in this order).
    public static let all: [QuantityUnit] = [
        QuantityUnit("words", .words, 1, aliases: ["word"]),
        QuantityUnit("B", .bytes, 1, aliases: ["byte", "bytes"]),
        QuantityUnit("KB", .bytes, 1000, aliases: ["kB"]),
        QuantityUnit("KiB", .bytes, 1024),
        QuantityUnit("MB", .bytes, 1_000_000),
        QuantityUnit("MiB", .bytes, 1_048_576),
        QuantityUnit("GB", .bytes, 1_000_000_000),
        QuantityUnit("GiB", .bytes, 1_073_741_824),
        QuantityUnit("fJ", .energy, 1, per: 1000),
        QuantityUnit("pJ", .energy, 1),
        QuantityUnit("nJ", .energy, 1000),
        QuantityUnit("Hz", .clock, 1, aliases: ["hz"]),
        QuantityUnit("kHz", .clock, 1000, aliases: ["khz", "KHz"]),
        QuantityUnit("MHz", .clock, 1_000_000, aliases: ["mhz"]),
        QuantityUnit("GHz", .clock, 1_000_000_000, aliases: ["ghz"]),
        QuantityUnit("um^2", .area, 1, aliases: ["um2", "µm^2", "µm²", "um²"]),
        QuantityUnit("mm^2", .area, 1_000_000, aliases: ["mm2", "mm²"]),
        QuantityUnit("ns", .time, 1, per: 1_000_000_000),
        QuantityUnit("us", .time, 1, per: 1_000_000, aliases: ["µs", "μs"]),
        QuantityUnit("ms", .time, 1, per: 1000),
        QuantityUnit("s", .time, 1),
        QuantityUnit("cycles", .cycles, 1, aliases: ["cycle"]),
        QuantityUnit("uW", .power, 1, aliases: ["µW", "uw"]),
        QuantityUnit("mW", .power, 1000, aliases: ["mw"]),
        QuantityUnit("W", .power, 1_000_000, aliases: ["w"]),
    ]

    /// The unit spelled `spelling` (its name or an alias; case matters: `mB` is no unit).
    public static func named(_ spelling: String) -> QuantityUnit? {
        all.first { $0.name == spelling || $0.aliases.contains(spelling) }
    }

    /// The units of the given kinds, in table order.
    public static func units(of kinds: Set<Kind>) -> [QuantityUnit] {
        all.filter { kinds.contains($0.kind) }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
