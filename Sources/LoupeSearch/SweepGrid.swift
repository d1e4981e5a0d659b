/// The cartesian product of a sweep's axes.
///
/// Points are numbered row-major: the first `--vary` is the outermost loop and the last one
/// changes fastest, so point `p` takes value `(p / Π_{j>k} n_j) mod n_k` of axis `k` (`n_j` =
/// values of axis `j`). The grid has `Π n_k` points.
public struct SweepGrid: Sendable, Hashable {
    public var axes: [SweepAxis]
    /// `Π n_k`.
    public let count: Int

    /// Most points one sweep may have.
    public static let maximumCount = 100_000_000

    /// - Throws: when two axes vary the same path, an axis has no value, or the grid is too big.
    public init(axes: [SweepAxis]) throws(SweepError) {
        var seen = Set<String>()
        var n = 1
        for a in axes {
            guard seen.insert(a.path).inserted else { throw SweepError("--vary \(a.path) is given twice; give all its values in one --vary") }
            guard !a.values.isEmpty else { throw SweepError("--vary \(a.path) has no values") }
            let (m, overflow) = n.multipliedReportingOverflow(by: a.values.count)
            guard !overflow, m <= Self.maximumCount else {
                throw SweepError("the sweep has more than \(Self.maximumCount) points; split it into several sweeps")
            }
            n = m
        }
        self.axes = axes
        self.count = axes.isEmpty ? 0 : n
    }

    public var paths: [String] { axes.map(\.path) }

    /// Point `index` (0 ≤ index < count).
    public func point(_ index: Int) -> SweepPoint {
        precondition(index >= 0 && index < count, "point index out of range")
        var values = Array(repeating: "", count: axes.count)
        var rest = index
        for k in axes.indices.reversed() {
            let n = axes[k].values.count
            values[k] = axes[k].values[rest % n]
            rest /= n
        }
        return SweepPoint(index: index, paths: paths, values: values)
    }

    /// The indices of the points a run evaluates: all of them, or a shard's, ascending.
    public func indices(shard: SweepShard? = nil) -> [Int] {
        guard let shard else { return Array(0..<count) }
        return Array(stride(from: shard.index, to: count, by: shard.count))
    }
}
