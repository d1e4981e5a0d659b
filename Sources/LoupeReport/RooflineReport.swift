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
}
