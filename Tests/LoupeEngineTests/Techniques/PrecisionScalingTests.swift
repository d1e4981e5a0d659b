import Testing
@testable import LoupeEngine
import LoupeModel

/// `precision_scaling`: MAC energy vs operand bits and packed storage.
@Suite("Precision: precision_scaling")
struct PrecisionScalingTests {
    typealias F = PrecisionFixtures

    /// Source: Horowitz, ISSCC 2014, 45 nm ("Computing's energy problem", Fig. 1.1.9): int mult
    /// 8 b 0.2 pJ, 32 b 3.1 pJ; int add 16 b 0.05 pJ, 32 b 0.1 pJ. A 16-bit MAC is the 16-bit
    /// multiplier (0.787 pJ on the library's quadratic law) plus a 32-bit accumulate (0.1 pJ), so
    /// its multiplier share is 0.887.
    @Test func multiplierShareFollowsHorowitz() {
        let m = MACPrecisionEnergy(technology: .nm45, wordBits: 16)
        #expect(abs(m.multiplierShare - 0.787 / 0.887) < 0.005)
        // Technology scaling multiplies both parts alike.
        let m7 = MACPrecisionEnergy(technology: .nm7, wordBits: 16)
        #expect(abs(m7.multiplierShare - m.multiplierShare) < 1e-9)
    }

    /// Source: Horowitz ISSCC 2014 table, as above: an 8-bit MAC (8-bit mult 0.2 pJ + 16-bit
    /// accumulate 0.05 pJ = 0.25 pJ) against the 16-bit MAC (0.887 pJ) is 0.282; the
    /// product/width law gives 0.278.
    @Test func eightBitMACAgainstTable() {
        let m = MACPrecisionEnergy(technology: .nm45, wordBits: 16)
        let r = m.ratio(weightBits: 8, inputBits: 8)
        #expect(abs(r - 0.25 / 0.887) / (0.25 / 0.887) < 0.03)
        #expect(m.ratio(weightBits: 16, inputBits: 16) == 1)
        #expect(m.ratio(weightBits: 20, inputBits: 16) == 1)  // wider than a word: clamped
    }

    @Test func noSavingAtWordWidth() throws {
        let layer = F.conv("c", C: 16, K: 16, out: 8)
        for arch in [F.flatArchitecture(), F.eyerissLike()] {
            let r = try F.run(TechniqueSpec(kind: "precision_scaling"), on: arch, layer)
            #expect(F.close(r.after.energy, r.dense.energy, 1e-12))
            #expect(r.after.cycles == r.dense.cycles)
            #expect(F.close(r.after.macEnergy, r.dense.macEnergy, 1e-12))
        }
    }

    @Test func storagePackedByBitsNeeded() throws {
        let stats = F.stats { $0.precisionNeeded = [.weights: 8, .inputs: 4] }
        let layer = F.conv("c", C: 16, K: 16, out: 8, stats: stats)
        let r = try F.run(TechniqueSpec(kind: "precision_scaling"), on: F.eyerissLike(), layer)
        let dram0 = try #require(r.dense.level("DRAM"))
        let dram1 = try #require(r.after.level("DRAM"))
        #expect(F.close(dram1.accesses(.weights)!.reads, dram0.accesses(.weights)!.reads / 2, 1e-12))
        #expect(F.close(dram1.accesses(.inputs)!.reads, dram0.accesses(.inputs)!.reads / 4, 1e-12))
        #expect(dram1.accesses(.outputs)!.updates == dram0.accesses(.outputs)!.updates)  // 16 b outputs
        #expect(dram1.accesses(.weights)!.bitsPerValue == 8)
        #expect(dram1.accesses(.inputs)!.bitsPerValue == 4)
        #expect(dram1.accesses(.outputs)!.bitsPerValue == 16)
        let m = MACPrecisionEnergy(technology: .nm65, wordBits: 16)
        #expect(F.close(r.after.macEnergy, r.dense.macEnergy * m.ratio(weightBits: 8, inputBits: 4), 1e-12))
        #expect(r.after.energy < r.dense.energy)
    }

    /// Per-layer precision in the workload (no profiled stats): the layer's declared bits apply.
    @Test func perLayerPrecisionOfTheWorkload() throws {
        let layer = F.conv("c", C: 16, K: 16, out: 8, precision: Precision(weights: 8, inputs: 8, outputs: 8))
        let r = try F.run(TechniqueSpec(kind: "precision_scaling"), on: F.flatArchitecture(), layer)
        let d0 = r.dense.levels[0]
        let d1 = r.after.levels[0]
        for t in TensorKind.allCases {
            #expect(F.close(d1.accesses(t)!.energy, d0.accesses(t)!.energy / 2, 1e-3))
        }
    }

    @Test func energyMonotoneInBits() throws {
        var last = 0.0
        for bits in 1...16 {
            let stats = F.stats { $0.precisionNeeded = [.weights: Double(bits), .inputs: Double(bits), .outputs: Double(bits)] }
            let layer = F.conv("c", C: 8, K: 8, out: 6, stats: stats)
            let r = try F.run(TechniqueSpec(kind: "precision_scaling"), on: F.eyerissLike(), layer)
            #expect(r.after.energy >= last)
            #expect(r.after.energy <= r.dense.energy * (1 + 1e-12))
            last = r.after.energy
        }
    }

    @Test func energyIsSumOfPartsAfterRefresh() throws {
        let stats = F.stats { $0.precisionNeeded = [.weights: 6, .inputs: 7] }
        let layer = F.conv("c", C: 16, K: 32, out: 7, stats: stats)
        let arch = F.eyerissLike(leak: 0.01)
        let r = try F.run(TechniqueSpec(kind: "precision_scaling"), on: arch, layer)
        #expect(F.close(r.after.energy, F.sumOfParts(r.after), 1e-12))
        #expect(F.isRefreshed(r.after, arch))
    }

    @Test func atLimitsTheLevels() throws {
        let stats = F.stats { $0.precisionNeeded = [.weights: 8, .inputs: 8, .outputs: 8] }
        let layer = F.conv("c", C: 16, K: 16, out: 8, stats: stats)
        let r = try F.run(TechniqueSpec(kind: "precision_scaling", options: ["at": "DRAM", "tensor": "weights"]),
                          on: F.eyerissLike(), layer)
        #expect(r.after.macEnergy == r.dense.macEnergy)
        #expect(r.after.level("RF")!.energy == r.dense.level("RF")!.energy)
        #expect(r.after.level("DRAM")!.accesses(.inputs)!.reads == r.dense.level("DRAM")!.accesses(.inputs)!.reads)
        #expect(F.close(r.after.level("DRAM")!.accesses(.weights)!.reads,
                        r.dense.level("DRAM")!.accesses(.weights)!.reads / 2, 1e-12))
    }

    @Test func capacityFollowsBitsNeeded() throws {
        let arch = F.eyerissLike().resolved()
        let t = try PrecisionScaling(spec: TechniqueSpec(kind: "precision_scaling"), architecture: arch)
        let stats = F.stats { $0.precisionNeeded = [.inputs: 4] }
        #expect(t.storageRatio(tensor: .inputs, level: "GlobalBuffer", stats: stats) == 0.25)
        #expect(t.storageRatio(tensor: .weights, level: "GlobalBuffer", stats: stats) == 1)
    }

    @Test func unknownOptionsAreErrors() {
        let arch = F.eyerissLike()
        #expect(throws: DiagnosticError.self) {
            try PrecisionScaling(spec: TechniqueSpec(kind: "precision_scaling", options: ["bits": "8"]), architecture: arch)
        }
        #expect(throws: DiagnosticError.self) {
            try PrecisionScaling(spec: TechniqueSpec(kind: "precision_scaling", options: ["at": "L2"]), architecture: arch)
        }
    }
}

/// `bit_serial` and `precision_scaling` together: the MAC-energy saving is applied once,
/// whichever comes first (the second says so in its notes).
@Suite("Precision techniques combined")
struct PrecisionCombinationTests {
    @Test func macSavingCountedOnce() throws {
        var b = Array(repeating: 1, count: 8)
        b[Dimension.K.rawValue] = 8
        b[Dimension.C.rawValue] = 8
        var stats = DataStats()
        stats.precisionNeeded = [.inputs: 8, .weights: 8]
        let layer = Layer(name: "fc", type: .fc, bounds: b, stats: stats)
        let arch = Evaluator(architecture: Architecture(name: "a", technology: .nm45, clockHz: 1e9, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 10, "write": 10, "update": 10, "leak": 0]),
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ])).architecture
        let dense = try Evaluator(architecture: arch).evaluate(layer: layer, mapping: Mapping(levels: [LevelMapping(temporal: [Loop(.K, 8), Loop(.C, 8)])]))
        let serial = try BitSerial(spec: TechniqueSpec(kind: "bit_serial", options: ["tensor": "inputs", "style": "stripes"]), architecture: arch)
        let scaling = try PrecisionScaling(spec: TechniqueSpec(kind: "precision_scaling"), architecture: arch)
        let context = TechniqueContext(architecture: arch, layer: layer)
        var notes: [String] = []
        let serialOnly = serial.apply(to: dense, context: context, notes: &notes)
        let both = scaling.apply(to: serialOnly, context: context, notes: &notes)
        #expect(serialOnly.macEnergy < dense.macEnergy)
        #expect(both.macEnergy == serialOnly.macEnergy)
        #expect(notes.contains { $0.contains("not scaled again") })
        notes = []
        let other = serial.apply(to: scaling.apply(to: dense, context: context, notes: &notes), context: context, notes: &notes)
        #expect(other.macEnergy < dense.macEnergy)
        #expect(notes.contains { $0.contains("not scaled again") })
    }
}
