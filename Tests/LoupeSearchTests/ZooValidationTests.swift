import Foundation
import LoupeEngine
import LoupeModel
import LoupeSearch
import LoupeSpec
import Testing

/// Every architecture × workload pair of the zoo is mapped and estimated, and the estimate keeps
/// its invariants: energy = sum of its components, network totals = Σ layers × repeat,
/// utilization in (0, 1], no level over capacity, no negative count; and each level holds what the
/// chip's paper says it holds (`holds`).
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
            Self.checkHolds(estimate, expected: Self.holds[archName] ?? [], label: "\(archName) × \(workloadName)")
        }
    }

    /// What each zoo chip's paper says a level holds, on every layer (the architecture files pin it
    /// with `keep:` constraints or their dataflow, with the source beside each). The outermost
    /// level holds everything and is not listed.
    static let holds: [String: [(level: String, tensor: TensorKind)]] = [
        // JSSC17 Sec. V: the GLB holds ifmaps and psums; each PE's three spads their rows.
        "eyeriss": [("GlobalBuffer", .inputs), ("GlobalBuffer", .outputs), ("InputSpad", .inputs),
                    ("WeightSpad", .weights), ("PsumSpad", .outputs)],
        "eyeriss-v2-like": [("GlobalBuffer", .inputs), ("GlobalBuffer", .outputs), ("InputSpad", .inputs),
                            ("WeightSpad", .weights), ("PsumSpad", .outputs)],
        // ISCA17 (TPU) Sec. 2: Unified Buffer, Weight FIFO, Accumulators, the PE's weight.
        "tpu-like": [("UnifiedBuffer", .inputs), ("UnifiedBuffer", .outputs), ("WeightFIFO", .weights),
                     ("Accumulators", .outputs), ("WeightRegister", .weights)],
        // NVDLA unit description: CBUF, CACC, the MAC cell's cached weights.
        "nvdla-like": [("ConvBuffer", .weights), ("ConvBuffer", .inputs), ("Accumulator", .outputs), ("WeightRegister", .weights)],
        // SCNN (ISCA17): IARAM, OARAM, weight FIFO, accumulator banks.
        "scnn-like": [("IARAM", .inputs), ("OARAM", .outputs), ("WeightFIFO", .weights), ("AccumulatorBuffer", .outputs)],
        // Simba (MICRO19): global PE buffer, PE input/weight/accumulation buffers, weight collectors.
        "simba-like": [("GlobalBuffer", .inputs), ("GlobalBuffer", .outputs), ("InputBuffer", .inputs),
                       ("WeightBuffer", .weights), ("AccumulationBuffer", .outputs), ("WeightRegister", .weights)],
        // DaDianNao / Stripes: NM, SB, NBin, NBout.
        "stripes-like": [("NeuronMemory", .inputs), ("NeuronMemory", .outputs), ("SynapseBuffer", .weights),
                         ("NBin", .inputs), ("NBout", .outputs)],
        // Hopper: everything through L2, operands staged in shared memory, accumulators in registers.
        "h100-like": [("L2", .weights), ("L2", .inputs), ("L2", .outputs), ("SharedMemory", .weights),
                      ("SharedMemory", .inputs), ("RegisterFile", .outputs)],
        "h200-like": [("L2", .weights), ("L2", .inputs), ("L2", .outputs), ("SharedMemory", .weights),
                      ("SharedMemory", .inputs), ("RegisterFile", .outputs)],
    ]

    /// Every conv and matmul layer accesses each expected (level, tensor) pair.
    static func checkHolds(_ estimate: NetworkEstimate, expected: [(level: String, tensor: TensorKind)], label: String) {
        for l in estimate.layers {
            for (levelName, tensor) in expected {
                guard let level = l.dense.levels.first(where: { $0.name == levelName }) else {
                    Issue.record("\(label): no level \(levelName)")
                    continue
                }
                let a = level.tensors.first { $0.tensor == tensor }
                #expect((a?.reads ?? 0) + (a?.fills ?? 0) + (a?.updates ?? 0) > 0,
                        "\(label) \(l.layer.name) (\(l.layer.type)): \(levelName) does not hold \(tensor)")
            }
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
