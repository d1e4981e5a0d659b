import LoupeEngine
import LoupeModel

/// The report's figures, built from an estimate with the chart types in `Figures/`.
///
/// - `energy.svg` (data: `energy_figure.csv`, columns `layer,component,energy_pj`): one
///   stacked bar per layer (workload order), one segment per `EnergyBreakdown` component, the
///   layer's final energy **× its repeat** — the layer's share of one network pass (the same
///   numbers as `energy.csv` when every repeat is 1).
/// - `techniques.svg` (data: `techniques_figure.csv`, columns
///   `label,kind,value,running_total`): a waterfall from the dense network energy, through
///   each technique's network-wide saving (`TechniqueSummary`, a negative step), to the final
///   network energy. When the attributions do not chain exactly from dense to final (a
///   difference above 10⁻⁹ relative), an `unattributed` step closes the gap, so the last bar
///   always equals the reported final energy.
///
/// Values are rounded to the 12 significant digits of `NumberFormat.Style.report` before they reach the
/// chart, so the data files show the same numbers as the other CSV files (the chart types
/// write the shortest decimal that reads back exactly). The data files are the chart types'
/// own `csv()`, whose records end in `\n` like every other CSV of the report (`ReportCSV`).
enum ReportFigures {
    /// `x` rounded as `NumberFormat.Style.report` writes it.
    static func rounded(_ x: Double) -> Double {
        x.isFinite ? Double(NumberFormat.string(x, .report)) ?? x : x
    }

    static func energy(_ estimate: NetworkEstimate) -> StackedBarFigure {
        let names = EnergyBreakdown.network(estimate).map(\.name)
        var values: [String: [Double]] = [:]
        for name in names { values[name] = Array(repeating: 0, count: estimate.layers.count) }
        for (index, layer) in estimate.layers.enumerated() {
            let r = Double(layer.layer.repeatCount)
            for c in EnergyBreakdown(layer.final, architecture: estimate.architecture).components {
                values[c.name]?[index] += c.energy * r
            }
        }
        for name in names { values[name] = values[name]?.map(rounded) }
        let repeated = estimate.layers.contains { $0.layer.repeatCount != 1 }
        return StackedBarFigure(
            title: "Energy per layer by component — \(estimate.architecture.name) × \(estimate.workload.name)",
            yLabel: repeated ? "Energy per network pass (pJ, layer × repeat)" : "Energy (pJ)",
            xLabel: "Layer",
            categories: estimate.layers.map(\.layer.name),
            series: names.map { StackedBarFigure.Series(name: $0, values: values[$0] ?? []) },
            categoryColumn: "layer", seriesColumn: "component", valueColumn: "energy_pj")
    }

    static func techniques(_ estimate: NetworkEstimate) -> WaterfallFigure {
        let totals = NetworkTotals(estimate)
        // Savings below a billionth of the network energy are floating-point noise: shown as 0.
        let noise = 1e-9 * max(abs(totals.denseEnergy), 1e-300)
        var steps = TechniqueSummary.all(estimate).map {
            WaterfallFigure.Step(label: $0.technique, delta: abs($0.energySaved) < noise ? 0 : rounded(-$0.energySaved))
        }
        let reached = steps.reduce(totals.denseEnergy) { $0 + $1.delta }
        let gap = totals.energy - reached
        if gap.isFinite && abs(gap) > 1e-9 * max(abs(totals.denseEnergy), abs(totals.energy), 1e-300) {
            steps.append(WaterfallFigure.Step(label: "unattributed", delta: rounded(gap)))
        }
        return WaterfallFigure(
            title: "Energy savings by technique — \(estimate.architecture.name) × \(estimate.workload.name)",
            yLabel: "Network energy (pJ)",
            start: WaterfallFigure.Start(label: "dense", value: rounded(totals.denseEnergy)),
            steps: steps, finalLabel: "final", xLabel: "")
    }
}
