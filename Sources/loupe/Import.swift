import ArgumentParser
import Foundation
import LoupeImport
import LoupeModel
import LoupeSpec

/// `loupe import FORMAT …`: Loupe spec files from other tools' files (docs/import.md).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write Loupe spec files from another tool's inputs (an ONNX model, a Timeloop design).",
        subcommands: [ImportONNX.self, ImportTimeloop.self])
}

struct ImportONNX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx",
        abstract: "Import an ONNX model as a workload: one layer per Conv, ConvTranspose, Gemm and MatMul node.",
        discussion: "Weights are never read; a model with external data imports without the data file. Exit codes: 0 success, 1 the file cannot be written, 64 bad command line, 65 a model Loupe cannot import.")

    @Argument(help: "The ONNX model (.onnx).") var model: String
    @Option(help: "The workload file to write, or - for stdout (default: Workloads/<name>.yaml).") var out: String?
    @Option(help: "The workload's name (default: the model file's name).") var name: String?
    @Option(help: "The batch: the first dimension of every graph input (default: the model's, or 1 where symbolic).") var batch: Int?
    @Flag(help: "Skip nodes Loupe cannot map (Einsum, LSTM, …) with a warning instead of stopping.") var skipUnsupported = false

    func validate() throws {
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        let options = ONNXImportOptions(name: name, batch: batch, skipUnsupported: skipUnsupported)
        let imported = try Terminal.guarded { () throws(DiagnosticError) in
            try ONNXImporter.importFile(path: model, options: options)
        }
        for w in imported.warnings { Terminal.error("\(model): warning: \(w)") }
        let path = out ?? "Workloads/\(imported.name).yaml"
        let text = imported.yaml
        if path == "-" {
            print(text, terminator: "")
            return
        }
        if out == nil, let existing = try? String(contentsOfFile: path, encoding: .utf8),
           !existing.hasPrefix(ImportONNX.headerPrefix) {
            Terminal.error("error: \(path) exists and was not written by loupe import; choose another --out or --name")
            throw ExitCode(64)
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            Terminal.error("error: cannot write \(path): \(error.localizedDescription)")
            throw Terminal.internalFailure
        }
        print("\(imported.name): \(imported.layers.count) layers, \(imported.totalMACs) MACs at batch \(imported.batch) -> \(path)")
    }

    /// How every file the importer writes starts.
    static let headerPrefix = "# Imported by `loupe import onnx`"

    /// The workload at `path`: a `.onnx` model is imported (as `loupe import onnx` with its
    /// defaults would write it) and read back through the spec loader, so `--set` overrides and
    /// every check apply exactly as to the written file; any other path is a workload file.
    static func loadWorkload(path: String, overrides: [Override]) throws(DiagnosticError) -> Workload {
        guard path.lowercased().hasSuffix(".onnx") else { return try SpecLoader.loadWorkload(path: path, overrides: overrides) }
        let imported = try ONNXImporter.importFile(path: path)
        return try SpecLoader.loadWorkload(yaml: imported.yaml, file: path + " (imported)", overrides: overrides)
    }
}
