import Testing
import LoupeModel
@testable import LoupeEngine

/// Properties every sparsity technique must keep, on a small spatial architecture with seeded
/// random densities: no negative savings for density ≤ 1, no change at density 1, energy equal
/// to the sum of its parts after `refresh`, effectual MACs = MACs × Π exploited densities.
@Suite("Sparsity invariants")
struct SparsityInvariantTests {
    /// DRAM (blocks of 4) → GLB (inputs and outputs; weights bypass) → 4 × 4 PEs with a register
    /// file each (network 0.5 pJ per word) → MAC.
    static func architecture(_ techniques: [TechniqueSpec]) -> Architecture {
        SparseFixture.architecture([
            SparseFixture.storage("DRAM", class: .dram, block: 4, read: 512, write: 512),
            SparseFixture.storage("GLB", block: 4, read: 24, write: 26, metadata: (3, 3.5), keeps: [.inputs, .outputs]),
            SparseFixture.storage("RF", class: .regfile, read: 1, write: 1.2, gated: 0.05, arrayX: 4, arrayY: 4,
                                  transfer: 0.5),
            SparseFixture.mac(2, gated: 0.1),
        ], techniques: techniques, name: "invariants")
    }

    static let layer = SparseFixture.layer("conv", [.K: 16, .C: 8, .P: 8, .Q: 8, .R: 3, .S: 3])

    static let mapping = Mapping(levels: [
        LevelMapping(temporal: [Loop(.K, 2)]),
        LevelMapping(temporal: [Loop(.P, 2), Loop(.Q, 2)], spatialX: [Loop(.K, 4)], spatialY: [Loop(.C, 4)]),
        LevelMapping(temporal: [Loop(.C, 2), Loop(.K, 2), Loop(.P, 4), Loop(.Q, 4), Loop(.R, 3), Loop(.S, 3)]),
    ])

    static let techniqueSets: [[TechniqueSpec]] = [
        [SparseFixture.technique("zero_gating", ["on": "inputs", "at": "RF,MAC"])],
        [SparseFixture.technique("zero_skipping", ["on": "weights", "at": "GLB,RF,MAC"])],
        [SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "RF", "lanes": "4", "lane_values": "8"])],
        [SparseFixture.technique("compression", ["tensor": "inputs", "format": "rle", "at": "DRAM,GLB"]),
         SparseFixture.technique("compression", ["tensor": "weights", "format": "bitmask", "at": "DRAM,RF"]),
         SparseFixture.technique("compression", ["tensor": "outputs", "format": "coo", "at": "DRAM"])],
        [SparseFixture.technique("compression", ["tensor": "weights", "format": "csr", "at": "DRAM"]),
         SparseFixture.technique("zero_gating", ["on": "weights", "at": "RF"]),
         SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "GLB,RF,MAC"]),
         SparseFixture.technique("compression", ["tensor": "inputs", "format": "huffman", "at": "GLB"])],
        // Load imbalance at the two coarser granularities (``LoadImbalance``).
        [SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "RF", "sync": "tile"]),
         SparseFixture.technique("zero_skipping", ["on": "weights", "at": "MAC", "sync": "layer"])],
    ]

    /// A seeded linear congruential generator (Knuth's MMIX constants) for reproducible densities.
    struct Seeded {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    static func run(_ techniques: [TechniqueSpec], _ stats: DataStats) throws
        -> (dense: Evaluation, final: Evaluation, rows: [TechniqueAttribution], notes: [String]) {
        var l = layer
        l.stats = stats
        return try SparseFixture.run(architecture(techniques), l, mapping)
    }

    @Test("savings are never negative for density ≤ 1", arguments: 0..<6)
    func neverNegative(set: Int) throws {
        var rng = Seeded(state: 0x5eed + UInt64(set))
        for _ in 0..<12 {
            let stats = SparseFixture.stats(density: [.inputs: 0.02 + 0.98 * rng.next(), .weights: 0.02 + 0.98 * rng.next(),
                                                      .outputs: 0.02 + 0.98 * rng.next()],
                                            distribution: rng.next() < 0.5 ? .uniform : .structured)
            let r = try Self.run(Self.techniqueSets[set], stats)
            for row in r.rows {
                #expect(row.energyAfter <= row.energyBefore * (1 + 1e-12), "\(row.technique) at \(stats.density)")
                #expect(row.cyclesAfter <= row.cyclesBefore, "\(row.technique) at \(stats.density)")
            }
            for (before, after) in zip(r.dense.networks, r.final.networks) { #expect(after.words <= before.words * (1 + 1e-12)) }
        }
    }

    @Test("density 1 changes nothing", arguments: 0..<6)
    func denseIsUnchanged(set: Int) throws {
        let explicit = try Self.run(Self.techniqueSets[set], SparseFixture.stats(density: [.inputs: 1, .weights: 1, .outputs: 1]))
        let absent = try Self.run(Self.techniqueSets[set], DataStats())
        for r in [explicit, absent] {
            #expect(r.final.energy == r.dense.energy)
            #expect(r.final.cycles == r.dense.cycles)
            #expect(r.final.effectualMACs == Double(r.final.macs))
            for row in r.rows { #expect(row.energyAfter == row.energyBefore) }
        }
    }

    @Test("energy is the sum of its parts after refresh, and refresh is idempotent", arguments: 0..<6)
    func sumOfParts(set: Int) throws {
        let r = try Self.run(Self.techniqueSets[set], SparseFixture.stats(density: [.inputs: 0.37, .weights: 0.52, .outputs: 0.6]))
        #expect(SparseFixture.close(r.final.energy, SparseFixture.sumOfParts(r.final), 1e-12))
        var again = r.final
        again.refresh(architecture: Evaluator(architecture: Self.architecture(Self.techniqueSets[set])).architecture)
        #expect(SparseFixture.close(again.energy, r.final.energy, 1e-12))
        #expect(again.cycles == r.final.cycles)
        let level = r.final.levels.flatMap(\.tensors)
        #expect(level.allSatisfy { $0.reads >= 0 && $0.fills >= 0 && $0.updates >= 0 && $0.metadataWords >= 0 })
    }

    /// Gating on inputs at the MAC and skipping on weights at the MAC: `MACs · d_i · d_w`
    /// effectual; gated MACs `MACs·(1 − d_i)`, skipped `MACs·d_i·(1 − d_w)`; compute cycles
    /// follow skipping only.
    @Test("effectual MACs = MACs × Π exploited densities")
    func effectualMACs() throws {
        let techniques = [SparseFixture.technique("zero_gating", ["on": "inputs", "at": "MAC"]),
                          SparseFixture.technique("zero_skipping", ["on": "weights", "at": "MAC"]),
                          SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "MAC"])]
        let r = try Self.run(techniques, SparseFixture.stats(density: [.inputs: 0.4, .weights: 0.25]))
        let macs = Double(r.final.macs)
        #expect(SparseFixture.close(r.final.effectualMACs, macs * 0.4 * 0.25, 1e-12))
        #expect(SparseFixture.close(r.final.gatedMACs, macs * 0.6, 1e-12))
        #expect(SparseFixture.close(r.final.skippedMACs, macs * 0.4 * 0.75, 1e-12))
        #expect(SparseFixture.close(r.final.effectiveComputeCycles, Double(r.final.computeCycles) * 0.25, 1e-12))
        #expect(SparseFixture.close(r.final.macEnergy, macs * 0.4 * 0.25 * 2 + macs * 0.6 * 0.1, 1e-12))
        // The third entry conditions on inputs again: counted once, with a note.
        #expect(r.notes.contains { $0.contains("already conditioned on inputs") })
    }

    /// Gated accesses keep their bandwidth slot, skipped ones do not (docs/sparsity.md, Sparseloop).
    @Test("gating keeps cycles, skipping follows what is moved")
    func gatingVersusSkipping() throws {
        let stats = SparseFixture.stats(density: [.inputs: 0.3])
        let gated = try Self.run([SparseFixture.technique("zero_gating", ["on": "inputs", "at": "RF,MAC"])], stats)
        let skipped = try Self.run([SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "RF,MAC"])], stats)
        #expect(gated.final.cycles == gated.dense.cycles)
        #expect(SparseFixture.close(skipped.final.cycles, (Double(skipped.dense.computeCycles) * 0.3).rounded(.up), 1e-12))
        let g = gated.final.sparseAccesses("RF", .weights)!
        let s = skipped.final.sparseAccesses("RF", .weights)!
        #expect(g.reads == s.reads && g.gated == s.skipped && g.gated > 0)
        #expect(g.energy > s.energy)       // the RF's gated energy is 0.05 pJ per access
        #expect(gated.final.energy > skipped.final.energy)
    }

    /// Compression with the raw fallback never moves more words than the dense tensor.
    @Test("compressed traffic never exceeds dense traffic", arguments: [0.05, 0.3, 0.6, 0.9, 0.99, 1.0])
    func compressedTraffic(density: Double) throws {
        let r = try Self.run(Self.techniqueSets[3], SparseFixture.stats(density: [.inputs: density, .weights: density,
                                                                                   .outputs: density]))
        for (before, after) in zip(r.dense.levels, r.final.levels) {
            for (a, b) in zip(before.tensors, after.tensors) {
                let dense = a.reads + a.fills + a.updates
                let moved = b.reads + b.fills + b.updates + b.metadataWords
                #expect(moved <= dense * (1 + 1e-12), "\(b.tensor) at \(after.name), density \(density)")
            }
        }
    }

    /// `targets` narrows what is conditioned; the MAC follows only when a listed level feeds it
    /// a target.
    @Test("targets restrict the conditioned tensors")
    func targets() throws {
        let stats = SparseFixture.stats(density: [.inputs: 0.5])
        let r = try Self.run([SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "RF", "targets": "outputs"])], stats)
        #expect(r.final.sparseAccesses("RF", .weights)!.reads == r.dense.sparseAccesses("RF", .weights)!.reads)
        let updates = r.dense.sparseAccesses("RF", .outputs)!.updates
        #expect(SparseFixture.close(r.final.sparseAccesses("RF", .outputs)!.updates, updates * 0.5, 1e-3))
        #expect(r.final.effectualMACs == Double(r.final.macs) * 0.5)
    }

    /// Network words follow what the parent keeper sends, tensor by tensor: compressing inputs
    /// at the GLB (which feeds the PE array) shrinks the array's network; compressing them at
    /// DRAM only (the GLB still sends dense words) leaves it alone.
    @Test("network words follow the parent keeper")
    func networks() throws {
        let stats = SparseFixture.stats(density: [.inputs: 0.3])
        let atGLB = try Self.run([SparseFixture.technique("compression", ["tensor": "inputs", "format": "bitmask", "at": "GLB"])], stats)
        let atDRAM = try Self.run([SparseFixture.technique("compression", ["tensor": "inputs", "format": "bitmask", "at": "DRAM"])], stats)
        let before = atGLB.dense.networks[0]
        #expect(before.level == "RF" && before.words > 0)
        #expect(atGLB.final.networks[0].words < before.words)
        #expect(SparseFixture.close(atGLB.final.networks[0].energy, atGLB.final.networks[0].words * 0.5, 1e-12))
        #expect(atDRAM.final.networks[0].words == before.words)
    }
}
