/// A legend laid out in rows above the plot area, so it never covers data.
///
/// Entries flow left to right and wrap to a new row when the next one would pass the
/// available width; each label is truncated (with `…`) to at most `maxLabelWidth`.
struct FigureLegend {

    enum Swatch: Hashable {
        /// A filled square, for bars.
        case box(fill: String)
        /// A short line sample with an optional marker, for lines.
        case line(stroke: String, dash: String?, marker: FigureMarker?)
    }

    struct Entry: Hashable {
        var label: String
        var swatch: Swatch
    }

    var entries: [Entry]
    var fontSize: Double = 11
    var rowHeight: Double = 17
    var maxLabelWidth: Double = 220

    private func swatchWidth(_ swatch: Swatch) -> Double {
        switch swatch {
        case .box: return 12
        case .line: return 26
        }
    }

    /// Each entry's row and horizontal offset within `width`, and the label as drawn.
    private func placements(width: Double) -> [(row: Int, x: Double, label: String)] {
        var result: [(Int, Double, String)] = []
        var row = 0
        var x = 0.0
        for entry in entries {
            let label = FigureText.truncate(FigureText.singleLine(entry.label), maxWidth: maxLabelWidth, size: fontSize)
            let w = swatchWidth(entry.swatch) + 5 + FigureText.width(label, size: fontSize)
            if x > 0 && x + w > width {
                row += 1
                x = 0
            }
            result.append((row, x, label))
            x += w + 16
        }
        return result
    }

    /// Height the legend needs when given `width` pixels (0 when there are no entries).
    func height(width: Double) -> Double {
        guard !entries.isEmpty else { return 0 }
        let rows = (placements(width: width).map(\.row).max() ?? 0) + 1
        return Double(rows) * rowHeight
    }

    /// Draws the legend with its top-left corner at (`left`, `top`).
    func draw(into document: inout FigureDocument, left: Double, top: Double, width: Double) {
        guard !entries.isEmpty else { return }
        document.openGroup(class: "legend")
        for (entry, place) in zip(entries, placements(width: width)) {
            let x = left + place.x
            let midY = top + Double(place.row) * rowHeight + rowHeight / 2
            switch entry.swatch {
            case .box(let fill):
                document.rect(x: x, y: midY - 6, width: 12, height: 12, fill: fill, stroke: "#333333",
                              strokeWidth: 0.5, class: "legend-swatch")
            case .line(let stroke, let dash, let marker):
                document.line(x1: x, y1: midY, x2: x + 26, y2: midY, stroke: stroke, width: 2, dash: dash,
                              class: "legend-swatch")
                marker?.draw(into: &document, x: x + 13, y: midY, size: 7, fill: stroke, class: "legend-marker")
            }
            document.text(place.label, x: x + swatchWidth(entry.swatch) + 5, y: midY + fontSize * 0.36,
                          size: fontSize, class: "legend-label")
        }
        document.closeGroup()
    }
}
