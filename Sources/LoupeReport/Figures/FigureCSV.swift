import Foundation

/// A CSV table written per RFC 4180 — a header row, comma-separated fields, fields quoted
/// when they hold a comma, a quote, CR or LF (quotes inside are doubled) — with the
/// report's one deliberate choice (see `ReportCSV`): records end in LF, the last one
/// included. Numbers go in as text already formatted with `FigureNumberFormat.exact`, so
/// they are plain decimals.
struct FigureCSV {

    var header: [String]
    var rows: [[String]] = []

    init(header: [String]) {
        self.header = header
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// A field as it appears in the file.
    static func field(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as a CSV field: the shortest plain decimal that reads back exactly, or an
    /// empty field for NaN and infinities.
    static func number(_ value: Double) -> String {
        FigureNumberFormat.exact(value)
    }

    func render() -> String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\n" }.joined()
    }
}
