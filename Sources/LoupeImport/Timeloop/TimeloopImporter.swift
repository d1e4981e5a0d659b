import Foundation
import LoupeModel
import LoupeSpec

/// One file an importer writes: its name inside the output directory and its text.
public struct ImportedSpecFile: Sendable, Equatable {
    public var name: String
    public var contents: String
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// What a Timeloop import produces: Loupe's `architecture.yaml`, `workload.yaml` and (when
/// the inputs hold a mapping) `mapping.yaml`, plus the warnings for what was left out.
public struct TimeloopImportResult: Sendable {
    public var files: [ImportedSpecFile]
    public var warnings: [Diagnostic]
}

/// `loupe import timeloop`: Timeloop v0.4 inputs (architecture, problem, mapping, constraints,
/// Sparseloop sparse optimizations) and Accelergy's ERT/ART, as Loupe specs (docs/import.md,
/// "Timeloop and Accelergy").
///
/// The files are given as to `timeloop-model`, in any order, split or merged
/// (``TimeloopInput``). Every problem is reported at `file:line:column`; nothing is produced
/// when there is one. The produced specs are loaded back through ``SpecLoader`` before they
/// are returned, so what this returns always loads.
public enum TimeloopImporter {
    /// Imports the YAML files at `paths`.
    public static func importFiles(_ paths: [String]) throws(DiagnosticError) -> TimeloopImportResult {
        var diagnostics = TimeloopDiagnostics()
        let documents = TimeloopInput.read(paths: paths, diagnostics: &diagnostics)
        return try convert(documents, sources: paths, diagnostics: diagnostics)
    }

    /// Imports YAML texts (`file` names them in messages).
    public static func importTexts(_ texts: [(file: String, text: String)]) throws(DiagnosticError) -> TimeloopImportResult {
        var diagnostics = TimeloopDiagnostics()
        var documents: [(file: String, root: SpecNode)] = []
        for t in texts { documents += TimeloopInput.parse(text: t.text, file: t.file, diagnostics: &diagnostics) }
        return try convert(documents, sources: texts.map(\.file), diagnostics: diagnostics)
    }

    static func convert(_ documents: [(file: String, root: SpecNode)], sources: [String],
                        diagnostics initial: TimeloopDiagnostics) throws(DiagnosticError) -> TimeloopImportResult {
        var diagnostics = initial
        let input = TimeloopInput.merge(documents, diagnostics: &diagnostics)
        let shown = sources.map { ($0 as NSString).lastPathComponent }
        let first = documents.first.map { SourceLocation(file: $0.file, line: 1, column: 1) }
        if input.architecture == nil && diagnostics.errors.isEmpty {
            diagnostics.errors.append(Diagnostic(.error, "none of the files has an 'architecture'", at: first,
                                                 hint: "pass the architecture YAML (or Timeloop's parsed-processed-input.yaml)"))
        }
        if input.problem == nil && diagnostics.errors.isEmpty {
            diagnostics.errors.append(Diagnostic(.error, "none of the files has a 'problem'", at: first,
                                                 hint: "pass the problem YAML (or Timeloop's parsed-processed-input.yaml)"))
        }
        guard let archNode = input.architecture, let problemNode = input.problem,
              let arch = TimeloopArchitecture.read(archNode, diagnostics: &diagnostics),
              let problem = TimeloopProblem.read(problemNode, diagnostics: &diagnostics) else {
            throw DiagnosticError(diagnostics.errors.isEmpty ? [Diagnostic(.error, "cannot import these files", at: first)] : diagnostics.errors)
        }
        let tables = AccelergyTables.read(ert: input.ert, art: input.art, diagnostics: &diagnostics)
        if input.ert.isEmpty {
            diagnostics.warnings.append(Diagnostic(.warning, "no Accelergy ERT among the files; every energy comes from Loupe's component library",
                                                   at: first, hint: "pass the ERT.yaml (timeloop-model.ERT.yaml) as well"))
        }
        let reader = TimeloopMappingReader(architecture: arch, problem: problem)
        var mapping: [String: ImportedLevelMapping]?
        if let m = input.mapping, !(m.isNull || m.items?.isEmpty == true) {
            mapping = reader.readMapping(m, diagnostics: &diagnostics)
        }
        let constraints = reader.readConstraints(input.constraints, diagnostics: &diagnostics)
        var techniques: [String] = []
        if let s = input.sparseOptimizations {
            techniques = TimeloopSparseReader(architecture: arch, problem: problem).read(s, mapping: mapping, diagnostics: &diagnostics)
        }
        let (archText, wordBits) = arch.architectureYAML(tables: tables, constraints: constraints, techniques: techniques,
                                                         sources: shown, diagnostics: &diagnostics)
        let workloadText = problem.workloadYAML(precision: [.weights: wordBits, .inputs: wordBits, .outputs: wordBits], sources: shown)
        var files = [ImportedSpecFile(name: "architecture.yaml", contents: archText),
                     ImportedSpecFile(name: "workload.yaml", contents: workloadText)]
        if let mapping {
            files.append(ImportedSpecFile(name: "mapping.yaml", contents: reader.mappingYAML(mapping, sources: shown)))
        }
        if !diagnostics.errors.isEmpty { throw DiagnosticError(diagnostics.errors) }
        try check(files)
        return TimeloopImportResult(files: files, warnings: diagnostics.warnings)
    }

    /// Loads the produced specs back; a failure here is a Timeloop input Loupe cannot express,
    /// reported in the produced file's terms.
    static func check(_ files: [ImportedSpecFile]) throws(DiagnosticError) {
        func text(_ name: String) -> String? { files.first { $0.name == name }?.contents }
        var problems: [Diagnostic] = []
        func note(_ e: DiagnosticError) {
            problems += e.diagnostics.map { d in
                var d = d
                d.message = "the imported \(d.location?.file ?? "spec") would not load: " + d.message
                return d
            }
        }
        do {
            let arch = try SpecLoader.loadArchitecture(yaml: text("architecture.yaml")!, file: "architecture.yaml")
            let workload = try SpecLoader.loadWorkload(yaml: text("workload.yaml")!, file: "workload.yaml")
            if let m = text("mapping.yaml") {
                let file = try SpecLoader.loadMapping(yaml: m, file: "mapping.yaml")
                for layer in workload.layers {
                    if let resolved = try SpecLoader.resolveMapping(file, layer: layer.name, architecture: arch) {
                        problems += SpecLoader.checkFactors(resolved, layer: layer)
                    }
                }
            }
        } catch {
            note(error)
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }
}

extension TimeloopImporter {
    /// The `name:` of the imported architecture.
    public static func architectureName(_ result: TimeloopImportResult) -> String? {
        guard let text = result.files.first(where: { $0.name == "architecture.yaml" })?.contents else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("  name: ") {
            return String(line.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        return nil
    }
}
