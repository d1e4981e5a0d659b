import LoupeModel

extension Evaluator {
    /// Cycles to move one instance's words: `max(reads/read_bw, writes/write_bw, (reads+writes)/shared_bw)`,
    /// 0 when the level's bandwidth is unlimited.
    public static func bandwidthCycles(reads: Double, writes: Double, bandwidth: Bandwidth) -> Double {
        var c = 0.0
        if let r = bandwidth.read, r > 0 { c = max(c, reads / r) }
        if let w = bandwidth.write, w > 0 { c = max(c, writes / w) }
        if let s = bandwidth.shared, s > 0 { c = max(c, (reads + writes) / s) }
        return c
    }
}
