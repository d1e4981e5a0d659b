import ArgumentParser
import Foundation
import LoupeEngine
import LoupeModel
import LoupeReport
import LoupeSearch
import LoupeSpec

/// `loupe roofline ARCH WORKLOAD`: estimate (mapper or mapping file), then Eyexam's seven-step
/// bounds per layer and the classic roofline (docs/spec.md §10–§11; docs/roofline.md).
struct Roofline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Eyexam-style per-layer bounds (roofline.csv) and the roofline figure (roofline.svg).",
        discussion: """
        Maps every layer (or takes --mapping), then bounds each layer's MACs/cycle in Eyexam's seven \
        steps: layer shape, dataflow, number of PEs, PE array shape, storage capacity, bandwidth, and \
        access patterns (needs cycle simulation: not modelled, step 6's bound carried). Writes \
        roofline.csv, roofline.svg and roofline_figure.csv into the report directory, each file \
        replaced whole, and prints a per-layer table. See docs/roofline.md.
        """)

    @Argument(help: "Architecture spec (YAML).") var architecture: String
    @Argument(help: "Workload spec (YAML).") var workload: String

    @Option(help: "Mapping file; layers it does not cover are searched.") var mapping: String?
    @Option(help: "Report directory (default: Reports/<architecture>-<workload>/).") var out: String?
    @OptionGroup var techniques: TechniqueOptions
    @OptionGroup var spec: SpecOptions
    @OptionGroup var mapper: MapperArguments

    init() {}

    func validate() throws {
        try OutputCheck.directory(out)
    }

    func run() throws {
        let overrides = try spec.parsed()
        let specs = try Terminal.guarded { () throws(DiagnosticError) in
            try SpecFiles.load(architecture: architecture, workload: workload, mapping: mapping, overrides: overrides)
        }
        let request = SpecFiles.request(specs, options: mapper.options, disabled: techniques.set)
        let estimate = try SpecFiles.estimate(request)
        let directory = out ?? ReportPaths.defaultDirectory(architecture: specs.architecture.name, workload: specs.workload.name)
        let files = RooflineReport.files(for: estimate, formats: [.csv, .svg])
        try SpecFiles.write(files, into: directory)
        print(Roofline.table(estimate))
        print(RooflineReport.roofs(estimate.architecture))
        print("roofline in \(directory)/: " + files.map(\.name).joined(separator: ", "))
    }

    /// Column titles of the steps in the table.
    static let shortNames = ["shape", "dataflow", "PEs", "array", "storage", "bandwidth", "access"]

    /// The per-layer table printed on stdout: each step's bound, the estimate's dense MACs/cycle,
    /// and what limits the layer (the last modelled step's limiter).
    static func table(_ estimate: NetworkEstimate) -> String {
        var rows: [[String]] = [["layer"] + EyexamStep.allCases.map { "\($0.number) \(shortNames[$0.rawValue - 1])" } + ["estimate", "limited by"]]
        for (estimateLayer, (layer, steps)) in zip(estimate.layers, RooflineReport.steps(estimate)) {
            let dense = estimateLayer.dense
            let actual = dense.cycles > 0 ? Double(dense.macs) / dense.cycles : 0
            let last = steps.last { $0.modelled }
            rows.append([layer] + steps.map { $0.modelled ? NumberFormat.string($0.bound, .decimal(significant: 4), nonFinite: .notAvailable) : "(n/m)" }
                        + [NumberFormat.string(actual, .decimal(significant: 4), nonFinite: .notAvailable), last?.limiter ?? ""])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell
                    : (c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[c] - cell.count) + cell)
            }.joined(separator: "  ")
        }
        let head = "\(estimate.architecture.name) × \(estimate.workload.name): Eyexam bounds in MACs/cycle "
            + "(\(estimate.architecture.totalPEs) PEs; step 7 needs cycle simulation: n/m = not modelled)"
        return ([head] + lines).joined(separator: "\n")
    }
}
