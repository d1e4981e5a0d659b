import Testing
@testable import LoupeEngine
import LoupeModel

/// Data movement that follows the technique: the window reuse and per-bit reads of bit-serial
/// designs (`window_reuse`, `serial_access`), and where SnaPEA's weight index lives (`at`).
@Suite("Precision: data movement")
struct PrecisionDataMovementTests {
    typealias F = PrecisionFixtures

    /// 8-bit inputs on the Eyeriss-like hierarchy (weights innermost at RF, one read per MAC).
    static func layer() -> Layer {
        F.conv("conv", C: 4, K: 4, out: 8, stats: F.stats { $0.precisionNeeded[.inputs] = 8 })
    }

    /// Stripes broadcasts each weight to 16 windows: the RF weight reads fall 16×
    /// (8×8 = 64 windows ≥ 16; the fills are far below), MAC time × 8/16.
    @Test func windowReuse() throws {
        let r = try F.run(TechniqueSpec(kind: "bit_serial", options: ["window_reuse": "16"]), on: F.eyerissLike(), Self.layer())
        let before = r.dense.level("RF")!.accesses(.weights)!
        let after = r.after.level("RF")!.accesses(.weights)!
        #expect(before.reads >= 16 * before.fills)
        #expect(F.close(after.reads, before.reads / 16, 1e-12))
        #expect(r.after.level("RF")!.accesses(.inputs)!.reads == r.dense.level("RF")!.accesses(.inputs)!.reads)
        #expect(F.close(r.after.effectiveComputeCycles, r.dense.effectiveComputeCycles / 2, 1e-12))
        #expect(F.isRefreshed(r.after, F.eyerissLike()))
    }

    /// A layer with fewer windows than the broadcast (2×2 = 4) reuses each weight 4 times only;
    /// and reads never fall below the fills (every word that arrives is read at least once).
    @Test func windowReuseLimitedByWindows() throws {
        var l = Self.layer()
        l[.P] = 2
        l[.Q] = 2
        let r = try F.run(TechniqueSpec(kind: "bit_serial", options: ["window_reuse": "16"]), on: F.eyerissLike(), l)
        let before = r.dense.level("RF")!.accesses(.weights)!
        #expect(before.reads / 4 >= before.fills)
        #expect(F.close(r.after.level("RF")!.accesses(.weights)!.reads, before.reads / 4, 1e-12))
        var one = Self.layer()
        one[.P] = 16
        one[.Q] = 16
        let big = try F.run(TechniqueSpec(kind: "bit_serial", options: ["window_reuse": "1024"]), on: F.eyerissLike(), one)
        let w = big.after.level("RF")!.accesses(.weights)!
        #expect(w.reads >= w.fills)
    }

    /// Serial lanes read the activations a bit at a time: 8 of 16 bits, the RF input reads halve.
    @Test func serialBitAccess() throws {
        let r = try F.run(TechniqueSpec(kind: "bit_serial", options: ["serial_access": "bit"]), on: F.eyerissLike(), Self.layer())
        #expect(F.close(r.after.level("RF")!.accesses(.inputs)!.reads, r.dense.level("RF")!.accesses(.inputs)!.reads / 2, 1e-12))
        #expect(r.after.level("GlobalBuffer")!.accesses(.inputs)!.reads == r.dense.level("GlobalBuffer")!.accesses(.inputs)!.reads)
        #expect(r.after.energy < r.dense.energy)
    }

    /// Without the options the accesses are the baseline's (the earlier behaviour).
    @Test func defaultKeepsAccesses() throws {
        let r = try F.run(TechniqueSpec(kind: "bit_serial"), on: F.eyerissLike(), Self.layer())
        for level in r.dense.levels {
            for t in level.tensors { #expect(r.after.level(level.name)!.accesses(t.tensor)!.reads == t.reads) }
        }
        #expect(!SparseModelUnitTests.problems("bit_serial", ["serial_access": "bits"]).isEmpty)
        #expect(!SparseModelUnitTests.problems("bit_serial", ["window_reuse": "1.5"]).isEmpty)
    }

    /// SnaPEA's index moves only where the architecture keeps it: with `at: RF` DRAM carries no
    /// metadata and the RF the same as without `at`.
    @Test func earlyTerminationIndexLevels() throws {
        let layer = F.conv("conv", C: 64, K: 64, out: 14, stats: PrecisionEarlyTerminationTests.slideStats)
        let everywhere = try F.run(TechniqueSpec(kind: "early_termination"), on: F.eyerissLike(), layer)
        let onChip = try F.run(TechniqueSpec(kind: "early_termination", options: ["at": "RF"]), on: F.eyerissLike(), layer)
        #expect(everywhere.after.level("DRAM")!.accesses(.weights)!.metadataWords > 0)
        #expect(onChip.after.level("DRAM")!.accesses(.weights)!.metadataWords == 0)
        #expect(onChip.after.level("RF")!.accesses(.weights)!.metadataWords == everywhere.after.level("RF")!.accesses(.weights)!.metadataWords)
        #expect(onChip.after.energy < everywhere.after.energy)
        #expect(onChip.after.effectualMACs == everywhere.after.effectualMACs)
        let t = try TechniqueRegistry.make(TechniqueSpec(kind: "early_termination", options: ["at": "RF", "index_bits": "8"]),
                                           architecture: F.eyerissLike().resolved())
        #expect(t.storageRatio(tensor: .weights, level: "DRAM", stats: DataStats()) == 1)
        #expect(t.storageRatio(tensor: .weights, level: "RF", stats: DataStats()) == 1.5)
        #expect(!SparseModelUnitTests.problems("early_termination", ["at": "RFF"]).isEmpty)
    }
}
