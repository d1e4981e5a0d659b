import Foundation
import LoupeEngine
import LoupeModel
import LoupeSpec
import Testing
@testable import LoupeSearch

/// Invariants of the one cost model (docs/model.md §6–§7): the mapper ranks mappings by
/// `NestKernel.cost()`, the reports print `Evaluator.evaluate`, techniques re-price with
/// `Evaluation.refresh`; all three price counts with `LevelCost` and `CycleBound` (every term
/// the same number; the kernel only adds the terms in another order), and the capacity check
/// accepts exactly what validation accepts. Checked on random mappings of zoo layers
/// (invariants, not reference figures).
@Suite("One cost model: mapper, reports and techniques agree")
struct CostModelInvariantTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func load(_ archName: String, _ workloadName: String, _ layerIndex: Int) throws -> (Evaluator, Layer) {
        let loaded = try SpecLoader.loadArchitecture(path: root.appendingPathComponent("Architectures/\(archName).yaml").path)
        let workload = try SpecLoader.loadWorkload(path: root.appendingPathComponent("Workloads/\(workloadName).yaml").path)
        return (Evaluator(architecture: loaded), workload.layers[layerIndex])
    }

    /// The evaluation's cycles are exactly the kernel's, its energy the kernel's up to the order
    /// of the final additions (a few ulps), and re-pricing the dense evaluation with `refresh`
    /// (what every technique does after changing counts) changes nothing, bit for bit.
    @Test(arguments: [("eyeriss", "alexnet", 2), ("simba-like", "resnet50", 5), ("tpu-like", "bert-base-encoder", 0)])
    func mapperCostIsTheReportedCost(_ archName: String, _ workloadName: String, _ layerIndex: Int) throws {
        let (evaluator, layer) = try Self.load(archName, workloadName, layerIndex)
        let arch = evaluator.architecture
        let space = try Mapspace(architecture: arch, layer: layer, constraints: arch.constraints)
        let kernel = NestKernel(architecture: evaluator.resolved, layer: layer)
        let fit = TileFit(architecture: arch, layer: layer, storageRatios: StorageRatios(levelCount: arch.levels.count))
        var rng = SplitMix64(seed: 11)
        var checked = 0
        for _ in 0..<400 {
            let m = space.sample(using: &rng, fit: fit)
            guard space.meetsFactorBounds(m), kernel.analyze(m) else { continue }
            let (energy, cycles) = kernel.cost()
            let mapping = m.mapping(narrowKeepsAgainst: arch)
            let e = try evaluator.evaluate(layer: layer, mapping: mapping)
            #expect(abs(e.energy - energy) <= 1e-12 * energy, "energy \(e.energy) vs kernel \(energy)")
            #expect(e.cycles == cycles)
            var refreshed = e
            refreshed.refresh(architecture: arch)
            #expect(refreshed == e)
            // Counts are never negative, and every word of a read-only tensor leaves the
            // outermost level at least once.
            for level in e.levels { for a in level.tensors { #expect(a.reads >= 0 && a.fills >= 0 && a.updates >= 0) } }
            if let dram = e.levels.first {
                #expect((dram.accesses(.weights)?.totalReads ?? 0) >= Double(layer.tensorSize(.weights)))
                #expect((dram.accesses(.outputs)?.totalUpdates ?? 0) >= Double(layer.tensorSize(.outputs)))
            }
            checked += 1
        }
        #expect(checked > 20)
    }

    /// With fractional storage ratios, the kernel's capacity check (the mapper's), the sampler's
    /// `TileFit` and validation accept the same mappings: one rule, `CapacityRule`.
    @Test(arguments: [("eyeriss", "alexnet", 2), ("simba-like", "resnet50", 5)])
    func capacityChecksAgreeWithFractionalRatios(_ archName: String, _ workloadName: String, _ layerIndex: Int) throws {
        let (evaluator, layer) = try Self.load(archName, workloadName, layerIndex)
        let arch = evaluator.architecture
        var ratios = StorageRatios(levelCount: arch.levels.count)
        let fractions = [1.37, 0.61, 1.83, 0.29, 1.55, 0.71, 2.47]
        for i in arch.levels.indices {
            for t in TensorKind.allCases { ratios[level: i, tensor: t] = fractions[(i * 3 + t.rawValue) % fractions.count] }
        }
        let space = try Mapspace(architecture: arch, layer: layer, constraints: arch.constraints)
        let kernel = NestKernel(architecture: evaluator.resolved, layer: layer)
        kernel.storageRatios = ratios
        let fit = TileFit(architecture: arch, layer: layer, storageRatios: ratios)
        // Half the samples are placed for dense tiles, so that many overflow.
        let dense = TileFit(architecture: arch, layer: layer, storageRatios: StorageRatios(levelCount: arch.levels.count))
        var rng = SplitMix64(seed: 5)
        var accepted = 0, rejected = 0
        for k in 0..<600 {
            let m = space.sample(using: &rng, fit: k % 2 == 0 ? fit : dense)
            guard space.meetsFactorBounds(m) else { continue }
            let kernelFits = kernel.analyze(m)
            let samplerFits = fit.fits(m, upTo: space.levels - 1)
            let problems = evaluator.problems(layer: layer, mapping: m.mapping(narrowKeepsAgainst: arch), storageRatios: ratios)
            #expect(kernelFits == samplerFits)
            #expect(kernelFits == problems.isEmpty, "\(problems)")
            if kernelFits { accepted += 1 } else { rejected += 1 }
        }
        #expect(accepted > 20 && rejected > 20)
    }
}
