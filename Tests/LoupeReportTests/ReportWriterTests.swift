import Foundation
import LoupeEngine
import LoupeModel
import Testing

@testable import LoupeReport

// MARK: - Fixture

/// An Eyeriss-like architecture with every energy given explicitly (the figures of the
/// Eyeriss example architecture), except the PsumSpad leak, left to the component library.
private func fixtureArchitecture() -> Architecture {
    let all = Set(TensorKind.allCases)
    let levels = [
        Level(name: "DRAM", levelClass: .dram, dram: .LPDDR4, wordBits: 16, blockWords: 4, keeps: all,
              specEnergy: ["read": 512, "write": 512, "update": 512, "leak": 0], specAreaUm2: 0),
        Level(name: "GlobalBuffer", levelClass: .sram, wordBits: 16, blockWords: 4, sizeWords: 55_296,
              bandwidth: Bandwidth(read: 16, write: 16), keeps: [.inputs, .outputs],
              specEnergy: ["read": 18.2, "write": 14.1, "update": 14.1, "leak": 0.005], specAreaUm2: 1_500_000),
        Level(name: "InputSpad", levelClass: .regfile, sizeWords: 12, keeps: [.inputs], arrayX: 14, arrayY: 12,
              networkTransfer: 0.2, specEnergy: ["read": 0.3, "write": 0.3, "update": 0.3, "leak": 0], specAreaUm2: 800),
        Level(name: "WeightSpad", levelClass: .regfile, sizeWords: 224, keeps: [.weights],
              specEnergy: ["read": 1.1, "write": 1.1, "update": 1.1, "leak": 0], specAreaUm2: 9000),
        Level(name: "PsumSpad", levelClass: .regfile, sizeWords: 24, keeps: [.outputs],
              specEnergy: ["read": 0.4, "write": 0.4, "update": 0.4], specAreaUm2: 1200),
        Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1.0, "leak": 0], specAreaUm2: 600),
    ]
    return Architecture(name: "eyeriss-test", technology: .nm65, clockHz: 200e6, levels: levels)
}

/// conv1 of the reference (C=3 K=32 R=S=3 P=Q=112, stride 2) with its reference mapping, and
/// an fc layer whose name needs CSV quoting, repeated 3 times, with a made-up technique.
private func fixtureEstimate() throws -> NetworkEstimate {
    let evaluator = Evaluator(architecture: fixtureArchitecture())
    var convBounds = Array(repeating: 1, count: 8)
    convBounds[Dimension.K.rawValue] = 32
    convBounds[Dimension.C.rawValue] = 3
    convBounds[Dimension.P.rawValue] = 112
    convBounds[Dimension.Q.rawValue] = 112
    convBounds[Dimension.R.rawValue] = 3
    convBounds[Dimension.S.rawValue] = 3
    let conv = Layer(name: "conv1", type: .conv, bounds: convBounds, strideRows: 2, strideCols: 2)
    let convMapping = Mapping(levels: [
        LevelMapping(temporal: [Loop(.P, 8), Loop(.Q, 2), Loop(.K, 4)]),
        LevelMapping(temporal: [Loop(.P, 14), Loop(.Q, 4)], spatialX: [Loop(.Q, 14)], spatialY: [Loop(.C, 3), Loop(.S, 3)]),
        LevelMapping(),
        LevelMapping(temporal: [Loop(.R, 3)]),
        LevelMapping(temporal: [Loop(.K, 8)]),
    ])
    let convEval = try evaluator.evaluate(layer: conv, mapping: convMapping)

    var fcBounds = Array(repeating: 1, count: 8)
    fcBounds[Dimension.C.rawValue] = 48
    fcBounds[Dimension.K.rawValue] = 32
    let fc = Layer(name: "fc,6 \"big\"", type: .fc, bounds: fcBounds, repeatCount: 3)
    let fcMapping = Mapping(levels: [
        LevelMapping(temporal: [Loop(.K, 4), Loop(.N, 1)]),
        LevelMapping(temporal: [Loop(.C, 4)], spatialY: [Loop(.C, 12)], keeps: [.inputs]),
        LevelMapping(),
        LevelMapping(),
        LevelMapping(temporal: [Loop(.K, 8)]),
    ])
    let fcDense = try evaluator.evaluate(layer: fc, mapping: fcMapping)
    // A stand-in technique: halves the MAC energy and saves 10% of the cycles.
    var fcFinal = fcDense
    fcFinal.macEnergy *= 0.5
    fcFinal.effectualMACs *= 0.5
    fcFinal.cycles = (fcDense.cycles * 0.9).rounded(.down)
    let attribution = TechniqueAttribution(
        layer: fc.name, technique: "zero_skipping(inputs@MAC)", energyBefore: fcDense.energy,
        energyAfter: fcFinal.energy, cyclesBefore: fcDense.cycles, cyclesAfter: fcFinal.cycles,
        notes: ["input density 0.5 assumed"])

    let workload = Workload(name: "tiny-net", batch: 1, layers: [conv, fc])
    return NetworkEstimate(
        architecture: evaluator.architecture, workload: workload,
        layers: [
            LayerEstimate(layer: conv, dense: convEval, final: convEval, mappingSource: "mapping file"),
            LayerEstimate(layer: fc, dense: fcDense, final: fcFinal, attributions: [attribution],
                          mappingSource: "mapper: best of 12"),
        ],
        assumptions: ["DRAM energy per access from the spec, LPDDR4 page policy not modelled"],
        mapperSummary: "evaluated 12 mappings (7 valid) in 0.01 s")
}

// MARK: - Helpers

private func temporaryDirectory(_ tag: String = #function) throws -> String {
    let base = FileManager.default.temporaryDirectory.path
    let safe = tag.filter { $0.isLetter || $0.isNumber }
    let path = base + "/loupe-report-tests-\(safe)-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func read(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

/// A small RFC 4180 reader: records of fields, quotes honoured.
private func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text.unicodeScalars)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" {
                    field.unicodeScalars.append("\"")
                    chars.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            record.append(field)
            field = ""
        } else if c == "\n" {
            record.append(field)
            records.append(record)
            record = []
            field = ""
        } else if c != "\r" {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !record.isEmpty {
        record.append(field)
        records.append(record)
    }
    return records
}

/// Rows of a CSV file as dictionaries keyed by the header.
private func csvRows(_ text: String) -> [[String: String]] {
    let records = parseCSV(text)
    guard let header = records.first else { return [] }
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0).map { ($0, $1) }) }
}

private func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
}

private func number(_ s: String?) -> Double { Double(s ?? "") ?? .nan }

// MARK: - Tests

@Suite("Report writer")
struct ReportWriterTests {
    @Test("CSV headers are exactly those of docs/spec.md §11")
    func headers() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try ReportWriter.write(try fixtureEstimate(), to: dir + "/out", formats: Set(ReportFormat.allCases))
        let expected = [
            "layers.csv": "layer,type,repeat,macs,effectual_macs,cycles,latency_s,utilization,energy_pj,pj_per_mac,edp_j_s,bound,mapping,"
                + "energy_bound_pj,cycles_bound,energy_gap,cycles_gap,search_end",
            "accesses.csv": "layer,level,tensor,instances,reads,fills,updates,energy_pj",
            "energy.csv": "layer,component,energy_pj",
            "techniques.csv": "layer,technique,energy_pj_before,energy_pj_after,cycles_before,cycles_after",
        ]
        for (name, header) in expected {
            let text = try read(dir + "/out/" + name)
            #expect(text.hasPrefix(header + "\n"), "\(name) header")
            #expect(text.hasSuffix("\n") && !text.contains("\r"), "\(name) ends records in LF")
        }
        let names = Set(paths.map { ($0 as NSString).lastPathComponent }.filter { !TimeloopMappingExport.isExportName($0) })
        #expect(names == ["layers.csv", "accesses.csv", "energy.csv", "techniques.csv", "summary.md", "report.json",
                          "mappings.yaml", "energy.svg", "energy_figure.csv", "techniques.svg", "techniques_figure.csv"])
        for path in paths { #expect(FileManager.default.fileExists(atPath: path)) }
    }

    @Test("accesses.csv counts are per-instance counts × utilized instances")
    func accessTotals() throws {
        let estimate = try fixtureEstimate()
        let rows = csvRows(ReportTables.accesses(estimate))
        var checked = 0
        for layer in estimate.layers {
            for level in layer.final.levels {
                for t in level.tensors {
                    let row = try #require(rows.first {
                        $0["layer"] == layer.layer.name && $0["level"] == level.name && $0["tensor"] == t.tensor.description
                    })
                    #expect(Int(row["instances"] ?? "") == t.utilizedInstances)
                    let n = Double(t.utilizedInstances)
                    #expect(close(number(row["reads"]), t.reads * n))
                    #expect(close(number(row["fills"]), t.fills * n))
                    #expect(close(number(row["updates"]), t.updates * n))
                    #expect(close(number(row["energy_pj"]), t.energy))
                    checked += 1
                }
            }
        }
        #expect(checked == rows.count)
        #expect(checked > 0)
        // A spatially replicated level really is multiplied: InputSpad inputs in conv1.
        let spad = try #require(rows.first { $0["layer"] == "conv1" && $0["level"] == "InputSpad" })
        let accesses = try #require(estimate.layers[0].final.level("InputSpad")?.accesses(.inputs))
        #expect(accesses.utilizedInstances > 1)
        #expect(number(spad["reads"]) == accesses.reads * Double(accesses.utilizedInstances))
    }

    @Test("energy.csv components add up to each layer's energy")
    func energyComponents() throws {
        let estimate = try fixtureEstimate()
        let energyRows = csvRows(ReportTables.energy(estimate))
        let layerRows = csvRows(ReportTables.layers(estimate))
        for layer in estimate.layers {
            let components = energyRows.filter { $0["layer"] == layer.layer.name }
            let names = components.compactMap { $0["component"] }
            #expect(names.contains("MAC") && names.contains("leak") && names.contains("InputSpad network"))
            #expect(names.contains("DRAM") && names.contains("PsumSpad"))
            let sum = components.reduce(0.0) { $0 + number($1["energy_pj"]) }
            #expect(close(sum, layer.final.energy), "\(layer.layer.name): \(sum) vs \(layer.final.energy)")
            let row = try #require(layerRows.first { $0["layer"] == layer.layer.name })
            #expect(close(sum, number(row["energy_pj"])))
        }
    }

    @Test("layers.csv energy × repeat sums to the network total")
    func networkTotal() throws {
        let estimate = try fixtureEstimate()
        let rows = csvRows(ReportTables.layers(estimate))
        #expect(rows.count == estimate.layers.count)
        let total = rows.reduce(0.0) { $0 + number($1["energy_pj"]) * number($1["repeat"]) }
        #expect(close(total, estimate.totalEnergy))
        let cycles = rows.reduce(0.0) { $0 + number($1["cycles"]) * number($1["repeat"]) }
        #expect(close(cycles, estimate.totalCycles))
        let conv = try #require(rows.first { $0["layer"] == "conv1" })
        #expect(conv["type"] == "conv")
        #expect(conv["repeat"] == "1")
        #expect(conv["macs"] == String(estimate.layers[0].final.macs))
        #expect(conv["mapping"] == "DRAM[P8 Q2 K4] GlobalBuffer[P14 Q4 | x:Q14 y:C3,S3] WeightSpad[R3] PsumSpad[K8]")
        #expect(close(number(conv["latency_s"]), estimate.layers[0].final.cycles / 200e6))
        #expect(close(number(conv["utilization"]), estimate.layers[0].final.utilization))
        let fc = try #require(rows.first { $0["layer"] == "fc,6 \"big\"" })
        #expect(fc["mapping"] == "DRAM[K4] GlobalBuffer[C4 | y:C12 | keeps:inputs] PsumSpad[K8]")
        #expect(fc["repeat"] == "3")
    }

    @Test("the same estimate gives byte-identical files")
    func deterministic() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try ReportWriter.write(try fixtureEstimate(), to: dir + "/a", formats: Set(ReportFormat.allCases))
        let second = try ReportWriter.write(try fixtureEstimate(), to: dir + "/b", formats: Set(ReportFormat.allCases))
        #expect(first.count == second.count)
        for (a, b) in zip(first, second) {
            let da = try Data(contentsOf: URL(fileURLWithPath: a))
            let db = try Data(contentsOf: URL(fileURLWithPath: b))
            #expect(da == db, "\(a)")
        }
        // Rewriting in place gives the same bytes too.
        let before = try Data(contentsOf: URL(fileURLWithPath: first[0]))
        _ = try ReportWriter.write(try fixtureEstimate(), to: dir + "/a", formats: Set(ReportFormat.allCases))
        #expect(try Data(contentsOf: URL(fileURLWithPath: first[0])) == before)
    }

    /// With each layer's lower bound attached (as `EstimatePipeline` does), `layers.csv` gives
    /// the bound and the gaps `dense / bound − 1` in its last four columns, `report.json` a
    /// `lower_bound` object last in each layer, and `summary.md` one line in the Mapper section.
    @Test("lower bound and gap columns")
    func lowerBoundColumns() throws {
        var estimate = try fixtureEstimate()
        for i in estimate.layers.indices {
            estimate.layers[i].bound = LayerBound(architecture: estimate.architecture, layer: estimate.layers[i].layer)
        }
        let records = parseCSV(ReportTables.layers(estimate))
        #expect(records[0].suffix(5) == ["energy_bound_pj", "cycles_bound", "energy_gap", "cycles_gap", "search_end"])
        for (row, layer) in zip(records.dropFirst(), estimate.layers) {
            let bound = try #require(layer.bound)
            let gap = try #require(Double(row[15]))
            #expect(abs(gap - (layer.dense.energy / bound.energy - 1)) <= 1e-9 * (1 + gap))
            let cyclesGap = try #require(Double(row[16]))
            #expect(gap >= 0 && cyclesGap >= 0)
            let printed = try #require(Double(row[13]))
            #expect(abs(printed / bound.energy - 1) < 1e-11)
        }
        let json = ReportJSON.document(estimate).render()
        #expect(json.contains("\"lower_bound\""))
        #expect(ReportJSON.document(try fixtureEstimate()).render().contains("\"lower_bound\": null"))
        let summary = SummaryMarkdown.render(estimate)
        #expect(summary.contains("\nLower bound: no mapping of these layers can take less than "))
        // Without bounds the columns are empty and the summary line is absent.
        let plain = try fixtureEstimate()
        #expect(parseCSV(ReportTables.layers(plain)).dropFirst().allSatisfy { $0.suffix(5).allSatisfy(\.isEmpty) })
        #expect(!SummaryMarkdown.render(plain).contains("Lower bound:"))
    }

    @Test("a field holding a comma or quote is quoted per RFC 4180")
    func quoting() throws {
        let text = ReportTables.layers(try fixtureEstimate())
        #expect(text.contains("\n\"fc,6 \"\"big\"\"\",fc,3,"))
        let records = parseCSV(text)
        #expect(records.allSatisfy { $0.count == 18 })
        #expect(records.contains { $0.first == "fc,6 \"big\"" })
        #expect(ReportCSV.field("a,b") == "\"a,b\"")
        #expect(ReportCSV.field("line\nbreak") == "\"line\nbreak\"")
        #expect(ReportCSV.field("plain") == "plain")
        let techniques = parseCSV(ReportTables.techniques(try fixtureEstimate()))
        #expect(techniques.count == 2)
        #expect(techniques[1][0] == "fc,6 \"big\"" && techniques[1][1] == "zero_skipping(inputs@MAC)")
    }

    @Test("mappings.yaml re-expresses every mapping in the mapping-file format")
    func mappingsYAML() throws {
        let estimate = try fixtureEstimate()
        let yaml = MappingsYAML.render(estimate)
        #expect(yaml.contains("\nversion: 1\nmapping:\n"))
        let parsed = parseMappings(yaml)
        #expect(parsed.count == 2)
        for layer in estimate.layers {
            let entries = try #require(parsed[layer.layer.name], "\(layer.layer.name) in \(parsed.keys)")
            let storage = Array(estimate.architecture.storageLevels)
            // Rebuild a Mapping from the entries and compare loop by loop (factor-1 loops dropped).
            var rebuilt = Array(repeating: LevelMapping(), count: storage.count)
            for entry in entries {
                let index = try #require(storage.firstIndex { $0.name == entry.level })
                rebuilt[index] = LevelMapping(temporal: entry.temporal, spatialX: entry.x, spatialY: entry.y, keeps: entry.keeps)
            }
            for (i, level) in layer.final.mapping.levels.enumerated() {
                #expect(rebuilt[i].temporal == level.temporal.filter { $0.factor != 1 })
                #expect(rebuilt[i].spatialX == level.spatialX.filter { $0.factor != 1 })
                #expect(rebuilt[i].spatialY == level.spatialY.filter { $0.factor != 1 })
                let narrowed = level.keeps == storage[i].keeps ? nil : level.keeps
                #expect(rebuilt[i].keeps == narrowed)
            }
            for d in Dimension.allCases {
                #expect(Mapping(levels: rebuilt).product(of: d) == layer.layer[d])
            }
        }
        #expect(yaml.contains("  \"fc,6 \\\"big\\\"\":\n"))
        #expect(yaml.contains("      spatial: {x: \"Q=14\", y: \"C=3 S=3\"}\n"))
        #expect(yaml.contains("      keeps: [inputs]\n"))
        #expect(!yaml.contains("InputSpad"))
    }

    @Test("a failing write leaves no partial directory")
    func failureUnderRegularFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/plain.txt"
        try "not a directory".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(throws: ReportWriteError.self) {
            try ReportWriter.write(try fixtureEstimate(), to: file + "/report", formats: [.csv])
        }
        #expect(throws: ReportWriteError.self) {
            try ReportWriter.write(try fixtureEstimate(), to: file, formats: [.csv])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["plain.txt"])
        #expect(try read(file) == "not a directory")
        // A failure partway through a new directory removes the parents it created, too.
        #expect(throws: ReportWriteError.self) {
            try ReportWriter.write(try fixtureEstimate(), to: dir + "/new/deeper/report", formats: [.csv, .md],
                                   extraFiles: [], fault: .beforeFile(2))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["plain.txt"])
    }

    @Test("replacing a report keeps other files, drops stale report files, and survives failures")
    func replaceExisting() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/report"
        let estimate = try fixtureEstimate()
        // Without `timeloop`: its per-layer files are owned by ReportWriter.write, not by `reportFileNames`.
        try ReportWriter.write(estimate, to: out, formats: Set(ReportFormat.allCases).subtracting([.timeloop]))
        try "my notes".write(toFile: out + "/notes.txt", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: out + "/extra", withIntermediateDirectories: false)
        try "x".write(toFile: out + "/extra/inside.txt", atomically: false, encoding: .utf8)
        let before = try snapshot(out)

        // Failures, before the files are all written and just before the swap: nothing changes.
        for fault in [ReportDirectory.Fault.beforeFile(0), .beforeFile(3), .beforeSwap] {
            #expect(throws: ReportWriteError.self) {
                try ReportWriter.write(estimate, to: out, formats: [.csv], extraFiles: [], fault: fault)
            }
            #expect(try snapshot(out) == before, "\(fault)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report"], "\(fault)")
        }

        // A CSV-only run replaces the report: svg/json/md of the old run go, the rest stays.
        try ReportWriter.write(estimate, to: out, formats: [.csv], extraFiles: [(name: "roofline.csv", contents: "a\n")])
        let after = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(after == ["accesses.csv", "energy.csv", "extra", "layers.csv", "mappings.yaml", "notes.txt",
                          "roofline.csv", "techniques.csv"])
        #expect(try read(out + "/notes.txt") == "my notes")
        #expect(try read(out + "/extra/inside.txt") == "x")
        #expect(try read(out + "/layers.csv") == ReportTables.layers(estimate))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report"])

        // A bad extra file name is refused before anything is touched.
        #expect(throws: ReportWriteError.self) {
            try ReportWriter.write(estimate, to: out, formats: [.csv], extraFiles: [(name: "../escape", contents: "")])
        }
        #expect(throws: ReportWriteError.self) {
            try ReportWriter.write(estimate, to: out, formats: [.csv], extraFiles: [(name: "layers.csv", contents: "")])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == after)
    }

    @Test("writeFile replaces a file whole and leaves no temporary file")
    func writeFileAtomic() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ReportWriter.writeFile("one\n", to: dir + "/roofline.csv")
        try ReportWriter.writeFile("two\n", to: dir + "/roofline.csv")
        #expect(try read(dir + "/roofline.csv") == "two\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["roofline.csv"])
        #expect(throws: (any Error).self) { try ReportWriter.writeFile("x", to: dir + "/missing/roofline.csv") }
        #expect(throws: (any Error).self) { try ReportWriter.writeFile("x", to: dir) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["roofline.csv"])
    }

    @Test("numbers are plain, locale-free decimals")
    func numberFormat() {
        let f = { (x: Double) in NumberFormat.string(x, .report) }
        #expect(f(86016) == "86016")
        #expect(f(123_456_789_012) == "123456789012")
        #expect(f(1.5e16) == "15000000000000000")
        #expect(f(0.1 + 0.2) == "0.3")
        #expect(f(1.0 / 3.0) == "0.333333333333")
        #expect(f(62899.200000000004) == "62899.2")
        #expect(f(0.00043008) == "0.00043008")
        #expect(f(1e-5) == "0.00001")
        #expect(f(4.2e-16) == "0.00000000000000042")
        #expect(f(-2.5) == "-2.5")
        #expect(f(-0.0) == "0")
        #expect(f(0.9999999999999) == "1")
        #expect(f(123456.7891234567) == "123456.789123")
        #expect(f(.nan) == "" && f(.infinity) == "")
        #expect(f(1.5e-40) == "1.5e-40")
        #expect(NumberFormat.string(1234.5678, .decimal(significant: 4), nonFinite: .notAvailable) == "1235")
        #expect(NumberFormat.string(0.000123456, .decimal(significant: 4), nonFinite: .notAvailable) == "0.0001235")
        #expect(NumberFormat.percent(0.75) == "75.0%")
        #expect(NumberFormat.percent(0.0000213) == "0.0021%")
        #expect(NumberFormat.percent(0) == "0.0%")
        #expect(NumberFormat.string(2.5, .fixed(fractionDigits: 2), nonFinite: .notAvailable) == "2.50")
        #expect(NumberFormat.string(0.004, .fixed(fractionDigits: 2), nonFinite: .notAvailable) == "0.00")
        #expect(NumberFormat.string(0.005, .fixed(fractionDigits: 2), nonFinite: .notAvailable) == "0.01")
        #expect(NumberFormat.string(-0.0001, .fixed(fractionDigits: 1), nonFinite: .notAvailable) == "0.0")
        #expect(NumberFormat.string(99.96, .fixed(fractionDigits: 1), nonFinite: .notAvailable) == "100.0")
        // The command line's and the energy table's styles (printf's `%.2f`, `%.4g`, …).
        let summary = NumberFormat.Style.precision(significant: 3, maxFractionDigits: .max, trimZeros: false)
        #expect(NumberFormat.string(16.1, summary) == "16.1" && NumberFormat.string(1.5, summary) == "1.50")
        #expect(NumberFormat.string(12345.6, summary) == "12346" && NumberFormat.string(0.0222, summary) == "0.0222")
        #expect(NumberFormat.string(999.96, summary) == "1000" && NumberFormat.string(0, summary) == "0")
        let table = NumberFormat.Style.precision(significant: 6, maxFractionDigits: 12, trimZeros: true)
        #expect(NumberFormat.string(18.2, table) == "18.2" && NumberFormat.string(1234567.8, table) == "1234568")
        #expect(NumberFormat.string(1e-15, table) == "0" && NumberFormat.string(.nan, table, nonFinite: .zero) == "0")
        #expect(NumberFormat.string(0.004287, .general(significant: 4)) == "0.004287")
        #expect(NumberFormat.string(1.23456e-5, .general(significant: 4)) == "1.235e-05")
        #expect(NumberFormat.string(-123456, .general(significant: 4)) == "-1.235e+05")
        #expect(NumberFormat.string(100, .general(significant: 3)) == "100")
        #expect(NumberFormat.string(-0.001, .upTo(fractionDigits: 2)) == "0")
        #expect(NumberFormat.string(.infinity, .upTo(fractionDigits: 2), nonFinite: .spelled) == "inf")
        // Text files round the decimal digits; figures round x·10ⁿ in binary (0.285·100 = 28.4999…).
        #expect(NumberFormat.string(0.285, .fixed(fractionDigits: 2)) == "0.29")
        #expect(NumberFormat.string(0.285, .fixed(fractionDigits: 2), rounding: .binaryScaled) == "0.28")
        #expect(NumberFormat.string(-0.285, .upTo(fractionDigits: 2), rounding: .binaryScaled) == "-0.28")
        // No file of a real report contains an exponent or a thousands separator.
        for (_, contents) in ReportWriter.files(for: try! fixtureEstimate(), formats: [.csv, .json]) {
            #expect(contents.range(of: #"[0-9]e[-+]?[0-9]"#, options: .regularExpression) == nil)
        }
    }

    @Test("report.json is valid JSON with a stable key order and the per-level counts")
    func json() throws {
        let estimate = try fixtureEstimate()
        let text = ReportJSON.document(estimate).render()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(text.hasPrefix("{\n  \"format\": \"loupe-report\",\n  \"version\": 1,\n  \"architecture\": {"))
        let keys = ["format", "version", "architecture", "workload", "totals", "energy_breakdown", "techniques",
                    "layers", "mapper_summary", "assumptions", "estimated_energies"]
        let positions = keys.map { text.range(of: "\n  \"\($0)\": ")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(close(try #require(totals["energy_pj"] as? Double), estimate.totalEnergy))
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.count == 2)
        let levels = try #require(layers[0]["levels"] as? [[String: Any]])
        let glb = try #require(levels.first { $0["name"] as? String == "GlobalBuffer" })
        let tensors = try #require(glb["tensors"] as? [[String: Any]])
        let inputs = try #require(tensors.first { $0["tensor"] as? String == "inputs" })
        let model = try #require(estimate.layers[0].final.level("GlobalBuffer")?.accesses(.inputs))
        #expect(close(try #require(inputs["reads"] as? Double), model.totalReads))
        let techniques = try #require(object["techniques"] as? [[String: Any]])
        #expect(techniques.first?["technique"] as? String == "zero_skipping(inputs@MAC)")
        #expect((object["assumptions"] as? [String])?.count == 1)
    }

    @Test("summary.md has every section, the totals and the sources")
    func summary() throws {
        let estimate = try fixtureEstimate()
        let md = SummaryMarkdown.render(estimate)
        #expect(md.hasPrefix("# eyeriss-test × tiny-net\n"))
        for section in ["## Network", "## Layers", "## Energy breakdown", "## Bottlenecks", "## Technique savings",
                        "## Mapper", "## Assumptions"] {
            #expect(md.contains("\n" + section + "\n"), "\(section)")
        }
        #expect(md.contains("inferences/s"))
        #expect(md.contains("GMAC/s"))
        #expect(md.contains("mm²"))
        #expect(md.contains("at 200 MHz"))
        #expect(md.contains("- DRAM energy per access from the spec, LPDDR4 page policy not modelled"))
        #expect(md.contains("evaluated 12 mappings (7 valid) in 0.01 s"))
        #expect(md.contains("| fc,6 \"big\" |"))
        #expect(md.contains("zero\\_skipping(inputs@MAC)"))
        #expect(md.contains("input density 0.5 assumed"))
        // PsumSpad's leak came from the library, so its figures are flagged when estimated.
        let psum = try #require(estimate.architecture.levels.first { $0.name == "PsumSpad" })
        if psum.energy.estimated {
            #expect(md.contains("`PsumSpad` energies are estimates"))
        }
        #expect(md.contains("| PsumSpad | regfile | 168 |"))
    }

    @Test("figures: stacked energy per layer and the technique waterfall reach the final energy")
    func figures() throws {
        let estimate = try fixtureEstimate()
        let waterfall = ReportFigures.techniques(estimate)
        #expect(close(waterfall.finalValue, estimate.totalEnergy))
        #expect(waterfall.steps.map(\.label) == ["zero_skipping(inputs@MAC)"])
        let bars = ReportFigures.energy(estimate)
        #expect(bars.categories == ["conv1", "fc,6 \"big\""])
        let total = bars.series.reduce(0.0) { $0 + $1.values.reduce(0, +) }
        #expect(close(total, estimate.totalEnergy))
        #expect(bars.svg().hasPrefix("<"))
        #expect(bars.csv().hasPrefix("layer,component,energy_pj"))
    }
}

// MARK: - A tiny reader for mappings.yaml (the subset MappingsYAML writes)

private struct ParsedEntry {
    var level = ""
    var temporal: [Loop] = []
    var x: [Loop] = []
    var y: [Loop] = []
    var keeps: Set<TensorKind>?
}

private func unquote(_ s: Substring) -> String {
    var t = s.trimmingCharacters(in: .whitespaces)
    if t.hasPrefix("\"") && t.hasSuffix("\"") && t.count >= 2 {
        t = String(t.dropFirst().dropLast())
        t = t.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
    }
    return t
}

private func parseLoops(_ s: String) -> [Loop] {
    s.split(separator: " ").compactMap { part in
        let kv = part.split(separator: "=")
        guard kv.count == 2, let d = Dimension(name: String(kv[0])), let f = Int(kv[1]) else { return nil }
        return Loop(d, f)
    }
}

private func parseMappings(_ yaml: String) -> [String: [ParsedEntry]] {
    var result: [String: [ParsedEntry]] = [:]
    var layer: String?
    for line in yaml.split(separator: "\n", omittingEmptySubsequences: true) {
        if line.hasPrefix("#") || line.hasPrefix("version") || line.hasPrefix("mapping") { continue }
        if line.hasPrefix("  ") && !line.hasPrefix("   ") && line.hasSuffix(":") {
            layer = unquote(line.dropLast())
            result[layer!] = []
        } else if let l = layer, line.hasPrefix("    - level: ") {
            result[l]!.append(ParsedEntry(level: unquote(line.dropFirst("    - level: ".count))))
        } else if let l = layer, line.hasPrefix("      ") {
            let body = line.dropFirst(6)
            var entry = result[l]!.removeLast()
            if body.hasPrefix("temporal: ") {
                entry.temporal = parseLoops(unquote(body.dropFirst("temporal: ".count)))
            } else if body.hasPrefix("spatial: {") {
                let inner = body.dropFirst("spatial: {".count).dropLast()
                for axis in inner.split(separator: ",") {
                    let kv = axis.split(separator: ":", maxSplits: 1)
                    let loops = parseLoops(unquote(kv[1]))
                    if kv[0].trimmingCharacters(in: .whitespaces) == "x" { entry.x = loops } else { entry.y = loops }
                }
            } else if body.hasPrefix("keeps: [") {
                let inner = body.dropFirst("keeps: [".count).dropLast()
                entry.keeps = Set(inner.split(separator: ",").compactMap { TensorKind(name: $0.trimmingCharacters(in: .whitespaces)) })
            }
            result[l]!.append(entry)
        }
    }
    return result
}

/// Every file under `path` (relative name → bytes), for before/after comparisons.
private func snapshot(_ path: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: path)
    while let name = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let full = path + "/" + name
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: full))
        }
    }
    return out
}

@Suite("Report writer edge cases")
struct ReportWriterEdgeCaseTests {
    @Test("a symbolic link to the report directory is followed and kept")
    func symbolicLink() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/real")
        let paths = try ReportWriter.write(try fixtureEstimate(), to: dir + "/link", formats: [.csv])
        #expect(paths.first == dir + "/link/layers.csv")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link") == dir + "/real")
        #expect(FileManager.default.fileExists(atPath: dir + "/real/layers.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["link", "real"])
    }

    @Test("an existing empty directory and a trailing slash are fine")
    func emptyDirectory() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: false)
        let paths = try ReportWriter.write(try fixtureEstimate(), to: dir + "/out/", formats: [.md])
        #expect(paths == [dir + "/out/summary.md", dir + "/out/mappings.yaml"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted() == ["mappings.yaml", "summary.md"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
    }

    @Test("decimal text reads back within 12 significant digits across magnitudes")
    func decimalRoundTrip() {
        var state: UInt64 = 0x1234_5678_9ABC_DEF0
        for _ in 0..<5000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let mantissa = Double(state >> 11) / Double(1 << 53) + 0.5
            let exponent = Int((state >> 3) % 40) - 20
            let x = (state & 1 == 0 ? 1 : -1) * mantissa * pow(10, Double(exponent))
            let text = NumberFormat.string(x, .report)
            #expect(!text.contains("e") && !text.contains(",") && !text.contains(" "))
            let back = Double(text) ?? .nan
            #expect(abs(back - x) <= 5.000001e-12 * abs(x), "\(x) → \(text)")
        }
    }
}

@Suite("Report writer in the working directory")
struct ReportWriterWorkingDirectoryTests {
    @Test("the working directory is kept and its report files replaced in place")
    func inPlace() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/report"
        let estimate = try fixtureEstimate()
        // Without `timeloop`: its per-layer files are owned by ReportWriter.write, not by `reportFileNames`.
        try ReportWriter.write(estimate, to: out, formats: Set(ReportFormat.allCases).subtracting([.timeloop]))
        try "my notes".write(toFile: out + "/notes.txt", atomically: false, encoding: .utf8)
        let inode = try #require(try FileManager.default.attributesOfItem(atPath: out)[.systemFileNumber] as? UInt64)
        let before = try snapshot(out)
        let csvOnly = ReportWriter.files(for: estimate, formats: [.csv])
        for fault in [ReportDirectory.Fault.beforeFile(2), .beforeSwap] {
            #expect(throws: ReportWriteError.self) {
                try ReportDirectory.replace(directory: out, with: csvOnly, owned: ReportWriter.reportFileNames,
                                            fault: fault, workingDirectory: out)
            }
            #expect(try snapshot(out) == before)
        }
        try ReportDirectory.replace(directory: out, with: csvOnly, owned: ReportWriter.reportFileNames,
                                    workingDirectory: out)
        #expect(try FileManager.default.attributesOfItem(atPath: out)[.systemFileNumber] as? UInt64 == inode)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted()
                == ["accesses.csv", "energy.csv", "layers.csv", "mappings.yaml", "notes.txt", "techniques.csv"])
        #expect(try read(out + "/notes.txt") == "my notes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report"])
    }

    /// A padded layer (`multiple_of`, docs/model.md §7) carries the workload's bounds as
    /// `padded_from` in report.json; an unpadded one has no such key, so reports of
    /// architectures without `multiple_of` are unchanged.
    @Test func paddedLayersNameTheirWorkloadBounds() throws {
        var estimate = try fixtureEstimate()
        #expect(!ReportJSON.document(estimate).render().contains("padded_from"))
        var original = estimate.layers[0].layer.bounds
        original[Dimension.C.rawValue] = 2
        estimate.layers[0].unpaddedBounds = original
        let json = ReportJSON.document(estimate).render()
        let start = try #require(json.range(of: "\"padded_from\""))
        let after = json[start.upperBound...]
        let block = after[..<(after.range(of: "}")?.lowerBound ?? after.endIndex)]
        #expect(block.contains("\"C\": 2"), "\(block)")
        #expect(block.contains("\"K\": 32"), "\(block)")
    }
}
