import Foundation
import LoupeEngine
import LoupeModel
import LoupeReport
import LoupeSearch
import LoupeSpec

/// Spec loading and file writing shared by estimate, roofline and sweep.
enum SpecFiles {
    /// The specs a command loads.
    struct Specs: Sendable {
        var architecture: Architecture
        var workload: Workload
        var mappingFile: MappingFile?
    }

    /// Loads the architecture, the workload and the optional mapping file with `overrides`,
    /// collecting every problem.
    static func load(architecture: String, workload: String, mapping: String?,
                          overrides: [Override]) throws(DiagnosticError) -> Specs {
        var problems: [Diagnostic] = []
        var a: Architecture?
        var w: Workload?
        var m: MappingFile?
        do throws(DiagnosticError) { a = try SpecLoader.loadArchitecture(path: architecture, overrides: overrides) } catch { problems += error.diagnostics }
        do throws(DiagnosticError) { w = try ImportONNX.loadWorkload(path: workload, overrides: overrides) } catch { problems += error.diagnostics }
        if let mapping {
            do throws(DiagnosticError) { m = try SpecLoader.loadMapping(path: mapping) } catch { problems += error.diagnostics }
        }
        if let a, let w, let m {
            // The checks `validate` makes: an entry for a layer the workload lacks, or an
            // invalid entry (the `default` one too, even when every layer has its own), is an
            // error rather than silently ignored.
            problems += SpecLoader.checkMapping(m, architecture: a, workload: w).filter { $0.severity == .error }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return Specs(architecture: a!, workload: w!, mappingFile: m)
    }

    /// The estimate request for loaded specs.
    static func request(_ specs: Specs, options: MapperOptions, disabled: Set<String>) -> EstimateRequest {
        EstimateRequest(
            architecture: specs.architecture, workload: specs.workload, mappingFile: specs.mappingFile,
            resolveMapping: { file, layer, architecture throws(DiagnosticError) in
                try SpecLoader.resolveMapping(file, layer: layer.name, architecture: architecture)
            },
            options: options, disabledTechniques: disabled)
    }

    /// Writes each file whole (`ReportWriter.writeFile`) into `directory`, created if missing.
    static func write(_ files: [(name: String, contents: String)], into directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for f in files { try ReportWriter.writeFile(f.contents, to: directory + "/" + f.name) }
        } catch {
            Terminal.error("error: cannot write to \(directory): \(error)")
            throw Terminal.internalFailure
        }
    }


    /// The assumption an interrupted search adds to the report.
    static let interruptedNote = "INTERRUPTED: the mapper search was stopped with Ctrl-C before its budget was spent; "
        + "the mappings are the best found until then, not the search's result."

    /// Runs the pipeline with a progress bar on stderr, Ctrl-C stopping the mapper cleanly, and
    /// the mapper's closing line (`mapper: evaluated N mappings (V valid) in T s`).
    static func estimate(_ request: EstimateRequest) throws -> NetworkEstimate {
        let cancel = CancellationFlag()
        let handler = InterruptHandler { cancel.cancel() }
        defer { withExtendedLifetime(handler) {} }
        var (estimate, stats) = try Terminal.guarded { () throws(DiagnosticError) in
            try EstimatePipeline.run(request, cancel: cancel) { p in
                Terminal.progress("mapping", done: p.done, total: p.total,
                                  detail: "layer shapes, best \(NumberFormat.string(p.bestEnergySoFar, .general(significant: 4), nonFinite: .spelled)) pJ so far")
            }
        }
        if stats.layersSearched > 0 { Terminal.error(stats.line) }
        if cancel.isCancelled && stats.layersSearched > 0 {
            // The report says so (summary.md's and report.json's assumptions), so that a
            // stopped search is not taken for a full one.
            estimate.assumptions.append(interruptedNote)
        }
        return estimate
    }
}
