import LoupeModel

extension SpecReader {
    /// Splits a quantity (`Quantity`, the one lexer) and finds its unit among the table's units
    /// of `kinds` (docs/spec.md §2); `nil` unit means none was written (the default unit).
    /// Reports a malformed number or an unknown unit, with a did-you-mean among the names and
    /// aliases.
    private mutating func quantity(_ node: SpecNode, _ what: String, example: String,
                                   kinds: Set<QuantityUnit.Kind>) -> (number: ExactDecimal, unit: QuantityUnit?)? {
        guard let text = node.scalar, let quantity = Quantity(text), let number = ExactDecimal(quantity.number) else {
            error("expected \(what) such as '\(example)', found \(node.found)", at: node)
            return nil
        }
        if quantity.unit.isEmpty { return (number, nil) }
        let units = QuantityUnit.units(of: kinds)
        if let unit = units.first(where: { $0.name == quantity.unit || $0.aliases.contains(quantity.unit) }) {
            return (number, unit)
        }
        let names = units.map(\.name)
        let aliases = Dictionary(uniqueKeysWithValues: units.flatMap { u in u.aliases.map { ($0, u.name) } })
        let suggestion = DidYouMean.suggestion(for: quantity.unit, among: names + aliases.keys.sorted()).map { aliases[$0] ?? $0 }
        error("unknown unit '\(quantity.unit)' in '\(text)' for \(what) (expected \(orList(names)))", at: node,
              hint: suggestion.map { "did you mean '\($0)'?" })
        return nil
    }

    /// A capacity in words: a bare number is words; byte units convert through `wordBits`
    /// and must come to a whole number of words.
    mutating func size(_ node: SpecNode, _ what: String, wordBits: Int) -> Int? {
        guard let (number, unit) = quantity(node, what, example: "108 KiB", kinds: [.words, .bytes]) else { return nil }
        guard !number.negative, !number.isZero else {
            error("\(what) must be at least 1 word, found \(node.found)", at: node)
            return nil
        }
        // Bytes convert through `wordBits`; `words` (or no unit) are words already.
        let bits = unit.flatMap { $0.kind == .bytes ? 8 * $0.numerator : nil }
        let result: ExactDecimal.IntegerResult
        if let bits {
            result = number.scaledInteger(times: bits, dividedBy: wordBits)
        } else {
            result = number.scaledInteger()
        }
        switch result {
        case .value(let words):
            return words
        case .fraction:
            let words = number.doubleValue * Double(bits ?? wordBits) / Double(wordBits)
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
        guard let (number, unit) = quantity(node, what, example: "1.2 pJ", kinds: [.energy]) else { return nil }
        return checked(number.doubleValue * (unit?.scale ?? 1), node, what, .closed(0, Self.maxEnergyPJ))
    }

    /// A clock frequency in Hz; the unit is required.
    mutating func clock(_ node: SpecNode, _ what: String) -> Double? {
        guard let (number, unit) = quantity(node, what, example: "200 MHz", kinds: [.clock]) else { return nil }
        guard let unit else {
            let names = QuantityUnit.units(of: [.clock]).map(\.name)
            error("\(what) needs a unit (\(orList(names))), found \(node.found)", at: node, hint: "write e.g. '\(number.text) MHz'")
            return nil
        }
        return checked(number.doubleValue * unit.scale, node, what, .closed(Self.clockRangeHz.0, Self.clockRangeHz.1))
    }

    /// A fixed time, from 0 to 10⁶ s (10¹⁵ cycles), so that totals stay finite: `cycles` (the default) of the architecture's clock, or `ns`,
    /// `us`, `ms`, `s` (docs/spec.md §2).
    mutating func fixedTime(_ node: SpecNode, _ what: String) -> FixedTime? {
        guard let (number, unit) = quantity(node, what, example: "3 us", kinds: [.time, .cycles]) else { return nil }
        guard let unit, unit.kind == .time else {
            return checked(number.doubleValue, node, what, .closed(0, 1e15)).map { .cycles($0) }
        }
        return checked(number.doubleValue * unit.scale, node, what, .closed(0, 1e6)).map { .seconds($0) }
    }

    /// An area in µm² (`um^2` — the default — or `mm^2`), from 0 to `maxAreaUM2`.
    mutating func area(_ node: SpecNode, _ what: String) -> Double? {
        guard let (number, unit) = quantity(node, what, example: "1200 um^2", kinds: [.area]) else { return nil }
        return checked(number.doubleValue * (unit?.scale ?? 1), node, what, .closed(0, Self.maxAreaUM2))
    }

    /// A power in W (`uW`, `mW` or `W`); the unit is required. At least 0.
    mutating func power(_ node: SpecNode, _ what: String) -> Double? {
        guard let (number, unit) = quantity(node, what, example: "50 mW", kinds: [.power]) else { return nil }
        guard let unit else {
            let names = QuantityUnit.units(of: [.power]).map(\.name)
            error("\(what) needs a unit (\(orList(names))), found \(node.found)", at: node, hint: "write e.g. '\(number.text) mW'")
            return nil
        }
        return checked(number.doubleValue * unit.scale * 1e-6, node, what, .closed(0, 1e6))
    }

    /// A process node: `65nm`, `65 nm` or `65`.
    mutating func technology(_ node: SpecNode) -> Technology? {
        choice(node, "technology", Technology.self) { raw in
            let compact = raw.filter { $0 != " " }
            return compact.allSatisfy(\.isNumber) && !compact.isEmpty ? compact + "nm" : compact
        }
    }
}
