import Foundation
import Testing

/// `loupe import timeloop` end to end: a reference case imported and estimated; a bad input
/// exits 65 with file:line:column and writes nothing.
@Suite("loupe import timeloop", .serialized)
struct ImportTimeloopCLITests {
    static let fixtures = "Tests/LoupeImportTests/Fixtures/timeloop"

    @Test func importsAndEstimatesAReferenceCase() throws {
        let out = CLITests.temporaryDirectory()
        let c = "\(Self.fixtures)/ex04_cp"
        let r = try CLITests.run(["import", "timeloop", "\(c)/timeloop-model.ERT.yaml", "\(c)/parsed-processed-input.yaml", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["architecture.yaml", "workload.yaml", "mapping.yaml"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }
        // Timeloop's "40nm" is not a Loupe node: a warning, not an error.
        #expect(r.stderr.contains("warning: technology \"40nm\""))
        let reports = CLITests.temporaryDirectory()
        let e = try CLITests.run(["estimate", out + "/architecture.yaml", out + "/workload.yaml",
                                  "--mapping", out + "/mapping.yaml", "--out", reports, "--format", "csv,timeloop"])
        #expect(e.status == 0, "\(e.stderr)")
        // ex04_cp: 49,152 MACs, 3,072 cycles (timeloop-model.stats.txt).
        #expect(e.stdout.contains("3072 cycles") || e.stdout.contains("3,072"), "\(e.stdout)")
        // --format timeloop: the layer's mapping as a Timeloop mapping file ...
        let exported = reports + "/timeloop-Conv1D_OC.map.yaml"
        let text = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(text.contains("  - target: GlobalBuffer\n    type: temporal\n"))
        // ... which a later run without the format removes, as any stale report file.
        let again = try CLITests.run(["estimate", out + "/architecture.yaml", out + "/workload.yaml",
                                      "--mapping", out + "/mapping.yaml", "--out", reports, "--format", "csv"])
        #expect(again.status == 0)
        #expect(!FileManager.default.fileExists(atPath: exported))
    }

    @Test func badInputExits65AndWritesNothing() throws {
        let map = try CLITests.write("""
        mapping:
          - target: GlobalBufer
            type: temporal
            factors: C=2 K=32 R=3
        """, name: "map.yaml")
        let c = "\(Self.fixtures)/ex05_baked"   // its parsed-processed-input.yaml has `mapping: []`
        let out = CLITests.temporaryDirectory()
        let r = try CLITests.run(["import", "timeloop", "\(c)/parsed-processed-input.yaml", map, "--out", out])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(map):2:13: error: target 'GlobalBufer' is not a level"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean 'GlobalBuffer'?"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func noFilesIsACommandLineError() throws {
        let r = try CLITests.run(["import", "timeloop"])
        #expect(r.status == 64)
    }
}
