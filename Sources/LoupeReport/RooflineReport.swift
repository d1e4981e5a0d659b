import Foundation
import LoupeEngine
import LoupeModel

/// The roofline files of a report (docs/spec.md §11), from `RooflineAnalysis`:
///
/// - `roofline.csv`: `layer,step,bound_macs_per_cycle,limiter` — the seven Eyexam steps of every
///   layer, in workload order, steps in order (`EyexamStep.name`: `layer_shape`, `dataflow`,
///   `pe_count`, `pe_array_shape`, `storage_capacity`, `data_bandwidth`, `access_patterns`);
///   numbers as `NumberFormat.Style.report`.
/// - `roofline.svg` + its data `roofline_figure.csv` (`RooflineFigure`): the classic roofline
///   with operational intensity at the reference level (`ClassicRoofline.referenceLevel`: the
///   outermost level with a bandwidth limit, usually DRAM) on x; the compute ceiling (PEs), that
///   level's bandwidth ceiling, and one point per layer at its dense MACs per cycle.
///
/// Both use the dense evaluations (before techniques), like Eyexam. Pass `files(for:formats:)`
/// as `ReportWriter.write`'s `extraFiles` to write them with the report, or write them one by
/// one with `ReportWriter.writeFile`.
public enum RooflineReport {
    public static let stepsFile = ReportWriter.rooflineFile
    public static let figureFile = ReportWriter.rooflineFigureFile
    public static let figureDataFile = ReportWriter.rooflineFigureDataFile

    /// The roofline files of the chosen formats: `roofline.csv` with `csv`; `roofline.svg` and
    /// `roofline_figure.csv` with `svg`.
    public static func files(for estimate: NetworkEstimate, formats: Set<ReportFormat>) -> [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = []
        if formats.contains(.csv) { files.append((stepsFile, csv(estimate))) }
        if formats.contains(.svg) {
            let f = figure(estimate)
            files.append((figureFile, f.svg()))
            files.append((figureDataFile, f.csv()))
        }
        return files
    }

    /// The steps of every layer.
    public static func steps(_ estimate: NetworkEstimate) -> [(layer: String, steps: [RooflineStep])] {
        estimate.layers.map { ($0.layer.name, RooflineAnalysis.steps(for: $0, architecture: estimate.architecture)) }
    }

    /// `roofline.csv`.
    public static func csv(_ estimate: NetworkEstimate) -> String {
        var table = ReportCSV(header: ["layer", "step", "bound_macs_per_cycle", "limiter"])
        for (layer, steps) in steps(estimate) {
            for s in steps {
                table.append([layer, s.name, NumberFormat.string(s.bound, .report), s.limiter])
            }
        }
        return table.render()
    }

    /// The classic roofline chart.
    public static func figure(_ estimate: NetworkEstimate) -> RooflineFigure {
        let roofline = RooflineAnalysis.classic(estimate)
        let ref = roofline.referenceLevel
        let levelName = roofline.ceilings.indices.contains(ref) ? roofline.ceilings[ref].level : "memory"
        var ceilings: [RooflineFigure.Ceiling] = []
        if roofline.ceilings.indices.contains(ref), let b = roofline.ceilings[ref].wordsPerCycle {
            ceilings.append(RooflineFigure.Ceiling(name: levelName, wordsPerCycle: ReportFigures.rounded(b)))
        }
        let points = roofline.points.map {
            RooflineFigure.Point(label: $0.layer,
                                 intensity: roofline.ceilings.indices.contains(ref) ? ReportFigures.rounded($0.intensity(at: ref)) : .nan,
                                 macsPerCycle: ReportFigures.rounded($0.macsPerCycle))
        }
        return RooflineFigure(
            title: "Roofline — \(estimate.architecture.name) × \(estimate.workload.name) (dense, traffic at \(levelName))",
            computeCeiling: roofline.computeCeiling, ceilings: ceilings, points: points,
            xLabel: "Operational intensity at \(levelName) (MACs/word)", yLabel: "Performance (MACs/cycle)")
    }

    /// The architecture's roofs in physical units (docs/roofline.md, "Roofs"): the compute roof
    /// `C = P` MACs/cycle, i.e. `2·P·f` operations per second (a MAC is two operations, as GPU
    /// TFLOP/s figures count them), and each storage level's bandwidth roof
    /// `B_i` words/cycle over all instances (`ClassicRoofline`), i.e. `B_i·f·word_bits/8` bytes per
    /// second, with its ridge point `C / B_i` MACs per word (`2·C / (B_i·word_bits/8)`
    /// operations per byte): a layer whose intensity at that level is below the ridge is
    /// bandwidth-bound there. Levels without a total limit are listed as unlimited. For a GPU
    /// preset these are the tensor-core peak and the L2, HBM and shared-memory bandwidths.
    public static func roofs(_ architecture: Architecture) -> String {
        let f = architecture.clockHz
        let c = Double(architecture.totalPEs)
        func n(_ x: Double) -> String { NumberFormat.string(x, .decimal(significant: 4), nonFinite: .notAvailable) }
        func scaled(_ x: Double, _ unit: String) -> String {
            let prefixes: [(Double, String)] = [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
            let (scale, p) = prefixes.first { x >= $0.0 } ?? (1, "")
            return "\(n(x / scale)) \(p)\(unit)"
        }
        var rows: [[String]] = [["roof", "per cycle", "per second", "ridge point"]]
        rows.append(["compute", "\(n(c)) MACs", scaled(2 * c * f, "op/s"), ""])
        for (i, level) in architecture.storageLevels.enumerated() {
            guard let b = RooflineAnalysis.peakWordsPerCycle(level.bandwidth).map({ $0 * Double(architecture.instances(of: i)) }) else {
                rows.append([level.name, "unlimited", "", ""])
                continue
            }
            let bytes = Double(level.wordBits) / 8
            rows.append([level.name, "\(n(b)) words", scaled(b * f * bytes, "B/s"),
                         "\(n(c / b)) MACs/word (\(n(2 * c / (b * bytes))) op/B)"])
        }
        let widths = rows[0].indices.map { col in rows.map { $0[col].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { col, cell in
                col == row.count - 1 ? cell : cell.padding(toLength: widths[col], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let head = "\(architecture.name) roofs at \(scaled(f, "Hz")) (2 operations per MAC):"
        return ([head] + lines.map { "  " + $0 }).joined(separator: "\n")
    }
}
