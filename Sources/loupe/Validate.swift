import ArgumentParser
import LoupeEngine
import LoupeModel
import LoupeSpec

/// `loupe validate FILE...`: every problem of every spec, located (docs/spec.md §10).
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check architecture, workload and mapping files; report every problem with file:line:column.")

    @Argument(help: "Spec files (architecture, workload or mapping; the kind is read from the top-level key).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to validate") }
    }

    func run() throws {
        // ONNX models are imported and read back as workloads (docs/import.md); technique entries
        // are read by the technique types (the registry), the same parse `estimate` does.
        let models = files.filter { $0.lowercased().hasSuffix(".onnx") }
        var diagnostics = SpecLoader.validate(paths: files.filter { !models.contains($0) }) {
            TechniqueRegistry.problems(architecture: $0.resolved())
        }
        for model in models {
            do throws(DiagnosticError) { _ = try ImportONNX.loadWorkload(path: model, overrides: []) } catch { diagnostics += error.diagnostics }
        }
        Terminal.print(diagnostics)
        if diagnostics.contains(where: { $0.severity == .error }) { throw Terminal.invalidSpec }
        print("\(files.count) file\(files.count == 1 ? "" : "s") valid")
    }
}
