import Testing
import LoupeModel
@testable import LoupeEngine

/// Loupe's gating, skipping and compression against Sparseloop's results on the exercise cases
/// (Sparseloop's `timeloop-mapper.stats.txt` of each `sparse_0*` exercise; setups in
/// ``SparseloopCase``). Target: energy within 2% and cycles exact.
///
/// Where a case cannot match, the reason is stated and what is defensible is tested:
/// - Sparseloop rounds each expected count to a whole number — partial-sum reads down
///   (`15 × 0.25 = 3.75 → 3`, `18 × 0.43 = 7.74 → 7`), the others up (`27 × 0.43 = 11.61 → 12`).
///   Loupe keeps the expectations and its access energy charges whole block accesses
///   (`⌈3.75⌉ = 4`, docs/model.md §6). On the 16-MAC dot products one partial-sum read is 4–6% of
///   the total, so those tests check every other count exactly and that the energy gap is that
///   one read.
/// - Compressed weights read from `BackingStorage` (blocks of 4 words, a separate 4-bit
///   metadata store) cost in Sparseloop more than whole-block data reads plus one metadata read
///   per entry: 7.85 pJ for 2 reads + 2 metadata reads in conv1d, 203.82 pJ for 188 + 224 in
///   conv1d+oc; no combination of block reads and metadata reads at the ERT energies gives those
///   figures with the counts stats.txt prints, so the accounting cannot be reproduced. Loupe
///   charges `⌈reads/4⌉` block reads plus the metadata reads, 5.1 pJ and 12.7 pJ less.
@Suite("Sparseloop exercise cases")
struct SparseloopValidationTests {
    // Sparseloop totals: `fJ/Compute` × actual computes (stats.txt, "Summary Stats").
    static let duduEnergy = 7954.55 * 16 / 1000        // sparse_01.2.1: 127.27 pJ, 16 cycles
    static let suduEnergy = 13466.46 * 4 / 1000        // sparse_01.2.2: 53.87 pJ, 16 cycles
    static let scduEnergy = 2622.02 * 4 / 1000         // sparse_01.2.3: 10.49 pJ, 4 cycles
    static let spmspmEnergy = 7190.35 * 64 / 1000      // sparse_02.2.1: 460.18 pJ, 64 cycles
    static let tiledEnergy = 5675.75 * 64 / 1000       // sparse_02.2.2: 363.25 pJ, 64 cycles
    static let conv1dEnergy = 4926.10 * 12 / 1000      // sparse_03.2.1: 59.11 pJ, 12 cycles
    static let conv1dOCEnergy = 5990.91 * 188 / 1000   // sparse_03.2.2: 1126.29 pJ, 188 cycles
    static let spatialEnergy = 5312.17 * 188 / 1000    // sparse_03.2.3: 998.69 pJ, 47 cycles

    @Test("sparse_01.2.1 DUDU dot product: dense, exact")
    func dudu() throws {
        let arch = SparseloopCase.dotProductArchitecture(compressed: false, techniques: [])
        let r = try SparseFixture.run(arch, SparseloopCase.dotProductLayer(densityA: nil), SparseloopCase.dotProductMapping)
        #expect(r.final.cycles == 16)
        #expect(SparseFixture.close(r.final.energy, Self.duduEnergy, 0.0005))
    }

    /// Gating B and Z on A at `Buffer` (A: 4 of 16 non-zero, fixed_structured).
    /// stats.txt: B reads 4 actual + 12 gated; Z reads 3 + 12 gated, updates 4 + 12 gated;
    /// 4 actual computes; 16 cycles (gated accesses keep their slots: Buffer 16 cycles).
    @Test("sparse_01.2.2 SUDU: gating keeps cycles; energy and counts exact")
    func sudu() throws {
        let gate = SparseFixture.technique("zero_gating", ["on": "inputs", "at": "Buffer"])
        let arch = SparseloopCase.dotProductArchitecture(compressed: false, techniques: [gate])
        let r = try SparseFixture.run(arch, SparseloopCase.dotProductLayer(densityA: 0.25), SparseloopCase.dotProductMapping)
        let e = r.final
        #expect(e.cycles == 16)
        #expect(e.level("Buffer")!.bandwidthCycles == 16)
        #expect(e.effectualMACs == 4)
        #expect(e.gatedMACs == 12)
        #expect(e.sparseAccesses("Buffer", .weights)!.reads == 4)
        #expect(e.sparseAccesses("Buffer", .weights)!.gated == 12)
        #expect(e.sparseAccesses("Buffer", .inputs)!.reads == 16)
        #expect(e.sparseAccesses("Buffer", .outputs)!.updates == 4)
        // Sparseloop: 3 partial-sum reads (⌊15 × 0.25⌋) and 12 gated; Loupe rounds the same way.
        #expect(e.sparseAccesses("Buffer", .outputs)!.reads == 3)
        #expect(SparseFixture.close(e.energy, Self.suduEnergy, 0.001))
    }

    /// A compressed (coordinate payload, 4-bit coordinates in the 4-bit metadata store), B and Z
    /// skip on A. stats.txt: A 4 reads + 4 metadata reads (3.10 pJ), B 4 reads (12 skipped),
    /// Z 3 reads and 4 updates, 4 cycles.
    @Test("sparse_01.2.3 SCDU: compressed condition, skipping; energy and cycles exact")
    func scdu() throws {
        let techniques = [
            SparseFixture.technique("compression", ["tensor": "inputs", "format": "coo", "at": "Buffer", "index_bits": "4",
                                                    "metadata_word_bits": "4"]),
            SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "Buffer"]),
        ]
        let arch = SparseloopCase.dotProductArchitecture(compressed: true, techniques: techniques)
        let r = try SparseFixture.run(arch, SparseloopCase.dotProductLayer(densityA: 0.25), SparseloopCase.dotProductMapping)
        let e = r.final
        #expect(e.cycles == 4)
        #expect(e.effectualMACs == 4)
        let a = e.sparseAccesses("Buffer", .inputs)!
        #expect(a.reads == 4)
        #expect(a.metadataWords * 8 / 4 == 4)                 // four 4-bit coordinates
        #expect(SparseFixture.close(a.energy, 4 * 0.582895 + 4 * 0.191076, 1e-9))   // 3.10 pJ
        #expect(e.sparseAccesses("Buffer", .weights)!.reads == 4)
        #expect(e.sparseAccesses("Buffer", .weights)!.skipped == 12)
        #expect(e.sparseAccesses("Buffer", .outputs)!.updates == 4)
        #expect(e.sparseAccesses("Buffer", .outputs)!.reads == 3)
        #expect(SparseFixture.close(e.energy, Self.scduEnergy, 0.001))
    }

    /// Both operands compressed (UOP-CP = CSR), skipping at `Buffer`; every count integral, so
    /// Loupe matches exactly: B at Buffer 64 reads + 82 metadata reads, 32 fills + 41 metadata
    /// fills (166.15 pJ); A at BackingStorage 64 reads + 100 metadata reads (74.04 pJ); Z at
    /// Buffer 56 reads, 64 updates; 64 computes and cycles.
    @Test("sparse_02.2.1 spMspM: exact")
    func spmspm() throws {
        let arch = SparseloopCase.matmulArchitecture(tiled: false, techniques: SparseloopCase.matmulTechniques)
        let r = try SparseFixture.run(arch, SparseloopCase.matmulLayer, SparseloopCase.matmulMapping(tiled: false))
        let e = r.final
        #expect(e.cycles == 64)
        #expect(e.effectualMACs == 64)
        #expect(SparseFixture.close(e.energy, Self.spmspmEnergy, 0.0005))
        let b = e.sparseAccesses("Buffer", .weights)!
        #expect(b.reads == 64 && b.fills == 32 && b.skipped == 192)
        #expect(abs(b.metadataWords * 2 - (82 + 41)) < 1e-9)
        #expect(SparseFixture.close(b.energy, 166.15, 0.0005))
        let a = e.sparseAccesses("BackingStorage", .inputs)!
        #expect(a.reads == 64 && abs(a.metadataWords * 2 - 100) < 1e-9)
        #expect(SparseFixture.close(a.energy, 74.04, 0.0005))
        let z = e.sparseAccesses("Buffer", .outputs)!
        #expect(z.reads == 56 && z.updates == 64)
    }

    /// The tiled variant: B's tile at Buffer is 2 × 8 (K8 outer, N2 inner: 9 offsets + 8
    /// coordinates); at BackingStorage three ranks N4·K8·N2 (5 + 36 offsets + 32 coordinates).
    /// CSR costs 8.56 bits per 8-bit value there, so `fallback: none` keeps it compressed as
    /// Sparseloop does.
    @Test("sparse_02.2.2 spMspM tiled: exact")
    func spmspmTiled() throws {
        var techniques = SparseloopCase.matmulTechniques
        let here = techniques[0].location!
        techniques[0].options.append(SpecNode.Pair(key: "fallback", keyLocation: here, value: SpecNode(.scalar("none", plain: true), at: here)))
        let arch = SparseloopCase.matmulArchitecture(tiled: true, techniques: techniques)
        let r = try SparseFixture.run(arch, SparseloopCase.matmulLayer, SparseloopCase.matmulMapping(tiled: true))
        let e = r.final
        #expect(e.cycles == 64)
        #expect(SparseFixture.close(e.energy, Self.tiledEnergy, 0.0005))
        let b = e.sparseAccesses("Buffer", .weights)!
        #expect(abs(b.metadataWords * 2 - (72 + 64 + 36 + 32)) < 1e-9)
        #expect(SparseFixture.close(b.energy, 114.68, 0.0005))
        #expect(SparseFixture.close(e.sparseAccesses("BackingStorage", .weights)!.energy, 45.62, 0.0005))
    }

    /// Weights RLE at both levels (4-bit runs), inputs and outputs skip on weights at Buffer;
    /// 27 MACs at density 0.43. Cycles: ⌈27 × 0.43⌉ = 12 in both. Energy: the Buffer, the
    /// inputs and outputs at BackingStorage and the MACs agree within 2%; the compressed
    /// weights at BackingStorage do not (see the suite's notes: 7.85 vs 2.77 pJ).
    @Test("sparse_03.2.1 conv1d: cycles exact; energy within 2% outside the compressed BackingStorage reads")
    func conv1d() throws {
        let arch = SparseloopCase.conv1dArchitecture(variant: 1, techniques: SparseloopCase.conv1dTechniques(variant: 1))
        let r = try SparseFixture.run(arch, SparseloopCase.conv1dLayer(variant: 1), SparseloopCase.conv1dMapping(variant: 1))
        let e = r.final
        #expect(e.cycles == 12)
        #expect(SparseFixture.close(e.effectualMACs, 27 * 0.43, 1e-12))
        let backingWeights = e.sparseAccesses("BackingStorage", .weights)!.energy
        #expect(SparseFixture.close(e.energy - backingWeights, Self.conv1dEnergy - 7.85, 0.02))
        #expect(SparseFixture.close(e.level("Buffer")!.accessEnergy + e.level("Buffer")!.leakEnergy, 32.49, 0.02))
        // What Loupe charges there: one block read (1.29 values) + 1.29 four-bit run lengths.
        #expect(SparseFixture.close(backingWeights, 2.290882 + 1.29 * 0.373885, 1e-9))
    }

    /// 16 output channels; weights (UOP-RLE = offsets + one entry per non-zero, Loupe's csr) stay
    /// in BackingStorage and feed the MACs directly; inputs skip on weights in Buffer.
    /// stats.txt: 188 cycles and computes, inputs 188 reads at Buffer, weights 188 reads + 36
    /// offsets + 188 run lengths at BackingStorage.
    @Test("sparse_03.2.2 conv1d+oc: within 2%, cycles exact")
    func conv1dOutputChannels() throws {
        let arch = SparseloopCase.conv1dArchitecture(variant: 2, techniques: SparseloopCase.conv1dTechniques(variant: 2))
        let r = try SparseFixture.run(arch, SparseloopCase.conv1dLayer(variant: 2), SparseloopCase.conv1dMapping(variant: 2))
        let e = r.final
        #expect(e.cycles == 188)
        #expect(SparseFixture.close(e.energy, Self.conv1dOCEnergy, 0.02))
        let w = e.sparseAccesses("BackingStorage", .weights)!
        #expect(SparseFixture.close(w.metadataWords * 2, 36 + 432 * 0.4333, 1e-9))
        #expect(SparseFixture.close(e.sparseAccesses("Buffer", .inputs)!.reads, 432 * 0.4333, 1e-9))
    }

    /// The same spread over 4 PEs (M4 temporal × M4 spatial at BackingStorage); weights in
    /// UOP-UOP-RLE: 5 + 20 offsets per 48-weight tile, 45 + 180 offset reads.
    @Test("sparse_03.2.3 conv1d+oc spatial: within 2%, cycles exact")
    func conv1dSpatial() throws {
        let arch = SparseloopCase.conv1dArchitecture(variant: 3, techniques: SparseloopCase.conv1dTechniques(variant: 3))
        let r = try SparseFixture.run(arch, SparseloopCase.conv1dLayer(variant: 3), SparseloopCase.conv1dMapping(variant: 3))
        let e = r.final
        #expect(e.cycles == 47)
        #expect(SparseFixture.close(e.energy, Self.spatialEnergy, 0.02))
        let w = e.sparseAccesses("BackingStorage", .weights)!
        #expect(SparseFixture.close(w.metadataWords * 2, 45 + 180 + 432 * 0.4333, 1e-9))
    }
}
