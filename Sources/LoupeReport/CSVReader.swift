/// Reads RFC 4180 CSV text into records, keeping each record's exact text (for `SweepMerge`,
/// which must reproduce records byte for byte).
///
/// Records end in LF or CRLF outside quotes (a missing final line end is fine); fields are
/// separated by commas; a field that starts with `"` is quoted: it runs to the next lone `"`,
/// `""` inside it is one quote, and it may hold commas and line ends. A quote anywhere else, text
/// after a closing quote, or an unterminated quote is an error. Empty lines are skipped.
public enum CSVReader {
    public static func records(_ text: String) throws(CSVReadError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        let s = Array(text.unicodeScalars)
        var i = 0
        var line = 1
        while i < s.count {
            let start = i
            let startLine = line
            var fields: [String] = []
            var field = ""
            var atFieldStart = true
            var quoted = false
            var afterQuote = false
            var end = s.count
            var next = s.count
            scan: while i < s.count {
                let c = s[i]
                if quoted {
                    if c == "\"" {
                        if i + 1 < s.count, s[i + 1] == "\"" {
                            field.unicodeScalars.append("\"")
                            i += 2
                            continue
                        }
                        quoted = false
                        afterQuote = true
                    } else {
                        if c == "\n" { line += 1 }
                        field.unicodeScalars.append(c)
                    }
                    i += 1
                    continue
                }
                switch c {
                case ",":
                    fields.append(field)
                    field = ""
                    atFieldStart = true
                    afterQuote = false
                    i += 1
                case "\n", "\r":
                    if c == "\r" && !(i + 1 < s.count && s[i + 1] == "\n") {
                        throw CSVReadError(line: line, message: "a carriage return outside quotes that does not end a line")
                    }
                    end = i
                    next = c == "\r" ? i + 2 : i + 1
                    line += 1
                    break scan
                case "\"":
                    guard atFieldStart else {
                        throw CSVReadError(line: line, message: "a quote inside an unquoted field (quote the field and double the quote)")
                    }
                    quoted = true
                    atFieldStart = false
                    i += 1
                default:
                    if afterQuote {
                        throw CSVReadError(line: line, message: "text after the closing quote of a field")
                    }
                    atFieldStart = false
                    field.unicodeScalars.append(c)
                    i += 1
                }
            }
            if quoted { throw CSVReadError(line: startLine, message: "a quoted field is not closed") }
            if i >= s.count { end = s.count; next = s.count }
            fields.append(field)
            i = next
            var raw = ""
            raw.unicodeScalars.append(contentsOf: s[start..<end])
            if raw.isEmpty { continue }
            records.append(CSVRecord(fields: fields, text: raw, line: startLine))
        }
        return records
    }
}
