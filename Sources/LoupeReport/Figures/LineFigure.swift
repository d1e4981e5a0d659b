import Foundation
import LoupeModel

/// A line chart of one swept value (x) against one or two metrics: series on the left
/// axis and, optionally, series on a right axis with their own scale. Standalone SVG 1.1.
///
/// Each series is drawn in x order (points are sorted by x, ties kept in input order)
/// with its own Okabe–Ito colour and marker shape; right-axis series are dashed and
/// marked "(right axis)" in the legend, which sits above the plot. Points with NaN or
/// infinite coordinates, or x ≤ 0 when `logX`, are skipped and listed in `<desc>` and a
/// footnote (a series left with no point is marked "(not drawn)" in the legend). The x
/// axis is linear (1-2-5 steps) or logarithmic, fitted to the data with ticks at the swept
/// values when there are at most ten distinct ones, else at decades; y axes are
/// linear and include zero when every value is ≥ 0 (or ≤ 0) and the data span more
/// than half the largest magnitude. Markers are elements with `class="marker"`.
///
/// `csv()` writes one row per point as given (input order): `series,axis,x,y`, axis
/// `left` or `right`; non-finite numbers are empty fields.
public struct LineFigure: Sendable, Hashable {

    /// Which vertical axis a series is measured on.
    public enum Axis: String, Sendable, Hashable {
        case left, right
    }

    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public struct Series: Sendable, Hashable {
        public var name: String
        public var axis: Axis
        public var points: [Point]

        public init(name: String, axis: Axis = .left, points: [Point]) {
            self.name = name
            self.axis = axis
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var series: [Series]
    /// Title of the left axis, with units.
    public var leftLabel: String
    /// Title of the right axis; only drawn when a series uses the right axis.
    public var rightLabel: String?
    /// Logarithmic x axis (decades).
    public var logX: Bool

    public init(title: String, xLabel: String, leftLabel: String, rightLabel: String? = nil, logX: Bool = false,
                series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.series = series
        self.leftLabel = leftLabel
        self.rightLabel = rightLabel
        self.logX = logX
    }

    /// Whether a point can be drawn on this figure's axes.
    private func drawable(_ p: Point) -> Bool {
        p.x.isFinite && p.y.isFinite && (!logX || p.x > 0)
    }

    /// A linear y axis for `values`, including zero when that does not squash the data.
    private static func yTicks(_ values: [Double]) -> FigureTicks {
        guard let lo = values.min(), let hi = values.max() else {
            return FigureTicks.linear(minimum: 0, maximum: 1, includeZero: true)
        }
        let magnitude = max(abs(lo), abs(hi))
        let sameSign = lo >= 0 || hi <= 0
        let includeZero = sameSign && (hi - lo) > 0.5 * magnitude
        return FigureTicks.linear(minimum: lo, maximum: hi, includeZero: includeZero)
    }

    /// The chart as a standalone SVG 1.1 document (deterministic bytes).
    public func svg() -> String {
        var skipped: [String] = []
        var kept: [[Point]] = []
        for s in series {
            var good: [(Int, Point)] = []
            for (i, p) in s.points.enumerated() {
                if drawable(p) {
                    good.append((i, p))
                } else {
                    skipped.append("\(FigureText.singleLine(s.name)) (x \(NumberFormat.string(p.x, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled)), y \(NumberFormat.string(p.y, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled)))")
                }
            }
            good.sort { $0.1.x != $1.1.x ? $0.1.x < $1.1.x : $0.0 < $1.0 }
            kept.append(good.map(\.1))
        }
        let allPoints = kept.flatMap { $0 }
        let isEmpty = allPoints.isEmpty
        let hasRight = series.indices.contains { series[$0].axis == .right && !kept[$0].isEmpty }
        let leftValues = series.indices.filter { series[$0].axis == .left }.flatMap { kept[$0].map(\.y) }
        let rightValues = series.indices.filter { series[$0].axis == .right }.flatMap { kept[$0].map(\.y) }
        let leftTicks = Self.yTicks(leftValues)
        let rightTicks = Self.yTicks(rightValues)
        let xs = allPoints.map(\.x)
        let xTicks: FigureTicks
        if logX {
            xTicks = FigureTicks.logarithmicFitted(minimum: xs.min() ?? 1, maximum: xs.max() ?? 10, at: xs)
        } else {
            xTicks = FigureTicks.linear(minimum: xs.min() ?? 0, maximum: xs.max() ?? 1, includeZero: false, maxIntervals: 8)
        }

        let left = 14 + FigurePlotArea.verticalAxisWidth(leftTicks, hasTitle: !leftLabel.isEmpty)
        let rightTitle = rightLabel ?? ""
        let right = FigurePlotArea.canvasWidth
            - (hasRight ? 14 + FigurePlotArea.verticalAxisWidth(rightTicks, hasTitle: !rightTitle.isEmpty) : 28)
        let legend = FigureLegend(entries: series.enumerated().map { index, s in
            FigureLegend.Entry(label: s.name + (hasRight && s.axis == .right ? " (right axis)" : "")
                                   + (kept[index].isEmpty ? " (not drawn)" : ""),
                               swatch: .line(stroke: FigurePalette.line(index), dash: dash(index),
                                             marker: FigureMarker.cycling(index)))
        })
        let legendHeight = legend.height(width: right - left)
        let top = FigurePlotArea.belowTitle + legendHeight + (legendHeight > 0 ? 12 : 6)
        let footnote = skipped.isEmpty ? "" : "Not drawn (" + (logX ? "x ≤ 0 on a log axis, or not finite" : "not finite")
            + "): " + FigureText.summaryList(skipped, limit: 3)
        let bottomSpace = FigurePlotArea.horizontalAxisHeight(hasTitle: !xLabel.isEmpty) + FigurePlotArea.footnoteHeight(footnote)
        let height = FigurePlotArea.minimumCanvasHeight
        let area = FigurePlotArea(left: left, top: top, right: right, bottom: height - bottomSpace)

        var document = FigureDocument(
            width: FigurePlotArea.canvasWidth, height: height,
            title: FigureText.singleLine(title).isEmpty ? "Line chart" : FigureText.singleLine(title),
            description: description(kept: kept, skipped: skipped))
        FigurePlotArea.drawTitle(title, into: &document)
        legend.draw(into: &document, left: left, top: FigurePlotArea.belowTitle, width: right - left)
        area.drawHorizontalAxis(xTicks, title: xLabel, grid: true, into: &document)
        area.drawVerticalAxis(leftTicks, side: .left, title: leftLabel, grid: true, into: &document)
        if hasRight {
            area.drawVerticalAxis(rightTicks, side: .right, title: rightTitle, grid: false, into: &document)
            area.drawFrame(into: &document, right: false)
        } else {
            area.drawFrame(into: &document)
        }

        if isEmpty {
            area.drawNoData(into: &document)
        } else {
            for (index, s) in series.enumerated() where !kept[index].isEmpty {
                let yAxis = s.axis == .right && hasRight ? rightTicks : leftTicks
                let color = FigurePalette.line(index)
                let pixels = kept[index].map { (x: area.x($0.x, on: xTicks), y: area.y($0.y, on: yAxis)) }
                document.openGroup(class: "series")
                if pixels.count > 1 {
                    document.polyline(pixels, stroke: color, width: 2, dash: dash(index), class: "line")
                }
                let showMarkers = pixels.count <= 40
                if showMarkers || pixels.count == 1 {
                    for (p, px) in zip(kept[index], pixels) {
                        let tip = "\(FigureText.singleLine(s.name)): x \(FigureText.number(p.x)), y \(FigureText.number(p.y))"
                        FigureMarker.cycling(index).draw(into: &document, x: px.x, y: px.y, size: 7, fill: color,
                                                         class: "marker", tooltip: tip)
                    }
                }
                document.closeGroup()
            }
        }
        FigurePlotArea.drawFootnote(footnote, into: &document)
        return document.render()
    }

    /// Dash pattern of series `index`: right-axis series are always dashed.
    private func dash(_ index: Int) -> String? {
        if series[index].axis == .right { return FigurePalette.dash(index) ?? "7 3" }
        return FigurePalette.dash(index)
    }

    private func description(kept: [[Point]], skipped: [String]) -> String {
        var parts = ["Line chart" + (title.isEmpty ? "" : ": " + FigureText.singleLine(title)) + "."]
        parts.append("x axis: \(FigureText.singleLine(xLabel))\(logX ? " (logarithmic)" : "").")
        if kept.allSatisfy(\.isEmpty) {
            parts.append("No data to draw.")
        }
        for (s, points) in zip(series, kept) where !points.isEmpty {
            let axisName = s.axis == .right ? (rightLabel.map(FigureText.singleLine) ?? "right axis") : FigureText.singleLine(leftLabel)
            let ys = points.map(\.y)
            parts.append("\(FigureText.singleLine(s.name)) (\(axisName)): \(points.count) points, x from "
                + "\(FigureText.number(points.first!.x)) to \(FigureText.number(points.last!.x)), "
                + "y from \(FigureText.number(ys.min()!)) to \(FigureText.number(ys.max()!)).")
        }
        if !skipped.isEmpty {
            parts.append("Skipped points (" + (logX ? "x ≤ 0 on a log axis, or not finite" : "not finite") + "): "
                + FigureText.summaryList(skipped) + ".")
        }
        return parts.joined(separator: " ")
    }

    /// The data as RFC 4180 CSV: `series,axis,x,y`, one row per point in input order.
    public func csv() -> String {
        var table = FigureCSV(header: ["series", "axis", "x", "y"])
        for s in series {
            for p in s.points {
                table.append([s.name, s.axis.rawValue, FigureCSV.number(p.x), FigureCSV.number(p.y)])
            }
        }
        return table.render()
    }
}
