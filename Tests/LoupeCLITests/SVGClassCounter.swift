import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG as XML and counts the elements of each `class` token; `nil` when the text is
/// not well-formed XML.
final class SVGClassCounter: NSObject, XMLParserDelegate {
    private(set) var counts: [String: Int] = [:]
    private(set) var root: String?

    static func count(_ svg: String) -> SVGClassCounter? {
        let counter = SVGClassCounter()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        return parser.parse() ? counter : nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if root == nil { root = elementName }
        for token in (attributeDict["class"] ?? "").split(separator: " ") {
            counts[String(token), default: 0] += 1
        }
    }

    subscript(_ cls: String) -> Int { counts[cls] ?? 0 }
}
