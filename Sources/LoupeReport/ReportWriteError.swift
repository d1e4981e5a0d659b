/// A report file or directory could not be written. Nothing was left half-written: see
/// `ReportWriter` for what survives a failure.
public struct ReportWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file or directory the failing operation was about.
    public var path: String
    /// What went wrong, e.g. `"not a directory"` or the system's message for an errno.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write '\(path)': \(reason)" }
}
