import Foundation
import Testing

/// `loupe import onnx` and `.onnx` workloads in `estimate`, end to end (docs/import.md).
@Suite("loupe import onnx", .serialized)
struct ImportCommandTests {
    static let fixtures = "Tests/LoupeImportTests/Fixtures"

    static func run(_ args: [String]) throws -> LoupeProcess.Run { try CLITests.run(args) }

    /// `estimate ARCH model.onnx` gives byte-identical reports to importing first and
    /// estimating the written file; the workload name is the model's either way.
    @Test func estimateOnnxEqualsImportingFirst() throws {
        let dir = CLITests.temporaryDirectory()
        let yaml = dir + "/resnet_block.yaml"
        let i = try Self.run(["import", "onnx", "\(Self.fixtures)/resnet_block.onnx", "--out", yaml])
        #expect(i.status == 0, "\(i.stderr)")
        #expect(i.stdout.contains("resnet_block: 6 layers, 551936 MACs at batch 1"))
        let a = dir + "/a", b = dir + "/b"
        // Without eyeriss.yaml's static power, so that vector_ops is the last column.
        let common = ["estimate", "Architectures/eyeriss.yaml", "--budget", "300", "--set", "architecture.static.power=0mW"]
        let r1 = try Self.run(common + ["\(Self.fixtures)/resnet_block.onnx", "--out", a])
        let r2 = try Self.run(common + [yaml, "--out", b])
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(r1.stdout.replacingOccurrences(of: a, with: "") == r2.stdout.replacingOccurrences(of: b, with: ""))
        for file in ["layers.csv", "accesses.csv", "energy.csv", "summary.md", "report.json", "mappings.yaml"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + file))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + file))
            #expect(x == y, "\(file) differs")
        }
        // layers.csv ends with the vector_ops column for an imported workload.
        let csv = try String(contentsOfFile: a + "/layers.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first?.hasSuffix(",mapping,energy_bound_pj,cycles_bound,energy_gap,cycles_gap,search_end,vector_ops") == true)
        #expect(csv[2].hasSuffix(",1024"))   // b1_conv1
    }

    /// A workload file without `vector_ops` keeps the original columns.
    @Test func zooLayersCSVUnchanged() throws {
        let a = CLITests.temporaryDirectory()
        let r = try Self.run(["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml", "--budget", "200", "--out", a,
                              "--format", "csv", "--set", "architecture.static.power=0mW"])
        #expect(r.status == 0, "\(r.stderr)")
        let header = try String(contentsOfFile: a + "/layers.csv", encoding: .utf8).split(separator: "\n").first
        #expect(header?.hasSuffix(",bound,mapping,energy_bound_pj,cycles_bound,energy_gap,cycles_gap,search_end") == true)
        // With the file's static power, the dynamic/static split follows (docs/spec.md §11).
        let b = CLITests.temporaryDirectory()
        let s = try Self.run(["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml", "--budget", "200", "--out", b,
                              "--format", "csv"])
        #expect(s.status == 0, "\(s.stderr)")
        let staticHeader = try String(contentsOfFile: b + "/layers.csv", encoding: .utf8).split(separator: "\n").first
        #expect(staticHeader?.hasSuffix(",bound,mapping,energy_bound_pj,cycles_bound,energy_gap,cycles_gap,search_end,dynamic_energy_pj,static_energy_pj") == true)
    }

    /// An unmappable node: exit 65, `FILE: error: node 'NAME' (OP): …`, nothing written.
    @Test func unmappableNodeWritesNothing() throws {
        let out = CLITests.temporaryDirectory() + "/einsum.yaml"
        let model = "\(Self.fixtures)/einsum.onnx"
        let r = try Self.run(["import", "onnx", model, "--out", out])
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("\(model): error: node 'mix' (Einsum): "))
        #expect(!FileManager.default.fileExists(atPath: out))

        let s = try Self.run(["import", "onnx", model, "--out", out, "--skip-unsupported"])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stderr.hasPrefix("\(model): warning: node 'mix' (Einsum): skipped"))
        #expect(FileManager.default.fileExists(atPath: out))

        let e = try Self.run(["estimate", "Architectures/eyeriss.yaml", model, "--out", CLITests.temporaryDirectory()])
        #expect(e.status == 65)
        #expect(e.stderr.contains("node 'mix' (Einsum)"))
    }

    /// `validate` imports a model and reports its problems like a workload's.
    @Test func validateTakesAModel() throws {
        let ok = try Self.run(["validate", "Architectures/eyeriss.yaml", "\(Self.fixtures)/resnet_block.onnx"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("2 files valid"))
        let bad = try Self.run(["validate", "\(Self.fixtures)/einsum.onnx"])
        #expect(bad.status == 65)
        #expect(bad.stderr.hasPrefix("\(Self.fixtures)/einsum.onnx: error: node 'mix' (Einsum)"))
    }

    /// `--out -` prints the workload; `--name` and `--batch` set its name and batch; a bad
    /// batch is a command-line error.
    @Test func stdoutNameAndBatch() throws {
        let r = try Self.run(["import", "onnx", "\(Self.fixtures)/classifier.onnx", "--out", "-", "--name", "tiny", "--batch", "8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  name: tiny\n  batch: 8\n"))
        let bad = try Self.run(["import", "onnx", "\(Self.fixtures)/classifier.onnx", "--batch", "0"])
        #expect(bad.status == 64)
    }

    /// The default output never replaces a workload file the importer did not write.
    @Test func refusesToReplaceAHandWrittenWorkload() throws {
        let r = try Self.run(["import", "onnx", "\(Self.fixtures)/resnet18.onnx"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("Workloads/resnet18.yaml exists and was not written by loupe import"))
    }
}
