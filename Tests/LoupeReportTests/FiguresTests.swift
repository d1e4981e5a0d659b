import Foundation
import Testing
@testable import LoupeReport
import LoupeModel
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Collects every element of a parsed XML document, with its attributes and direct text.
private final class XMLCollector: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
    }

    var elements: [Element] = []
    private var open: [Int] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(Element(name: elementName, attributes: attributeDict, text: ""))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }
}

/// A parsed SVG document: `nil` when the text is not well-formed XML.
private struct ParsedSVG {
    var elements: [XMLCollector.Element]

    init?(_ svg: String) {
        let collector = XMLCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse() else { return nil }
        elements = collector.elements
    }

    func withClass(_ cls: String) -> [XMLCollector.Element] {
        elements.filter { $0.attributes["class"] == cls }
    }

    func texts(class cls: String) -> [String] {
        withClass(cls).map(\.text)
    }

    var root: XMLCollector.Element? { elements.first }
    var title: String? { elements.first { $0.name == "title" }?.text }
    var desc: String? { elements.first { $0.name == "desc" }?.text }
}

/// CSV records (each ends in LF, as in the report's other CSV files; the test data hold no
/// quoted line breaks).
private func csvRecords(_ csv: String) -> [String] {
    #expect(csv.hasSuffix("\n") && !csv.contains("\r\n"))
    return csv.components(separatedBy: "\n").filter { !$0.isEmpty }
}

/// Checks every SVG must pass: well-formed, SVG namespace, title and desc, readable text,
/// nothing external, no exponent notation, same bytes on a second call.
private func checkCommon(_ svg: () -> String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let text = svg()
    #expect(text == svg(), "bytes differ between two calls", sourceLocation: sourceLocation)
    guard let parsed = ParsedSVG(text) else {
        Issue.record("SVG is not well-formed XML", sourceLocation: sourceLocation)
        return
    }
    #expect(parsed.root?.name == "svg", sourceLocation: sourceLocation)
    #expect(parsed.root?.attributes["xmlns"] == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
    #expect(parsed.root?.attributes["version"] == "1.1", sourceLocation: sourceLocation)
    #expect(parsed.root?.attributes["font-family"]?.hasSuffix("sans-serif") == true, sourceLocation: sourceLocation)
    #expect(parsed.title?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(parsed.desc?.isEmpty == false, sourceLocation: sourceLocation)
    for element in parsed.elements {
        if let size = element.attributes["font-size"] {
            #expect((Double(size) ?? 0) >= 10, "text smaller than 10 px: \(size)", sourceLocation: sourceLocation)
        }
        #expect(!["script", "style", "image", "foreignObject", "use"].contains(element.name), sourceLocation: sourceLocation)
        #expect(element.attributes["href"] == nil && element.attributes["xlink:href"] == nil, sourceLocation: sourceLocation)
        for (name, value) in element.attributes where ["x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r"].contains(name) {
            #expect(Double(value)?.isFinite == true, "\(name)=\(value)", sourceLocation: sourceLocation)
        }
    }
    #expect(!containsExponent(text), "exponent notation in SVG", sourceLocation: sourceLocation)
}

/// Whether `text` holds a number written like `1e+06` or `2.5E-3` (hex colours such as
/// `#009E73` don't count).
private func containsExponent(_ text: String) -> Bool {
    let pattern = "(?<![#0-9A-Za-z.])[0-9]+(\\.[0-9]+)?[eE][+-]?[0-9]+"
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return true }
    return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
}


// MARK: - Sample figures

private let sampleRoofline = RooflineFigure(
    title: "Eyeriss-like — AlexNet",
    computeCeiling: 168,
    ceilings: [.init(name: "DRAM", wordsPerCycle: 4), .init(name: "GLB", wordsPerCycle: 32)],
    points: [
        .init(label: "conv1", intensity: 95, macsPerCycle: 120),
        .init(label: "conv2", intensity: 210, macsPerCycle: 150),
        .init(label: "fc6 & <big>", intensity: 1.2, macsPerCycle: 4.6),
        .init(label: "zero", intensity: 0, macsPerCycle: 3.9),
        .init(label: "nan", intensity: .nan, macsPerCycle: 1),
    ])

private let sampleStacked = StackedBarFigure(
    title: "Energy per layer", yLabel: "Energy (pJ)", xLabel: "Layer",
    categories: ["conv1", "conv2 & <pool>", "fc"],
    series: [
        .init(name: "DRAM", values: [3.1e8, 2.2e8, 5.6e8]),
        .init(name: "GLB", values: [1.1e8, 0, 0.3e8]),
        .init(name: "MAC", values: [0.6e8, 1.3e8, .infinity]),
    ],
    categoryColumn: "layer", seriesColumn: "component", valueColumn: "energy_pj")

private let sampleWaterfall = WaterfallFigure(
    title: "Technique savings", yLabel: "Energy (pJ)",
    start: .init(label: "dense", value: 100),
    steps: [.init(label: "gating", delta: -20), .init(label: "skipping & <co>", delta: -15),
            .init(label: "metadata", delta: 5), .init(label: "broken", delta: .nan)],
    finalLabel: "final")

private let sampleLine = LineFigure(
    title: "Buffer sweep", xLabel: "Buffer (KiB)", leftLabel: "Energy (µJ)", rightLabel: "Latency (ms)", logX: true,
    series: [
        .init(name: "energy", axis: .left, points: [16, 32, 64, 128].map { .init(x: $0, y: 200 / $0.squareRoot()) }),
        .init(name: "latency", axis: .right, points: [16, 32, 64, 128].map { .init(x: $0, y: 10 / log2($0)) }),
        .init(name: "odd", axis: .left, points: [.init(x: 0, y: 1), .init(x: -4, y: 2), .init(x: 8, y: .nan)]),
    ])

// MARK: - Tests

@Suite("Figures")
struct FiguresTests {

    @Test func rooflineDrawsOneLabelledMarkerPerPoint() throws {
        checkCommon { sampleRoofline.svg() }
        let svg = sampleRoofline.svg()
        let parsed = try #require(ParsedSVG(svg))
        #expect(parsed.withClass("point").count == 3)
        let labels = parsed.texts(class: "point-label")
        #expect(labels == ["conv1", "conv2", "fc6 & <big>"])
        // One line per bandwidth ceiling plus the compute ceiling; one ridge per bandwidth ceiling.
        #expect(parsed.withClass("ceiling").count == 3)
        #expect(parsed.withClass("ridge").count == 2)
        let ceilingLabels = parsed.texts(class: "ceiling-label")
        #expect(ceilingLabels.contains { $0.hasPrefix("DRAM") } && ceilingLabels.contains { $0.hasPrefix("GLB") })
        #expect(ceilingLabels.contains { $0.hasPrefix("compute") && $0.contains("168") })
        let desc = try #require(parsed.desc)
        #expect(desc.contains("zero") && desc.contains("Skipped"))
        #expect(desc.contains("ridge at 42"))
        #expect(svg.contains("fc6 &amp; &lt;big&gt;"))
        #expect(!svg.contains("fc6 & <big>"))
    }

    @Test func rooflineCSVHasOneRowPerCeilingAndPoint() {
        let csv = sampleRoofline.csv()
        let records = csvRecords(csv)
        #expect(records.count == 1 + 1 + sampleRoofline.ceilings.count + sampleRoofline.points.count)
        #expect(records.first == "kind,name,intensity_macs_per_word,macs_per_cycle,words_per_cycle")
        #expect(records.contains("ceiling,DRAM,42,168,4"))
        #expect(records.contains("point,nan,,1,"))
        #expect(csv == sampleRoofline.csv())
        #expect(!containsExponent(csv))
    }

    @Test func stackedBarDrawsOneRectPerNonZeroSegment() throws {
        checkCommon { sampleStacked.svg() }
        let svg = sampleStacked.svg()
        let parsed = try #require(ParsedSVG(svg))
        // 9 values: one zero and one infinite are not drawn.
        #expect(parsed.withClass("segment").count == 7)
        #expect(parsed.withClass("legend-label").map(\.text) == ["DRAM", "GLB", "MAC"])
        let okabeIto: Set<String> = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
        #expect(parsed.withClass("segment").allSatisfy { okabeIto.contains($0.attributes["fill"] ?? "") })
        #expect(parsed.texts(class: "category-label").contains("conv2 & <pool>"))
        #expect(svg.contains("conv2 &amp; &lt;pool&gt;"))
        #expect(try #require(parsed.desc).contains("Skipped non-finite values"))
    }

    @Test func stackedBarCSVIsLongForm() {
        let records = csvRecords(sampleStacked.csv())
        #expect(records.count == sampleStacked.categories.count * sampleStacked.series.count + 1)
        #expect(records[0] == "layer,component,energy_pj")
        #expect(records[1] == "conv1,DRAM,310000000")
        #expect(records.contains("fc,MAC,"))
        #expect(records.contains("conv2 & <pool>,GLB,0"))
    }

    @Test func stackedBarHandlesSingleCategoryAndLongLabels() throws {
        let long = String(repeating: "very_long_layer_name_", count: 8) + "end"
        let single = StackedBarFigure(title: "One", yLabel: "E", categories: [long],
                                      series: [.init(name: "a", values: [2]), .init(name: "b", values: [3])])
        checkCommon { single.svg() }
        #expect(try #require(ParsedSVG(single.svg())).withClass("segment").count == 2)
        let many = StackedBarFigure(title: "Many", yLabel: "E", categories: (0..<60).map { "\(long)\($0)" },
                                    series: [.init(name: "a", values: Array(repeating: 1, count: 60))])
        checkCommon { many.svg() }
        let parsed = try #require(ParsedSVG(many.svg()))
        #expect(parsed.withClass("segment").count == 60)
        let labels = parsed.texts(class: "category-label")
        #expect(!labels.isEmpty && labels.allSatisfy { $0.contains("…") })
        let rotated = parsed.withClass("category-label").allSatisfy { $0.attributes["transform"]?.hasPrefix("rotate(") == true }
        #expect(rotated)
    }

    @Test func waterfallDrawsEveryBarAndTheFinalValue() throws {
        checkCommon { sampleWaterfall.svg() }
        let parsed = try #require(ParsedSVG(sampleWaterfall.svg()))
        // start + 3 finite steps + final.
        #expect(parsed.withClass("bar").count == 5)
        #expect(sampleWaterfall.finalValue == 70)
        let values = parsed.texts(class: "value-label")
        #expect(values.first == "100")
        #expect(values.last == "70")
        #expect(values.contains { $0.hasPrefix("−20") })
        #expect(values.contains { $0.hasPrefix("+5") })
        let desc = try #require(parsed.desc)
        #expect(desc.contains("Final final = 70"))
        #expect(desc.contains("broken"))
        #expect(sampleWaterfall.svg().contains("skipping &amp; &lt;co&gt;"))
    }

    @Test func waterfallCSVHasStartStepsAndFinal() {
        let records = csvRecords(sampleWaterfall.csv())
        #expect(records.count == sampleWaterfall.steps.count + 2 + 1)
        #expect(records[0] == "label,kind,value,running_total")
        #expect(records[1] == "dense,start,100,100")
        #expect(records[2] == "gating,step,-20,80")
        #expect(records[4] == "metadata,step,5,70")
        #expect(records[5] == "broken,step,,70")
        #expect(records.last == "final,final,70,70")
    }

    @Test func lineFigureSkipsPointsThatCannotBeDrawn() throws {
        checkCommon { sampleLine.svg() }
        let parsed = try #require(ParsedSVG(sampleLine.svg()))
        #expect(parsed.withClass("marker").count == 8)
        #expect(parsed.withClass("line").count == 2)
        #expect(parsed.withClass("y-axis-right").count == 1)
        let legend = parsed.texts(class: "legend-label")
        #expect(legend == ["energy", "latency (right axis)", "odd (not drawn)"])
        let desc = try #require(parsed.desc)
        #expect(desc.contains("Skipped points") && desc.contains("odd"))
        let records = csvRecords(sampleLine.csv())
        #expect(records.count == sampleLine.series.reduce(0) { $0 + $1.points.count } + 1)
        #expect(records[0] == "series,axis,x,y")
        #expect(records.contains("latency,right,16,2.5"))
        #expect(records.contains("odd,left,8,"))
    }

    @Test func emptyDataDrawsAnEmptyChartWithANote() throws {
        let figures: [() -> String] = [
            { RooflineFigure(title: "", computeCeiling: 0, ceilings: [], points: []).svg() },
            { StackedBarFigure(title: "", yLabel: "", categories: [], series: []).svg() },
            { StackedBarFigure(title: "zeros", yLabel: "E", categories: ["a"], series: [.init(name: "s", values: [0])]).svg() },
            { WaterfallFigure(title: "", yLabel: "", start: .init(label: "dense", value: .nan), steps: []).svg() },
            { LineFigure(title: "", xLabel: "", leftLabel: "", series: []).svg() },
            { LineFigure(title: "", xLabel: "", leftLabel: "", logX: true, series: [.init(name: "s", points: [.init(x: 0, y: 1)])]).svg() },
        ]
        for figure in figures {
            checkCommon(figure)
            let parsed = try #require(ParsedSVG(figure()))
            #expect(parsed.texts(class: "no-data") == ["no data"])
        }
        #expect(csvRecords(StackedBarFigure(title: "", yLabel: "", categories: [], series: []).csv()).count == 1)
        #expect(csvRecords(LineFigure(title: "", xLabel: "", leftLabel: "", series: []).csv()).count == 1)
    }

    @Test func extremeValuesStayInPlainDecimals() throws {
        let roofline = RooflineFigure(title: "Huge", computeCeiling: 2e9, ceilings: [.init(name: "HBM", wordsPerCycle: 3e-4)],
                                      points: [.init(label: "p", intensity: 1e-6, macsPerCycle: 1e-9)])
        checkCommon { roofline.svg() }
        #expect(!containsExponent(roofline.csv()))
        #expect(csvRecords(roofline.csv()).contains("point,p,0.000001,0.000000001,0.001"))
        let bars = StackedBarFigure(title: "Big", yLabel: "E", categories: ["a", "b"],
                                    series: [.init(name: "s", values: [1.5e12, 3e12])])
        checkCommon { bars.svg() }
        let parsed = try #require(ParsedSVG(bars.svg()))
        #expect(parsed.elements.contains { $0.attributes["class"] == "axis-title" && $0.text.contains("×10¹²") })
        #expect(csvRecords(bars.csv()).contains("b,s,3000000000000"))
    }

    @Test func exponentCheckSeesExponentsButNotColours() {
        #expect(containsExponent("x=\"1e+06\""))
        #expect(containsExponent("2.5E-3"))
        #expect(!containsExponent("fill=\"#009E73\" x=\"12.5\""))
    }

    @Test func seededRandomFiguresNeverBreak() {
        var generator = SplitMix64(seed: 0x5EED_1234)
        let special: [Double] = [0, -0.0, -1, .nan, .infinity, -.infinity, 1e-300, Double.leastNonzeroMagnitude, 1.7e308, -2e12]
        func value() -> Double {
            if generator.next() % 4 == 0 { return special[Int(generator.next() % UInt64(special.count))] }
            let exponent = Double(Int(generator.next() % 25) - 12)
            return Double(generator.next() % 1000 + 1) / 100 * NumberFormat.scaled(1, byPowerOfTen: Int(exponent))
        }
        func label() -> String {
            let pieces = ["conv", "&", "<fc>", "\"q\"", "layer_with_a_long_name", "é", " ", "x"]
            return (0..<Int(generator.next() % 5)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
        for _ in 0..<40 {
            let n = Int(generator.next() % 7)
            let roofline = RooflineFigure(
                title: label(), computeCeiling: value(),
                ceilings: (0..<Int(generator.next() % 4)).map { _ in .init(name: label(), wordsPerCycle: value()) },
                points: (0..<n).map { _ in .init(label: label(), intensity: value(), macsPerCycle: value()) })
            checkCommon { roofline.svg() }
            #expect(csvRecords(roofline.csv()).count == 2 + roofline.ceilings.count + roofline.points.count)
            let categories = (0..<n).map { _ in label() }
            let bars = StackedBarFigure(title: label(), yLabel: label(), categories: categories,
                                        series: (0..<Int(generator.next() % 4)).map { _ in
                                            .init(name: label(), values: categories.map { _ in value() }) })
            checkCommon { bars.svg() }
            let waterfall = WaterfallFigure(title: label(), yLabel: label(), start: .init(label: label(), value: value()),
                                            steps: (0..<n).map { _ in .init(label: label(), delta: value()) })
            checkCommon { waterfall.svg() }
            #expect(csvRecords(waterfall.csv()).count == n + 3)
            let line = LineFigure(title: label(), xLabel: label(), leftLabel: label(), rightLabel: label(),
                                  logX: generator.next() % 2 == 0,
                                  series: (0..<Int(generator.next() % 3)).map { i in
                                      .init(name: label(), axis: i == 1 ? .right : .left,
                                            points: (0..<n).map { _ in .init(x: value(), y: value()) })
                                  })
            checkCommon { line.svg() }
        }
    }

    @Test func numberFormattingIsPlainAndLocaleFree() {
        #expect(NumberFormat.string(1234567, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled) == "1235000")
        #expect(NumberFormat.string(0.000123456, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled) == "0.0001235")
        #expect(NumberFormat.string(2.5, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled) == "2.5")
        #expect(NumberFormat.string(-1000, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled) == "-1000")
        #expect(NumberFormat.string(9999.6, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled) == "10000")
        #expect(NumberFormat.string(0, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled) == "0")
        #expect(NumberFormat.string(-0.0, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled) == "0")
        #expect(NumberFormat.string(1e-5, .shortest) == "0.00001")
        #expect(NumberFormat.string(1.5e16, .shortest) == "15000000000000000")
        #expect(NumberFormat.string(3, .shortest) == "3")
        #expect(NumberFormat.string(-0.1, .shortest) == "-0.1")
        #expect(NumberFormat.string(.nan, .shortest) == "")
        #expect(NumberFormat.string(2.5, .fixed(fractionDigits: 2), rounding: .binaryScaled, nonFinite: .spelled) == "2.50")
        #expect(NumberFormat.string(-0.05, .fixed(fractionDigits: 1), rounding: .binaryScaled, nonFinite: .spelled) == "-0.1")
        #expect(NumberFormat.string(12.3456, .upTo(fractionDigits: 2), rounding: .binaryScaled, nonFinite: .zero) == "12.35")
        #expect(NumberFormat.string(40.0, .upTo(fractionDigits: 2), rounding: .binaryScaled, nonFinite: .zero) == "40")
        #expect(NumberFormat.superscript(-12) == "⁻¹²")
        #expect(NumberFormat.string(1.7e308, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled).hasPrefix("17") && NumberFormat.string(1.7e308, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled).count == 309)
        #expect(NumberFormat.string(Double.leastNonzeroMagnitude, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled).hasPrefix("0.000") && NumberFormat.string(Double.leastNonzeroMagnitude, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled).count > 320)
        #expect(NumberFormat.scaled(1, byPowerOfTen: 300) == 1e300)
    }

    @Test func csvFieldsAreQuotedPerRFC4180() {
        var table = FigureCSV(header: ["a", "b"])
        table.append(["x,y", "say \"hi\""])
        table.append(["line\nbreak", "plain"])
        #expect(table.render() == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",plain\n")
    }

    @Test func textIsEscapedAndTruncated() {
        #expect(FigureText.escape("a & b < c > d \"e\" 'f'") == "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;")
        #expect(FigureText.escape("bell\u{07}tab\tline\n") == "belltab line ")
        let long = String(repeating: "abcdefghij", count: 10)
        let cut = FigureText.truncate(long, maxWidth: 60, size: 10)
        #expect(cut.hasSuffix("…") && cut.count < long.count)
        #expect(FigureText.width(cut, size: 10) <= 60)
        let middle = FigureText.truncateMiddle("resnet50.layer3.block5.conv2", maxWidth: 80, size: 10)
        #expect(middle.hasPrefix("res") && middle.hasSuffix("nv2") && middle.contains("…"))
        #expect(FigureText.truncate("short", maxWidth: 200, size: 10) == "short")
    }

    @Test func ticksUseNiceStepsAndDecades() {
        let linear = FigureTicks.linear(minimum: 0, maximum: 1234, includeZero: true)
        let values = linear.majorTicks.map(\.value)
        #expect(values.first == 0 && (values.last ?? 0) >= 1234)
        let step = values[1] - values[0]
        #expect([100.0, 200, 250, 500].contains(step))
        #expect(linear.majorTicks.map(\.label) == values.map { NumberFormat.string($0, .fixed(fractionDigits: 0), rounding: .binaryScaled, nonFinite: .spelled) })
        let log = FigureTicks.logarithmic(minimum: 0.3, maximum: 4000)
        #expect(log.lower == 0.1 && log.upper == 10000)
        #expect(log.majorTicks.map(\.label) == ["0.1", "1", "10", "100", "1000", "10000"])
        let wide = FigureTicks.logarithmic(minimum: 1e-9, maximum: 1e9)
        #expect(wide.majorTicks.allSatisfy { $0.label?.hasPrefix("10") == true })
        let scaled = FigureTicks.linear(minimum: 0, maximum: 2.5e6, includeZero: true)
        #expect(scaled.multiplierExponent == 6 && scaled.titleSuffix == " (×10⁶)")
    }
}

/// Edge cases found in review: values at the limits of `Double`, and CSV quoting that must look
/// at Unicode scalars, not characters.
@Suite("Report edge cases")
struct ReportEdgeCaseTests {
    /// Subnormal values once made the tick step's logarithm −∞ and trapped on `Int(_:)`.
    @Test func tinyValuesDoNotTrap() {
        let figure = StackedBarFigure(title: "tiny", yLabel: "pJ", categories: ["a", "b"],
                                      series: [.init(name: "x", values: [Double.leastNonzeroMagnitude, (Double.leastNormalMagnitude / 4)])])
        let svg = figure.svg()
        #expect(svg.hasPrefix("<?xml") || svg.contains("<svg"))
    }

    /// A quote followed by a combining accent is one Character but two scalars: it must still be
    /// quoted and doubled (RFC 4180).
    @Test func quotingLooksAtScalars() {
        let field = ReportCSV.field("a\"\u{301}b")
        #expect(field.hasPrefix("\""))
        #expect(field.unicodeScalars.filter { $0 == "\"" }.count == 4)
        let comma = ReportCSV.field(",\u{301}")
        #expect(comma.hasPrefix("\"") && comma.hasSuffix("\""))
    }
}
