import Foundation
import LoupeEngine
import LoupeModel
import LoupeSpec
import Testing
@testable import LoupeSearch

typealias Dim = LoupeModel.Dimension

/// The per-layer lower bound (`LayerBound`, docs/mapper.md "Lower bound") is never above the
/// dense energy or the cycles of any valid mapping: checked against every mapping of small
/// spaces (enumerated whole), random valid mappings of zoo layers, and the mapper's own result;
/// and equal to the optimum in a hand-derived case where capacity does not bind.
@Suite("Lower bound per layer")
struct LowerBoundTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func layer(_ dims: [Dim: Int], stride: Int = 1) -> Layer {
        var b = Array(repeating: 1, count: 8)
        for (d, v) in dims { b[d.rawValue] = v }
        return Layer(name: "toy", bounds: b, strideRows: stride, strideCols: stride)
    }

    /// DRAM (100 pJ) → Buffer (1 pJ) → MAC (1 pJ), no arrays, no leakage (docs/mapper.md's
    /// "Lower bound" example).
    static func toy(bufferWords: Int) -> Architecture {
        Evaluator(architecture: Architecture(name: "toy", technology: .nm45, clockHz: 1e9, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 100, "write": 100, "update": 100, "leak": 0]),
            Level(name: "Buffer", levelClass: .regfile, sizeWords: bufferWords, specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0]),
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ])).architecture
    }

    /// docs/model.md §7's PE example: a bandwidth-limited, block-4 DRAM, a 4 × 2 array of
    /// leaking register files with a network, and PE-local keeps that may bypass.
    static func pe(bufferWords: Int = 64) -> Architecture {
        Evaluator(architecture: Architecture(name: "pe", technology: .nm45, clockHz: 1e9, levels: [
            Level(name: "DRAM", levelClass: .dram, blockWords: 4, bandwidth: Bandwidth(read: 1, write: 1),
                  specEnergy: ["read": 4, "write": 4, "update": 4, "leak": 0]),
            Level(name: "Buffer", levelClass: .regfile, sizeWords: bufferWords, arrayX: 4, arrayY: 2, networkTransfer: 0.1,
                  specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0.01]),
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ])).architecture
    }

    /// Every valid mapping of the space, enumerated: the bound is at or below each one's dense
    /// energy and cycles. Returns the optimum energy and the fewest cycles found.
    @discardableResult
    static func checkExhaustively(_ arch: Architecture, _ layer: Layer) throws -> (energy: Double, cycles: Double, bound: LayerBound) {
        let bound = LayerBound(architecture: arch, layer: layer)
        let space = try Mapspace(architecture: arch, layer: layer, constraints: MapperConstraints())
        let all = try #require(ExhaustiveSearch(space: space, limit: ExhaustiveSearch.maximumPoints))
        let kernel = NestKernel(architecture: ResolvedArchitecture(arch), layer: layer)
        var best = (energy: Double.infinity, cycles: Double.infinity)
        var valid = 0
        all.run(stream: 0, streams: 1) { m in
            guard kernel.analyze(m) else { return true }
            let (energy, cycles) = kernel.cost()
            valid += 1
            best = (min(best.energy, energy), min(best.cycles, cycles))
            return true
        }
        #expect(valid > 10)
        #expect(bound.energy <= best.energy * (1 + 1e-12), "bound \(bound.energy) pJ above the optimum \(best.energy) pJ")
        #expect(bound.cycles <= best.cycles, "bound \(bound.cycles) cycles above the fewest \(best.cycles)")
        return (best.energy, best.cycles, bound)
    }

    /// Hand-derived: K = 4, S = 3, Q = 8 (MACs 96; weights 12, inputs Q + S − 1 = 10, outputs 32;
    /// R = S = 3 reduction steps), one PE, so every share is 1. Cheapest innermost keeper of
    /// each tensor is the Buffer:
    /// - weights: DRAM reads 12 × 100 + Buffer fills 12 + Buffer reads 96 = 1,308 pJ
    ///   (keeping them only in DRAM would cost 96 × 100);
    /// - inputs: 10 × 100 + 10 + 96 = 1,106 pJ;
    /// - outputs: DRAM updates 32 × 100 + Buffer updates 96 + partial-sum reads 32 × (3 − 1) = 64:
    ///   3,360 pJ;
    /// - MACs 96 pJ, no leakage: **5,870 pJ**, and **96** cycles (one PE, unlimited bandwidth).
    /// With a 64-word Buffer the whole layer fits (12 + 10 + 32 = 54 words): every loop in the
    /// Buffer reaches exactly these counts, so the bound is the optimum. So does a 32-word
    /// Buffer with `K=2` in DRAM (6 + 10 + 16 words: inputs stay put under the irrelevant `K`).
    /// With 8 words capacity binds, and the optimum lies above the bound.
    @Test func handDerivedToy() throws {
        let layer = Self.layer([.K: 4, .S: 3, .Q: 8])
        let roomy = try Self.checkExhaustively(Self.toy(bufferWords: 64), layer)
        #expect(roomy.bound.energy == 5870)
        #expect(roomy.bound.cycles == 96)
        #expect(roomy.bound.macEnergy == 96 && roomy.bound.leakEnergy == 0)
        #expect(abs(roomy.energy - 5870) < 1e-9)
        let fits = try Self.checkExhaustively(Self.toy(bufferWords: 32), layer)
        #expect(abs(fits.energy - 5870) < 1e-9)
        let tight = try Self.checkExhaustively(Self.toy(bufferWords: 8), layer)
        #expect(tight.bound.energy == 5870)
        #expect(tight.energy > 5870)
    }

    /// Arrays, multicast, spatial reduction, block rounding, bandwidth, leakage and bypass choices,
    /// enumerated whole, including a strided layer whose bounding box holds unread inputs.
    @Test(arguments: [
        ([Dim.C: 2, .K: 2, .Q: 4, .S: 3], 1, 64),
        ([Dim.C: 2, .K: 2, .Q: 4, .S: 3], 1, 8),
        ([Dim.K: 4, .Q: 4, .C: 2], 2, 16),
        ([Dim.K: 2, .Q: 4, .S: 2, .C: 2], 3, 32),
    ])
    func neverAboveAnyMappingOfSmallSpaces(_ dims: [Dim: Int], _ stride: Int, _ bufferWords: Int) throws {
        let layer = Self.layer(dims, stride: stride)
        try Self.checkExhaustively(Self.pe(bufferWords: bufferWords), layer)
        try Self.checkExhaustively(Self.toy(bufferWords: bufferWords), layer)
    }

    /// Inputs some MAC reads: with stride 3 and a 2-wide window, rows 0,1, 3,4, 6,7, 9,10 of 11.
    @Test func usedInputsSkipUnreadRows() {
        let layer = Self.layer([.C: 2, .P: 4, .R: 2], stride: 3)
        #expect(LayerBound.usedInputs(layer) == 2 * 8 * 1)
        #expect(layer.tensorSize(.inputs) == 2 * 11 * 1)
        #expect(LayerBound.largestProduct(of: [1, 1, 6, 5, 1, 1, 1, 1], atMost: 16) == 15)
    }

    /// Zoo layers: random valid mappings and the mapper's best never go below the bound.
    @Test(arguments: [("eyeriss", "alexnet", 2), ("simba-like", "resnet50", 5), ("tpu-like", "bert-base-encoder", 0),
                      ("eyeriss-v2-like", "mobilenet_v2", 3), ("nvdla-like", "vgg16", 0)])
    func neverAboveRandomZooMappings(_ archName: String, _ workloadName: String, _ layerIndex: Int) throws {
        let loaded = try SpecLoader.loadArchitecture(path: Self.root.appendingPathComponent("Architectures/\(archName).yaml").path)
        let workload = try SpecLoader.loadWorkload(path: Self.root.appendingPathComponent("Workloads/\(workloadName).yaml").path)
        let evaluator = Evaluator(architecture: loaded)
        let arch = evaluator.architecture
        let layer = workload.layers[layerIndex]
        let bound = LayerBound(architecture: arch, layer: layer)
        #expect(bound.energy > bound.macEnergy && bound.cycles >= 1)
        // Unconstrained space: the bound ignores the mapper's constraints.
        let space = try Mapspace(architecture: arch, layer: layer, constraints: MapperConstraints())
        let kernel = NestKernel(architecture: evaluator.resolved, layer: layer)
        let fit = TileFit(architecture: arch, layer: layer, storageRatios: StorageRatios(levelCount: arch.levels.count))
        var rng = SplitMix64(seed: 7)
        var checked = 0
        for _ in 0..<600 {
            let m = space.sample(using: &rng, fit: fit)
            guard kernel.analyze(m) else { continue }
            let (energy, cycles) = kernel.cost()
            #expect(bound.energy <= energy * (1 + 1e-12))
            #expect(bound.cycles <= cycles)
            checked += 1
        }
        #expect(checked > 20)
        // The mapper's result for each objective, in the constrained space.
        for objective in [Objective.energy, .delay] {
            let mapper = Mapper(architecture: evaluator.resolved, constraints: arch.constraints,
                                options: MapperOptions(objective: objective, budget: 4000, seed: 1, threads: 2))
            let r = try #require(try mapper.searchAll(layers: [layer])[0])
            #expect(bound.energy <= r.cost.energy * (1 + 1e-12))
            #expect(bound.cycles <= r.cost.cycles)
        }
    }

    /// The pipeline attaches the bound to every layer, and the gap it reports is the dense
    /// figure's distance from it.
    @Test func pipelineReportsTheGap() throws {
        let arch = try SpecLoader.loadArchitecture(path: Self.root.appendingPathComponent("Architectures/eyeriss.yaml").path)
        let workload = try SpecLoader.loadWorkload(path: Self.root.appendingPathComponent("Workloads/alexnet.yaml").path)
        let (estimate, _) = try EstimatePipeline.run(EstimateRequest(architecture: arch, workload: workload,
                                                                     options: MapperOptions(budget: 1000, threads: 2)))
        for l in estimate.layers {
            let b = try #require(l.bound)
            let gap = try #require(l.energyGap)
            #expect(gap >= -1e-12)
            #expect(abs(gap - (l.dense.energy / b.energy - 1)) < 1e-12)
            #expect(try #require(l.cyclesGap) >= 0)
        }
    }
}
