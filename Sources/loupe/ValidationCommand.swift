import ArgumentParser
import Foundation
import LoupeModel
import LoupeValidation

/// `loupe validation`: runs the validation suite's case files and prints (or writes, or checks)
/// the generated tables of docs/validation.md (docs/spec.md §10, docs/validation.md).
struct Validation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validation",
        abstract: "Run the validation cases (Validation/*.yaml) and print the published-vs-Loupe tables.",
        discussion: "With --write FILE the tables replace the generated section of FILE (between its markers); with --check FILE the command exits 1 when that section differs from what the cases give now.")

    @Option(help: "Directory of case files (*.yaml); paths inside them are relative to the current directory.")
    var cases: String = "Validation"
    @Option(help: "Replace the generated section of this markdown file.") var write: String?
    @Option(help: "Exit 1 when this markdown file's generated section is out of date.") var check: String?
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores); results do not depend on it.")
    var threads: Int?

    func validate() throws {
        if write != nil && check != nil { throw ValidationError("give --write or --check, not both") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let runner = ValidationRunner(threads: threads)
        let results = try Terminal.guarded { () throws(DiagnosticError) -> [ValidationSectionResult] in
            var out: [ValidationSectionResult] = []
            for file in try ValidationCaseLoader.caseFiles(in: cases) {
                out.append(try runner.run(try ValidationCaseLoader.load(path: file)))
            }
            return out
        }
        let generated = ValidationMarkdown.render(results)
        guard let target = write ?? check else {
            print(generated, terminator: "")
            return
        }
        guard let data = FileManager.default.contents(atPath: target), let document = String(data: data, encoding: .utf8) else {
            Terminal.error("error: cannot read \(target)")
            throw ExitCode(64)
        }
        guard let updated = ValidationMarkdown.replacingSection(in: document, with: generated) else {
            Terminal.error("error: \(target) has no generated section; add the two marker lines:\n\(ValidationMarkdown.beginMarker)\n\(ValidationMarkdown.endMarker)")
            throw ExitCode(65)
        }
        if check != nil {
            if updated != document {
                Terminal.error("\(target): the generated section is out of date; run: loupe validation --write \(target)")
                throw ExitCode(1)
            }
            print("\(target): the generated section is up to date")
            return
        }
        if updated != document {
            do { try Data(updated.utf8).write(to: URL(fileURLWithPath: target), options: .atomic) } catch {
                Terminal.error("error: cannot write \(target): \(error)")
                throw Terminal.internalFailure
            }
        }
        print("\(target): generated section written (\(results.flatMap(\.results).count) rows)")
    }
}
