import LoupeModel

/// The units of SPEC.md §2 and how quantities are split into a number and a unit.
///
/// Sizes: `words` (default), `B`, `KB` (1000 B), `KiB` (1024 B), `MB`, `MiB` (and, beyond
/// the spec, `GB`, `GiB`), converted to words of the level's `word_bits`. Energy: `fJ`,
/// `pJ` (default), `nJ`, converted to pJ. Clock: `Hz`, `kHz`, `MHz`, `GHz`, a unit required,
/// converted to Hz. Area: `um^2` (default), `mm^2`, converted to µm².
enum Units {
    /// A size unit and its width in bits; `nil` bits means "one word".
    struct SizeUnit: Sendable {
        var name: String
        var bits: Int?
    }

    static let sizeUnits: [SizeUnit] = [
        SizeUnit(name: "words", bits: nil), SizeUnit(name: "B", bits: 8),
        SizeUnit(name: "KB", bits: 8_000), SizeUnit(name: "KiB", bits: 8 * 1024),
        SizeUnit(name: "MB", bits: 8_000_000), SizeUnit(name: "MiB", bits: 8 * 1024 * 1024),
        SizeUnit(name: "GB", bits: 8_000_000_000), SizeUnit(name: "GiB", bits: 8 * 1024 * 1024 * 1024),
    ]
    /// Spellings accepted besides the canonical names.
    static let sizeAliases: [String: String] = [
        "word": "words", "bytes": "B", "byte": "B", "kB": "KB",
    ]

    /// Energy units and their size in pJ.
    static let energyUnits: [(name: String, pJ: Double)] = [("fJ", 1e-3), ("pJ", 1), ("nJ", 1e3)]
    /// Clock units and their size in Hz.
    static let clockUnits: [(name: String, hz: Double)] = [("Hz", 1), ("kHz", 1e3), ("MHz", 1e6), ("GHz", 1e9)]
    static let clockAliases: [String: String] = ["khz": "kHz", "KHz": "kHz", "mhz": "MHz", "ghz": "GHz", "hz": "Hz"]
    /// Area units and their size in µm².
    static let areaUnits: [(name: String, um2: Double)] = [("um^2", 1), ("mm^2", 1e6)]
    static let areaAliases: [String: String] = ["um2": "um^2", "µm^2": "um^2", "µm²": "um^2", "um²": "um^2", "mm2": "mm^2", "mm²": "mm^2"]

    /// Splits `"108 KiB"`, `"108KiB"`, `"1.5e3 pJ"` or `"16"` into the number and the unit
    /// (empty when none is written). `nil` when the text does not start with a number.
    static func split(_ text: String) -> (number: ExactDecimal, unit: String)? {
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
        var numberText = "", unitText = ""
        numberText.unicodeScalars.append(contentsOf: scalars[..<i])
        unitText.unicodeScalars.append(contentsOf: scalars[i...])
        guard let number = ExactDecimal(numberText) else { return nil }
        return (number, unitText.trimmingSpaces)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
