/// Marker shapes for points, cycled with colours so series differ in shape as well.
enum FigureMarker: Int, Sendable, Hashable, CaseIterable {
    case circle, square, triangle, diamond

    /// Marker `index`, cycling through the shapes.
    static func cycling(_ index: Int) -> FigureMarker {
        allCases[((index % allCases.count) + allCases.count) % allCases.count]
    }

    /// Draws the marker centred on (`x`, `y`); `size` is its nominal diameter in pixels.
    func draw(
        into document: inout FigureDocument, x: Double, y: Double, size: Double,
        fill: String, stroke: String = "#000000", class cls: String? = nil, tooltip: String? = nil
    ) {
        let r = size / 2
        switch self {
        case .circle:
            document.circle(cx: x, cy: y, r: r, fill: fill, stroke: stroke, strokeWidth: 1, class: cls, tooltip: tooltip)
        case .square:
            let s = r * 0.9
            document.rect(x: x - s, y: y - s, width: 2 * s, height: 2 * s, fill: fill, stroke: stroke,
                          strokeWidth: 1, class: cls, tooltip: tooltip)
        case .triangle:
            let s = r * 1.15
            document.polygon([(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)], fill: fill,
                             stroke: stroke, strokeWidth: 1, class: cls, tooltip: tooltip)
        case .diamond:
            let s = r * 1.2
            document.polygon([(x, y - s), (x + s, y), (x, y + s), (x - s, y)], fill: fill, stroke: stroke,
                             strokeWidth: 1, class: cls, tooltip: tooltip)
        }
    }
}
