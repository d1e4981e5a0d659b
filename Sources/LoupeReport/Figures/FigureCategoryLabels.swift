import Foundation

/// Labels under a category axis (one per bar), laid out to stay readable however many
/// categories there are and however long their names.
///
/// Labels are drawn level when every one fits its band, on one line or broken at a space
/// onto two; otherwise they are turned 45° (or 90° when bands are narrower than 16 px)
/// and shortened in the middle with `…` to at most `maxRotatedWidth`, keeping both ends
/// of the name; when even 90° labels would overlap (bands under 13 px), only every n-th
/// category is labelled.
struct FigureCategoryLabels {

    static let size = 11.0
    static let lineHeight = 13.0
    static let maxRotatedWidth = 150.0

    /// The lines drawn under each category; empty where a label is left out.
    var lines: [[String]]
    /// 0 (level), -45 or -90 degrees.
    var angle: Double
    /// Pixels the labels take below the axis line.
    var extent: Double

    /// Lays out `labels` for bars centred at `centers`, each `band` pixels wide.
    init(labels: [String], centers: [Double], band: Double) {
        let size = Self.size
        let clean = labels.map(FigureText.singleLine)
        let level = clean.map { FigureText.wrapTwoLines($0, maxWidth: band - 6, size: size) }
        if level.allSatisfy({ $0 != nil }) {
            lines = level.map { $0! }
            angle = 0
            let rows = lines.map(\.count).max() ?? 1
            extent = 9 + size + Double(max(rows, 1) - 1) * Self.lineHeight
            return
        }
        let steep = band < 16
        angle = steep ? -90 : -45
        let stride = band >= 13 ? 1 : Int((13 / max(band, 0.1)).rounded(.up))
        let radians = abs(angle) * Double.pi / 180
        var drawn: [[String]] = []
        var longest = 0.0
        for (index, label) in clean.enumerated() {
            guard index % stride == 0 else {
                drawn.append([])
                continue
            }
            var limit = Self.maxRotatedWidth
            if !steep, index < centers.count {
                // Keep a 45° label from running off the left edge of the canvas.
                limit = min(limit, (centers[index] - 6) / cos(radians))
            }
            let text = FigureText.truncateMiddle(label, maxWidth: max(limit, 3 * size), size: size)
            longest = max(longest, FigureText.width(text, size: size))
            drawn.append([text])
        }
        lines = drawn
        extent = 8 + longest * sin(radians) + size * cos(radians) + 4
    }

    /// Whether category `index` has a label drawn.
    func isLabelled(_ index: Int) -> Bool {
        index < lines.count && !lines[index].isEmpty
    }

    /// Draws the labels below `axisY`.
    func draw(into document: inout FigureDocument, centers: [Double], axisY: Double) {
        let size = Self.size
        for (labelLines, cx) in zip(lines, centers) {
            guard let first = labelLines.first, !first.isEmpty || labelLines.count > 1 else { continue }
            if angle == 0 {
                for (row, text) in labelLines.enumerated() {
                    document.text(text, x: cx, y: axisY + 9 + size * 0.8 + Double(row) * Self.lineHeight, size: size,
                                  anchor: .middle, class: "category-label")
                }
            } else if angle == -90 {
                document.text(first, x: cx + size * 0.36, y: axisY + 8, size: size, anchor: .end, rotate: -90,
                              class: "category-label")
            } else {
                document.text(first, x: cx + size * 0.3, y: axisY + 8 + size * 0.3, size: size, anchor: .end,
                              rotate: angle, class: "category-label")
            }
        }
    }
}
