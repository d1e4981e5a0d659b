/// One record of a CSV file as read by `CSVReader`: its fields (unquoted) and its exact text.
public struct CSVRecord: Sendable, Hashable {
    public var fields: [String]
    /// The record as it appears in the file, quotes included, without its line end.
    public var text: String
    /// 1-based line of the file where the record starts.
    public var line: Int

    public init(fields: [String], text: String, line: Int) {
        self.fields = fields
        self.text = text
        self.line = line
    }
}
