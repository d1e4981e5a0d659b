import Foundation
import LoupeEngine
import LoupeImport
import LoupeModel
import Testing

/// The Sparseloop exercise cases (Sparseloop's reference runs, copied into
/// Fixtures/timeloop/) imported with no hand editing must give what their hand conversions
/// give in LoupeEngineTests' SparseloopValidationTests (same targets and the same stated
/// exceptions): Sparseloop's totals are `fJ/Compute` × computes from each case's stats.txt.
@Suite("Timeloop import: Sparseloop cases")
struct TimeloopImportSparseTests {
    static let duduEnergy = 7954.55 * 16 / 1000        // sparse_01.2.1: 127.27 pJ, 16 cycles
    static let suduEnergy = 13466.46 * 4 / 1000        // sparse_01.2.2: 53.87 pJ, 16 cycles
    static let scduEnergy = 2622.02 * 4 / 1000         // sparse_01.2.3: 10.49 pJ, 4 cycles
    static let spmspmEnergy = 7190.35 * 64 / 1000      // sparse_02.2.1: 460.18 pJ, 64 cycles
    static let tiledEnergy = 5675.75 * 64 / 1000       // sparse_02.2.2: 363.25 pJ, 64 cycles
    static let conv1dEnergy = 4926.10 * 12 / 1000      // sparse_03.2.1: 59.11 pJ, 12 cycles
    static let conv1dOCEnergy = 5990.91 * 188 / 1000   // sparse_03.2.2: 1126.29 pJ, 188 cycles
    static let spatialEnergy = 5312.17 * 188 / 1000    // sparse_03.2.3: 998.69 pJ, 47 cycles

    func run(_ name: String) throws -> (Evaluation, ImportedSpecs) {
        let specs = try ImportedSpecs(try TimeloopImporter.importFiles(TimeloopCase.named(name).inputs))
        return (try specs.evaluateWithTechniques(), specs)
    }

    @Test("sparse_01.2.1 DUDU: dense, exact; no techniques, no warnings about sparsity")
    func dudu() throws {
        let (e, specs) = try run("sparse_01.2.1-DUDU-dot-product")
        #expect(specs.architecture.techniques.isEmpty)
        #expect(e.cycles == 16)
        #expect(close(e.energy, Self.duduEnergy, 0.0005))
    }

    /// Gating of B and Z on A at Buffer → `zero_gating on: inputs` (A is Loupe's inputs).
    @Test("sparse_01.2.2 SUDU: gating keeps cycles; counts and energy exact")
    func sudu() throws {
        let (e, specs) = try run("sparse_01.2.2-SUDU-dot-product")
        #expect(specs.architecture.techniques.map(\.kind) == ["zero_gating"])
        #expect(specs.workload.layers[0].stats.density[.inputs] == 0.25)
        #expect(e.cycles == 16)
        #expect(e.effectualMACs == 4)
        #expect(e.gatedMACs == 12)
        let b = try #require(e.level("Buffer")?.accesses(.weights))
        #expect(b.reads == 4 && b.gated == 12)
        #expect(e.level("Buffer")?.accesses(.outputs)?.updates == 4)
        #expect(e.level("Buffer")?.accesses(.outputs)?.reads == 3)
        #expect(close(e.energy, Self.suduEnergy, 0.001))
    }

    /// A in CP (Loupe `coo`, 4-bit coordinates), B and Z skip on A.
    @Test("sparse_01.2.3 SCDU: compressed condition, skipping; energy and cycles exact")
    func scdu() throws {
        let (e, _) = try run("sparse_01.2.3-SCDU-dot-product")
        #expect(e.cycles == 4)
        #expect(e.effectualMACs == 4)
        let a = try #require(e.level("Buffer")?.accesses(.inputs))
        #expect(a.reads == 4)
        #expect(close(a.energy, 4 * 0.582895 + 4 * 0.191076, 1e-9))   // 3.10 pJ
        #expect(e.level("Buffer")?.accesses(.weights)?.skipped == 12)
        #expect(close(e.energy, Self.scduEnergy, 0.001))
    }

    /// UOP-CP → csr at both levels; A bypasses Buffer, so its skip on B lands on BackingStorage.
    @Test("sparse_02.2.1 spMspM: exact")
    func spmspm() throws {
        let (e, _) = try run("sparse_02.2.1-spMspM")
        #expect(e.cycles == 64)
        #expect(e.effectualMACs == 64)
        #expect(close(e.energy, Self.spmspmEnergy, 0.0005))
        let b = try #require(e.level("Buffer")?.accesses(.weights))
        #expect(b.reads == 64 && b.fills == 32 && b.skipped == 192)
        #expect(close(b.energy, 166.15, 0.0005))
        let a = try #require(e.level("BackingStorage")?.accesses(.inputs))
        #expect(a.reads == 64)
        #expect(close(a.energy, 74.04, 0.0005))
        #expect(e.level("Buffer")?.accesses(.outputs)?.reads == 56)
    }

    @Test("sparse_02.2.2 spMspM tiled: exact (fallback none, as Sparseloop keeps the format)")
    func spmspmTiled() throws {
        let (e, _) = try run("sparse_02.2.2-spMspM-tiled")
        #expect(e.cycles == 64)
        #expect(close(e.energy, Self.tiledEnergy, 0.0005))
        #expect(close(e.level("Buffer")!.accesses(.weights)!.energy, 114.68, 0.0005))
        #expect(close(e.level("BackingStorage")!.accesses(.weights)!.energy, 45.62, 0.0005))
    }

    /// RLE weights at both levels; the compressed BackingStorage reads are the one figure the
    /// hand conversion cannot match either (SparseloopValidationTests: 7.85 vs 2.77 pJ).
    @Test("sparse_03.2.1 conv1d: cycles exact; energy within 2% outside the compressed BackingStorage reads")
    func conv1d() throws {
        let (e, _) = try run("sparse_03.2.1-conv1d")
        #expect(e.cycles == 12)
        #expect(close(e.effectualMACs, 27 * 0.43, 1e-12))
        let backing = e.level("BackingStorage")!.accesses(.weights)!.energy
        #expect(close(e.energy - backing, Self.conv1dEnergy - 7.85, 0.02))
        #expect(close(e.level("Buffer")!.accessEnergy + e.level("Buffer")!.leakEnergy, 32.49, 0.02))
    }

    @Test("sparse_03.2.2 conv1d+oc: within 2%, cycles exact")
    func conv1dOutputChannels() throws {
        let (e, _) = try run("sparse_03.2.2-conv1d+oc")
        #expect(e.cycles == 188)
        #expect(close(e.energy, Self.conv1dOCEnergy, 0.02))
        #expect(close(e.level("Buffer")!.accesses(.inputs)!.reads, 432 * 0.4333, 1e-9))
    }

    @Test("sparse_03.2.3 conv1d+oc spatial: within 2%, cycles exact")
    func conv1dSpatial() throws {
        let (e, _) = try run("sparse_03.2.3-conv1d+oc-spatial")
        #expect(e.cycles == 47)
        #expect(close(e.energy, Self.spatialEnergy, 0.02))
    }
}
