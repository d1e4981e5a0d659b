import Foundation
import LoupeEngine
import LoupeImport
import LoupeModel
import Testing

/// Every Timeloop reference case imported with no hand editing (sources:
/// Timeloop's reference runs of the public exercises, copied into Fixtures/timeloop/) must give the figures of
/// its hand conversion: `expected.yaml` is the one of
/// Tests/LoupeEngineTests/Fixtures/timeloop/<case>/, whose numbers Timeloop printed (each line
/// cites stats.txt). Counts and cycles identical, energies within 0.5%, as
/// TimeloopReferenceTests requires of the hand conversions.
@Suite("Timeloop import: reference cases")
struct TimeloopImportReferenceTests {
    static let dense = TimeloopCase.all().filter(\.hasExpected).map(\.name)
    static let all = TimeloopCase.all().map(\.name)

    @Test("fixtures are present")
    func fixturesPresent() {
        #expect(Self.dense.count == 12)
        #expect(Self.all.count == 20)
    }

    @Test("every case imports with no error, architecture, workload and mapping", arguments: all)
    func imports(_ name: String) throws {
        let c = TimeloopCase.named(name)
        let result = try TimeloopImporter.importFiles(c.inputs)
        #expect(result.files.map(\.name) == ["architecture.yaml", "workload.yaml", "mapping.yaml"])
        let specs = try ImportedSpecs(result)
        #expect(specs.mapping != nil)
    }

    @Test("dense counts, cycles and energy match the hand conversion", arguments: dense)
    func matches(_ name: String) throws {
        let c = TimeloopCase.named(name)
        let specs = try ImportedSpecs(try TimeloopImporter.importFiles(c.inputs))
        let ev = try specs.evaluate()
        let exp = try c.expected()
        #expect(Double(ev.macs) == number(exp["macs"]), "MACs")
        #expect(ev.cycles == number(exp["cycles"]), "cycles")
        if let u = number(exp["utilization"]) {
            #expect(abs(ev.utilization - u) < 1e-9, "utilization \(ev.utilization) vs \(u)")
        }
        if let e = number(exp["energy_pj"]) {
            #expect(close(ev.energy, e, 0.005), "energy \(ev.energy) vs Timeloop \(e)")
        }
        let levels = exp["levels"] as? [[String: Any]] ?? []
        #expect(!levels.isEmpty)
        for level in levels {
            let levelName = level["name"] as! String
            let got = try #require(ev.level(levelName), "level \(levelName)")
            if let leak = number(level["leak_energy_pj"]) {
                #expect(abs(got.leakEnergy - leak) <= max(1e-6, leak * 0.005), "\(levelName) leak \(got.leakEnergy) vs \(leak)")
            }
            for (tensorName, fields) in level["tensors"] as? [String: Any] ?? [:] {
                let t = TensorKind(name: tensorName)!
                let f = fields as! [String: Any]
                let a = try #require(got.accesses(t), "\(levelName) keeps \(tensorName)")
                let pairs: [(String, Double)] = [("reads", a.reads), ("fills", a.fills), ("updates", a.updates),
                                                 ("utilized_instances", Double(a.utilizedInstances)),
                                                 ("utilized_capacity", Double(a.tileWords))]
                for (key, value) in pairs {
                    if let want = number(f[key]) { #expect(value == want, "\(levelName) \(tensorName) \(key): \(value) vs \(want)") }
                }
                if let want = number(f["energy_pj"]) {
                    #expect(abs(a.energy - want) <= max(1e-6, want * 0.005), "\(levelName) \(tensorName) energy \(a.energy) vs \(want)")
                }
            }
        }
    }
}
