import LoupeModel
import LoupeSearch
import LoupeSpec
import Testing

/// One quantity lexer and one unit table (docs/spec.md §2): a spelling that a spec file accepts
/// is accepted by `--set` and converts inside a `--vary` range, and one that a spec refuses is
/// refused by all three.
@Suite struct QuantitySpellingTests {
    /// The example architecture of docs/spec.md §4, cut down, with the quantity of interest put
    /// in place of `VALUE` on one key.
    static func architecture(key: String, value: String) -> String {
        let values = ["clock": "1 GHz", "size": "64 KiB", "transfer": "0.05 pJ", "area": "900 um^2"].merging([key: value]) { $1 }
        return """
        version: 1
        architecture:
          name: tiny
          technology: 45nm
          clock: \(values["clock"]!)
          levels:
            - name: DRAM
              class: dram
              word_bits: 8
            - name: Buffer
              class: sram
              size: \(values["size"]!)
              word_bits: 8
              network: {transfer: \(values["transfer"]!)}
              area: \(values["area"]!)
            - name: MAC
              class: compute
              word_bits: 8
        """
    }

    /// The `--set` path of each key in `architecture(key:value:)`.
    static let paths = [
        "clock": "architecture.clock", "size": "architecture.levels.Buffer.size",
        "transfer": "architecture.levels.Buffer.network.transfer", "area": "architecture.levels.Buffer.area",
    ]

    /// The architecture as the spec reader reads it with `value` in the file, and with `value`
    /// given by `--set`: the same result (both `nil` when refused).
    static func readings(key: String, value: String) -> (file: Architecture?, set: Architecture?) {
        let file = try? SpecLoader.loadArchitecture(yaml: architecture(key: key, value: value), file: "a.yaml")
        let set = try? SpecLoader.loadArchitecture(yaml: architecture(key: key, value: "1"), file: "a.yaml",
                                                   overrides: [Override(path: paths[key]!, value: value)])
        return (file, set)
    }

    /// Spellings of every unit and alias of the table, each with its expected reading: sizes in
    /// 8-bit words, energies in pJ, clocks in Hz, areas in µm².
    @Test(arguments: [
        ("size", "64", 64.0), ("size", "64 words", 64), ("size", "64word", 64), ("size", "64 B", 64),
        ("size", "64 byte", 64), ("size", "64bytes", 64), ("size", "2 KB", 2000), ("size", "2kB", 2000),
        ("size", "2 KiB", 2048), ("size", "1 MB", 1e6), ("size", "1 MiB", 1_048_576), ("size", "1 GB", 1e9),
        ("size", "1 GiB", 1_073_741_824), ("size", "0.5KiB", 512),
        ("transfer", "250 fJ", 0.25), ("transfer", "2.1pJ", 2.1), ("transfer", "2 nJ", 2000), ("transfer", "3", 3),
        ("clock", "100 Hz", 100), ("clock", "100hz", 100), ("clock", "100 kHz", 1e5), ("clock", "100 khz", 1e5),
        ("clock", "100KHz", 1e5), ("clock", "200 MHz", 2e8), ("clock", "200mhz", 2e8), ("clock", "1 GHz", 1e9),
        ("clock", "1ghz", 1e9),
        ("area", "900 um^2", 900), ("area", "900um2", 900), ("area", "900 µm^2", 900), ("area", "900 µm²", 900),
        ("area", "900 um²", 900), ("area", "2 mm^2", 2e6), ("area", "2mm2", 2e6), ("area", "2 mm²", 2e6),
    ])
    func acceptedAlike(_ c: (key: String, value: String, reading: Double)) throws {
        let (file, set) = Self.readings(key: c.key, value: c.value)
        func reading(_ a: Architecture?) -> Double? {
            guard let a else { return nil }
            switch c.key {
            case "clock": return a.clockHz
            case "size": return a.levels[1].sizeWords.map(Double.init)
            case "transfer": return a.levels[1].networkTransfer
            default: return a.levels[1].specAreaUm2
            }
        }
        #expect(reading(file) == c.reading, "spec file: \(c.value)")
        #expect(reading(set) == c.reading, "--set: \(c.value)")
        // --vary: the spelling is a quantity, converts to the canonical unit of its kind with
        // the table's factor, and a range written in it expands to values the spec accepts.
        let q = try #require(SweepQuantity(c.value))
        if let unit = QuantityUnit.named(q.unit), unit.kind != .words {
            let base = QuantityUnit.all.first { $0.kind == unit.kind && $0.numerator == 1 && $0.denominator == 1 }!
            let inBase = try #require(q.converted(to: base.name)).doubleValue
            #expect(inBase == q.doubleValue * unit.scale)
        }
        let axis = try SweepAxis.parse("\(Self.paths[c.key]!)=\(c.value):\(c.value):\(c.value)")
        #expect(axis.values.count == 1)
        #expect(reading(Self.readings(key: c.key, value: axis.values[0]).set) == c.reading, "--vary: \(axis.values[0])")
    }

    /// Spellings no kind has: refused by the spec file and by `--set`; in a `--vary` range they
    /// do not convert to the kind's units, so the range is refused.
    @Test(arguments: [
        ("size", "64 KIB", "KiB"), ("size", "64 kib", "KiB"), ("size", "64 Kb", "KiB"), ("size", "64 mB", "MB"),
        ("transfer", "2 PJ", "pJ"), ("transfer", "2 pj", "pJ"), ("transfer", "2 uJ", "nJ"),
        ("clock", "200 MHZ", "MHz"), ("clock", "200 Mhz", "MHz"), ("clock", "1 gHz", "GHz"),
        ("area", "2 mm^3", "mm^2"), ("area", "2 MM2", "mm^2"),
    ])
    func refusedAlike(_ c: (key: String, value: String, canonical: String)) throws {
        let (file, set) = Self.readings(key: c.key, value: c.value)
        #expect(file == nil, "spec file: \(c.value)")
        #expect(set == nil, "--set: \(c.value)")
        let q = try #require(SweepQuantity(c.value))
        #expect(QuantityUnit.named(q.unit) == nil)
        #expect(q.converted(to: c.canonical) == nil)
        #expect(throws: SweepError.self) { try SweepAxis.parse("\(Self.paths[c.key]!)=\(c.value):1\(c.canonical):1\(c.canonical)") }
    }

    /// A range may mix the names and aliases of one unit kind: `200mhz:0.4GHz:100 MHz` steps in
    /// the start's spelling.
    @Test func rangesMixAliases() throws {
        let axis = try SweepAxis.parse("architecture.clock=200mhz:0.4GHz:100 MHz")
        #expect(axis.values == ["200mhz", "300mhz", "400mhz"])
        for v in axis.values { #expect(Self.readings(key: "clock", value: v).set != nil) }
        let sizes = try SweepAxis.parse("architecture.levels.Buffer.size=1kB:3000bytes:1KB")
        #expect(sizes.values == ["1kB", "2kB", "3kB"])
    }

    /// A misspelt unit gets the same did-you-mean from the spec reader and from a `--vary` range.
    @Test func misspeltUnitsGetOneSuggestion() throws {
        do {
            _ = try SpecLoader.loadArchitecture(yaml: Self.architecture(key: "size", value: "32 KiBs"), file: "a.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.hint == "did you mean 'KiB'?")
        }
        do {
            _ = try SweepAxis.parse("architecture.levels.Buffer.size=32KiBs:128KiB:32KiB")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasSuffix("did you mean 'KiB'?"), "\(error.message)")
        }
    }
}
