import LoupeEngine
import LoupeModel
import Testing

/// The architecture's fixed per-layer time (`launch`, docs/spec.md §4; docs/model.md §7).
@Suite("Launch time")
struct LaunchTimeTests {
    /// The 1-D convolution of `NestKernelTests` (S = 3, Q = 8, K = 2) under DRAM `K=2 Q=4`,
    /// Buffer `Q=2 S=3`, whose dense cycles are 48 (2·4·2·3 temporal iterations, no bandwidth
    /// limit); the Buffer leaks 0.5 pJ per cycle, the DRAM nothing.
    static func evaluate(launch: FixedTime?) throws -> Evaluation {
        var bounds = Array(repeating: 1, count: 8)
        bounds[Dimension.S.rawValue] = 3
        bounds[Dimension.Q.rawValue] = 8
        bounds[Dimension.K.rawValue] = 2
        let layer = Layer(name: "conv1d", bounds: bounds)
        let arch = Architecture(name: "toy", technology: .nm45, clockHz: 2e9, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0]),
            Level(name: "Buffer", levelClass: .regfile, sizeWords: 64, specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0.5]),
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ], launch: launch)
        let mapping = Mapping(levels: [LevelMapping(temporal: [Loop(.K, 2), Loop(.Q, 4)]),
                                       LevelMapping(temporal: [Loop(.Q, 2), Loop(.S, 3)])])
        return try Evaluator(architecture: arch).evaluate(layer: layer, mapping: mapping)
    }

    /// `launch: 50 ns` at 2 GHz is 100 cycles: cycles 48 + 100 = 148; the Buffer leaks over all
    /// of them, 0.5 × 148 × 1 instance = 74 pJ (24 pJ without the launch); nothing else changes.
    @Test func addsCyclesAndLeakage() throws {
        let plain = try Self.evaluate(launch: nil)
        let launched = try Self.evaluate(launch: .seconds(50e-9))
        #expect(plain.cycles == 48)
        #expect(launched.cycles == 148)
        #expect(plain.level("Buffer")?.leakEnergy == 24)
        #expect(launched.level("Buffer")?.leakEnergy == 74)
        #expect(launched.energy - plain.energy == 50)
        #expect(launched.bound == plain.bound)
        // Utilization counts the launch cycles as idle: 48 MACs on 1 PE over 148 cycles.
        #expect(launched.utilization == 48.0 / 148.0)
    }

    /// The same time written in cycles gives the same evaluation; zero is no launch at all.
    @Test func cyclesAndSecondsAgree() throws {
        #expect(try Self.evaluate(launch: .cycles(100)) == Self.evaluate(launch: .seconds(50e-9)))
        #expect(try Self.evaluate(launch: .cycles(0)) == Self.evaluate(launch: nil))
    }

    /// Seconds convert to the nearest whole cycle: 3 µs at 1.98 GHz is 5940 cycles, although
    /// 3e-6 × 1.98e9 is not exactly 5940 in binary floating point.
    @Test func conversionRounds() {
        #expect(FixedTime.seconds(3e-6).cycles(atClockHz: 1.98e9) == 5940)
        #expect(FixedTime.cycles(12.4).cycles(atClockHz: 1e9) == 12)
    }

    /// A technique's `refresh` keeps the launch: re-pricing unchanged counts changes nothing.
    @Test func refreshKeepsTheLaunch() throws {
        let launched = try Self.evaluate(launch: .cycles(100))
        var again = launched
        var arch = Architecture(name: "toy", technology: .nm45, clockHz: 2e9, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0]),
            Level(name: "Buffer", levelClass: .regfile, sizeWords: 64, specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0.5]),
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ], launch: .cycles(100))
        arch = Evaluator(architecture: arch).architecture
        again.refresh(architecture: arch)
        #expect(again.cycles == 148)
        #expect(again.energy == launched.energy)
    }
}
