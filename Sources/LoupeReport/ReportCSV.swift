/// A CSV table for the report files, per RFC 4180 with one deliberate choice: records end in
/// `\n` (LF), the last one included, so the files diff cleanly and read the same in every
/// spreadsheet. The first record is the header; a field is quoted when it holds a comma, a
/// double quote, CR or LF, and quotes inside it are doubled. Numbers go in already formatted
/// by `NumberFormat.Style.report`.
struct ReportCSV: Sendable {
    var header: [String]
    private(set) var rows: [[String]] = []

    init(header: [String]) {
        self.header = header
    }

    mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a CSV row has as many fields as the header")
        rows.append(row)
    }

    /// One field as it appears in the file.
    static func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return value }
        var quoted = "\""
        for c in value.unicodeScalars {
            if c == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(c) }
        }
        return quoted + "\""
    }

    /// The table as text: header, then rows, each record ending in `\n`.
    func render() -> String {
        var out = ""
        for record in [header] + rows {
            out += record.map(Self.field).joined(separator: ",")
            out += "\n"
        }
        return out
    }
}
