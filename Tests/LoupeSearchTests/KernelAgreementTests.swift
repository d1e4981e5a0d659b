import Foundation
import LoupeEngine
import LoupeModel
import LoupeSpec
import Testing
@testable import LoupeSearch

/// The mapper ranks mappings by `NestKernel.cost()`; the reports come from `Evaluator`. The two
/// must agree on every valid mapping, or the mapper would optimize something other than what is
/// reported. Checked on random valid mappings of zoo layers (invariants, not reference figures).
@Suite("Kernel cost agrees with the evaluation")
struct KernelAgreementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: [("eyeriss", "alexnet", 2), ("simba-like", "resnet50", 5), ("tpu-like", "bert-base-encoder", 0)])
    func agreeOnRandomMappings(_ archName: String, _ workloadName: String, _ layerIndex: Int) throws {
        let loaded = try SpecLoader.loadArchitecture(path: Self.root.appendingPathComponent("Architectures/\(archName).yaml").path)
        let workload = try SpecLoader.loadWorkload(path: Self.root.appendingPathComponent("Workloads/\(workloadName).yaml").path)
        let evaluator = Evaluator(architecture: loaded)
        let arch = evaluator.architecture
        let layer = workload.layers[layerIndex]
        let space = try Mapspace(architecture: arch, layer: layer, constraints: arch.constraints)
        let kernel = NestKernel(architecture: arch, layer: layer)
        let ratio = Array(repeating: 1.0, count: arch.levels.count * 3)
        var rng = SplitMix64(seed: 11)
        var checked = 0
        for _ in 0..<400 {
            let m = space.sample(using: &rng, storageRatio: ratio)
            guard space.meetsFactorBounds(m), kernel.analyze(m) else { continue }
            let (energy, cycles) = kernel.cost()
            let mapping = m.mapping(narrowKeepsAgainst: arch)
            let e = try evaluator.evaluate(layer: layer, mapping: mapping)
            #expect(abs(e.energy - energy) <= 1e-9 * max(1, energy), "energy \(e.energy) vs kernel \(energy)")
            #expect(e.cycles == cycles)
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
}
