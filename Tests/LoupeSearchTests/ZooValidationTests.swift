import Foundation
import LoupeEngine
import LoupeModel
import LoupeSearch
import LoupeSpec
import Testing

/// Every architecture × workload pair of the zoo is mapped and estimated, and the estimate keeps
/// its invariants: energy = sum of its components, network totals = Σ layers × repeat,
/// utilization in (0, 1], no level over capacity, no negative count.
@Suite("Zoo: every architecture × workload")
struct ZooValidationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let architectures = ["eyeriss", "eyeriss-v2-like", "simba-like", "tpu-like", "nvdla-like", "stripes-like", "scnn-like",
                                "h200-like", "h100-like", "eie-like", "cnvlutin-like"]
    static let workloads = ["alexnet", "vgg16", "resnet18", "resnet50", "mobilenet_v2", "squeezenet", "googlenet",
                            "bert-base-encoder", "gpt-decoder"]

    @Test(arguments: architectures)
    func estimates(_ archName: String) throws {
        let arch = try SpecLoader.loadArchitecture(path: Self.root.appendingPathComponent("Architectures/\(archName).yaml").path)
        for workloadName in Self.workloads {
            let workload = try SpecLoader.loadWorkload(path: Self.root.appendingPathComponent("Workloads/\(workloadName).yaml").path)
            let request = EstimateRequest(architecture: arch, workload: workload,
                                          options: MapperOptions(objective: .edp, budget: 400, seed: 1, threads: 2, streams: 2))
            let (estimate, _) = try EstimatePipeline.run(request)
            Self.checkInvariants(estimate, label: "\(archName) × \(workloadName)")
        }
    }

    static func checkInvariants(_ estimate: NetworkEstimate, label: String) {
        var total = 0.0
        for l in estimate.layers {
            for e in [l.dense, l.final] {
                let parts = e.macEnergy + e.levels.reduce(0) { $0 + $1.accessEnergy + $1.leakEnergy }
                    + e.networks.reduce(0) { $0 + $1.energy } + e.chipStaticEnergy
                    + e.overheads.reduce(0) { $0 + $1.energy }
                #expect(abs(e.dynamicEnergy + e.staticEnergy - e.energy) <= 1e-9 * max(1, e.energy), "\(label) \(l.layer.name): dynamic + static ≠ energy")
                #expect(abs(parts - e.energy) <= 1e-9 * max(1, e.energy), "\(label) \(l.layer.name): energy ≠ sum of parts")
                #expect(e.utilization > 0 && e.utilization <= 1 + 1e-12, "\(label) \(l.layer.name): utilization \(e.utilization)")
                for level in e.levels {
                    for a in level.tensors {
                        #expect(a.reads >= 0 && a.fills >= 0 && a.updates >= 0, "\(label) \(l.layer.name) \(level.name): negative count")
                    }
                }
            }
            // Capacity: the mapping's tiles, compressed where a technique compresses them, fit every
            // bounded level (each tensor in whole words, `CapacityRule`).
            let techniques = (try? TechniqueRegistry.makeAll(architecture: estimate.architecture)) ?? []
            let ratio = EstimatePipeline.storageRatios(for: l.layer, architecture: estimate.architecture, techniques: techniques)
            for (i, level) in l.dense.levels.enumerated() {
                guard let cap = estimate.architecture.levels[i].sizeWords else { continue }
                let words = level.tensors.reduce(0) {
                    $0 + CapacityRule.storedWords(tileWords: $1.tileWords, ratio: ratio[level: i, tensor: $1.tensor])
                }
                #expect(words <= cap, "\(label) \(l.layer.name) \(level.name): \(words) words > \(cap)")
            }
            total += l.final.energy * Double(l.layer.repeatCount)
        }
        #expect(abs(total - estimate.totalEnergy) <= 1e-9 * max(1, total), "\(label): network ≠ Σ layers × repeat")
    }
}
