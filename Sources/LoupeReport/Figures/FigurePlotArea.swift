/// The rectangle data are drawn in, and the chart furniture around it: title, axes, tick
/// labels, grid lines, axis titles, the "no data" note and the footnote.
///
/// Sizes follow one scheme so figures read alike in print: title 16 px bold, axis titles
/// 12 px, tick labels 11 px, notes 10 px (nothing smaller), on a canvas 720 px wide.
struct FigurePlotArea {

    static let canvasWidth = 720.0
    static let minimumCanvasHeight = 440.0
    static let titleSize = 16.0
    static let axisTitleSize = 12.0
    static let tickLabelSize = 11.0
    static let noteSize = 10.0
    /// Top of whatever comes below the title (legend or plot).
    static let belowTitle = 40.0

    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }

    enum Side { case left, right }

    /// Pixel x of a value on a horizontal axis (kept finite: values far off the axis land
    /// far off the canvas rather than at infinity).
    func x(_ value: Double, on ticks: FigureTicks) -> Double {
        Self.finite(left + ticks.fraction(value) * width)
    }

    /// Pixel y of a value on a vertical axis (kept finite, as for `x`).
    func y(_ value: Double, on ticks: FigureTicks) -> Double {
        Self.finite(bottom - ticks.fraction(value) * height)
    }

    private static func finite(_ pixel: Double) -> Double {
        if pixel.isNaN { return -1e6 }
        return max(-1e6, min(1e6, pixel))
    }

    /// Width a vertical axis needs beside the plot: tick marks, tick labels, gap, title.
    static func verticalAxisWidth(_ ticks: FigureTicks, hasTitle: Bool) -> Double {
        let labels = ticks.majorTicks.compactMap(\.label).map { FigureText.width($0, size: tickLabelSize) }
        return 5 + 4 + (labels.max() ?? 0) + (hasTitle ? 10 + axisTitleSize + 6 : 6)
    }

    /// Height a horizontal numeric axis needs below the plot: tick labels and title.
    static func horizontalAxisHeight(hasTitle: Bool) -> Double {
        5 + 4 + tickLabelSize + (hasTitle ? 10 + axisTitleSize : 0) + 6
    }

    // MARK: - Drawing

    /// The figure title, centred at the top of the canvas.
    static func drawTitle(_ title: String, into document: inout FigureDocument) {
        let text = FigureText.truncate(FigureText.singleLine(title), maxWidth: document.width - 40, size: titleSize * 1.12)
        guard !text.isEmpty else { return }
        document.text(text, x: document.width / 2, y: 26, size: titleSize, anchor: .middle, bold: true, class: "title")
    }

    /// A vertical axis on `side`: line, ticks, labels, title, and (left side only) grid lines.
    func drawVerticalAxis(_ ticks: FigureTicks, side: Side, title: String, grid: Bool, into document: inout FigureDocument) {
        document.openGroup(class: side == .left ? "y-axis" : "y-axis-right")
        let x0 = side == .left ? left : right
        let direction = side == .left ? -1.0 : 1.0
        if grid {
            for tick in ticks.ticks where tick.label != nil {
                let py = y(tick.value, on: ticks)
                if abs(py - bottom) > 0.5 {
                    document.line(x1: left, y1: py, x2: right, y2: py, stroke: FigurePalette.grid, width: 0.75, class: "grid")
                }
            }
        }
        document.line(x1: x0, y1: top, x2: x0, y2: bottom, stroke: FigurePalette.axis, width: 1)
        var widest = 0.0
        for tick in ticks.ticks {
            let py = y(tick.value, on: ticks)
            guard py >= top - 0.5 && py <= bottom + 0.5 else { continue }
            let length = tick.label == nil ? 3.0 : 5.0
            document.line(x1: x0, y1: py, x2: x0 + direction * length, y2: py, stroke: FigurePalette.axis, width: 1)
            if let label = tick.label {
                document.text(label, x: x0 + direction * 9, y: py + Self.tickLabelSize * 0.36,
                              size: Self.tickLabelSize, anchor: side == .left ? .end : .start, class: "tick-label")
                widest = max(widest, FigureText.width(label, size: Self.tickLabelSize))
            }
        }
        let fullTitle = FigureText.singleLine(title) + ticks.titleSuffix
        if !FigureText.singleLine(title).isEmpty {
            let text = FigureText.truncate(fullTitle, maxWidth: height + 40, size: Self.axisTitleSize)
            let tx = x0 + direction * (9 + widest + 10) + (side == .left ? 0 : Self.axisTitleSize * 0.8)
            document.text(text, x: tx, y: (top + bottom) / 2, size: Self.axisTitleSize, anchor: .middle,
                          rotate: -90, class: "axis-title")
        }
        document.closeGroup()
    }

    /// A horizontal numeric axis along the bottom, with vertical grid lines when `grid`.
    func drawHorizontalAxis(_ ticks: FigureTicks, title: String, grid: Bool, into document: inout FigureDocument) {
        document.openGroup(class: "x-axis")
        if grid {
            for tick in ticks.ticks where tick.label != nil {
                let px = x(tick.value, on: ticks)
                if abs(px - left) > 0.5 {
                    document.line(x1: px, y1: top, x2: px, y2: bottom, stroke: FigurePalette.grid, width: 0.75, class: "grid")
                }
            }
        }
        document.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: FigurePalette.axis, width: 1)
        // Drop labels that would run into the previous one (e.g. crowded 2-5 log ticks).
        var lastRight = -Double.infinity
        for tick in ticks.ticks {
            let px = x(tick.value, on: ticks)
            guard px >= left - 0.5 && px <= right + 0.5 else { continue }
            let length = tick.label == nil ? 3.0 : 5.0
            document.line(x1: px, y1: bottom, x2: px, y2: bottom + length, stroke: FigurePalette.axis, width: 1)
            if let label = tick.label {
                let w = FigureText.width(label, size: Self.tickLabelSize)
                guard px - w / 2 > lastRight + 4 else { continue }
                lastRight = px + w / 2
                document.text(label, x: px, y: bottom + 9 + Self.tickLabelSize * 0.8, size: Self.tickLabelSize,
                              anchor: .middle, class: "tick-label")
            }
        }
        drawHorizontalTitle(title + ticks.titleSuffix, belowAxisBy: 9 + Self.tickLabelSize, into: &document)
        document.closeGroup()
    }

    /// The horizontal axis title, `offset` pixels below the axis line plus a gap.
    func drawHorizontalTitle(_ title: String, belowAxisBy offset: Double, into document: inout FigureDocument) {
        let text = FigureText.truncate(FigureText.singleLine(title), maxWidth: width, size: Self.axisTitleSize)
        guard !text.isEmpty else { return }
        document.text(text, x: (left + right) / 2, y: bottom + offset + 10 + Self.axisTitleSize * 0.8,
                      size: Self.axisTitleSize, anchor: .middle, class: "axis-title")
    }

    /// A frame line along the top and right edges, closing the plot box.
    func drawFrame(into document: inout FigureDocument, right drawRight: Bool = true) {
        document.line(x1: left, y1: top, x2: right, y2: top, stroke: FigurePalette.axis, width: 0.75)
        if drawRight {
            document.line(x1: right, y1: top, x2: right, y2: bottom, stroke: FigurePalette.axis, width: 0.75)
        }
    }

    /// "no data", centred in the plot area.
    func drawNoData(into document: inout FigureDocument) {
        document.text("no data", x: (left + right) / 2, y: (top + bottom) / 2 + 5, size: 14, anchor: .middle,
                      fill: FigurePalette.mutedText, class: "no-data")
    }

    /// A small note at the bottom-left of the canvas (skipped values and the like).
    static func drawFootnote(_ note: String, into document: inout FigureDocument) {
        guard !note.isEmpty else { return }
        let text = FigureText.truncate(note, maxWidth: document.width - 20, size: noteSize)
        document.text(text, x: 10, y: document.height - 8, size: noteSize, fill: FigurePalette.mutedText, class: "footnote")
    }

    /// Vertical space the footnote takes (0 without one).
    static func footnoteHeight(_ note: String) -> Double {
        note.isEmpty ? 0 : noteSize + 6
    }
}
