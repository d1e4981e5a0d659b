/// One point of a sweep: its index in the full grid and the value of every axis.
public struct SweepPoint: Sendable, Hashable {
    /// 0-based position in the full (unsharded) grid, row-major (`SweepGrid`).
    public var index: Int
    /// The axes' paths, in the order of the `--vary` options.
    public var paths: [String]
    /// One value per path.
    public var values: [String]

    public init(index: Int, paths: [String], values: [String]) {
        self.index = index
        self.paths = paths
        self.values = values
    }

    /// `PATH=VALUE` per axis, ready for `Override.parse`.
    public var assignments: [String] { zip(paths, values).map { "\($0)=\($1)" } }
}
