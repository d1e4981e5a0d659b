import Foundation
import LoupeEngine
import LoupeModel
import Testing

/// Timeloop's dense exercise cases, re-expressed as Loupe YAML in `Fixtures/timeloop/<case>/`
/// (source: Timeloop's `<case>/*.stats.txt` outputs, cited line by line in each
/// `expected.yaml`), plus the Eyeriss-like example of `Fixtures/timeloop/eyeriss_like`
/// (docs/model.md §4, §9). Access counts and cycles must be identical; energy within 0.5% (the
/// fixtures' energies are Timeloop's own ERT figures).
@Suite("Timeloop reference cases")
struct TimeloopReferenceTests {
    static let cases = ReferenceCase.all(in: "timeloop").map(\.name)

    @Test("fixtures are present")
    func fixturesPresent() {
        #expect(Self.cases.count >= 13)
    }

    @Test("counts, cycles and energy match", arguments: cases)
    func matches(_ name: String) throws {
        let c = ReferenceCase.named(name)
        let (ev, _, _) = try c.evaluate()
        let exp = try c.expected()
        #expect(Double(ev.macs) == number(exp["macs"]), "MACs")
        #expect(ev.cycles == number(exp["cycles"]), "cycles")
        if let u = number(exp["utilization"]) {
            #expect(abs(ev.utilization - u) < 1e-9, "utilization \(ev.utilization) vs \(u)")
        }
        if let e = number(exp["energy_pj"]) {
            #expect(abs(ev.energy - e) / e < 0.005, "energy \(ev.energy) vs Timeloop \(e)")
        }
        for level in exp["levels"] as? [[String: Any]] ?? [] {
            let name = level["name"] as! String
            let got = try #require(ev.level(name), "level \(name)")
            if let leak = number(level["leak_energy_pj"]) {
                #expect(abs(got.leakEnergy - leak) <= max(1e-6, leak * 0.005), "\(name) leak \(got.leakEnergy) vs \(leak)")
            }
            for (tensorName, fields) in level["tensors"] as? [String: Any] ?? [:] {
                let t = TensorKind(name: tensorName)!
                let f = fields as! [String: Any]
                let a = try #require(got.accesses(t), "\(name) keeps \(tensorName)")
                let pairs: [(String, Double)] = [("reads", a.reads), ("fills", a.fills), ("updates", a.updates),
                                                 ("utilized_instances", Double(a.utilizedInstances)),
                                                 ("utilized_capacity", Double(a.tileWords))]
                for (key, value) in pairs {
                    if let want = number(f[key]) { #expect(value == want, "\(name) \(tensorName) \(key): \(value) vs \(want)") }
                }
                if let want = number(f["partition_size"]), t == .outputs {
                    #expect(Double(a.partitionWords) == want, "\(name) outputs partition")
                }
                if let want = number(f["energy_pj"]) {
                    #expect(abs(a.energy - want) <= max(1e-6, want * 0.005), "\(name) \(tensorName) energy \(a.energy) vs \(want)")
                }
            }
        }
    }
}
