import ArgumentParser
import Foundation
import LoupeEngine
import LoupeModel
import LoupeReport
import LoupeSearch
import LoupeSpec

/// `loupe estimate ARCH WORKLOAD`: map every layer (or take the mapping file), evaluate, apply
/// the architecture's techniques, and write the reports (docs/spec.md §10–§11).
struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate a workload on an architecture and write the reports.")

    @Argument(help: "Architecture spec (YAML).") var architecture: String
    @Argument(help: "Workload spec (YAML).") var workload: String

    @Option(help: "Mapping file; layers it does not cover are searched.") var mapping: String?
    @Option(help: "Report directory (default: Reports/<architecture>-<workload>/).") var out: String?
    @Option(help: "Report formats, comma-separated: csv,md,json,svg (and timeloop: a Timeloop mapping file per layer).") var format: String = "csv,md,json,svg"
    @OptionGroup var techniques: TechniqueOptions
    @OptionGroup var spec: SpecOptions
    @OptionGroup var mapper: MapperArguments
    @OptionGroup var figures: FigureCheckOptions

    func validate() throws {
        _ = try formats()
        try OutputCheck.directory(out)
    }

    func formats() throws -> Set<ReportFormat> {
        var out = Set<ReportFormat>()
        for part in format.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let f = ReportFormat(rawValue: name) else {
                throw ValidationError("unknown report format '\(name)'; use csv, md, json, svg, timeloop")
            }
            out.insert(f)
        }
        if out.isEmpty { throw ValidationError("--format is empty; give one or more of csv, md, json, svg") }
        return out
    }

    func run() throws {
        let overrides = try spec.parsed()
        let specs = try Terminal.guarded { () throws(DiagnosticError) in
            try SpecFiles.load(architecture: architecture, workload: workload, mapping: mapping, overrides: overrides)
        }
        let (arch, work) = (specs.architecture, specs.workload)
        try figures.check(arch.resolved())
        let request = SpecFiles.request(specs, options: mapper.options, disabled: techniques.set)
        let estimate = try SpecFiles.estimate(request)
        let directory = out ?? ReportPaths.defaultDirectory(architecture: arch.name, workload: work.name)
        do {
            let chosen = try formats()
            try ReportWriter.write(estimate, to: directory, formats: chosen,
                                   extraFiles: RooflineReport.files(for: estimate, formats: chosen))
        } catch {
            Terminal.error("error: cannot write the reports to \(directory): \(error)")
            throw Terminal.internalFailure
        }
        print(Summary.text(estimate, directory: directory))
    }
}

/// The few lines `estimate` prints on stdout.
enum Summary {
    static func text(_ e: NetworkEstimate, directory: String) -> String {
        let energy = e.totalEnergy
        let lines = [
            "\(e.architecture.name) × \(e.workload.name): \(e.layers.count) layers, \(e.totalMACs) MACs",
            "  energy   \(scaled(energy * 1e-12, units: [(1, "J"), (1e-3, "mJ"), (1e-6, "µJ"), (1e-9, "nJ"), (1e-12, "pJ")]))"
                + " (\(format(energy / Double(max(1, e.totalMACs)))) pJ/MAC)",
            "  latency  \(scaled(e.latencySeconds, units: [(1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]))"
                + " at \(format(e.architecture.clockHz / 1e6)) MHz (\(Int(e.totalCycles.rounded())) cycles)",
            "  EDP      \(NumberFormat.string(e.edp, .general(significant: 4), nonFinite: .spelled)) J·s",
            "  area     \(format(e.architecture.areaMM2)) mm²",
            "reports in \(directory)/",
        ]
        return lines.joined(separator: "\n")
    }

    /// `x` in the largest unit it reaches (the last one otherwise), e.g. `16.1 mJ`, `820 ns`.
    static func scaled(_ x: Double, units: [(scale: Double, name: String)]) -> String {
        let unit = units.first { abs(x) >= $0.scale } ?? units[units.count - 1]
        return "\(format(x / unit.scale)) \(unit.name)"
    }

    /// Three significant digits, whole numbers from 1000 up (trailing zeros kept: `1.50`); no exponents.
    static func format(_ x: Double) -> String {
        NumberFormat.string(x, .precision(significant: 3, maxFractionDigits: .max, trimZeros: false), nonFinite: .spelled)
    }
}
