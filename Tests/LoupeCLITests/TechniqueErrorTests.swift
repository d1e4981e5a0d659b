import Foundation
import Testing

extension CLITests {
    /// A technique entry is read once, by its technique type, for `validate` and `estimate`
    /// alike: the same located error, exit 65 from both; a value from `--set` says so.
    @Test func techniqueErrorsAreLocatedAndShared() throws {
        let text = try String(contentsOfFile: Self.root.path + "/Architectures/eyeriss.yaml", encoding: .utf8)
        let marker = "    - {kind: zero_gating, on: inputs, at: [MAC, WeightSpad]}"
        #expect(text.contains(marker))
        let bad = text.replacingOccurrences(of: marker, with: "    - {kind: zero_gating, on: inputs, at: [MAC, WeightSpadd]}")
        let path = try Self.write(bad, name: "eyeriss-bad.yaml")
        let line = bad.components(separatedBy: "\n").firstIndex { $0.contains("WeightSpadd") }! + 1
        let located = "\(path):\(line):49: error: unknown level 'WeightSpadd' in option 'at' of technique 'zero_gating'"
        let v = try Self.run(["validate", path])
        #expect(v.status == 65)
        #expect(v.stderr.contains(located), "\(v.stderr)")
        #expect(v.stderr.contains("did you mean 'WeightSpad'?"))
        let e = try Self.run(["estimate", path, "Workloads/alexnet.yaml", "--out", Self.temporaryDirectory()])
        #expect(e.status == 65)
        #expect(e.stderr.contains(located), "\(e.stderr)")
        let s = try Self.run(["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml",
                              "--set", "architecture.techniques.zero_gating.on=input", "--out", Self.temporaryDirectory()])
        #expect(s.status == 65)
        #expect(s.stderr.contains("unknown tensor 'input' in option 'on' of technique 'zero_gating' (from --set"), "\(s.stderr)")
    }
}
