import LoupeEngine
import LoupeModel
import Testing

/// Static energy (docs/model.md §6, "Static energy"): the chip-level term `(P / f) · cycles`
/// and its split from the dynamic energy.
@Suite("Static energy")
struct StaticEnergyTests {
    /// DRAM → MAC, one PE, no bandwidth limit, a 100 MHz clock; K = 4, C = 2: 8 MACs, so every
    /// mapping takes 8 cycles.
    static func setup(staticPower: Double, leak: Double = 0) -> (Evaluator, Layer, Mapping) {
        var bounds = Array(repeating: 1, count: 8)
        bounds[Dimension.K.rawValue] = 4
        bounds[Dimension.C.rawValue] = 2
        let layer = Layer(name: "fc", bounds: bounds)
        var arch = Architecture(name: "tiny", technology: .nm45, clockHz: 100e6, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 1, "write": 1, "update": 1, "leak": leak]),
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ])
        arch.staticPowerWatts = staticPower
        let mapping = Mapping(levels: [LevelMapping(temporal: [Loop(.K, 4), Loop(.C, 2)])])
        return (Evaluator(architecture: arch), layer, mapping)
    }

    /// 50 mW at 100 MHz: 0.05 W × 10¹² pJ/J / 10⁸ Hz = 500 pJ per cycle; 8 cycles → 4000 pJ.
    /// The dynamic energy is the same as without static power, and the total is their sum.
    @Test func handDerived() throws {
        let (ev, layer, mapping) = Self.setup(staticPower: 0.05)
        let e = try ev.evaluate(layer: layer, mapping: mapping)
        #expect(e.cycles == 8)
        #expect(e.chipStaticEnergy == 4000)
        #expect(e.staticEnergy == 4000)
        let (ev0, _, _) = Self.setup(staticPower: 0)
        let e0 = try ev0.evaluate(layer: layer, mapping: mapping)
        #expect(e.dynamicEnergy == e0.energy)
        #expect(e.energy == e0.energy + 4000)
        // Average power of the static part: 4000 pJ over 8 cycles at 100 MHz (80 ns) = 50 mW.
        #expect(abs(e.chipStaticEnergy * 1e-12 / (e.cycles / 100e6) - 0.05) < 1e-15)
    }

    /// Leakage counts as static: leak 0.5 pJ per cycle on DRAM (one instance), 8 cycles → 4 pJ,
    /// on top of the 4000 pJ chip term.
    @Test func leakageIsStatic() throws {
        let (ev, layer, mapping) = Self.setup(staticPower: 0.05, leak: 0.5)
        let e = try ev.evaluate(layer: layer, mapping: mapping)
        #expect(e.staticEnergy == 4004)
        #expect(abs(e.dynamicEnergy + e.staticEnergy - e.energy) <= 1e-12 * e.energy)
    }

    /// No static figures (no `static:`, leak 0): static energy is 0 and the energy is the dynamic one.
    @Test func zeroWithoutStaticFigures() throws {
        let (ev, layer, mapping) = Self.setup(staticPower: 0)
        let e = try ev.evaluate(layer: layer, mapping: mapping)
        #expect(e.staticEnergy == 0)
        #expect(e.chipStaticEnergy == 0)
        #expect(e.energy == e.dynamicEnergy)
    }

    /// Static energy grows with the latency: a technique (`refresh`) that doubles the cycles
    /// doubles the chip static energy and leaves the dynamic energy alone.
    @Test func monotoneInLatency() throws {
        let (ev, layer, mapping) = Self.setup(staticPower: 0.05, leak: 0.5)
        var e = try ev.evaluate(layer: layer, mapping: mapping)
        let before = e
        var last = e.staticEnergy
        for c in [16.0, 17.0, 40.0] {
            e.effectiveComputeCycles = c
            e.refresh(architecture: ev.architecture)
            #expect(e.cycles == c)
            #expect(e.staticEnergy > last)
            #expect(e.chipStaticEnergy == 500 * c)
            #expect(e.dynamicEnergy == before.dynamicEnergy)
            last = e.staticEnergy
        }
    }
}
