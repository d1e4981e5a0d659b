import Testing
import LoupeModel
@testable import LoupeEngine

/// The cost of sparse support (``SparseMachinery``): each part's actions, energy and stalls,
/// hand-derived on the invariants' fixture, and `--disable` giving the dense twin.
@Suite("Sparse machinery")
struct SparseMachineryTests {
    /// A technique entry with `options` (text, as `TechniqueSpec(kind:options:)`) and a
    /// `machinery` list of mappings.
    static func spec(_ kind: String, _ options: [String: String], machinery: [[String: String]]) -> TechniqueSpec {
        let base = TechniqueSpec(kind: kind, options: options)
        let here = SourceLocation(file: "test.yaml", line: 2, column: 1)
        let items = machinery.map { item in
            SpecNode(.mapping(item.keys.sorted().map {
                SpecNode.Pair(key: $0, keyLocation: here, value: SpecNode(.scalar(item[$0]!, plain: true), at: here))
            }), at: here)
        }
        let pair = SpecNode.Pair(key: "machinery", keyLocation: here, value: SpecNode(.sequence(items), at: here))
        return TechniqueSpec(kind: kind, kindLocation: base.kindLocation, options: base.options + [pair], location: base.location)
    }

    static func run(_ machinery: [[String: String]], density: Double?, extra: [String: String] = [:])
        throws -> (dense: Evaluation, final: Evaluation, rows: [TechniqueAttribution], notes: [String]) {
        var o = ["on": "inputs", "at": "RF"]
        o.merge(extra) { $1 }
        return try SparsityInvariantTests.run([spec("zero_skipping", o, machinery: machinery)],
                                              SparseFixture.stats(density: density.map { [.inputs: $0] } ?? [:]))
    }

    /// At density 1 nothing is skipped but the machinery still works: one coordinate per MAC at
    /// 0.5 pJ adds 0.5 × MACs, named `zero_skipping: coordinates`; energy stays the sum of parts.
    @Test func costsAtDensityOne() throws {
        let r = try Self.run([["part": "coordinates", "energy": "0.5"]], density: 1)
        let macs = Double(r.dense.macs)
        #expect(r.final.overheads.map(\.name) == ["zero_skipping: coordinates"])
        #expect(abs(r.final.overheads[0].energy - 0.5 * macs) < 1e-9)
        #expect(abs(r.final.energy - (r.dense.energy + 0.5 * macs)) < 1e-6)
        #expect(abs(r.final.energy - (SparseFixture.sumOfParts(r.final) + r.final.overheadEnergy)) < 1e-6)
        #expect(r.final.cycles == r.dense.cycles)
    }

    /// Actions follow the skipping: at d = 0.25 the products routed are a quarter of the MACs,
    /// the candidates examined all of them.
    @Test func actionsFollowTheTechnique() throws {
        let r = try Self.run([["part": "scatter", "energy": "1"], ["part": "intersection", "energy": "1"]], density: 0.25)
        let macs = Double(r.dense.macs)
        #expect(abs(r.final.overheads[0].actions - 0.25 * macs) < 1e-6)
        #expect(abs(r.final.overheads[1].actions - macs) < 1e-6)
    }

    /// Bank conflicts, independent bins: P = 2 products into B = 2 banks in a 1-cycle window, each
    /// bank's load Bin(2, ½) = (¼, ½, ¼); E[max] = (1 − ¼²) + (1 − ¾²) = 0.9375 + 0.4375 = 1.375,
    /// so compute time × 1.375. Enough banks and a long window make it vanish.
    @Test func bankConflicts() throws {
        #expect(abs(SparseMachinery.bankConflictFactor(banks: 2, products: 2, window: 1) - 1.375) < 1e-12)
        #expect(SparseMachinery.bankConflictFactor(banks: 64, products: 2, window: 64) == 1)
        let r = try Self.run([["part": "scatter", "energy": "0", "banks": "2", "products": "2"]], density: 1)
        #expect(abs(r.final.effectiveComputeCycles - 1.375 * Double(r.dense.computeCycles)) < 1e-9)
        #expect(r.final.cycles > r.dense.cycles)
    }

    /// Filler zeros of 1-bit runs at d = ½: L = 2, q^L = ¼, f = ¼/(1 − ¼) = ⅓ filler per
    /// non-zero, each a step and a multiply-add: compute time and MAC work × 4/3 of the skipped.
    @Test func fillerZeros() throws {
        let plain = try Self.run([], density: 0.5)
        let r = try Self.run([["part": "filler", "run_bits": "1"]], density: 0.5)
        #expect(abs(r.final.effectiveComputeCycles - plain.final.effectiveComputeCycles * 4 / 3) < 1e-9)
        #expect(abs(r.final.overheads[0].energy - plain.final.macEnergy / 3) < 1e-6)
    }

    /// `--disable zero_skipping` removes the technique and its machinery: the dense twin.
    @Test func disableGivesTheDenseTwin() throws {
        let arch = SparsityInvariantTests.architecture([Self.spec("zero_skipping", ["on": "inputs", "at": "RF"],
                                                                  machinery: [["part": "coordinates", "energy": "0.5"]])])
        #expect(try TechniqueRegistry.makeAll(architecture: arch, disabled: ["zero_skipping"]).isEmpty)
        #expect(try TechniqueRegistry.makeAll(architecture: arch).count == 1)
    }

    static func problems(_ machinery: [[String: String]]) -> [String] {
        do {
            _ = try TechniqueRegistry.make(spec("zero_skipping", ["on": "inputs", "at": "RF"], machinery: machinery),
                                           architecture: SparsityInvariantTests.architecture([]))
            return []
        } catch {
            return error.diagnostics.map { $0.description }
        }
    }

    @Test func optionErrors() {
        #expect(Self.problems([["part": "scater", "energy": "1"]]).contains { $0.contains("did you mean 'scatter'") })
        #expect(Self.problems([["part": "scatter"]]).contains { $0.contains("needs 'energy'") })
        #expect(Self.problems([["part": "scatter", "energy": "1", "bank": "4"]]).contains { $0.contains("did you mean 'banks'") })
        #expect(Self.problems([["part": "filler"]]).contains { $0.contains("'run_bits'") })
        #expect(Self.problems([["part": "coordinates", "energy": "1", "banks": "4", "products": "4"]])
            .contains { $0.contains("'scatter' part") })
        #expect(Self.problems([["energy": "1"]]).contains { $0.contains("needs 'part'") })
        #expect(Self.problems([["part": "coordinates", "energy": "1", "per": "values"]]).contains { $0.contains("did you mean 'value'") })
        #expect(Self.problems([["part": "filler", "run_bits": "4"], ["part": "lane_buffer", "energy": "0.1", "per": "value"]]).isEmpty)
    }
}
