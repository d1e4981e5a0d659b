import Foundation
import LoupeEngine
import LoupeModel
import LoupeSearch
import LoupeSpec
import Testing

/// Named dataflows exclude what their definitions exclude (docs/mapper.md "Constraints and named
/// dataflows"): for each, a mapping the definition allows is in the mapspace and one it forbids
/// is not (`Mapspace.violations(of:levelNames:)`).
///
/// The hardware: DRAM → GlobalBuffer → a 4 × 4 array of PEs, each with one register file that
/// may keep every tensor → MAC. The layer: K = C = P = Q = 4, R = S = 3 (N = G = 1).
@Suite("Dataflows as defined")
struct DataflowDefinitionTests {
    static let levelNames = ["DRAM", "GlobalBuffer", "RF"]

    static func architecture(_ dataflow: Dataflow, arrayY: Int = 4) -> Architecture {
        var arch = Architecture(name: "df", technology: .nm45, clockHz: 1e9, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 100, "write": 100, "update": 100, "leak": 0]),
            Level(name: "GlobalBuffer", levelClass: .sram, sizeWords: 65536, specEnergy: ["read": 6, "write": 6, "update": 6, "leak": 0]),
            Level(name: "RF", levelClass: .regfile, sizeWords: 256, arrayX: 4, arrayY: arrayY,
                  specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0]),
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ])
        arch.constraints = MapperConstraints(dataflow: dataflow)
        return arch
    }

    static let layer: Layer = {
        var b = Array(repeating: 1, count: 8)
        for (d, v) in [(Dim.K, 4), (.C, 4), (.P, 4), (.Q, 4), (.R, 3), (.S, 3)] { b[d.rawValue] = v }
        return Layer(name: "conv", bounds: b)
    }()

    /// A mapping: the given temporal factors per level, spatial factors on the GlobalBuffer's
    /// fanout, the listed dimensions innermost (outer → inner) per level, and per-level keeps
    /// (all kept when not given); whatever is left of each bound goes to DRAM.
    static func mapping(temporal: [Int: [Dim: Int]] = [:], x: [Dim: Int] = [:], y: [Dim: Int] = [:],
                        inner: [Int: [Dim]] = [:], keeps: [Int: Set<TensorKind>] = [:]) -> CompactMapping {
        var m = CompactMapping(levels: 3)
        for (i, fs) in temporal { for (d, v) in fs { m[temporal: i, d.rawValue] = v } }
        for (d, v) in x { m[spatialX: 1, d.rawValue] = v }
        for (d, v) in y { m[spatialY: 1, d.rawValue] = v }
        for d in Dim.allCases {
            var placed = m[spatialX: 1, d.rawValue] * m[spatialY: 1, d.rawValue]
            for i in 1..<3 { placed *= m[temporal: i, d.rawValue] }
            m[temporal: 0, d.rawValue] = layer[d] / placed
        }
        for (i, dims) in inner {
            let rest = Dim.allCases.filter { !dims.contains($0) }
            for (k, d) in (rest + dims).enumerated() { m[order: i, k] = UInt8(d.rawValue) }
        }
        for (i, ts) in keeps { m.keeps[i] = ts.reduce(UInt8(0)) { $0 | (1 << UInt8($1.rawValue)) } }
        return m
    }

    static func violations(_ dataflow: Dataflow, _ m: CompactMapping, arrayY: Int = 4) throws -> [String] {
        let arch = architecture(dataflow, arrayY: arrayY)
        let space = try Mapspace(architecture: arch, layer: layer, constraints: arch.constraints)
        return space.violations(of: m, levelNames: levelNames)
    }

    /// Weight stationary: different weights across the PEs (X: K; Y: C, R, S), each PE's register
    /// file holds its weights (and only them) while the loops that do not touch them (N, P, Q)
    /// run innermost.
    @Test func weightStationary() throws {
        let ok = Self.mapping(temporal: [2: [.P: 4, .Q: 4]], x: [.K: 4], y: [.C: 4], inner: [2: [.P, .Q]], keeps: [2: [.weights]])
        #expect(try Self.violations(.weightStationary, ok).isEmpty)
        // Output rows across the PEs: the same weight in every PE, not WS.
        let spreadP = Self.mapping(temporal: [2: [.Q: 4]], x: [.P: 4], y: [.C: 4], inner: [2: [.Q]], keeps: [2: [.weights]])
        #expect(try Self.violations(.weightStationary, spreadP).contains { $0.contains("P=4") })
        // The PE's register file does not hold the weights.
        var bypass = ok
        bypass.keeps[2] = 0
        #expect(try Self.violations(.weightStationary, bypass).contains { $0.contains("must keep weights") })
        // Psums accumulated in the PE: they "must move through the spatial array" (§V-B).
        let psumsInPE = Self.mapping(temporal: [2: [.P: 4, .Q: 4]], x: [.K: 4], y: [.C: 4], inner: [2: [.P, .Q]],
                                     keeps: [2: [.weights, .outputs]])
        #expect(try Self.violations(.weightStationary, psumsInPE) == ["RF: must bypass outputs"])
        // A weight loop inside the output loops: the weight changes between uses.
        let kInner = Self.mapping(temporal: [2: [.P: 4, .Q: 4, .K: 4]], y: [.C: 4], inner: [2: [.P, .Q, .K]], keeps: [2: [.weights]])
        #expect(try Self.violations(.weightStationary, kInner).contains { $0.contains("do not end with") })
    }

    /// Output stationary: different outputs across the PEs (X: Q, P, N; Y: K, P), each PE's
    /// register file accumulates its psums while the reduction loops (C, R, S) run innermost.
    @Test func outputStationary() throws {
        let ok = Self.mapping(temporal: [2: [.C: 4, .R: 3, .S: 3]], x: [.Q: 4], y: [.K: 4], inner: [2: [.C, .R, .S]], keeps: [2: [.outputs]])
        #expect(try Self.violations(.outputStationary, ok).isEmpty)
        // Channels across the PEs: psums would have to move between PEs, not OS.
        let spreadC = Self.mapping(temporal: [2: [.R: 3, .S: 3]], x: [.Q: 4], y: [.C: 4], inner: [2: [.R, .S]], keeps: [2: [.outputs]])
        #expect(try Self.violations(.outputStationary, spreadC).contains { $0.contains("C=4") })
        var bypass = ok
        bypass.keeps[2] = 0
        #expect(try Self.violations(.outputStationary, bypass).contains { $0.contains("must keep outputs") })
        var weightsInPE = ok
        weightsInPE.keeps[2] |= 1 << UInt8(TensorKind.weights.rawValue)
        #expect(try Self.violations(.outputStationary, weightsInPE) == ["RF: must bypass weights"])
    }

    /// Input stationary: different inputs across the PEs (X: C; Y: P, Q, N), each PE's register
    /// file holds its inputs while the loop that does not touch them (K) runs innermost.
    @Test func inputStationary() throws {
        let ok = Self.mapping(temporal: [2: [.K: 4]], x: [.C: 4], y: [.P: 4], inner: [2: [.K]], keeps: [2: [.inputs]])
        #expect(try Self.violations(.inputStationary, ok).isEmpty)
        // Filters across the PEs: the same input in every PE, not IS.
        let spreadK = Self.mapping(x: [.K: 4], y: [.P: 4], keeps: [2: [.inputs]])
        #expect(try Self.violations(.inputStationary, spreadK).contains { $0.contains("K=4") })
        var bypass = ok
        bypass.keeps[2] = 0
        #expect(try Self.violations(.inputStationary, bypass).contains { $0.contains("must keep inputs") })
        var psumsInPE = ok
        psumsInPE.keeps[2] |= 1 << UInt8(TensorKind.outputs.rawValue)
        #expect(try Self.violations(.inputStationary, psumsInPE) == ["RF: must bypass outputs"])
    }

    /// No local reuse: the PE keeps nothing; every operand comes from the global buffer.
    @Test func noLocalReuse() throws {
        let ok = Self.mapping(x: [.K: 4], y: [.C: 4], keeps: [2: []])
        #expect(try Self.violations(.noLocalReuse, ok).isEmpty)
        let keepsWeights = Self.mapping(x: [.K: 4], y: [.C: 4], keeps: [2: [.weights]])
        #expect(try Self.violations(.noLocalReuse, keepsWeights).contains { $0.contains("must bypass weights") })
    }

    /// Row stationary (ISCA 2016): filter rows on Y, output rows on X, a 1-D row convolution
    /// (S innermost, Q) in the PE; channels and filters only fold onto the array.
    @Test func rowStationary() throws {
        // R = 3 of 4 rows on Y; P = 4 on X; the PE slides S within Q; K, C at the global buffer.
        let ok = Self.mapping(temporal: [1: [.K: 4, .C: 4], 2: [.Q: 4, .S: 3]], x: [.P: 4], y: [.R: 3], inner: [2: [.Q, .S]])
        #expect(try Self.violations(.rowStationary, ok).isEmpty)
        // The K × C mapping the old expansion admitted: filters on X, channels on Y, filter rows
        // and output rows in time.
        let kc = Self.mapping(temporal: [1: [.R: 3, .P: 4], 2: [.Q: 4, .S: 3]], x: [.K: 4], y: [.C: 4], inner: [2: [.Q, .S]])
        let v = try Self.violations(.rowStationary, kc)
        #expect(v.contains { $0.contains("GlobalBuffer temporal: R=3") })
        #expect(v.contains { $0.contains("GlobalBuffer spatial: P=1 on the array, the constraints ask at least 4") })
        // The filter row split across passes (S outside the PE).
        let sOut = Self.mapping(temporal: [1: [.K: 4, .C: 4, .S: 3], 2: [.Q: 4]], x: [.P: 4], y: [.R: 3])
        #expect(try Self.violations(.rowStationary, sOut).contains { $0.contains("GlobalBuffer temporal: S=3") })
        // A PE computing several output rows in turn.
        let pInPE = Self.mapping(temporal: [1: [.K: 4, .C: 4], 2: [.P: 4, .Q: 4, .S: 3]], y: [.R: 3], inner: [2: [.S]])
        #expect(try Self.violations(.rowStationary, pInPE).contains { $0.contains("RF temporal: P=4") })
        // The paper's folding: a second filter on the spare... here channels stacked on Y next to R
        // does not fit 4 rows (3 × 2 = 6), so fold C on Y with R = 3 only on a 6-row array.
        let folded = Self.mapping(temporal: [1: [.K: 4, .C: 2], 2: [.Q: 4, .S: 3]], x: [.P: 4], y: [.R: 3, .C: 2], inner: [2: [.Q, .S]])
        #expect(try Self.violations(.rowStationary, folded, arrayY: 6).isEmpty)
    }

    /// When R does not fit the array's height, the PE set folds in time: the largest divisor of R
    /// that fits goes on Y, the rest is the global buffer's temporal factor (R = 3 on 2 rows:
    /// 1 on Y, 3 in time).
    @Test func rowStationaryFoldsTallFilters() throws {
        let folded = Self.mapping(temporal: [1: [.K: 4, .C: 4, .R: 3], 2: [.Q: 4, .S: 3]], x: [.P: 4], inner: [2: [.Q, .S]])
        #expect(try Self.violations(.rowStationary, folded, arrayY: 2).isEmpty)
        #expect(try !Self.violations(.rowStationary, folded, arrayY: 4).isEmpty)
    }

    /// Every mapping the mapper returns for a named dataflow is in that dataflow's mapspace.
    @Test("the mapper stays inside the dataflow", arguments: Dataflow.allCases)
    func mapperStaysInside(_ dataflow: Dataflow) throws {
        let arch = Self.architecture(dataflow)
        let mapper = Mapper(architecture: Evaluator(architecture: arch).resolved,
                            options: MapperOptions(objective: .energy, budget: 2_000, seed: 1, threads: 2))
        let result = try #require(try mapper.searchAll(layers: [Self.layer]).first ?? nil)
        let space = try Mapspace(architecture: arch, layer: Self.layer, constraints: arch.constraints)
        #expect(space.violations(of: result.compact, levelNames: Self.levelNames).isEmpty)
    }

    /// Eyeriss running AlexNet conv1 row-stationary (JSSC 2017 Table III maps it with the 11
    /// filter rows on the array's rows and strips of output rows on its columns): the mapper's
    /// choice has R = 11 on Y and at least e = 11 output rows (the largest divisor of P = 55 that
    /// fits 14 columns) on the array, so at least 121 of the 168 PEs work.
    @Test func eyerissConv1() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let arch = try SpecLoader.loadArchitecture(path: root.appendingPathComponent("Architectures/eyeriss.yaml").path)
        let workload = try SpecLoader.loadWorkload(path: root.appendingPathComponent("Workloads/alexnet.yaml").path)
        let conv1 = try #require(workload.layers.first { $0.name == "conv1" })
        let evaluator = Evaluator(architecture: arch)
        let mapper = Mapper(architecture: evaluator.resolved, constraints: arch.constraints,
                            options: MapperOptions(objective: .energy, budget: 2_000, seed: 1, threads: 2))
        let result = try #require(try mapper.searchAll(layers: [conv1]).first ?? nil)
        let glb = try #require(arch.levelIndex(named: "GlobalBuffer"))
        let m = result.compact
        #expect(m[spatialY: glb, Dim.R.rawValue] == 11)
        #expect(m[spatialX: glb, Dim.P.rawValue] * m[spatialY: glb, Dim.P.rawValue] >= 11)
        let pes = Dim.allCases.reduce(1) { $0 * m[spatialX: glb, $1.rawValue] * m[spatialY: glb, $1.rawValue] }
        #expect(pes >= 121)
    }
}
