import Foundation
import LoupeModel

/// A waterfall chart: a starting total (e.g. the dense energy estimate), one floating bar
/// per step showing its change (e.g. each technique's saving), and a final total bar that
/// is drawn automatically at `start.value + Σ delta`. Standalone SVG 1.1.
///
/// Totals are blue (`#0072B2`), decreases (negative deltas, savings) bluish green
/// (`#009E73`), increases vermillion (`#D55E00`); dashed connectors carry the running
/// total from bar to bar, and each bar is labelled with its value (totals) or signed
/// change and percentage of the start (steps), in the same units as the y axis. Steps
/// whose delta is NaN or infinite are skipped (listed in `<desc>` and a footnote); a
/// non-finite start draws an empty chart with a "no data" note. Bars are
/// `<rect class="bar">`; the y axis is linear from zero with 1-2-5 steps.
///
/// `csv()` has one row per drawn bar — start, each step, final — as
/// `label,kind,value,running_total` with `kind` one of `start`, `step`, `final`; `value`
/// is the start value, the step's delta or the final total.
public struct WaterfallFigure: Sendable, Hashable {

    /// The first bar: a total.
    public struct Start: Sendable, Hashable {
        public var label: String
        public var value: Double

        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    /// A change to the running total; negative is a saving.
    public struct Step: Sendable, Hashable {
        public var label: String
        public var delta: Double

        public init(label: String, delta: Double) {
            self.label = label
            self.delta = delta
        }
    }

    public var title: String
    /// Title of the value axis, with units (e.g. `"Energy (pJ)"`).
    public var yLabel: String
    public var start: Start
    public var steps: [Step]
    /// Label of the automatically drawn last bar.
    public var finalLabel: String
    /// Title of the category axis; empty for none.
    public var xLabel: String

    public init(title: String, yLabel: String, start: Start, steps: [Step], finalLabel: String = "Final", xLabel: String = "") {
        self.title = title
        self.yLabel = yLabel
        self.start = start
        self.steps = steps
        self.finalLabel = finalLabel
        self.xLabel = xLabel
    }

    /// A bar as drawn: `from`/`to` on the value axis.
    private struct Bar {
        enum Kind: String { case start, step, final }
        var label: String
        var kind: Kind
        var value: Double
        var from: Double
        var to: Double
    }

    /// Start, the finite steps, and the final bar; `nil` when the start is not finite.
    private func bars() -> (bars: [Bar], skipped: [Step])? {
        guard start.value.isFinite else { return nil }
        var result = [Bar(label: start.label, kind: .start, value: start.value, from: 0, to: start.value)]
        var skipped: [Step] = []
        var running = start.value
        for step in steps {
            guard step.delta.isFinite, (running + step.delta).isFinite else {
                skipped.append(step)
                continue
            }
            result.append(Bar(label: step.label, kind: .step, value: step.delta, from: running, to: running + step.delta))
            running += step.delta
        }
        result.append(Bar(label: finalLabel, kind: .final, value: running, from: 0, to: running))
        return (result, skipped)
    }

    /// Final total: `start.value` plus every finite delta (NaN when the start is not finite).
    public var finalValue: Double {
        bars()?.bars.last?.value ?? .nan
    }

    private static let totalColor = "#0072B2"
    private static let decreaseColor = "#009E73"
    private static let increaseColor = "#D55E00"

    /// The chart as a standalone SVG 1.1 document (deterministic bytes).
    public func svg() -> String {
        let built = bars()
        let drawn = built?.bars ?? []
        let skipped = built?.skipped ?? steps
        let isEmpty = drawn.isEmpty
        let ends = drawn.flatMap { [$0.from, $0.to] }
        let lowest = ends.min() ?? 0
        let highest = ends.max() ?? 1
        let span = max(highest - lowest, abs(highest), abs(lowest), 1e-300)
        // Headroom above (and below) for value labels.
        let ticks = FigureTicks.linear(minimum: lowest < 0 ? lowest - 0.08 * span : 0,
                                       maximum: highest > 0 ? highest + 0.08 * span : 0, includeZero: true)
        let scale = ticks.multiplierExponent

        let labelsText = drawn.map(\.label)
        let left = 14 + FigurePlotArea.verticalAxisWidth(ticks, hasTitle: !yLabel.isEmpty)
        let right = FigurePlotArea.canvasWidth - 24
        let count = max(drawn.count, 1)
        let band = (right - left) / Double(count)
        let centers = (0..<drawn.count).map { left + band * (Double($0) + 0.5) }
        let barWidth = min(band * 0.66, 64)
        let categoryLabels = FigureCategoryLabels(labels: labelsText, centers: centers, band: band)

        var legendEntries = [FigureLegend.Entry(label: "total", swatch: .box(fill: Self.totalColor))]
        if drawn.contains(where: { $0.kind == .step && $0.value < 0 }) {
            legendEntries.append(.init(label: "decrease", swatch: .box(fill: Self.decreaseColor)))
        }
        if drawn.contains(where: { $0.kind == .step && $0.value > 0 }) {
            legendEntries.append(.init(label: "increase", swatch: .box(fill: Self.increaseColor)))
        }
        let legend = FigureLegend(entries: isEmpty ? [] : legendEntries)
        let legendHeight = legend.height(width: right - left)
        let top = FigurePlotArea.belowTitle + legendHeight + (legendHeight > 0 ? 12 : 6)
        let footnote = skipped.isEmpty || isEmpty ? "" : "Not drawn (not finite): "
            + FigureText.summaryList(skipped.map { FigureText.singleLine($0.label) }, limit: 4)
        let bottomSpace = categoryLabels.extent + (xLabel.isEmpty ? 0 : 10 + FigurePlotArea.axisTitleSize)
            + 8 + FigurePlotArea.footnoteHeight(footnote)
        let height = max(FigurePlotArea.minimumCanvasHeight, (top + 240 + bottomSpace).rounded(.up))
        let area = FigurePlotArea(left: left, top: top, right: right, bottom: height - bottomSpace)

        var document = FigureDocument(
            width: FigurePlotArea.canvasWidth, height: height,
            title: FigureText.singleLine(title).isEmpty ? "Waterfall chart" : FigureText.singleLine(title),
            description: description(drawn: drawn, skipped: skipped))
        FigurePlotArea.drawTitle(title, into: &document)
        legend.draw(into: &document, left: left, top: FigurePlotArea.belowTitle, width: right - left)
        area.drawVerticalAxis(ticks, side: .left, title: yLabel, grid: true, into: &document)

        if isEmpty {
            area.drawNoData(into: &document)
        } else {
            let startValue = start.value
            document.openGroup(class: "bars")
            for (index, bar) in drawn.enumerated() {
                let x = centers[index] - barWidth / 2
                let y0 = area.y(bar.from, on: ticks)
                let y1 = area.y(bar.to, on: ticks)
                let color = bar.kind != .step ? Self.totalColor : (bar.value < 0 ? Self.decreaseColor : Self.increaseColor)
                let tip = "\(FigureText.singleLine(bar.label)): \(FigureText.number(bar.value))"
                if abs(y1 - y0) < 1 {
                    // A zero (or tiny) bar: a visible line rather than an invisible rect.
                    document.rect(x: x, y: min(y0, y1) - 0.5, width: barWidth, height: max(1, abs(y1 - y0)),
                                  fill: bar.value == 0 ? "#777777" : color, class: "bar", tooltip: tip)
                } else {
                    document.rect(x: x, y: min(y0, y1), width: barWidth, height: abs(y1 - y0), fill: color,
                                  class: "bar", tooltip: tip)
                }
                // Connector to the next bar at the running total.
                if index + 1 < drawn.count {
                    let level = area.y(bar.to, on: ticks)
                    document.line(x1: x + barWidth, y1: level, x2: centers[index + 1] - barWidth / 2, y2: level,
                                  stroke: "#555555", width: 1, dash: "3 2", class: "connector")
                }
                // Value label above the bar (below it when the bar lies under zero).
                var text = FigureText.number(NumberFormat.scaled(bar.value, byPowerOfTen: -scale))
                if bar.kind == .step {
                    if bar.value > 0 { text = "+" + text }
                    if startValue != 0 {
                        let percent = "\(text) (\(bar.value > 0 ? "+" : "")\(FigureText.number((bar.value / startValue * 1000).rounded() / 10))%)"
                        if FigureText.width(percent, size: 10.5) <= band - 2 { text = percent }
                    }
                }
                let size = FigureText.width(text, size: 11) <= band - 2 ? 11.0 : 10.0
                let upper = min(y0, y1)
                let lower = max(y0, y1)
                let above = max(bar.from, bar.to) > 0 || (bar.from == 0 && bar.to == 0)
                let ty = above ? upper - 4 : lower + 4 + size * 0.8
                document.text(text, x: centers[index], y: ty, size: size, anchor: .middle, class: "value-label")
            }
            document.closeGroup()
        }
        let zeroY = area.y(0, on: ticks)
        document.line(x1: area.left, y1: zeroY, x2: area.right, y2: zeroY, stroke: FigurePalette.axis, width: 1)
        if zeroY < area.bottom - 0.5 {
            document.line(x1: area.left, y1: area.bottom, x2: area.right, y2: area.bottom, stroke: FigurePalette.axis, width: 1)
        }
        document.openGroup(class: "x-axis")
        categoryLabels.draw(into: &document, centers: centers, axisY: area.bottom)
        area.drawHorizontalTitle(xLabel, belowAxisBy: categoryLabels.extent, into: &document)
        document.closeGroup()
        FigurePlotArea.drawFootnote(footnote, into: &document)
        return document.render()
    }

    private func description(drawn: [Bar], skipped: [Step]) -> String {
        var parts = ["Waterfall chart" + (title.isEmpty ? "" : ": " + FigureText.singleLine(title)) + "."]
        let unit = FigureText.singleLine(yLabel)
        guard let final = drawn.last else {
            parts.append("No data to draw: the start value (\(FigureText.singleLine(start.label))) is not finite.")
            return parts.joined(separator: " ")
        }
        parts.append("Start \(FigureText.singleLine(start.label)) = \(FigureText.number(start.value)) \(unit).")
        let changes = drawn.filter { $0.kind == .step }.map { "\(FigureText.singleLine($0.label)) \($0.value > 0 ? "+" : "")\(FigureText.number($0.value))" }
        if !changes.isEmpty { parts.append("Steps: " + FigureText.summaryList(changes, limit: 30) + ".") }
        parts.append("Final \(FigureText.singleLine(final.label)) = \(FigureText.number(final.value)) \(unit).")
        if !skipped.isEmpty {
            parts.append("Skipped steps with non-finite deltas: "
                + FigureText.summaryList(skipped.map { FigureText.singleLine($0.label) }) + ".")
        }
        return parts.joined(separator: " ")
    }

    /// The data as RFC 4180 CSV: `label,kind,value,running_total`, one row for the start,
    /// one per step (in order, including skipped ones, whose `value` is an empty field and
    /// which leave the running total unchanged) and one for the final bar: `steps.count + 2`
    /// rows after the header. A non-finite start makes every number field empty.
    public func csv() -> String {
        var table = FigureCSV(header: ["label", "kind", "value", "running_total"])
        let valid = start.value.isFinite
        var running = start.value
        table.append([start.label, "start", FigureCSV.number(start.value), FigureCSV.number(running)])
        for step in steps {
            let usable = valid && step.delta.isFinite && (running + step.delta).isFinite
            if usable { running += step.delta }
            table.append([step.label, "step", usable ? FigureCSV.number(step.delta) : "",
                          valid ? FigureCSV.number(running) : ""])
        }
        table.append([finalLabel, "final", FigureCSV.number(running), FigureCSV.number(running)])
        return table.render()
    }
}
