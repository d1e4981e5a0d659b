import Foundation
import LoupeModel
@testable import LoupeSpec
import Testing

@Suite struct ValidateTests {
    /// Writes `files` into a fresh folder and returns their paths, in order.
    private func write(_ files: [(String, String)]) throws -> (URL, [String]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var paths: [String] = []
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        return (dir, paths)
    }

    @Test func validFilesHaveNoProblems() throws {
        let (dir, paths) = try write([("a.yaml", Fixtures.eyeriss), ("w.yaml", Fixtures.alexnet), ("s.yaml", Fixtures.statsWorkload)])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(SpecLoader.validate(paths: paths).isEmpty)
    }

    @Test func everyProblemOfEveryFile() throws {
        let badArch = Fixtures.eyeriss(replacingLine: 19, with: "      keep: [weights, inputs, outputs]")
        let badWork = Fixtures.alexnet.replacingOccurrences(of: "filters: 96", with: "filters: -96")
            .replacingOccurrences(of: "outputs: 4096", with: "output: 4096")
        let unknown = "architectur:\n  name: x\n"
        let (dir, paths) = try write([("a.yaml", badArch), ("w.yaml", badWork), ("u.yaml", unknown), ("e.yaml", "")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = SpecLoader.validate(paths: paths + [dir.appendingPathComponent("missing.yaml").path])
        let rendered = d.map { "\($0.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } ?? "-") \($0.message)" }
        #expect(rendered == [
            "a.yaml:19:7 unknown key 'keep' in level 'GlobalBuffer'",
            "w.yaml:11:16 filters of layer 'conv1' must be at least 1, found -96",
            "w.yaml:22:43 unknown key 'output' in layer 'fc6'",
            "u.yaml:1:1 cannot tell what kind of spec this is: expected a top-level key 'architecture', 'workload' or 'mapping'",
            "e.yaml:1:1 the file is empty; a spec starts with 'version: 1'",
            "- cannot read \(dir.appendingPathComponent("missing.yaml").path): no such file",
        ])
        #expect(d[0].hint == "did you mean 'keeps'?")
        // A misspelt required key is one "unknown key" (with a did-you-mean), not also "missing".
        #expect(d[2].hint == "did you mean 'outputs'?")
        #expect(d[3].hint == "did you mean 'architecture'?")
        #expect(d[0].description.hasSuffix("a.yaml:19:7: error: unknown key 'keep' in level 'GlobalBuffer' (did you mean 'keeps'?)"))
    }

    @Test func mappingAgainstArchitectureAndWorkload() throws {
        let mapping = """
        version: 1
        mapping:
          conv1:
            - {level: DRAM, temporal: "P=11 Q=55 K=96 C=3 R=11 S=11"}
            - {level: GlobalBuffer, temporal: "P=5"}
          fc6:
            - {level: DRAM, temporal: "K=4096 C=4608"}
          fc7:
            - {level: DRAM, temporal: "K=4096"}
          qk:
            - {level: GlobalBufer, temporal: "K=128"}
          default:
            - {level: DRAM, temporal: "K=128 C=48 G=2 P=27 Q=27 R=5 S=5"}
        """
        let (dir, paths) = try write([("a.yaml", Fixtures.eyeriss), ("w.yaml", Fixtures.alexnet), ("m.yaml", mapping)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = SpecLoader.validate(paths: paths)
        #expect(d.map(\.message) == [
            "unknown level 'GlobalBufer' in the mapping of layer 'qk'",
            "the mapping names layer 'fc7', which workload 'alexnet' does not have",
            "factors of C multiply to 4608, but the layer has C=9216",
        ])
        #expect(d.map(\.at) == ["11:7", "8:3", "7:7"])
        #expect(d[0].hint == "did you mean 'GlobalBuffer'?")
        #expect(d[1].hint == "did you mean 'fc6'?")
        #expect(d[2].hint == "in the mapping of layer 'fc6'")
    }
}
