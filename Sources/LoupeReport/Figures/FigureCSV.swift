import LoupeModel
/// A figure's data table: `ReportCSV`'s RFC 4180 text (header row, fields quoted when they hold
/// a comma, a quote, CR or LF, quotes doubled, records ending in `\n`). Numbers go in as text
/// already formatted with `number(_:)`, so they are plain decimals.
struct FigureCSV {
    private var table: ReportCSV

    init(header: [String]) {
        table = ReportCSV(header: header)
    }

    mutating func append(_ row: [String]) {
        table.append(row)
    }

    /// A field as it appears in the file (`ReportCSV.field`).
    static func field(_ value: String) -> String {
        ReportCSV.field(value)
    }

    /// A number as a CSV field: the shortest plain decimal that reads back exactly, or an
    /// empty field for NaN and infinities.
    static func number(_ value: Double) -> String {
        NumberFormat.string(value, .shortest)
    }

    func render() -> String {
        table.render()
    }
}
