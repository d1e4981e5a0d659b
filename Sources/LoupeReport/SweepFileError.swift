/// A sweep file that cannot be merged or drawn: the file (its name as given) and the reason.
public struct SweepFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
    /// `file: error: message`.
    public var description: String { "\(file): error: \(message)" }
}
