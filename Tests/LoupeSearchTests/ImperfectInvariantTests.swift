import Foundation
import LoupeEngine
import LoupeModel
import LoupeSpec
import Testing
@testable import LoupeSearch

/// Invariants of imperfect factorization (docs/model.md §8) on random mappings of zoo layers.
@Suite("Imperfect factorization: invariants")
struct ImperfectInvariantTests {
    /// With every tile perfect, the imperfect path (forced by an all-zero `spans`) gives the
    /// perfect path's counts exactly, and its energy up to the order of additions.
    @Test(arguments: [("eyeriss", "alexnet", 0), ("eyeriss", "alexnet", 2), ("simba-like", "resnet50", 5),
                      ("tpu-like", "bert-base-encoder", 0)])
    func perfectTilesGiveThePerfectCounts(_ archName: String, _ workloadName: String, _ layerIndex: Int) throws {
        let (evaluator, layer) = try CostModelInvariantTests.load(archName, workloadName, layerIndex)
        let arch = evaluator.architecture
        let space = try Mapspace(architecture: arch, layer: layer, constraints: arch.constraints)
        let perfect = NestKernel(architecture: evaluator.resolved, layer: layer)
        let imperfect = NestKernel(architecture: evaluator.resolved, layer: layer)
        let fit = TileFit(architecture: arch, layer: layer, storageRatios: StorageRatios(levelCount: arch.levels.count))
        var rng = SplitMix64(seed: 5)
        var checked = 0
        for _ in 0..<60 {
            let m = space.sample(using: &rng, fit: fit)
            var forced = m
            forced.spans = Array(repeating: 0, count: m.levels * 24)
            let ok = perfect.analyze(m)
            #expect(imperfect.analyze(forced) == ok)
            guard ok else { continue }
            #expect(imperfect.imperfectCounts)
            #expect(imperfect.computeCycles == perfect.computeCycles)
            for i in 0..<perfect.storageLevels {
                #expect(imperfect.utilizedInstances(level: i) == perfect.utilizedInstances(level: i))
                for t in TensorKind.allCases {
                    #expect(imperfect.counts(level: i, tensor: t) == perfect.counts(level: i, tensor: t), "level \(i) \(t)")
                    let a = imperfect.totals(level: i, tensor: t), b = perfect.totals(level: i, tensor: t)
                    #expect(a.reads == b.reads && a.fills == b.fills && a.updates == b.updates, "level \(i) \(t)")
                }
                #expect(imperfect.networkWords(level: i) == perfect.networkWords(level: i))
            }
            #expect(imperfect.utilizedInstances(level: perfect.storageLevels) == perfect.utilizedInstances(level: perfect.storageLevels))
            let (e1, c1) = perfect.cost(), (e2, c2) = imperfect.cost()
            #expect(c1 == c2)
            #expect(abs(e1 - e2) <= 1e-12 * e1)
            checked += 1
        }
        #expect(checked > 10)
    }
    /// Random imperfect mappings (the mapper's padded streams, clipped): validation accepts
    /// them (each imperfect step is what the loops inside cover, the spans reach the bound), the
    /// evaluation's cycles and energy are the kernel's, and the exact totals keep the model's
    /// floors: every weight leaves DRAM at least once, every output is written back at least
    /// once.
    @Test(arguments: [("eyeriss", "alexnet", 0), ("simba-like", "resnet50", 5), ("tpu-like", "bert-base-encoder", 0)])
    func imperfectMappingsEvaluateAsTheKernelCounts(_ archName: String, _ workloadName: String, _ layerIndex: Int) throws {
        let (evaluator0, layer) = try CostModelInvariantTests.load(archName, workloadName, layerIndex)
        var arch = evaluator0.architecture
        arch.imperfectFactorization = true
        let evaluator = Evaluator(architecture: arch)
        let kernel = NestKernel(architecture: evaluator.resolved, layer: layer)
        var checked = 0, imperfect = 0
        for p in ImperfectPadding.smoothness {
            guard let padding = ImperfectPadding(layer: layer, smoothness: p),
                  let space = try? Mapspace(architecture: arch, layer: padding.padded, constraints: arch.constraints) else { continue }
            let fit = TileFit(architecture: arch, layer: padding.padded, storageRatios: StorageRatios(levelCount: arch.levels.count))
            var rng = SplitMix64(seed: UInt64(p))
            // Up to 25 valid samples per padding: a strict dataflow (Eyeriss's row stationary)
            // leaves many samples invalid, so draw up to 400.
            var validHere = 0
            for _ in 0..<400 where validHere < 25 {
                let m = padding.clip(space.sample(using: &rng, fit: fit))
                guard kernel.analyze(m) else { continue }
                validHere += 1
                let (energy, cycles) = kernel.cost()
                let mapping = m.mapping(narrowKeepsAgainst: arch)
                #expect(mapping.isImperfect == m.isImperfect)
                let e = try evaluator.evaluate(layer: layer, mapping: mapping)
                #expect(abs(e.energy - energy) <= 1e-9 * energy, "energy \(e.energy) vs kernel \(energy)")
                #expect(e.cycles == cycles)
                // Re-pricing (what every technique does) keeps the imperfect pricing: exact
                // totals for energy, the busiest instance for bandwidth.
                var refreshed = e
                refreshed.refresh(architecture: arch)
                #expect(abs(refreshed.energy - e.energy) <= 1e-9 * e.energy)
                #expect(abs(refreshed.cycles - e.cycles) <= 1e-9 * e.cycles)
                let dram = try #require(e.levels.first)
                #expect((dram.accesses(.weights)?.totalReads ?? 0) >= Double(layer.tensorSize(.weights)) * 0.999_999)
                #expect((dram.accesses(.outputs)?.totalUpdates ?? 0) >= Double(layer.tensorSize(.outputs)) * 0.999_999)
                #expect(e.macs == layer.macs)
                if m.isImperfect { imperfect += 1 }
                checked += 1
            }
        }
        #expect(checked > 10)
        #expect(imperfect > 5)
    }

    /// Eyeriss's conv1 as the chip maps it (JSSC 2017: row stationary, 55 output rows in strips
    /// across the array's 14 columns), which perfect factors cannot express: 55 = 3·14 + 13.
    /// GlobalBuffer `K=24 P=55/14` with spatial x `P=14` (one output row per column) and y
    /// `K=4 C=3`; the PE runs `Q=55` (5 × 11), `S=11`, `R=11`.
    /// - Every PE is used (14 × 12 = 168), but the fourth strip has 13 rows: the first PE does
    ///   24 (K) × 4 (strips) × 55 (Q) × 11 (S) × 11 (R) = 638,880 MACs, and that is the compute
    ///   time; utilization 105,415,200 / (168 × 638,880) = 55/56 (4 strips × 14 slots, 55 used).
    @Test func eyerissConv1Strips() throws {
        let (evaluator0, layer) = try CostModelInvariantTests.load("eyeriss", "alexnet", 0)
        var arch = evaluator0.architecture
        arch.imperfectFactorization = true
        let file = try SpecLoader.loadMapping(yaml: """
        version: 1
        mapping:
          conv1:
            - {level: DRAM, temporal: "Q=5"}
            - {level: GlobalBuffer, temporal: "K=24 P=55/14", spatial: {x: "P=14", y: "K=4 C=3"}, keeps: [inputs]}
            - {level: InputSpad, temporal: "Q=11", keeps: []}
            - {level: WeightSpad, temporal: "S=11"}
            - {level: PsumSpad, temporal: "R=11"}
        """, file: "strips.yaml")
        let mapping = try #require(try SpecLoader.resolveMapping(file, layer: "conv1", architecture: arch))
        #expect(layer.bounds[Dimension.P.rawValue] == 55)
        let e = try Evaluator(architecture: arch).evaluate(layer: layer, mapping: mapping)
        #expect(e.computeCycles == 24 * 4 * 55 * 11 * 11)
        #expect(e.utilizedPEs == 168)
        #expect(abs(e.utilization - 55.0 / 56.0) < 1e-12 || e.cycles > Double(e.computeCycles))
        #expect(e.macs == 105_415_200)
    }
}
