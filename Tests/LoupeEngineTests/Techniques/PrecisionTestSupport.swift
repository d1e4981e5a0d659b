import Testing
@testable import LoupeEngine
import LoupeModel

/// Small architectures, layers and mappings for the precision, early-termination and cropping
/// technique tests, built directly in Swift.
enum PrecisionFixtures {
    /// DRAM → MAC with unlimited bandwidth: compute cycles = MACs, so cycle ratios are exactly
    /// the technique's compute-time factor.
    static func flatArchitecture(wordBits: Int = 16, technology: Technology = .nm45, macEnergy: Double = 1,
                                 dramEnergy: Double = 200, techniques: [TechniqueSpec] = []) -> Architecture {
        Architecture(name: "flat", technology: technology, clockHz: 200e6, levels: [
            Level(name: "DRAM", levelClass: .dram, wordBits: wordBits,
                  specEnergy: ["read": dramEnergy, "write": dramEnergy, "update": dramEnergy, "leak": 0]),
            Level(name: "MAC", levelClass: .compute, wordBits: wordBits, specEnergy: ["compute": macEnergy, "leak": 0]),
        ], techniques: techniques)
    }

    /// An Eyeriss-like hierarchy with the normalized energies of Chen, Emer, Sze, ISCA 2016
    /// Table IV (per 16-bit access, relative to one MAC): DRAM 200, global buffer 6, register
    /// file 1, MAC 1. One PE; the global buffer keeps inputs and outputs (weights bypass it).
    static func eyerissLike(wordBits: Int = 16, leak: Double = 0) -> Architecture {
        Architecture(name: "eyeriss-like", technology: .nm65, clockHz: 200e6, levels: [
            Level(name: "DRAM", levelClass: .dram, wordBits: wordBits,
                  specEnergy: ["read": 200, "write": 200, "update": 200, "leak": 0]),
            Level(name: "GlobalBuffer", levelClass: .sram, wordBits: wordBits, keeps: [.inputs, .outputs],
                  specEnergy: ["read": 6, "write": 6, "update": 6, "leak": leak]),
            Level(name: "RF", levelClass: .regfile, wordBits: wordBits,
                  specEnergy: ["read": 1, "write": 1, "update": 1, "leak": leak]),
            Level(name: "MAC", levelClass: .compute, wordBits: wordBits, specEnergy: ["compute": 1, "leak": 0]),
        ])
    }

    /// A convolution with `P = Q = out`, `R = S = kernel`, stride 1.
    static func conv(_ name: String, C: Int, K: Int, out: Int, kernel: Int = 3, groups: Int = 1,
                     precision: Precision = Precision(), stats: DataStats = DataStats()) -> Layer {
        var l = Layer(name: name, type: .conv, precision: precision, stats: stats)
        l[.C] = C
        l[.K] = K
        l[.G] = groups
        l[.P] = out
        l[.Q] = out
        l[.R] = kernel
        l[.S] = kernel
        return l
    }

    /// A fully-connected layer.
    static func fc(_ name: String, inputs: Int, outputs: Int, stats: DataStats = DataStats()) -> Layer {
        var l = Layer(name: name, type: .fc, stats: stats)
        l[.C] = inputs
        l[.K] = outputs
        return l
    }

    /// Every loop temporal at DRAM (for `flatArchitecture`).
    static func flatMapping(_ layer: Layer) -> Mapping {
        Mapping(levels: [LevelMapping(temporal: Dimension.allCases.filter { layer[$0] > 1 }.map { Loop($0, layer[$0]) })])
    }

    /// For `eyerissLike`: DRAM walks filter blocks of up to 16, the global buffer walks output
    /// positions, the register file holds a block of filters and runs C, R, S innermost.
    static func eyerissMapping(_ layer: Layer) -> Mapping {
        var kt = 1
        for f in stride(from: min(16, layer[.K]), through: 1, by: -1) where layer[.K] % f == 0 {
            kt = f
            break
        }
        var dram: [Loop] = []
        for d in [Dimension.N, .G] where layer[d] > 1 { dram.append(Loop(d, layer[d])) }
        if layer[.K] / kt > 1 { dram.append(Loop(.K, layer[.K] / kt)) }
        let glb = [Dimension.P, .Q].filter { layer[$0] > 1 }.map { Loop($0, layer[$0]) }
        var rf: [Loop] = kt > 1 ? [Loop(.K, kt)] : []
        rf += [Dimension.C, .R, .S].filter { layer[$0] > 1 }.map { Loop($0, layer[$0]) }
        return Mapping(levels: [LevelMapping(temporal: dram), LevelMapping(temporal: glb), LevelMapping(temporal: rf)])
    }

    static func evaluate(_ architecture: Architecture, _ layer: Layer, mapping: Mapping? = nil) throws -> Evaluation {
        let ev = Evaluator(architecture: architecture)
        let m = mapping ?? (architecture.levels.count == 2 ? flatMapping(layer) : eyerissMapping(layer))
        return try ev.evaluate(layer: layer, mapping: m)
    }

    /// The dense evaluation and the one after `technique`, with its notes.
    static func run(_ spec: TechniqueSpec, on architecture: Architecture, _ layer: Layer,
                    mapping: Mapping? = nil) throws -> (dense: Evaluation, after: Evaluation, notes: [String]) {
        let resolved = architecture.resolved()
        let dense = try evaluate(architecture, layer, mapping: mapping)
        let t = try TechniqueRegistry.make(spec, architecture: resolved)
        var notes: [String] = []
        let after = t.apply(to: dense, context: TechniqueContext(architecture: resolved, layer: layer), notes: &notes)
        return (dense, after, notes)
    }

    /// `Σ levels (access + leak) + Σ networks + MACs`, recomputed from the parts.
    static func sumOfParts(_ e: Evaluation) -> Double {
        var total = e.macEnergy
        for l in e.levels { total += l.tensors.reduce(0) { $0 + $1.energy } + l.leakEnergy }
        for n in e.networks { total += n.energy }
        return total
    }

    /// Whether `refresh` leaves the evaluation's energies and cycles as they are (counts and
    /// energies agree).
    static func isRefreshed(_ e: Evaluation, _ architecture: Architecture) -> Bool {
        var copy = e
        copy.refresh(architecture: architecture.resolved())
        return close(copy.energy, e.energy, 1e-12) && copy.cycles == e.cycles && copy.bound == e.bound
    }

    /// Stats built by a closure.
    static func stats(_ body: (inout DataStats) -> Void) -> DataStats {
        var s = DataStats()
        body(&s)
        return s
    }

    /// Relative closeness: `|a − b| ≤ tol · max(|a|, |b|, tiny)`.
    static func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool {
        abs(a - b) <= tol * max(abs(a), abs(b), 1e-300)
    }
}
