/// The classic roofline of a network on an architecture (S. Williams, A. Waterman, D. Patterson,
/// "Roofline: An Insightful Visual Performance Model for Multicore Architectures", CACM 52(4),
/// 2009), per storage level: throughput ≤ min(compute ceiling, bandwidth × operational intensity).
///
/// - Compute ceiling: one MAC per PE per cycle, `C = P` MACs/cycle.
/// - Bandwidth ceiling of level `i`: its peak words per cycle over all instances,
///   `B_i = instances_i × b_i` with `b_i = BW_read + BW_write`, or `BW_shared` when the level has
///   a shared limit (the smaller of the two when it has both); unlimited (`nil`) unless both reads
///   and writes are limited, since only then is the total traffic bounded.
/// - A layer's operational intensity at level `i`: `I_i = M / words_i`, with `words_i` the
///   words moved there over all utilized instances, `Σ_t (reads + fills + updates) × utilized`.
///
/// Each layer's measured point `M / cycles` lies under every roof: `cycles ≥ c_i ≥ (r_i+w_i)/b_i`
/// per instance, so `M / cycles ≤ b_i × utilized_i × M / words_i ≤ B_i × I_i`, and
/// `M / cycles ≤ U ≤ C`. Built by `RooflineAnalysis.classic(_:)` from dense evaluations.
public struct ClassicRoofline: Sendable, Hashable {
    /// A storage level's bandwidth ceiling.
    public struct Ceiling: Sendable, Hashable {
        public var level: String
        /// `B_i` in words per cycle over all instances; `nil` when the total is unlimited.
        public var wordsPerCycle: Double?

        public init(level: String, wordsPerCycle: Double?) {
            self.level = level
            self.wordsPerCycle = wordsPerCycle
        }
    }

    /// One layer's point.
    public struct Point: Sendable, Hashable {
        public var layer: String
        public var macs: Int
        /// Dense cycles of the layer (one instance).
        public var cycles: Double
        /// Words moved at each storage level over all utilized instances, aligned with `ceilings`.
        public var wordsMoved: [Double]

        public init(layer: String, macs: Int, cycles: Double, wordsMoved: [Double]) {
            self.layer = layer
            self.macs = macs
            self.cycles = cycles
            self.wordsMoved = wordsMoved
        }

        /// Achieved throughput `M / cycles`, MACs per cycle (0 when cycles are 0).
        public var macsPerCycle: Double { cycles > 0 ? Double(macs) / cycles : 0 }

        /// Operational intensity `M / words_i` at storage level `i`, MACs per word; infinite when
        /// nothing moves there.
        public func intensity(at i: Int) -> Double {
            wordsMoved[i] > 0 ? Double(macs) / wordsMoved[i] : .infinity
        }
    }

    /// `C`, MACs per cycle: the PE count.
    public var computeCeiling: Double
    /// One per storage level, outermost first.
    public var ceilings: [Ceiling]
    /// One per layer, in workload order.
    public var points: [Point]

    public init(computeCeiling: Double, ceilings: [Ceiling], points: [Point]) {
        self.computeCeiling = computeCeiling
        self.ceilings = ceilings
        self.points = points
    }

    /// The level a single-level roofline plot uses for its x axis: the outermost level with a
    /// bandwidth ceiling (usually DRAM), else the outermost level.
    public var referenceLevel: Int { ceilings.firstIndex { $0.wordsPerCycle != nil } ?? 0 }
}
