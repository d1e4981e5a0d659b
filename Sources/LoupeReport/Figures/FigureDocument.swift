import LoupeModel
/// A small writer for standalone SVG 1.1 documents with deterministic bytes.
///
/// Elements are appended in drawing order; attributes are written in a fixed order with
/// coordinates as `NumberFormat` writes them (hundredths, trailing zeros removed), so the same calls always give the
/// same bytes. All text passes through `FigureText.escape`. The output has an XML
/// declaration, the SVG namespace, a `<title>` and a `<desc>`, a white background, and
/// nothing external (no scripts, stylesheets, images or fonts).
struct FigureDocument {

    enum Anchor: String { case start, middle, end }

    let width: Double
    let height: Double
    var title: String
    var description: String
    private var body: [String] = []

    init(width: Double, height: Double, title: String, description: String) {
        self.width = width
        self.height = height
        self.title = title
        self.description = description
    }

    private static func c(_ x: Double) -> String { NumberFormat.string(x, .upTo(fractionDigits: 2), rounding: .binaryScaled, nonFinite: .zero) }

    private static func attributes(_ pairs: [(String, String?)]) -> String {
        var out = ""
        for (name, value) in pairs {
            guard let value else { continue }
            out += " \(name)=\"\(FigureText.escape(value))\""
        }
        return out
    }

    /// `<title>` child giving a tooltip in viewers that show one.
    private static func tooltipElement(_ tooltip: String?) -> String? {
        guard let tooltip, !tooltip.isEmpty else { return nil }
        return "<title>\(FigureText.escape(tooltip))</title>"
    }

    private mutating func element(_ name: String, _ pairs: [(String, String?)], tooltip: String? = nil) {
        let attrs = Self.attributes(pairs)
        if let child = Self.tooltipElement(tooltip) {
            body.append("<\(name)\(attrs)>\(child)</\(name)>")
        } else {
            body.append("<\(name)\(attrs)/>")
        }
    }

    /// Opens a `<g>` group; close it with `closeGroup()`.
    mutating func openGroup(`class` cls: String? = nil) {
        body.append("<g\(Self.attributes([("class", cls)]))>")
    }

    mutating func closeGroup() { body.append("</g>") }

    /// An XML comment (`--` is replaced so the comment stays well formed).
    mutating func comment(_ text: String) {
        let safe = FigureText.escape(text).replacingOccurrences(of: "--", with: "- -")
        body.append("<!-- \(safe) -->")
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double,
        stroke: String, width: Double = 1, dash: String? = nil, class cls: String? = nil
    ) {
        element("line", [
            ("class", cls), ("x1", Self.c(x1)), ("y1", Self.c(y1)), ("x2", Self.c(x2)), ("y2", Self.c(y2)),
            ("stroke", stroke), ("stroke-width", Self.c(width)), ("stroke-dasharray", dash),
        ])
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double,
        fill: String, stroke: String? = nil, strokeWidth: Double? = nil,
        class cls: String? = nil, tooltip: String? = nil
    ) {
        element("rect", [
            ("class", cls), ("x", Self.c(x)), ("y", Self.c(y)),
            ("width", Self.c(max(0, width))), ("height", Self.c(max(0, height))),
            ("fill", fill), ("stroke", stroke), ("stroke-width", strokeWidth.map(Self.c)),
        ], tooltip: tooltip)
    }

    mutating func circle(
        cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
        strokeWidth: Double? = nil, class cls: String? = nil, tooltip: String? = nil
    ) {
        element("circle", [
            ("class", cls), ("cx", Self.c(cx)), ("cy", Self.c(cy)), ("r", Self.c(r)),
            ("fill", fill), ("stroke", stroke), ("stroke-width", strokeWidth.map(Self.c)),
        ], tooltip: tooltip)
    }

    private static func pointList(_ points: [(x: Double, y: Double)]) -> String {
        points.map { "\(c($0.x)),\(c($0.y))" }.joined(separator: " ")
    }

    mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5,
        dash: String? = nil, class cls: String? = nil
    ) {
        element("polyline", [
            ("class", cls), ("points", Self.pointList(points)), ("fill", "none"),
            ("stroke", stroke), ("stroke-width", Self.c(width)), ("stroke-dasharray", dash),
            ("stroke-linejoin", "round"), ("stroke-linecap", "round"),
        ])
    }

    mutating func polygon(
        _ points: [(x: Double, y: Double)], fill: String, stroke: String? = nil,
        strokeWidth: Double? = nil, class cls: String? = nil, tooltip: String? = nil
    ) {
        element("polygon", [
            ("class", cls), ("points", Self.pointList(points)), ("fill", fill),
            ("stroke", stroke), ("stroke-width", strokeWidth.map(Self.c)),
        ], tooltip: tooltip)
    }

    /// One line of text. `y` is the baseline; `rotate` (degrees, clockwise as in SVG)
    /// turns the text about its anchor point.
    mutating func text(
        _ content: String, x: Double, y: Double, size: Double = 12,
        anchor: Anchor = .start, rotate: Double? = nil, bold: Bool = false,
        fill: String = FigurePalette.text, class cls: String? = nil
    ) {
        let transform = rotate.map { "rotate(\(Self.c($0)) \(Self.c(x)) \(Self.c(y)))" }
        let attrs = Self.attributes([
            ("class", cls), ("x", Self.c(x)), ("y", Self.c(y)), ("font-size", Self.c(size)),
            ("text-anchor", anchor == .start ? nil : anchor.rawValue),
            ("font-weight", bold ? "bold" : nil), ("fill", fill), ("transform", transform),
        ])
        body.append("<text\(attrs)>\(FigureText.escape(content))</text>")
    }

    /// The finished document.
    func render() -> String {
        let w = Self.c(width)
        let h = Self.c(height)
        var lines: [String] = []
        lines.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
        lines.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(w)\" height=\"\(h)\" "
                + "viewBox=\"0 0 \(w) \(h)\" font-family=\"\(FigureText.escape(FigureText.fontFamily))\">"
        )
        lines.append("<title>\(FigureText.escape(title))</title>")
        lines.append("<desc>\(FigureText.escape(description))</desc>")
        lines.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"\(FigurePalette.background)\"/>")
        lines.append(contentsOf: body)
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}
