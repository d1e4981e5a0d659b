/// Builds the text of an imported spec file line by line: Loupe's own YAML, readable and
/// diffable, with comments that say where each value came from.
struct YAMLText {
    private(set) var text = ""

    mutating func line(_ s: String) { text += s + "\n" }

    mutating func comment(_ s: String, indent: Int = 0) {
        text += String(repeating: " ", count: indent) + "# " + s + "\n"
    }

    /// A plain scalar when YAML reads it back as the same string, else a double-quoted one.
    static func scalar(_ s: String) -> String {
        let special = ":#{}[],&*!|>'\"%@`"
        let plain = !s.isEmpty && s.first.map { !$0.isWhitespace && !"-?".contains($0) } == true && s.last?.isWhitespace == false
            && !s.contains(where: { special.contains($0) || $0.isNewline })
            && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(s.lowercased())
            && Double(s) == nil
        if plain { return s }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// A number as short decimal text (`0.25`, `16`, `1e-05`).
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}
