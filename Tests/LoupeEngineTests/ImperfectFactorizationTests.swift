import LoupeEngine
import LoupeModel
import Testing

/// Hand-derived cases of imperfect factorization (docs/model.md §8): a loop `Q=5/2` covers
/// Q = 5 in iterations of 2, the last one partial (1).
@Suite("Imperfect factorization: hand-derived cases")
struct ImperfectFactorizationTests {
    /// A 1-D convolution Q × S (K = 1, stride 1) on DRAM → Buffer → MAC (Buffer `array` X
    /// PEs below DRAM when `arrayX` > 1), 1 pJ per word everywhere.
    static func setup(q: Int, s: Int, arrayX: Int = 1) -> (Evaluator, Layer) {
        var bounds = Array(repeating: 1, count: 8)
        bounds[Dimension.S.rawValue] = s
        bounds[Dimension.Q.rawValue] = q
        let layer = Layer(name: "conv1d", bounds: bounds)
        let e = ["read": 1.0, "write": 1.0, "update": 1.0, "leak": 0.0]
        var buffer = Level(name: "Buffer", levelClass: .regfile, sizeWords: 64, specEnergy: e)
        buffer.arrayX = arrayX
        let arch = Architecture(name: "toy", technology: .nm45, clockHz: 1e9, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: e),
            buffer,
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ])
        return (Evaluator(architecture: arch), layer)
    }

    /// Q = 5, S = 1: DRAM `Q=5/2`, Buffer `Q=2`. The Buffer's tiles are Q [0,2), [2,4), [4,5).
    /// - Inputs (W = Q + S − 1 = Q here): 2 + 2 + 1 = 5 fills (tiles do not overlap).
    /// - Weights: one word, Q is irrelevant and stationary above it: 1 fill.
    /// - Outputs: the Buffer holds all 5 (its partition), so it receives 5 − 5 = 0 fills; DRAM
    ///   gets the 5 tiles' words back: 5 updates, 0 reads.
    /// - Buffer reads: one per MAC, 5 for inputs and weights; output updates 5, reads 5 − 5 = 0.
    /// - Cycles: 2 + 2 + 1 = 5 MACs on the one PE.
    @Test func partialLastIterationIsCountedExactly() throws {
        let (ev, layer) = Self.setup(q: 5, s: 1)
        let m = Mapping(levels: [LevelMapping(temporal: [Loop(.Q, span: 5, step: 2)]),
                                 LevelMapping(temporal: [Loop(.Q, 2)])])
        let e = try ev.evaluate(layer: layer, mapping: m)
        let buffer = try #require(e.level("Buffer"))
        #expect(buffer.accesses(.inputs)?.fills == 5)
        #expect(buffer.accesses(.weights)?.fills == 1)
        #expect(buffer.accesses(.outputs)?.fills == 0)
        #expect(buffer.accesses(.inputs)?.reads == 5)
        #expect(buffer.accesses(.outputs)?.updates == 5)
        #expect(buffer.accesses(.outputs)?.reads == 0)
        #expect(buffer.accesses(.inputs)?.tileWords == 2)
        let dram = try #require(e.level("DRAM"))
        #expect(dram.accesses(.inputs)?.reads == 5)
        #expect(dram.accesses(.outputs)?.updates == 5)
        #expect(dram.accesses(.outputs)?.reads == 0)
        #expect(e.computeCycles == 5)
        #expect(e.cycles == 5)
    }

    /// Q = 5, S = 3 (7 input columns): DRAM `Q=5/2`, Buffer `Q=2 S=3`; halos on a partial tile.
    /// - Buffer input tiles: Q [0,2) → W [0,4) (2 + 3 − 1 = 4 words); Q [2,4) → W [2,6): the
    ///   same translation as a full fetch follows, 2 words kept, 2 fetched; Q [4,5) → W [4,7)
    ///   (1 + 3 − 1 = 3 words, the partial tile's halo): the same shift, [4,6) kept, 1 fetched.
    ///   4 + 2 + 1 = 7 fills, every input once. Tile (capacity) = the largest, 4 words.
    /// - Weights: 3 words, fetched once (Q irrelevant, stationary): 3 fills.
    /// - MACs 15 → Buffer reads 15 for inputs and weights, output updates 15 and reads
    ///   15 − 5 = 10; cycles 15.
    @Test func haloOfThePartialTile() throws {
        let (ev, layer) = Self.setup(q: 5, s: 3)
        let m = Mapping(levels: [LevelMapping(temporal: [Loop(.Q, span: 5, step: 2)]),
                                 LevelMapping(temporal: [Loop(.Q, 2), Loop(.S, 3)])])
        let e = try ev.evaluate(layer: layer, mapping: m)
        let buffer = try #require(e.level("Buffer"))
        #expect(buffer.accesses(.inputs)?.fills == 7)
        #expect(buffer.accesses(.inputs)?.tileWords == 4)
        #expect(buffer.accesses(.weights)?.fills == 3)
        #expect(buffer.accesses(.inputs)?.reads == 15)
        #expect(buffer.accesses(.outputs)?.updates == 15)
        #expect(buffer.accesses(.outputs)?.reads == 10)
        #expect(e.level("DRAM")?.accesses(.inputs)?.reads == 7)
        #expect(e.cycles == 15)
    }

    /// A spatial split with a partial last instance: DRAM spatial x `Q=5/2` over 3 Buffers,
    /// Buffer `Q=2 S=3`. Instances get Q [0,2), [2,4), [4,5).
    /// - Cycles follow the largest instance: 2 × 3 = 6 (the third does 1 × 3 = 3 MACs).
    /// - Inputs: 4 + 4 + 3 = 11 Buffer fills in all (per instance on average 11/3), and DRAM
    ///   reads 11 (Q is relevant: no multicast). Weights: 3 per instance (9 fills in all),
    ///   but one multicast read of 3 at DRAM.
    /// - Outputs: partitions 2, 2, 1 (5 in all): Buffer fills 0; DRAM updates 5.
    /// - Buffer reads: one per MAC, 6 + 6 + 3 = 15 in all. Energy with 1 pJ per word counts
    ///   the exact totals: DRAM 11 + 3 + 5 = 19; Buffer fills 11 + 9, reads 15 + 15 + (15 − 5)
    ///   output reads, 15 updates → 20 + 40 + 15 = 75; MACs 15. 109 pJ.
    @Test func partialSpatialInstance() throws {
        let (ev, layer) = Self.setup(q: 5, s: 3, arrayX: 3)
        let m = Mapping(levels: [LevelMapping(spatialX: [Loop(.Q, span: 5, step: 2)]),
                                 LevelMapping(temporal: [Loop(.Q, 2), Loop(.S, 3)])])
        let e = try ev.evaluate(layer: layer, mapping: m)
        #expect(e.cycles == 6)
        #expect(e.utilizedPEs == 3)
        let buffer = try #require(e.level("Buffer"))
        #expect(buffer.utilizedInstances == 3)
        #expect(buffer.accesses(.inputs)?.totalFills == 11)
        #expect(buffer.accesses(.weights)?.totalFills == 9)
        #expect(buffer.accesses(.outputs)?.totalFills == 0)
        #expect(buffer.accesses(.inputs)?.totalReads == 15)
        let dram = try #require(e.level("DRAM"))
        #expect(dram.accesses(.inputs)?.reads == 11)
        #expect(dram.accesses(.weights)?.reads == 3)
        #expect(dram.accesses(.outputs)?.updates == 5)
        #expect(abs(e.energy - 109) < 1e-9)
    }

    /// Validation: an imperfect loop must step by what the loops inside it cover (`Q=5/3`
    /// over a Buffer `Q=2` does not), and the outermost span must be the bound.
    @Test func inconsistentStepsAreRejected() {
        let (ev, layer) = Self.setup(q: 5, s: 1)
        let wrongStep = Mapping(levels: [LevelMapping(temporal: [Loop(.Q, span: 5, step: 3)]),
                                         LevelMapping(temporal: [Loop(.Q, 2)])])
        #expect(ev.problems(layer: layer, mapping: wrongStep).contains {
            $0.description.contains("Q=5/3") && $0.description.contains("cover 2")
        })
        let wrongSpan = Mapping(levels: [LevelMapping(temporal: [Loop(.Q, span: 6, step: 2)]),
                                         LevelMapping(temporal: [Loop(.Q, 2)])])
        #expect(ev.problems(layer: layer, mapping: wrongSpan) == [.factorProduct(dimension: .Q, product: 6, bound: 5)])
    }
}
