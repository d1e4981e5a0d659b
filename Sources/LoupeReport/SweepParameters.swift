/// What a sweep was run with, apart from `--shard` and `--out`: written beside `sweep.csv` as
/// `sweep.params` so that `loupe merge` can refuse shards of different sweeps (docs/sweeps.md).
///
/// The text is one `key: value` line per setting, in a fixed order (`architecture`,
/// `workload`, `mapping`, each `set`, each `vary`, `disable`, `objective`, `budget`, `seed`,
/// `per-layer`); values are as given on the command line, so the same command gives the same
/// bytes.
public struct SweepParameters: Sendable, Hashable {
    /// The file name beside `sweep.csv`.
    public static let fileName = "sweep.params"

    public var lines: [String]

    public init(lines: [String]) { self.lines = lines }

    /// Reads the text written by `text`; blank lines are ignored.
    public init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    public var text: String { lines.map { $0 + "\n" }.joined() }

    /// The first line where `self` and `other` differ, as `(mine, theirs)` (a missing line is
    /// `"(none)"`); `nil` when they are the same.
    public func firstDifference(from other: SweepParameters) -> (String, String)? {
        for i in 0..<max(lines.count, other.lines.count) {
            let a = i < lines.count ? lines[i] : "(none)"
            let b = i < other.lines.count ? other.lines[i] : "(none)"
            if a != b { return (a, b) }
        }
        return nil
    }
}
