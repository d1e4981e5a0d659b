import Foundation
import LoupeModel
@testable import LoupeSpec
import Testing

/// The architecture's `static: {power: …}` key and the power units (docs/spec.md §2, §4).
@Suite struct StaticPowerSpecTests {
    private func node(_ text: String) -> SpecNode {
        SpecNode(.scalar(text, plain: true), at: SourceLocation(file: "t", line: 1, column: 1))
    }

    @Test(arguments: [("50 mW", 0.05), ("1 W", 1.0), ("250 uW", 250e-6), ("250 µW", 250e-6), ("92mW", 0.092), ("0 mW", 0.0)])
    func powers(_ c: (String, Double)) {
        var r = SpecReader()
        let v = r.power(node(c.0), "static power")
        #expect(v.map { abs($0 - c.1) <= 1e-15 * max(1, c.1) } == true)
        #expect(r.diagnostics.isEmpty)
    }

    @Test func powerErrors() {
        var r = SpecReader()
        #expect(r.power(node("50"), "static power") == nil)
        #expect(r.power(node("-1 mW"), "static power") == nil)
        #expect(r.power(node("50 mJ"), "static power") == nil)
        #expect(r.diagnostics.map(\.message) == [
            "static power needs a unit (uW, mW or W), found '50'",
            "static power must be between 0 and 1e+06, found '-1 mW'",
            "unknown unit 'mJ' in '50 mJ' for static power (expected uW, mW or W)",
        ])
    }

    /// `static:` is optional (0 W), read in W, and a wrong key gets a did-you-mean.
    @Test func architectureKey() throws {
        let plain = try SpecLoader.loadArchitecture(yaml: Fixtures.eyeriss, file: "a.yaml")
        #expect(plain.staticPowerWatts == 0)
        let withStatic = Fixtures.eyeriss.replacingOccurrences(of: "  clock: 200 MHz\n", with: "  clock: 200 MHz\n  static: {power: 92 mW}\n")
        let a = try SpecLoader.loadArchitecture(yaml: withStatic, file: "a.yaml")
        #expect(abs(a.staticPowerWatts - 0.092) < 1e-15)
        let typo = Fixtures.eyeriss.replacingOccurrences(of: "  clock: 200 MHz\n", with: "  clock: 200 MHz\n  static: {powr: 92 mW}\n")
        do {
            _ = try SpecLoader.loadArchitecture(yaml: typo, file: "a.yaml")
            Issue.record("a misspelt static key must be refused")
        } catch {
            #expect(error.diagnostics.contains { $0.message == "unknown key 'powr' in static" && $0.hint == "did you mean 'power'?" })
        }
    }
}
