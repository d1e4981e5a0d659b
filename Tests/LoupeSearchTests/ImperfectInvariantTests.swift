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
}
