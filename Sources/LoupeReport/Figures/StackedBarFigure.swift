import Foundation
import LoupeModel

/// A stacked bar chart: one bar per category (e.g. per layer), each bar split into one
/// segment per series (e.g. energy per component), drawn as a standalone SVG 1.1 file.
///
/// Positive values stack upwards from zero and negative values downwards, in series
/// order; zero, NaN and infinite values draw no segment (non-finite ones are listed in the
/// SVG's `<desc>` and footnote). The y axis is linear, starts at zero and uses 1-2-5
/// steps. Segments are filled with the Okabe–Ito palette in series order (colours repeat
/// after eight series), separated by thin white lines; the legend sits above the plot.
/// Each segment is a `<rect class="segment">` with a `<title>` tooltip.
///
/// `csv()` writes the same numbers in long form, one row per category × series:
/// `category,series,value` (column names configurable, so the report can write
/// `layer,component,energy_pj`). A missing or non-finite value is an empty field.
public struct StackedBarFigure: Sendable, Hashable {

    /// One series: a name (legend entry) and one value per category, in category order.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public var title: String
    /// Title of the value axis, with units (e.g. `"Energy (pJ)"`).
    public var yLabel: String
    /// Title of the category axis (e.g. `"Layer"`); empty for none.
    public var xLabel: String
    /// Category names, one bar each, left to right.
    public var categories: [String]
    /// Segments of each bar, bottom to top.
    public var series: [Series]
    /// CSV header names for the three columns.
    public var categoryColumn: String
    public var seriesColumn: String
    public var valueColumn: String

    public init(
        title: String, yLabel: String, xLabel: String = "", categories: [String], series: [Series],
        categoryColumn: String = "category", seriesColumn: String = "series", valueColumn: String = "value"
    ) {
        self.title = title
        self.yLabel = yLabel
        self.xLabel = xLabel
        self.categories = categories
        self.series = series
        self.categoryColumn = categoryColumn
        self.seriesColumn = seriesColumn
        self.valueColumn = valueColumn
    }

    /// Value of `series[s]` for category `c`, or `nil` when missing or not finite.
    private func value(series s: Int, category c: Int) -> Double? {
        let values = series[s].values
        guard c < values.count, values[c].isFinite else { return nil }
        return values[c]
    }

    /// The chart as a standalone SVG 1.1 document (deterministic bytes).
    public func svg() -> String {
        let n = categories.count
        var skipped: [String] = []
        var positiveTop = 0.0
        var negativeBottom = 0.0
        var segmentCount = 0
        for c in 0..<n {
            var up = 0.0
            var down = 0.0
            for s in series.indices {
                let raw = c < series[s].values.count ? series[s].values[c] : 0
                if !raw.isFinite {
                    skipped.append("\(FigureText.singleLine(categories[c])) / \(FigureText.singleLine(series[s].name)) (\(NumberFormat.string(raw, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled)))")
                    continue
                }
                if raw > 0 { up += raw; segmentCount += 1 }
                if raw < 0 { down += raw; segmentCount += 1 }
            }
            positiveTop = max(positiveTop, up)
            negativeBottom = min(negativeBottom, down)
        }
        let isEmpty = segmentCount == 0
        let ticks = isEmpty
            ? FigureTicks.linear(minimum: 0, maximum: 1, includeZero: true)
            : FigureTicks.linear(minimum: negativeBottom, maximum: positiveTop, includeZero: true)

        // Horizontal layout.
        let left = 14 + FigurePlotArea.verticalAxisWidth(ticks, hasTitle: !yLabel.isEmpty)
        let right = FigurePlotArea.canvasWidth - 24
        let band = n > 0 ? (right - left) / Double(n) : (right - left)
        let centers = (0..<n).map { left + band * (Double($0) + 0.5) }
        let barWidth = min(band * 0.72, 56)
        let labels = FigureCategoryLabels(labels: categories, centers: centers, band: band)

        // Legend, then vertical layout.
        let legend = FigureLegend(entries: series.enumerated().map {
            FigureLegend.Entry(label: $0.element.name, swatch: .box(fill: FigurePalette.fill($0.offset)))
        })
        let legendHeight = legend.height(width: right - left)
        let top = FigurePlotArea.belowTitle + legendHeight + (legendHeight > 0 ? 12 : 6)
        let footnote = skipped.isEmpty ? "" : "Not drawn (not finite): " + FigureText.summaryList(skipped, limit: 4)
        let bottomSpace = labels.extent + (xLabel.isEmpty ? 0 : 10 + FigurePlotArea.axisTitleSize)
            + 8 + FigurePlotArea.footnoteHeight(footnote)
        let height = max(FigurePlotArea.minimumCanvasHeight, (top + 240 + bottomSpace).rounded(.up))
        let area = FigurePlotArea(left: left, top: top, right: right, bottom: height - bottomSpace)

        var document = FigureDocument(
            width: FigurePlotArea.canvasWidth, height: height,
            title: FigureText.singleLine(title).isEmpty ? "Stacked bar chart" : FigureText.singleLine(title),
            description: description(isEmpty: isEmpty, skipped: skipped, top: positiveTop, bottom: negativeBottom))
        FigurePlotArea.drawTitle(title, into: &document)
        legend.draw(into: &document, left: left, top: FigurePlotArea.belowTitle, width: right - left)
        area.drawVerticalAxis(ticks, side: .left, title: yLabel, grid: true, into: &document)

        if isEmpty {
            area.drawNoData(into: &document)
        } else {
            document.openGroup(class: "bars")
            for c in 0..<n {
                var up = 0.0
                var down = 0.0
                let x = centers[c] - barWidth / 2
                for s in series.indices {
                    guard let v = value(series: s, category: c), v != 0 else { continue }
                    let from = v > 0 ? up : down
                    let to = from + v
                    if v > 0 { up = to } else { down = to }
                    let y0 = area.y(from, on: ticks)
                    let y1 = area.y(to, on: ticks)
                    let tip = "\(FigureText.singleLine(categories[c])) — \(FigureText.singleLine(series[s].name)): \(FigureText.number(v))"
                    document.rect(x: x, y: min(y0, y1), width: barWidth, height: abs(y1 - y0),
                                  fill: FigurePalette.fill(s), stroke: "#FFFFFF", strokeWidth: 0.5,
                                  class: "segment", tooltip: tip)
                }
            }
            document.closeGroup()
        }
        // Zero line (the axis bottom unless values go negative) and category ticks.
        let zeroY = area.y(0, on: ticks)
        document.line(x1: area.left, y1: zeroY, x2: area.right, y2: zeroY, stroke: FigurePalette.axis, width: 1)
        if zeroY < area.bottom - 0.5 {
            document.line(x1: area.left, y1: area.bottom, x2: area.right, y2: area.bottom, stroke: FigurePalette.axis, width: 1)
        }
        document.openGroup(class: "x-axis")
        for (c, cx) in centers.enumerated() where labels.isLabelled(c) {
            document.line(x1: cx, y1: area.bottom, x2: cx, y2: area.bottom + 4, stroke: FigurePalette.axis, width: 1)
        }
        labels.draw(into: &document, centers: centers, axisY: area.bottom)
        area.drawHorizontalTitle(xLabel, belowAxisBy: labels.extent, into: &document)
        document.closeGroup()
        FigurePlotArea.drawFootnote(footnote, into: &document)
        return document.render()
    }

    private func description(isEmpty: Bool, skipped: [String], top: Double, bottom: Double) -> String {
        var parts = ["Stacked bar chart" + (title.isEmpty ? "" : ": " + FigureText.singleLine(title)) + "."]
        if isEmpty {
            parts.append("No data to draw (\(categories.count) categories, \(series.count) series, no non-zero finite values).")
        } else {
            parts.append("\(categories.count) \(categories.count == 1 ? "category" : "categories") on the x axis"
                + (xLabel.isEmpty ? "" : " (\(FigureText.singleLine(xLabel)))") + ": "
                + FigureText.summaryList(categories.map(FigureText.singleLine), limit: 20) + ".")
            parts.append("Segments stacked in this order: "
                + FigureText.summaryList(series.map { FigureText.singleLine($0.name) }, limit: 20) + ".")
            var range = "Bar totals reach \(FigureText.number(top))"
            if bottom < 0 { range += " above and \(FigureText.number(bottom)) below zero" }
            parts.append(range + " " + FigureText.singleLine(yLabel) + ".")
        }
        let mismatched = series.filter { $0.values.count != categories.count }
        if !mismatched.isEmpty {
            parts.append("Series whose value count differs from the category count (missing values drawn as zero, extra ignored): "
                + FigureText.summaryList(mismatched.map { "\(FigureText.singleLine($0.name)) (\($0.values.count))" }) + ".")
        }
        if !skipped.isEmpty {
            parts.append("Skipped non-finite values: " + FigureText.summaryList(skipped) + ".")
        }
        return parts.joined(separator: " ")
    }

    /// The data as RFC 4180 CSV: a header, then one row per category × series (category
    /// order, then series order): `category,series,value`.
    public func csv() -> String {
        var table = FigureCSV(header: [categoryColumn, seriesColumn, valueColumn])
        for (c, category) in categories.enumerated() {
            for s in series.indices {
                let raw = c < series[s].values.count ? series[s].values[c] : Double.nan
                table.append([category, series[s].name, FigureCSV.number(raw)])
            }
        }
        return table.render()
    }
}
