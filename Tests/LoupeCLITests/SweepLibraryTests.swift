import Foundation
import LoupeEngine
import LoupeModel
import LoupeReport
import LoupeSearch
import LoupeSpec
import Testing

/// The sweep and roofline library pieces the CLI is built from: `SweepRunner` → `SweepTable` →
/// `SweepMerge` / `SweepFigure`, and `RooflineReport`.
@Suite("Sweep and roofline reports")
struct SweepLibraryTests {
    static let options = MapperOptions(objective: .edp, budget: 300, seed: 7, threads: 1)

    /// Runs `points` as the CLI does (`--set` overrides from the point's values).
    /// With sharing, a shard's first pass covers the whole grid, as in the CLI.
    static func table(_ grid: SweepGrid, shard: SweepShard? = nil, perLayer: Bool = false, threads: Int = 2,
                      share: Bool = true, directory: String) -> String {
        let points = grid.indices(shard: shard).map(grid.point)
        let options = Self.options
        let neighbours = shard == nil || !share ? nil : (0..<grid.count).map(grid.point)
        let outcomes = SweepRunner(threads: threads, share: share).run(points, neighbours: neighbours, request: { point throws(DiagnosticError) in
            var overrides: [Override] = []
            for a in point.assignments { overrides.append(try Override.parse(a)) }
            let arch = try SpecLoader.loadArchitecture(path: directory + "/arch.yaml", overrides: overrides)
            let work = try SpecLoader.loadWorkload(path: directory + "/work.yaml", overrides: overrides)
            return EstimateRequest(architecture: arch, workload: work, options: options)
        })
        let rows = outcomes.map { o -> SweepTable.Row in
            switch o.result {
            case .estimate(let e): SweepTable.Row(point: o.point.index, values: o.point.values, status: .ok(e))
            case .invalid(let d): SweepTable.Row(point: o.point.index, values: o.point.values, status: .invalid(d[0].message))
            case .interrupted: SweepTable.Row(point: o.point.index, values: o.point.values, status: .interrupted)
            }
        }
        return SweepTable(paths: grid.paths, perLayer: perLayer, rows: rows).render()
    }

    static func grid(_ vary: [String]) throws -> SweepGrid {
        try SweepGrid(axes: vary.map { try SweepAxis.parse($0) })
    }

    static let vary = ["architecture.levels.Buffer.size=2KiB:6KiB:2KiB,-1KiB", "architecture.levels.DRAM.bandwidth.read=1,4"]

    @Test func rowsAreTheProductOfTheValueCounts() throws {
        let dir = try SweepFixtures.directory()
        let grid = try Self.grid(Self.vary)
        #expect(grid.count == 4 * 2)
        let records = try CSVReader.records(Self.table(grid, directory: dir))
        #expect(records.count == 1 + 8)
        #expect(records[0].fields == ["point", "architecture.levels.Buffer.size", "architecture.levels.DRAM.bandwidth.read",
                                      "energy_pj", "cycles", "latency_s", "edp_j_s", "pj_per_mac", "utilization", "area_mm2", "status"])
        #expect(records.dropFirst().map { $0.fields[0] } == (0..<8).map(String.init))
        #expect(records[1].fields[1...2] == ["2KiB", "1"])
        #expect(records[2].fields[1...2] == ["2KiB", "4"])
        // The invalid value: marked, numbers empty, the others go on.
        let invalid = records.filter { $0.fields.last!.hasPrefix("invalid: ") }
        #expect(invalid.map { $0.fields[1] } == ["-1KiB", "-1KiB"])
        #expect(invalid.allSatisfy { $0.fields[3...9].allSatisfy(\.isEmpty) })
        #expect(records.filter { $0.fields.last == "ok" }.count == 6)

        // --per-layer: a network row then one row per layer for each estimated point.
        let perLayer = try CSVReader.records(Self.table(grid, perLayer: true, directory: dir))
        #expect(perLayer[0].fields[3] == "layer")
        #expect(perLayer.count == 1 + 6 * 3 + 2)
        // Layer rows (× repeat) add up to the network row.
        let point0 = perLayer.dropFirst().filter { $0.fields[0] == "0" }
        #expect(point0.map { $0.fields[3] } == ["(network)", "c1", "fc"])
        let network = Double(point0[0].fields[4])!
        let sum = Double(point0[1].fields[4])! + Double(point0[2].fields[4])!
        #expect(abs(network - sum) <= 1e-9 * network)
    }

    @Test func resultsDoNotDependOnThreads() throws {
        let dir = try SweepFixtures.directory()
        let grid = try Self.grid(Self.vary)
        #expect(Self.table(grid, threads: 1, directory: dir) == Self.table(grid, threads: 4, directory: dir))
    }

    /// Shards merged (in any order) equal the unsharded run byte for byte.
    /// With sharing, and with `--no-share`.
    @Test(arguments: [(false, true), (true, true), (false, false)])
    func shardsMergeToTheUnshardedFile(perLayer: Bool, share: Bool) throws {
        let dir = try SweepFixtures.directory()
        let grid = try Self.grid(Self.vary)
        let whole = Self.table(grid, perLayer: perLayer, share: share, directory: dir)
        for n in [2, 3, 8, 11] {
            var shards: [(name: String, text: String)] = []
            for i in 0..<n {
                shards.append(("shard\(i)", Self.table(grid, shard: SweepShard(index: i, count: n), perLayer: perLayer, share: share,
                                                       directory: dir)))
            }
            #expect(try SweepMerge.merge(shards) == whole, "N = \(n)")
            #expect(try SweepMerge.merge(shards.reversed(), expectedPoints: grid.count) == whole, "N = \(n), reversed")
        }
    }

    @Test func mergeRejectsShardsThatDoNotFit() throws {
        let dir = try SweepFixtures.directory()
        let grid = try Self.grid(Self.vary)
        let s0 = ("s0.csv", Self.table(grid, shard: SweepShard(index: 0, count: 2), directory: dir))
        let s1 = ("s1.csv", Self.table(grid, shard: SweepShard(index: 1, count: 2), directory: dir))
        // The same shard twice.
        #expect(throws: SweepFileError.self) { try SweepMerge.merge([s0, s1, s0]) }
        // A missing shard (gaps), and a missing tail only found with the expected count.
        #expect(throws: SweepFileError.self) { try SweepMerge.merge([s1]) }
        #expect(try SweepMerge.merge([s1], allowGaps: true).split(separator: "\n").count == 1 + 4)
        #expect(try SweepMerge.merge([s0, s1], expectedPoints: 8) == Self.table(grid, directory: dir))
        #expect(throws: SweepFileError.self) { try SweepMerge.merge([s0, s1], expectedPoints: 9) }
        #expect(throws: SweepFileError.self) { try SweepMerge.merge([s0, s1], expectedPoints: 7) }
        // Different sweeps (headers differ).
        let other = ("o.csv", Self.table(try Self.grid(["architecture.levels.Buffer.size=2KiB"]), directory: dir))
        #expect(throws: SweepFileError.self) { try SweepMerge.merge([s0, other]) }
        #expect(throws: SweepFileError.self) { try SweepMerge.merge([("x.csv", "a,b\n1,2\n")]) }
    }

    @Test func csvReaderKeepsRecordsExactly() throws {
        let text = "a,b,c\n1,\"x, \"\"y\"\"\",\n2,\"multi\nline\",z\r\n"
        let r = try CSVReader.records(text)
        #expect(r.count == 3)
        #expect(r[1].fields == ["1", "x, \"y\"", ""])
        #expect(r[1].text == "1,\"x, \"\"y\"\"\",")
        #expect(r[2].fields == ["2", "multi\nline", "z"])
        #expect(r[2].line == 3)
        #expect(throws: CSVReadError.self) { try CSVReader.records("a,\"b\n") }
        #expect(throws: CSVReadError.self) { try CSVReader.records("a,b\"c\n") }
    }

    /// sweep.svg is XML with one marker per estimated point in each of its two series.
    @Test func sweepFigureParsesWithOneMarkerPerPoint() throws {
        let dir = try SweepFixtures.directory()
        let grid = try Self.grid(["architecture.levels.Buffer.size=2KiB:8KiB:2KiB,-1KiB"])
        let csv = Self.table(grid, perLayer: true, directory: dir)
        let files = try SweepFigure.files(csv: csv, numericX: SweepQuantity.numericAxis)
        #expect(files.map(\.name) == ["sweep.svg", "sweep_figure.csv"])
        let counter = try #require(SVGClassCounter.count(files[0].contents))
        #expect(counter.root == "svg")
        #expect(counter["marker"] == 2 * 4, "4 valid points × energy and latency")
        #expect(files[0].contents.contains("architecture.levels.Buffer.size (KiB)"))
        // Drawing again from the same file gives the same bytes (--figures-only).
        #expect(try SweepFigure.files(csv: csv, numericX: SweepQuantity.numericAxis).map(\.contents) == files.map(\.contents))
        let data = try CSVReader.records(files[1].contents)
        #expect(data[0].fields == ["series", "axis", "x", "y"])
        #expect(data.dropFirst().map { $0.fields[2] } == ["2", "4", "6", "8", "2", "4", "6", "8"])

        // Two axes with ≤ 3 combinations of the second: one energy and one latency series each.
        let two = Self.table(try Self.grid(["architecture.levels.Buffer.size=2KiB,8KiB", "architecture.levels.DRAM.bandwidth.read=1,4"]),
                             directory: dir)
        let counter2 = try #require(SVGClassCounter.count(try SweepFigure.make(csv: two, numericX: SweepQuantity.numericAxis).svg()))
        #expect(counter2["series"] == 4)
        #expect(counter2["marker"] == 8)
    }

    /// roofline.csv: 7 steps per layer in order, bounds never increasing, the estimate under
    /// the last; roofline.svg: XML with one point marker per layer.
    @Test func rooflineReport() throws {
        let dir = try SweepFixtures.directory()
        let arch = try SpecLoader.loadArchitecture(path: dir + "/arch.yaml")
        let work = try SpecLoader.loadWorkload(path: dir + "/work.yaml")
        let (estimate, _) = try EstimatePipeline.run(EstimateRequest(architecture: arch, workload: work, options: Self.options))
        let files = RooflineReport.files(for: estimate, formats: [.csv, .svg])
        #expect(files.map(\.name) == ["roofline.csv", "roofline.svg", "roofline_figure.csv"])
        let records = try CSVReader.records(files[0].contents)
        #expect(records[0].fields == ["layer", "step", "bound_macs_per_cycle", "limiter"])
        #expect(records.count == 1 + 7 * estimate.layers.count)
        for (k, layer) in estimate.layers.enumerated() {
            let rows = records[(1 + 7 * k)..<(1 + 7 * (k + 1))]
            #expect(rows.allSatisfy { $0.fields[0] == layer.layer.name })
            #expect(rows.map { $0.fields[1] } == EyexamStep.allCases.map(\.name))
            let bounds = rows.map { Double($0.fields[2])! }
            #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $1 <= $0 })
            #expect(Double(layer.dense.macs) / layer.dense.cycles <= bounds.last! * (1 + 1e-9))
        }
        let counter = try #require(SVGClassCounter.count(files[1].contents))
        #expect(counter["point"] == estimate.layers.count)
        #expect(counter["bandwidth-ceiling"] == 1)
        #expect(counter["compute-ceiling"] == 1)
        // Only csv, or only svg.
        #expect(RooflineReport.files(for: estimate, formats: [.csv]).map(\.name) == ["roofline.csv"])
        #expect(RooflineReport.files(for: estimate, formats: [.md]).isEmpty)
    }
}
