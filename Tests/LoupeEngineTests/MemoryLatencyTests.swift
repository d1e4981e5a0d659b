import LoupeEngine
import LoupeModel
import Testing

/// A level's `latency` (docs/spec.md §4) and the fill + drain term it puts on every layer's
/// critical path (docs/model.md §7, "Memory latency").
@Suite("Memory latency")
struct MemoryLatencyTests {
    /// DRAM (keeps all) → Buffer (keeps `bufferKeeps`) → MAC, at 2 GHz; the Buffer leaks 0.5 pJ
    /// per cycle. Same 1-D convolution and mapping as `LaunchTimeTests` (48 dense cycles).
    static func architecture(dram: FixedTime?, buffer: FixedTime?, bufferKeeps: Set<TensorKind> = Set(TensorKind.allCases),
                             launch: FixedTime? = nil) -> Architecture {
        var d = Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0])
        d.latency = dram
        var b = Level(name: "Buffer", levelClass: .regfile, sizeWords: 64, keeps: bufferKeeps,
                      specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0.5])
        b.latency = buffer
        return Architecture(name: "toy", technology: .nm45, clockHz: 2e9, levels: [
            d, b, Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ], launch: launch)
    }

    static func evaluate(_ arch: Architecture) throws -> Evaluation {
        var bounds = Array(repeating: 1, count: 8)
        bounds[Dimension.S.rawValue] = 3
        bounds[Dimension.Q.rawValue] = 8
        bounds[Dimension.K.rawValue] = 2
        let layer = Layer(name: "conv1d", bounds: bounds)
        let mapping = Mapping(levels: [LevelMapping(temporal: [Loop(.K, 2), Loop(.Q, 4)]),
                                       LevelMapping(temporal: [Loop(.Q, 2), Loop(.S, 3)])])
        return try Evaluator(architecture: arch).evaluate(layer: layer, mapping: mapping)
    }

    /// DRAM 100 ns (200 cycles at 2 GHz), Buffer 10 cycles, both keeping every tensor:
    /// fill = 200 + 10 (weights/inputs cross both), drain = 200 + 10 (outputs cross both):
    /// 420 cycles. With a 100-cycle launch the fixed part is 520.
    @Test func fillAndDrainSumTheLevels() {
        let arch = Self.architecture(dram: .seconds(100e-9), buffer: .cycles(10), launch: .cycles(100))
        #expect(arch.latencyCycles == 420)
        #expect(arch.fixedCycles == 520)
    }

    /// A Buffer that keeps only outputs is on the drain path alone: 200 + (200 + 10) = 410; one
    /// that keeps only weights is on the fill path alone: (200 + 10) + 200 = 410; no latency at
    /// all is 0.
    @Test func onlyThePathsThroughALevelCount() {
        #expect(Self.architecture(dram: .cycles(200), buffer: .cycles(10), bufferKeeps: [.outputs]).latencyCycles == 410)
        #expect(Self.architecture(dram: .cycles(200), buffer: .cycles(10), bufferKeeps: [.weights]).latencyCycles == 410)
        #expect(Self.architecture(dram: nil, buffer: nil).latencyCycles == 0)
    }

    /// The evaluation adds it after the maximum, like `launch`: 48 + 420 = 468 cycles; the Buffer
    /// leaks over all of them (0.5 × 468 = 234 pJ, 24 pJ without), and nothing else changes.
    @Test func evaluationAddsItLikeALaunch() throws {
        let plain = try Self.evaluate(Self.architecture(dram: nil, buffer: nil))
        let slow = try Self.evaluate(Self.architecture(dram: .cycles(200), buffer: .cycles(10)))
        #expect(plain.cycles == 48)
        #expect(slow.cycles == 468)
        #expect(slow.level("Buffer")?.leakEnergy == 234)
        #expect(slow.energy - plain.energy == 210)
        #expect(slow.bound == plain.bound)
        // The same fixed cycles as a 420-cycle launch give the same evaluation.
        #expect(try Self.evaluate(Self.architecture(dram: nil, buffer: nil, launch: .cycles(420))) == slow)
    }
}
