import LoupeEngine
import LoupeModel
import Testing
@testable import LoupeSearch

/// A level's `multiple_of` (docs/spec.md §4): tiles in multiples of an instruction shape, and
/// the padding of layers whose bounds are not (docs/model.md §7, "Instruction-shape padding").
@Suite("Instruction-shape multiples")
struct InstructionShapeTests {
    /// DRAM → Buffer (256 words, `multiple_of` as given) → 4 × 4 MAC array, 1 GHz.
    static func architecture(multipleOf: [Dimension: Int], dramMultipleOf: [Dimension: Int] = [:]) -> Architecture {
        var dram = Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 10, "write": 10, "update": 10, "leak": 0])
        dram.multipleOf = dramMultipleOf
        var buffer = Level(name: "Buffer", levelClass: .regfile, sizeWords: 256, specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0])
        buffer.multipleOf = multipleOf
        let arch = Architecture(name: "toy", technology: .nm45, clockHz: 1e9, levels: [
            dram, buffer, Level(name: "MAC", levelClass: .compute, arrayX: 4, arrayY: 4, specEnergy: ["compute": 1]),
        ])
        return Evaluator(architecture: arch).architecture
    }

    static func layer(c: Int, k: Int, q: Int = 4) -> Layer {
        var b = Array(repeating: 1, count: 8)
        b[Dimension.C.rawValue] = c
        b[Dimension.K.rawValue] = k
        b[Dimension.Q.rawValue] = q
        return Layer(name: "fc", bounds: b)
    }

    /// C = 3 in multiples of 4 pads to 4; C = 10 to 12; K = 6 in multiples of 4 (Buffer) and of
    /// 6 (DRAM) pads to lcm(4, 6) = 12; a bound already a multiple, and every dimension without
    /// `multiple_of`, stays. MACs follow the padded bounds: 4·12·4 = 192 for C3 K6 Q4.
    @Test func paddingRoundsUpToTheLeastCommonMultiple() {
        let arch = Self.architecture(multipleOf: [.C: 4, .K: 4], dramMultipleOf: [.K: 6])
        let padded = arch.padded(Self.layer(c: 3, k: 6))
        #expect(padded[.C] == 4)
        #expect(padded[.K] == 12)
        #expect(padded[.Q] == 4)
        #expect(padded.macs == 192)
        #expect(arch.padded(Self.layer(c: 10, k: 12))[.C] == 12)
        #expect(arch.padded(Self.layer(c: 8, k: 12)) == Self.layer(c: 8, k: 12))
        let plain = Self.architecture(multipleOf: [:])
        #expect(plain.padded(Self.layer(c: 3, k: 6)) == Self.layer(c: 3, k: 6))
    }

    /// The tile of C at the Buffer is the product of C's factors at the Buffer's temporal loop
    /// and at the MAC array below it: with C = 8 in multiples of 4, `C2` at the Buffer and `C2`
    /// on the array (tile 4) is allowed; `C2` at DRAM, `C4` at the Buffer (tile 4) too; `C4` at
    /// DRAM and `C2` at the Buffer (tile 2) is not; nor `C8` at DRAM (tile 1).
    @Test func tilesMustBeMultiples() throws {
        let arch = Self.architecture(multipleOf: [.C: 4])
        let layer = Self.layer(c: 8, k: 4)
        let space = try Mapspace(architecture: arch, layer: layer, constraints: MapperConstraints())
        func mapping(dramC: Int, bufferC: Int, arrayC: Int) -> CompactMapping {
            var m = CompactMapping(levels: 2)
            m[temporal: 0, Dimension.C.rawValue] = dramC
            m[temporal: 1, Dimension.C.rawValue] = bufferC
            m[spatialY: 1, Dimension.C.rawValue] = arrayC
            m[temporal: 1, Dimension.K.rawValue] = 4
            m[temporal: 1, Dimension.Q.rawValue] = 4
            return m
        }
        #expect(space.meetsFactorBounds(mapping(dramC: 2, bufferC: 2, arrayC: 2)))
        #expect(space.meetsFactorBounds(mapping(dramC: 2, bufferC: 4, arrayC: 1)))
        #expect(!space.meetsFactorBounds(mapping(dramC: 4, bufferC: 2, arrayC: 1)))
        #expect(!space.meetsFactorBounds(mapping(dramC: 8, bufferC: 1, arrayC: 1)))
    }

    /// A layer that is not padded cannot be mapped: the mapspace says which level needs what.
    @Test func unpaddedLayersAreRefused() {
        let arch = Self.architecture(multipleOf: [.C: 4])
        #expect(throws: DiagnosticError.self) { try Mapspace(architecture: arch, layer: Self.layer(c: 3, k: 4), constraints: MapperConstraints()) }
        do {
            _ = try Mapspace(architecture: arch, layer: Self.layer(c: 3, k: 4), constraints: MapperConstraints())
        } catch {
            #expect(error.description.contains("level 'Buffer' needs C in multiples of 4, and C=3 of layer 'fc' is not one"))
        }
    }

    /// The estimate pipeline maps and evaluates the padded layer: C = 3, K = 4, Q = 4 with C in
    /// multiples of 4 computes 4·4·4 = 64 MACs (48 without padding), every mapping it picks has
    /// a Buffer tile of C that is a multiple of 4, the report keeps the workload's bounds
    /// (`unpaddedBounds`) and says what was padded.
    @Test func pipelineEstimatesThePaddedLayer() throws {
        let arch = Self.architecture(multipleOf: [.C: 4])
        let workload = Workload(name: "w", layers: [Self.layer(c: 3, k: 4)])
        let (estimate, _) = try EstimatePipeline.run(EstimateRequest(architecture: arch, workload: workload,
                                                                     options: MapperOptions(budget: 3000, seed: 1, threads: 1)))
        let layer = try #require(estimate.layers.first)
        #expect(layer.layer[.C] == 4)
        #expect(layer.dense.macs == 64)
        #expect(layer.unpaddedBounds?[Dimension.C.rawValue] == 3)
        let buffer = layer.dense.mapping.levels[1]
        let tile = (buffer.temporal + buffer.spatialX + buffer.spatialY).filter { $0.dimension == .C }.reduce(1) { $0 * $1.factor }
        #expect(tile % 4 == 0)
        #expect(estimate.assumptions.contains { $0.contains("Layer 'fc' padded to the levels' multiple_of: C 3 → 4") })
        // Without multiple_of nothing is padded and nothing is said.
        let (plain, _) = try EstimatePipeline.run(EstimateRequest(architecture: Self.architecture(multipleOf: [:]), workload: workload,
                                                                  options: MapperOptions(budget: 3000, seed: 1, threads: 1)))
        #expect(plain.layers.first?.dense.macs == 48)
        #expect(plain.layers.first?.unpaddedBounds == nil)
        #expect(!plain.assumptions.contains { $0.contains("padded") })
    }

    /// The padding's zeros are made at the Buffer (the level with `multiple_of`) and do not travel
    /// from DRAM. C = 3 padded to 4, K = 4, Q = 4; DRAM `Q=4`, Buffer `C=4 K=4` (weights stay in
    /// the Buffer over Q). Padded: DRAM reads 16 weights (K·C) and 16 inputs (C·Q), takes 16
    /// output updates (K·Q); the Buffer is filled with 16 + 16. With the padding dropped,
    /// weights and inputs scale by ρ = 12/16 = 0.75 (outputs by 1): DRAM reads 12 + 12, Buffer
    /// fills 12 + 12, Buffer reads and the 64 MACs unchanged. Energy: DRAM 10 pJ per word saves
    /// 8 × 10, Buffer fills 1 pJ save 8 × 1: 88 pJ less.
    @Test func paddingTrafficStopsAtThePaddingLevel() throws {
        let arch = Self.architecture(multipleOf: [.C: 4])
        let unpadded = Self.layer(c: 3, k: 4)
        let padded = arch.padded(unpadded)
        let mapping = Mapping(levels: [LevelMapping(temporal: [Loop(.Q, 4)]),
                                       LevelMapping(temporal: [Loop(.C, 4), Loop(.K, 4)])])
        let before = try Evaluator(architecture: arch).evaluate(layer: padded, mapping: mapping)
        var after = before
        after.dropPaddingTraffic(architecture: arch, unpadded: unpadded, padded: padded)
        func count(_ e: Evaluation, _ level: String, _ t: TensorKind, _ kind: KeyPath<TensorAccesses, Double>) -> Double? {
            e.level(level)?.tensors.first { $0.tensor == t }?[keyPath: kind]
        }
        #expect(count(before, "DRAM", .weights, \.reads) == 16)
        #expect(count(before, "DRAM", .inputs, \.reads) == 16)
        #expect(count(after, "DRAM", .weights, \.reads) == 12)
        #expect(count(after, "DRAM", .inputs, \.reads) == 12)
        #expect(count(after, "DRAM", .outputs, \.updates) == count(before, "DRAM", .outputs, \.updates))
        #expect(count(after, "Buffer", .weights, \.fills) == 12)
        #expect(count(after, "Buffer", .inputs, \.fills) == 12)
        #expect(count(after, "Buffer", .inputs, \.reads) == count(before, "Buffer", .inputs, \.reads))
        #expect(after.macs == 64)
        #expect(abs((before.energy - after.energy) - 88) < 1e-9)
        // A layer that was not padded is left as it is.
        var same = before
        same.dropPaddingTraffic(architecture: arch, unpadded: padded, padded: padded)
        #expect(same == before)
    }
}
