import Foundation
import LoupeModel

/// A log-log roofline: operational intensity (MACs per word moved) on x, attainable
/// throughput (MACs per cycle) on y. Standalone SVG 1.1.
///
/// A bandwidth ceiling of `wordsPerCycle` = B is the line y = B · x; the compute ceiling
/// C is the horizontal line y = C; they meet at the ridge point x = C / B, drawn as an
/// open diamond with a dotted drop line to the x axis. Each ceiling line is drawn up to
/// its ridge and carries its name along it; each point gets one marker
/// (`<circle class="point">`) and a text label placed to avoid other labels and markers.
///
/// Both axes are fitted to the points and ridges (with a factor of 8 either side of the
/// ridges), gridded at decades. Points or ceilings with zero, negative, NaN or infinite values
/// cannot go on log axes: they are skipped and listed in `<desc>` and a footnote.
///
/// `csv()` writes `kind,name,intensity_macs_per_word,macs_per_cycle,words_per_cycle`:
/// one `compute` row (y = C), one `ceiling` row per bandwidth ceiling (its ridge point
/// and B), then one `point` row per point (its intensity, MACs/cycle, and the bandwidth
/// it implies, MACs/cycle ÷ intensity) — `1 + ceilings.count + points.count` rows after
/// the header, skipped ones included; unknown or non-finite numbers are empty fields.
public struct RooflineFigure: Sendable, Hashable {

    /// A bandwidth ceiling: y = `wordsPerCycle` × x.
    public struct Ceiling: Sendable, Hashable {
        public var name: String
        public var wordsPerCycle: Double

        public init(name: String, wordsPerCycle: Double) {
            self.name = name
            self.wordsPerCycle = wordsPerCycle
        }
    }

    /// A measured or estimated point, e.g. one layer.
    public struct Point: Sendable, Hashable {
        public var label: String
        /// MACs per word moved.
        public var intensity: Double
        public var macsPerCycle: Double

        public init(label: String, intensity: Double, macsPerCycle: Double) {
            self.label = label
            self.intensity = intensity
            self.macsPerCycle = macsPerCycle
        }
    }

    public var title: String
    /// Peak MACs per cycle.
    public var computeCeiling: Double
    public var ceilings: [Ceiling]
    public var points: [Point]
    public var xLabel: String
    public var yLabel: String

    public init(
        title: String, computeCeiling: Double, ceilings: [Ceiling], points: [Point],
        xLabel: String = "Operational intensity (MACs/word)", yLabel: String = "Performance (MACs/cycle)"
    ) {
        self.title = title
        self.computeCeiling = computeCeiling
        self.ceilings = ceilings
        self.points = points
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Line colours for bandwidth ceilings (vermillion is kept for the points).
    private static let ceilingColors = ["#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    private static let pointColor = "#D55E00"
    private static let labelSize = 11.0

    private func ceilingColor(_ i: Int) -> String { Self.ceilingColors[i % Self.ceilingColors.count] }
    private func ceilingDash(_ i: Int) -> String? { [nil, "7 3", "2 3", "9 3 2 3"][(i / Self.ceilingColors.count) % 4] }

    private var computeIsValid: Bool { computeCeiling.isFinite && computeCeiling > 0 }

    private static func positive(_ v: Double) -> Bool { v.isFinite && v > 0 }

    /// The chart as a standalone SVG 1.1 document (deterministic bytes).
    public func svg() -> String {
        var skipped: [String] = []
        if !computeIsValid {
            skipped.append("compute ceiling (\(NumberFormat.string(computeCeiling, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled)) MACs/cycle)")
        }
        let validCeilings = ceilings.enumerated().filter { Self.positive($0.element.wordsPerCycle) }
        for c in ceilings where !Self.positive(c.wordsPerCycle) {
            skipped.append("ceiling \(FigureText.singleLine(c.name)) (\(NumberFormat.string(c.wordsPerCycle, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled)) words/cycle)")
        }
        let validPoints = points.filter { Self.positive($0.intensity) && Self.positive($0.macsPerCycle) }
        for p in points where !(Self.positive(p.intensity) && Self.positive(p.macsPerCycle)) {
            skipped.append("point \(FigureText.singleLine(p.label)) (intensity \(NumberFormat.string(p.intensity, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled)), "
                + "\(NumberFormat.string(p.macsPerCycle, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled)) MACs/cycle)")
        }
        let C = computeCeiling
        let ridges = computeIsValid ? validCeilings.map { C / $0.element.wordsPerCycle }.filter(Self.positive) : []
        let isEmpty = validPoints.isEmpty && validCeilings.isEmpty && !computeIsValid

        // Axes.
        // Axes fitted to the points and to the roof around the ridges (a factor of 8 either
        // side of them), so the slope and the flat part both show.
        var xData = validPoints.map(\.intensity)
        if let lo = ridges.min(), let hi = ridges.max() {
            xData += [lo / 8, hi * 8]
        }
        xData = xData.filter(Self.positive)
        let xTicks = FigureTicks.logarithmicFitted(minimum: xData.min() ?? 1, maximum: xData.max() ?? 1000)
        var yHigh = validPoints.map(\.macsPerCycle)
        var yLow = validPoints.map(\.macsPerCycle)
        if computeIsValid {
            yHigh.append(C * 2)  // room for the compute label above its line
            yLow.append(C / 100)
        }
        for c in validCeilings {
            let atLeft = c.element.wordsPerCycle * xTicks.lower
            yLow.append(computeIsValid ? max(atLeft, C / 1e4) : atLeft)
            if !computeIsValid { yHigh.append(c.element.wordsPerCycle * xTicks.upper) }
        }
        yLow = yLow.filter(Self.positive)
        yHigh = yHigh.filter(Self.positive)
        let yTicks = FigureTicks.logarithmicFitted(minimum: yLow.min() ?? (yHigh.min() ?? 10) / 100,
                                                   maximum: yHigh.max() ?? (yLow.max() ?? 0.01) * 100)

        // Layout.
        let footnote = skipped.isEmpty ? "" : "Not drawn (≤ 0 or not finite on log axes): " + FigureText.summaryList(skipped, limit: 3)
        let left = 14 + FigurePlotArea.verticalAxisWidth(yTicks, hasTitle: !yLabel.isEmpty)
        let right = FigurePlotArea.canvasWidth - 28
        let top = FigurePlotArea.belowTitle + 6
        let height = FigurePlotArea.minimumCanvasHeight
        let bottom = height - FigurePlotArea.horizontalAxisHeight(hasTitle: !xLabel.isEmpty) - FigurePlotArea.footnoteHeight(footnote)
        let area = FigurePlotArea(left: left, top: top, right: right, bottom: bottom)

        var document = FigureDocument(
            width: FigurePlotArea.canvasWidth, height: height,
            title: FigureText.singleLine(title).isEmpty ? "Roofline" : FigureText.singleLine(title),
            description: description(validCeilings: validCeilings.map(\.element), validPoints: validPoints, skipped: skipped))
        FigurePlotArea.drawTitle(title, into: &document)
        area.drawHorizontalAxis(xTicks, title: xLabel, grid: true, into: &document)
        area.drawVerticalAxis(yTicks, side: .left, title: yLabel, grid: true, into: &document)
        area.drawFrame(into: &document)
        if isEmpty {
            area.drawNoData(into: &document)
            FigurePlotArea.drawFootnote(footnote, into: &document)
            return document.render()
        }

        func px(_ x: Double) -> Double { area.x(x, on: xTicks) }
        func py(_ y: Double) -> Double { area.y(y, on: yTicks) }
        var placer = FigureLabelPlacer(bounds: .init(minX: area.left + 2, minY: area.top + 2, maxX: area.right - 2, maxY: area.bottom - 2))

        // Geometry first: everything drawn is reserved before any label is placed.
        let markers = validPoints.map { (x: px($0.intensity), y: py($0.macsPerCycle)) }
        for m in markers {
            placer.reserve(.init(minX: m.x - 6, minY: m.y - 6, maxX: m.x + 6, maxY: m.y + 6))
        }
        let computeY = py(C)
        if computeIsValid {
            placer.reserveLine(x1: area.left, y1: computeY, x2: area.right, y2: computeY)
        }
        struct Segment { var ceiling: Ceiling; var order: Int; var x1, y1, x2, y2: Double }
        var segments: [Segment] = []
        for (order, entry) in validCeilings.enumerated() {
            let B = entry.element.wordsPerCycle
            let xStart = max(xTicks.lower, yTicks.lower / B)
            var xEnd = min(xTicks.upper, yTicks.upper / B)
            if computeIsValid { xEnd = min(xEnd, C / B) }
            guard xStart < xEnd else { continue }
            let segment = Segment(ceiling: entry.element, order: order, x1: px(xStart), y1: py(B * xStart), x2: px(xEnd), y2: py(B * xEnd))
            placer.reserveLine(x1: segment.x1, y1: segment.y1, x2: segment.x2, y2: segment.y2)
            segments.append(segment)
        }

        // Compute ceiling: line and label.
        if computeIsValid {
            document.openGroup(class: "compute-ceiling")
            document.line(x1: area.left, y1: computeY, x2: area.right, y2: computeY, stroke: "#000000", width: 2, class: "ceiling")
            let text = "compute: \(FigureText.number(C)) MACs/cycle"
            let w = FigureText.width(text, size: Self.labelSize, bold: true)
            let candidates: [(x: Double, y: Double, anchor: FigureDocument.Anchor)] = [
                // Above the line nothing else is drawn (points sit under the roof): left end first.
                (area.left + 6, computeY - 6, .start), (area.right - 6, computeY - 6, .end),
                (area.right - 6, computeY + 6 + Self.labelSize * 0.8, .end),
            ]
            let boxes = candidates.map { c -> FigureLabelPlacer.Box in
                let x0 = c.anchor == .end ? c.x - w : c.x
                return .init(minX: x0, minY: c.y - Self.labelSize * 0.8, maxX: x0 + w, maxY: c.y + Self.labelSize * 0.25)
            }
            let chosen = candidates[placer.place(boxes) ?? 0]
            document.text(text, x: chosen.x, y: chosen.y, size: Self.labelSize, anchor: chosen.anchor, bold: true, class: "ceiling-label")
            document.closeGroup()
        }

        // Bandwidth ceilings: line, name along it (above it, where it collides least), ridge point.
        for segment in segments {
            let ceiling = segment.ceiling
            let B = ceiling.wordsPerCycle
            let color = ceilingColor(segment.order)
            let (x1, y1, x2, y2) = (segment.x1, segment.y1, segment.x2, segment.y2)
            document.openGroup(class: "bandwidth-ceiling")
            document.line(x1: x1, y1: y1, x2: x2, y2: y2, stroke: color, width: 2, dash: ceilingDash(segment.order), class: "ceiling")
            let length = ((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1)).squareRoot()
            let angle = atan2(y2 - y1, x2 - x1)
            let text = FigureText.truncate("\(FigureText.singleLine(ceiling.name)): \(FigureText.number(B)) words/cycle",
                                           maxWidth: max(min(length - 24, 220), 60), size: Self.labelSize)
            let w = FigureText.width(text, size: Self.labelSize)
            let (nx, ny) = (sin(angle), -cos(angle))  // unit normal on the upper-left side of the line
            var candidates: [(x: Double, y: Double)] = []
            var shapes: [[FigureLabelPlacer.Box]] = []
            // Above the line first, then below it (baseline one ascent further out).
            for side in [5.0, -(5 + Self.labelSize * 0.75)] {
                for t in [0.5, 0.35, 0.65, 0.2, 0.8] {
                    // Keep the whole label on the segment.
                    let half = min(0.5, (w / 2 + 4) / max(length, 1))
                    let tt = min(max(t, half), 1 - half)
                    let bx = x1 + (x2 - x1) * tt + nx * side
                    let by = y1 + (y2 - y1) * tt + ny * side
                    candidates.append((bx, by))
                    // Glyphs sit on the upper-left side of the baseline: centre the boxes there.
                    shapes.append(FigureLabelPlacer.rotatedText(
                        cx: bx + nx * Self.labelSize * 0.35, cy: by + ny * Self.labelSize * 0.35,
                        width: w, height: Self.labelSize, angle: angle))
                }
            }
            let pick = candidates[placer.placeShapes(shapes) ?? 0]
            document.text(text, x: pick.x, y: pick.y, size: Self.labelSize, anchor: .middle,
                          rotate: angle * 180 / Double.pi, fill: color == "#E69F00" ? "#9A6A00" : color, class: "ceiling-label")
            if computeIsValid, C / B <= xTicks.upper, C / B >= xTicks.lower {
                let rx = px(C / B)
                document.line(x1: rx, y1: computeY, x2: rx, y2: area.bottom, stroke: color, width: 1, dash: "1 3", class: "ridge-drop")
                FigureMarker.diamond.draw(into: &document, x: rx, y: computeY, size: 8, fill: "#FFFFFF", stroke: color,
                                          class: "ridge",
                                          tooltip: "ridge of \(FigureText.singleLine(ceiling.name)): \(FigureText.number(C / B)) MACs/word")
                let ridgeText = "ridge \(FigureText.number(C / B))"
                let rw = FigureText.width(ridgeText, size: 10)
                let below = computeY + 6 + 10 * 0.8
                let above = computeY - 5
                let spots: [(x: Double, y: Double, anchor: FigureDocument.Anchor)] = [
                    (rx + 4, below, .start), (rx - 4, below, .end), (rx + 4, above, .start), (rx - 4, above, .end),
                ]
                let boxes = spots.map { spot -> FigureLabelPlacer.Box in
                    let x0 = spot.anchor == .start ? spot.x : spot.x - rw
                    return .init(minX: x0, minY: spot.y - 8, maxX: x0 + rw, maxY: spot.y + 2)
                }
                if let index = placer.place(boxes, requireClear: true) {
                    let spot = spots[index]
                    document.text(ridgeText, x: spot.x, y: spot.y, size: 10, anchor: spot.anchor,
                                  fill: FigurePalette.mutedText, class: "ridge-label")
                }
            }
            document.closeGroup()
        }

        // Points: one marker each, then labels (close to the marker when there is room,
        // else a little further out with a leader line).
        document.openGroup(class: "points")
        for (p, m) in zip(validPoints, markers) {
            let tip = "\(FigureText.singleLine(p.label)): \(FigureText.number(p.intensity)) MACs/word, \(FigureText.number(p.macsPerCycle)) MACs/cycle"
            document.circle(cx: m.x, cy: m.y, r: 4.5, fill: Self.pointColor, stroke: "#000000", strokeWidth: 1, class: "point", tooltip: tip)
        }
        for (p, m) in zip(validPoints, markers) {
            let (mx, my) = m
            let text = FigureText.truncate(FigureText.singleLine(p.label), maxWidth: 160, size: Self.labelSize)
            let w = FigureText.width(text, size: Self.labelSize)
            let a = Self.labelSize * 0.8  // ascent
            var candidates: [(x: Double, y: Double, anchor: FigureDocument.Anchor)] = [
                (mx + 8, my + 4, .start), (mx - 8, my + 4, .end),
                (mx, my - 9, .middle), (mx, my + 9 + a, .middle),
                (mx + 6, my - 7, .start), (mx + 6, my + 7 + a, .start),
                (mx - 6, my - 7, .end), (mx - 6, my + 7 + a, .end),
            ]
            let near = candidates.count
            for (dx, dy) in [(18.0, 20.0), (18.0, -16.0), (-18.0, 20.0), (-18.0, -16.0), (0, 30), (0, -26), (30, 4), (-30, 4)] {
                let anchor: FigureDocument.Anchor = dx > 0 ? .start : (dx < 0 ? .end : .middle)
                candidates.append((mx + dx, my + dy + (dy > 0 ? a / 2 : 0), anchor))
            }
            let boxes = candidates.map { c -> FigureLabelPlacer.Box in
                let x0 = c.anchor == .start ? c.x : (c.anchor == .end ? c.x - w : c.x - w / 2)
                return .init(minX: x0 - 1, minY: c.y - a - 1, maxX: x0 + w + 1, maxY: c.y + 3)
            }
            let index = placer.place(boxes) ?? 0
            let pick = candidates[index]
            if index >= near {
                // Leader from the marker's edge to the nearest point of the label's box.
                let box = boxes[index]
                let tx = min(max(mx, box.minX), box.maxX)
                let ty = min(max(my, box.minY), box.maxY)
                let d = ((tx - mx) * (tx - mx) + (ty - my) * (ty - my)).squareRoot()
                if d > 6 {
                    document.line(x1: mx + (tx - mx) / d * 5, y1: my + (ty - my) / d * 5, x2: tx, y2: ty,
                                  stroke: "#555555", width: 0.75, class: "leader")
                }
            }
            document.text(text, x: pick.x, y: pick.y, size: Self.labelSize, anchor: pick.anchor, class: "point-label")
        }
        document.closeGroup()
        FigurePlotArea.drawFootnote(footnote, into: &document)
        return document.render()
    }

    private func description(validCeilings: [Ceiling], validPoints: [Point], skipped: [String]) -> String {
        var parts = ["Roofline" + (title.isEmpty ? "" : ": " + FigureText.singleLine(title)) + "."]
        parts.append("Log-log axes: x \(FigureText.singleLine(xLabel)), y \(FigureText.singleLine(yLabel)).")
        if computeIsValid {
            parts.append("Compute ceiling \(FigureText.number(computeCeiling)) MACs/cycle.")
        }
        if !validCeilings.isEmpty {
            let items = validCeilings.map { c -> String in
                var item = "\(FigureText.singleLine(c.name)) \(FigureText.number(c.wordsPerCycle)) words/cycle"
                if computeIsValid { item += " (ridge at \(FigureText.number(computeCeiling / c.wordsPerCycle)) MACs/word)" }
                return item
            }
            parts.append("Bandwidth ceilings: " + FigureText.summaryList(items, limit: 20) + ".")
        }
        if validPoints.isEmpty {
            parts.append(validCeilings.isEmpty && !computeIsValid ? "No data to draw." : "No points.")
        } else {
            let items = validPoints.map {
                "\(FigureText.singleLine($0.label)) (\(FigureText.number($0.intensity)) MACs/word, \(FigureText.number($0.macsPerCycle)) MACs/cycle)"
            }
            parts.append("\(validPoints.count) \(validPoints.count == 1 ? "point" : "points"): " + FigureText.summaryList(items, limit: 100) + ".")
        }
        if !skipped.isEmpty {
            parts.append("Skipped (zero, negative or non-finite values cannot be placed on log axes): "
                + FigureText.summaryList(skipped, limit: 100) + ".")
        }
        return parts.joined(separator: " ")
    }

    /// The data as RFC 4180 CSV (see the type's documentation for the columns).
    public func csv() -> String {
        var table = FigureCSV(header: ["kind", "name", "intensity_macs_per_word", "macs_per_cycle", "words_per_cycle"])
        table.append(["compute", "compute", "", FigureCSV.number(computeCeiling), ""])
        for c in ceilings {
            let ridge = computeIsValid && Self.positive(c.wordsPerCycle) ? computeCeiling / c.wordsPerCycle : Double.nan
            table.append(["ceiling", c.name, FigureCSV.number(ridge), computeIsValid ? FigureCSV.number(computeCeiling) : "",
                          FigureCSV.number(c.wordsPerCycle)])
        }
        for p in points {
            let implied = p.intensity != 0 ? p.macsPerCycle / p.intensity : Double.nan
            table.append(["point", p.label, FigureCSV.number(p.intensity), FigureCSV.number(p.macsPerCycle), FigureCSV.number(implied)])
        }
        return table.render()
    }
}
