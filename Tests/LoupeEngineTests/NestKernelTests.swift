import LoupeEngine
import LoupeModel
import Testing

/// Hand-derived small cases of the nest analysis (docs/model.md §1–§7), each with its derivation.
@Suite("Nest kernel: hand-derived cases")
struct NestKernelTests {
    /// A 1-D convolution: S = 3, Q = 8, K = 2, stride 1; DRAM → Buffer → MAC, all tensors kept
    /// everywhere, 1 pJ per word everywhere so energies are easy to follow.
    static func setup() -> (Evaluator, Layer) {
        var bounds = Array(repeating: 1, count: 8)
        bounds[Dimension.S.rawValue] = 3
        bounds[Dimension.Q.rawValue] = 8
        bounds[Dimension.K.rawValue] = 2
        let layer = Layer(name: "conv1d", bounds: bounds)
        let e = ["read": 1.0, "write": 1.0, "update": 1.0, "leak": 0.0]
        let arch = Architecture(name: "toy", technology: .nm45, clockHz: 1e9, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: e),
            Level(name: "Buffer", levelClass: .regfile, sizeWords: 64, specEnergy: e),
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ])
        return (Evaluator(architecture: arch), layer)
    }

    static func mapping(_ dram: [Loop], _ buffer: [Loop]) -> Mapping {
        Mapping(levels: [LevelMapping(temporal: dram), LevelMapping(temporal: buffer)])
    }

    /// DRAM `K=2 Q=4`, Buffer `Q=2 S=3`.
    /// - Buffer input tile: Q 2 × S 3 → 2 + 3 − 1 = 4 words. The Q=4 loop sits directly above
    ///   the tile and moves it by 2: each of its 3 advances keeps 2 words → 4 + 3·2 = 10 per
    ///   K iteration. K's advance winds Q back (a different translation): a full tile (4), after
    ///   which Q's moves are credited again → 10 + 10 = 20 input fills.
    /// - Weights: tile S 3; Q=4 is directly above and irrelevant (stationary); K moves it →
    ///   3 + 1·3 = 6 fills. Outputs: tile Q 2, every DRAM step a new one: 8 tiles × 2 = 16 =
    ///   the 16 outputs, so Buffer output fills = 16 − 16 = 0 and DRAM sees 16 updates.
    /// - Buffer reads: one per MAC for weights and inputs, 48; output updates 48, reads 48 − 16 = 32.
    @Test func slidingWindowDirectlyAbove() throws {
        let (ev, layer) = Self.setup()
        let e = try ev.evaluate(layer: layer, mapping: Self.mapping([Loop(.K, 2), Loop(.Q, 4)], [Loop(.Q, 2), Loop(.S, 3)]))
        let buffer = try #require(e.level("Buffer"))
        #expect(buffer.accesses(.inputs)?.fills == 20)
        #expect(buffer.accesses(.weights)?.fills == 6)
        #expect(buffer.accesses(.outputs)?.fills == 0)
        #expect(buffer.accesses(.inputs)?.reads == 48)
        #expect(buffer.accesses(.outputs)?.updates == 48)
        #expect(buffer.accesses(.outputs)?.reads == 32)
        let dram = try #require(e.level("DRAM"))
        #expect(dram.accesses(.inputs)?.reads == 20)
        #expect(dram.accesses(.outputs)?.updates == 16)
        #expect(e.cycles == 48)
    }

    /// DRAM `Q=4 K=2` (K innermost, irrelevant to inputs), Buffer `Q=2 S=3`.
    /// K's advances do not move the input tile (no fetch), but they break the run of equal
    /// translations, so every Q advance fetches a whole tile: 4 + 3·4 = 16 input fills
    /// (Timeloop's behaviour: its simple_output_stationary case reads
    /// 16 × 9,831 input words for the same reason). Weights: K is relevant and innermost, so
    /// every step fetches a new tile: 3 + 1·4·3 + 3·1·3 = 24 = 8 tiles × 3.
    @Test func slidingBrokenByIrrelevantLoop() throws {
        let (ev, layer) = Self.setup()
        let e = try ev.evaluate(layer: layer, mapping: Self.mapping([Loop(.Q, 4), Loop(.K, 2)], [Loop(.Q, 2), Loop(.S, 3)]))
        let buffer = try #require(e.level("Buffer"))
        #expect(buffer.accesses(.inputs)?.fills == 16)
        #expect(buffer.accesses(.weights)?.fills == 24)
    }

    /// Energy with blocks: a level with 4-word blocks charges ⌈count/4⌉ block accesses per
    /// action (Timeloop's vector accesses). DRAM reads 20 input words → 5 blocks; 6 weight
    /// words → 2 blocks; 16 output updates → 4 blocks. With 1 pJ per block: 11 pJ.
    @Test func blockRounding() throws {
        var (ev, layer) = Self.setup()
        var arch = ev.architecture
        arch.levels[0].blockWords = 4
        ev = Evaluator(architecture: arch)
        let e = try ev.evaluate(layer: layer, mapping: Self.mapping([Loop(.K, 2), Loop(.Q, 4)], [Loop(.Q, 2), Loop(.S, 3)]))
        let dram = try #require(e.level("DRAM"))
        #expect(dram.accessEnergy == 11)
    }

    /// A mapping whose factors do not multiply to the layer, or whose tile overflows a level,
    /// is rejected with the reason, the level and the tensors named.
    @Test func invalidMappingsAreRejected() {
        let (ev, layer) = Self.setup()
        #expect(throws: MappingError.self) {
            _ = try ev.evaluate(layer: layer, mapping: Self.mapping([Loop(.K, 2)], [Loop(.Q, 2), Loop(.S, 3)]))
        }
        var small = ev.architecture
        small.levels[1].sizeWords = 4
        let tight = Evaluator(architecture: small)
        do {
            _ = try tight.evaluate(layer: layer, mapping: Self.mapping([Loop(.K, 2), Loop(.Q, 4)], [Loop(.Q, 2), Loop(.S, 3)]))
            Issue.record("expected an overflow")
        } catch {
            #expect(error.description.contains("overflows 'Buffer'"))
            #expect(error.description.contains("inputs 4"))
        }
    }

    /// Spatial fanout: 4 PEs along X split K... here Q: a parent read of weights is multicast to
    /// all 4 children (Q is irrelevant to weights), outputs are not shared. Architecture: DRAM →
    /// Buffer[4 instances] → MAC; mapping DRAM spatial x Q=4, Buffer `K=2 Q=2 S=3`.
    /// Per Buffer instance: weights 6 words once; DRAM weight reads = 6 (one multicast), not 24.
    /// Inputs: each PE's window Q 2 + S 3 − 1 = 4 words; children's windows differ (Q is
    /// relevant) → DRAM input reads 4 × 4 = 16. Outputs: 4 per PE; DRAM updates 16.
    @Test func multicastAndDistinctChildren() throws {
        let (ev0, layer) = Self.setup()
        var arch = ev0.architecture
        arch.levels[1].arrayX = 4
        let ev = Evaluator(architecture: arch)
        let m = Mapping(levels: [LevelMapping(spatialX: [Loop(.Q, 4)]),
                                 LevelMapping(temporal: [Loop(.K, 2), Loop(.Q, 2), Loop(.S, 3)])])
        let e = try ev.evaluate(layer: layer, mapping: m)
        let dram = try #require(e.level("DRAM"))
        #expect(dram.accesses(.weights)?.reads == 6)
        #expect(dram.accesses(.inputs)?.reads == 16)
        #expect(dram.accesses(.outputs)?.updates == 16)
        #expect(e.level("Buffer")?.accesses(.inputs)?.utilizedInstances == 4)
        #expect(e.utilization == 1)
        #expect(e.cycles == 12)
    }

    /// One capacity rule with a fractional storage ratio (docs/model.md §2, "Capacity"): each
    /// kept tensor occupies `⌈tile × ratio⌉` words. Mapping DRAM `K=2 Q=4`, Buffer `Q=2 S=3`:
    /// Buffer tiles weights 3, inputs 4, outputs 2 words; ratios 0.5, 0.625, 1 →
    /// 1.5 + 2.5 + 2 = 6 words unrounded, ⌈1.5⌉ + ⌈2.5⌉ + 2 = 7 in whole words. With a 6-word
    /// Buffer the old kernel and sampler (unrounded sums) accepted the mapping and validation
    /// (rounded per tensor) rejected it; now all three reject it, and all accept a 7-word Buffer.
    @Test func fractionalStorageRatioOneRule() throws {
        let (ev0, layer) = Self.setup()
        let mapping = Self.mapping([Loop(.K, 2), Loop(.Q, 4)], [Loop(.Q, 2), Loop(.S, 3)])
        let compact = try #require(CompactMapping(mapping, keeps: [[true, true, true], [true, true, true]]))
        var ratios = StorageRatios(levelCount: 3)
        ratios[level: 1, tensor: .weights] = 0.5
        ratios[level: 1, tensor: .inputs] = 0.625
        for (size, fits) in [(6, false), (7, true)] {
            var arch = ev0.architecture
            arch.levels[1].sizeWords = size
            let ev = Evaluator(architecture: arch)
            let kernel = NestKernel(architecture: ev.resolved, layer: layer)
            kernel.storageRatios = ratios
            #expect(kernel.analyze(compact) == fits, "kernel, size \(size)")
            let fit = TileFit(architecture: ev.architecture, layer: layer, storageRatios: ratios)
            #expect(fit.fits(compact, upTo: 1) == fits, "sampler, size \(size)")
            let problems = ev.problems(layer: layer, mapping: mapping, storageRatios: ratios)
            #expect(problems.isEmpty == fits, "validation, size \(size)")
            if !fits {
                #expect(problems.map(\.description) == [
                    "mapping overflows 'Buffer': tiles need 7 words (weights 2, inputs 3, outputs 2), the level holds 6"])
            }
        }
    }
}
