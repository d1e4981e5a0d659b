/// A problem with a sweep's command-line description (`--vary`, `--shard`), for the user.
public struct SweepError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
