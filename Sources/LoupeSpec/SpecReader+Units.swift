import LoupeModel

extension SpecReader {
    /// Splits a quantity and finds its unit among `names` (or `aliases`); `""` means the
    /// default unit. Reports a malformed number or an unknown unit.
    private mutating func quantity(_ node: SpecNode, _ what: String, example: String, names: [String],
                                   aliases: [String: String] = [:]) -> (number: ExactDecimal, unit: String)? {
        guard let text = node.scalar else {
            error("expected \(what) such as '\(example)', found \(node.found)", at: node)
            return nil
        }
        guard let (number, unit) = Units.split(text) else {
            error("expected \(what) such as '\(example)', found \(node.found)", at: node)
            return nil
        }
        if unit.isEmpty || names.contains(unit) { return (number, unit) }
        if let canonical = aliases[unit] { return (number, canonical) }
        let suggestion = DidYouMean.suggestion(for: unit, among: names + aliases.keys.sorted()).map { aliases[$0] ?? $0 }
        error("unknown unit '\(unit)' in '\(text)' for \(what) (expected \(orList(names)))", at: node,
              hint: suggestion.map { "did you mean '\($0)'?" })
        return nil
    }

    /// A capacity in words: a bare number is words; byte units convert through `wordBits`
    /// and must come to a whole number of words.
    mutating func size(_ node: SpecNode, _ what: String, wordBits: Int) -> Int? {
        let names = Units.sizeUnits.map(\.name)
        guard let (number, unitName) = quantity(node, what, example: "108 KiB", names: names, aliases: Units.sizeAliases)
        else { return nil }
        guard !number.negative, !number.isZero else {
            error("\(what) must be at least 1 word, found \(node.found)", at: node)
            return nil
        }
        let unit = Units.sizeUnits.first { $0.name == (unitName.isEmpty ? "words" : unitName) }
        let result: ExactDecimal.IntegerResult
        if let bits = unit?.bits {
            result = number.scaledInteger(times: bits, dividedBy: wordBits)
        } else {
            result = number.scaledInteger()
        }
        switch result {
        case .value(let words):
            return words
        case .fraction:
            let words = number.doubleValue * Double(unit?.bits ?? wordBits) / Double(wordBits)
            error("\(what) is not a whole number of \(wordBits)-bit words: \(node.found) is \(words) words", at: node)
        case .overflow:
            error("\(what) is too large: \(node.found)", at: node)
        }
        return nil
    }

    /// The largest energy per action (pJ, = 1 J), area (µm², = 10⁹ mm²) and the clock range
    /// (Hz) a spec may give: far beyond any real design, and small enough that every total
    /// and time Loupe computes from them stays finite (accesses × energy, cycles / clock).
    static let maxEnergyPJ = 1e12
    static let maxAreaUM2 = 1e14
    static let clockRangeHz = (1.0, 1e14)
    /// The bandwidth range (words per cycle) a spec may give: below 10⁻⁶, cycles = words /
    /// bandwidth would overflow for large layers.
    static let bandwidthRange = NumberRange.closed(1e-6, 1e14)

    /// An energy in pJ (`fJ`, `pJ` — the default — or `nJ`), from 0 to `maxEnergyPJ`.
    mutating func energy(_ node: SpecNode, _ what: String) -> Double? {
        guard let (number, unit) = quantity(node, what, example: "1.2 pJ", names: Units.energyUnits.map(\.name)) else { return nil }
        let scale = Units.energyUnits.first { $0.name == unit }?.pJ ?? 1
        return checked(number.doubleValue * scale, node, what, .closed(0, Self.maxEnergyPJ))
    }

    /// A clock frequency in Hz; the unit is required.
    mutating func clock(_ node: SpecNode, _ what: String) -> Double? {
        let names = Units.clockUnits.map(\.name)
        guard let (number, unit) = quantity(node, what, example: "200 MHz", names: names, aliases: Units.clockAliases)
        else { return nil }
        guard !unit.isEmpty else {
            error("\(what) needs a unit (\(orList(names))), found \(node.found)", at: node, hint: "write e.g. '\(number.text) MHz'")
            return nil
        }
        let scale = Units.clockUnits.first { $0.name == unit }?.hz ?? 1
        return checked(number.doubleValue * scale, node, what, .closed(Self.clockRangeHz.0, Self.clockRangeHz.1))
    }

    /// An area in µm² (`um^2` — the default — or `mm^2`), from 0 to `maxAreaUM2`.
    mutating func area(_ node: SpecNode, _ what: String) -> Double? {
        guard let (number, unit) = quantity(node, what, example: "1200 um^2", names: Units.areaUnits.map(\.name),
                                            aliases: Units.areaAliases) else { return nil }
        let scale = Units.areaUnits.first { $0.name == unit }?.um2 ?? 1
        return checked(number.doubleValue * scale, node, what, .closed(0, Self.maxAreaUM2))
    }

    /// A process node: `65nm`, `65 nm` or `65`.
    mutating func technology(_ node: SpecNode) -> Technology? {
        choice(node, "technology", Technology.self) { raw in
            let compact = raw.filter { $0 != " " }
            return compact.allSatisfy(\.isNumber) && !compact.isEmpty ? compact + "nm" : compact
        }
    }
}
