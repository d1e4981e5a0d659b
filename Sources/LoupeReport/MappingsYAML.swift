import LoupeEngine
import LoupeModel

/// `mappings.yaml`: the mapping each layer was evaluated with, in the mapping-file format of
/// docs/spec.md §8, so that `loupe estimate ARCH WORKLOAD --mapping mappings.yaml` reproduces
/// the estimate without a search.
///
/// ```yaml
/// # Loupe mappings: eyeriss × alexnet. Re-usable with --mapping.
/// version: 1
/// mapping:
///   conv1:
///     - level: DRAM
///       temporal: "P=8 Q=2 K=4"
///     - level: GlobalBuffer
///       temporal: "P=14 Q=4"
///       spatial: {x: "Q=14", y: "C=3 S=3"}
///     - level: WeightSpad
///       temporal: "R=3"
/// ```
///
/// Per layer (workload order), one entry per storage level that has something to say,
/// outermost first: `temporal` (outer → inner), `spatial` (`x`, `y`, whichever is not
/// empty) and `keeps` (only when the mapping narrows the architecture's `keeps`; `[]` for a
/// level that keeps nothing). Factor-1 loops are left out (unlisted dimensions are 1). A
/// layer whose mapping has no loops at all lists its outermost level with nothing else. Layer
/// and level names are quoted when YAML would read them as something other than a string.
/// A layer name that occurs twice is written once (the first), since a YAML mapping cannot
/// hold a key twice.
enum MappingsYAML {
    static func render(_ estimate: NetworkEstimate) -> String {
        var out = "# Loupe mappings: \(oneLine(estimate.architecture.name)) × \(oneLine(estimate.workload.name))."
        out += " Re-usable with --mapping.\n"
        out += "version: 1\n"
        var written = Set<String>()
        var body = ""
        for layer in estimate.layers {
            let name = layer.layer.name
            guard written.insert(name).inserted else { continue }
            body += "  " + scalar(name) + ":\n"
            body += entries(layer.final.mapping, architecture: estimate.architecture)
        }
        out += body.isEmpty ? "mapping: {}\n" : "mapping:\n" + body
        return out
    }

    /// The list entries of one layer, indented under its key.
    static func entries(_ mapping: Mapping, architecture: Architecture) -> String {
        var out = ""
        for (i, level) in mapping.levels.enumerated() {
            var lines: [String] = []
            let temporal = MappingText.loopList(level.temporal)
            if !temporal.isEmpty { lines.append("temporal: " + quoted(temporal)) }
            var axes: [String] = []
            let x = MappingText.loopList(level.spatialX)
            let y = MappingText.loopList(level.spatialY)
            if !x.isEmpty { axes.append("x: " + quoted(x)) }
            if !y.isEmpty { axes.append("y: " + quoted(y)) }
            if !axes.isEmpty { lines.append("spatial: {" + axes.joined(separator: ", ") + "}") }
            if let keeps = MappingText.narrowedKeeps(level, index: i, architecture: architecture) {
                lines.append("keeps: [" + keeps.map(\.description).joined(separator: ", ") + "]")
            }
            if lines.isEmpty { continue }
            out += "    - level: " + scalar(MappingText.levelName(i, architecture: architecture)) + "\n"
            for line in lines { out += "      " + line + "\n" }
        }
        if out.isEmpty {
            let first = mapping.levels.isEmpty && architecture.storageLevels.isEmpty
                ? "L0" : MappingText.levelName(0, architecture: architecture)
            out = "    - level: " + scalar(first) + "\n"
        }
        return out
    }

    /// Words YAML 1.1 resolves to booleans or null when unquoted.
    private static let reserved: Set<String> = [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
    ]

    /// `text` as a YAML scalar: plain when it is a simple identifier that YAML reads as a
    /// string, double-quoted otherwise.
    static func scalar(_ text: String) -> String {
        let simple = !text.isEmpty
            && text.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || $0 == "_" || $0 == "-" || $0 == "." }
            && (text.unicodeScalars.first.map { $0.properties.isAlphabetic || $0 == "_" } ?? false)
            && !reserved.contains(text.lowercased())
        return simple ? text : quoted(text)
    }

    /// `text` as a double-quoted YAML scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if s.value < 0x20 || s.value == 0x7F {
                    out += "\\x" + hex2(s.value)
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }

    private static func hex2(_ v: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(v >> 4) & 15], digits[Int(v) & 15]])
    }

    /// `text` on one line, for a comment.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
