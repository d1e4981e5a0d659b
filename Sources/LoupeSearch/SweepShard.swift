/// A deterministic slice of a sweep, `--shard I/N`: the points whose index `p` has
/// `p mod N == I` (0-based `I`, round robin), so that shards get a similar mix of cheap and costly
/// points whatever the axis order. The union of the `N` shards is the whole grid, each point in
/// exactly one shard.
public struct SweepShard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `I/N` with `0 ≤ I < N`.
    public static func parse(_ text: String) throws(SweepError) -> SweepShard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw SweepError("--shard expects I/N, e.g. --shard 3/8, found '\(text)'")
        }
        guard n >= 1 else { throw SweepError("--shard \(text): N must be at least 1") }
        guard i >= 0, i < n else { throw SweepError("--shard \(text): I must be in 0...\(n - 1) (shards are numbered from 0)") }
        return SweepShard(index: i, count: n)
    }

    /// Whether point `p` belongs to this shard.
    public func contains(_ p: Int) -> Bool { p % count == index }

    public var description: String { "\(index)/\(count)" }
}
