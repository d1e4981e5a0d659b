import ArgumentParser
import Foundation
import LoupeImport
import LoupeModel
import LoupeReport

/// `loupe import timeloop FILE... [--out DIR]`: Timeloop/Accelergy inputs as Loupe's
/// architecture, workload and mapping files (docs/import.md, "Timeloop and Accelergy").
struct ImportTimeloop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeloop",
        abstract: "Import Timeloop v0.4 inputs and Accelergy's ERT/ART as architecture.yaml, workload.yaml and mapping.yaml.",
        discussion: "Give the files as you give them to timeloop-model, in any order (e.g. parsed-processed-input.yaml timeloop-model.ERT.yaml, or arch.yaml problem.yaml map.yaml ERT.yaml ART.yaml). Exit codes: 0 success, 1 the files cannot be written, 64 bad command line, 65 inputs Loupe cannot import (nothing is written).")

    @Argument(help: "Timeloop and Accelergy YAML files.") var files: [String]
    @Option(help: "Directory to write into (default: Imported/<architecture name>/).") var out: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give the Timeloop input files (architecture, problem, mapping, ERT, ...)") }
    }

    func run() throws {
        let result = try Terminal.guarded { () throws(DiagnosticError) in try TimeloopImporter.importFiles(files) }
        Terminal.print(result.warnings)
        let directory = out ?? "Imported/" + ReportPaths.component(TimeloopImporter.architectureName(result) ?? "timeloop")
        try SpecFiles.write(result.files.map { ($0.name, $0.contents) }, into: directory)
        for f in result.files { print("wrote \(directory)/\(f.name)") }
        let mapping = result.files.contains { $0.name == "mapping.yaml" } ? " --mapping \(directory)/mapping.yaml" : ""
        print("next: loupe estimate \(directory)/architecture.yaml \(directory)/workload.yaml\(mapping)")
    }
}
