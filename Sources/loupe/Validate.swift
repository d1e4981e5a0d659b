import ArgumentParser
import LoupeSpec

/// `loupe validate FILE...`: every problem of every spec, located (SPEC.md §7).
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check architecture, workload and mapping files; report every problem with file:line:column.")

    @Argument(help: "Spec files (architecture, workload or mapping; the kind is read from the top-level key).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to validate") }
    }

    func run() throws {
        let diagnostics = SpecLoader.validate(paths: files)
        Terminal.print(diagnostics)
        if diagnostics.contains(where: { $0.severity == .error }) { throw Terminal.invalidSpec }
        print("\(files.count) file\(files.count == 1 ? "" : "s") valid")
    }
}
