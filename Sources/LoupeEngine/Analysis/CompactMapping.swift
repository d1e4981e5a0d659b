import LoupeModel

/// A mapping in the fixed-size form the nest kernel and the mapper work on.
///
/// Per storage level `i`: one temporal factor per dimension (`temporal[i*8 + d]`), the loop
/// order of the level (`order[i*8 + k]`, a permutation of the 8 dimensions, outer → inner;
/// factor-1 loops are ignored), one spatial factor per dimension on each axis of the fanout
/// below the level (`spatialX`, `spatialY`), and the tensors kept (`keeps[i]`, a bitmask by
/// `TensorKind.rawValue`). A dimension therefore appears at most once per level and axis, as
/// in Timeloop's mappings.
public struct CompactMapping: Sendable, Hashable {
    public var levels: Int
    public var temporal: [Int]
    public var order: [UInt8]
    public var spatialX: [Int]
    public var spatialY: [Int]
    public var keeps: [UInt8]

    public init(levels n: Int) {
        levels = n
        temporal = Array(repeating: 1, count: n * 8)
        order = (0..<n).flatMap { _ in (0..<8).map(UInt8.init) }
        spatialX = Array(repeating: 1, count: n * 8)
        spatialY = Array(repeating: 1, count: n * 8)
        keeps = Array(repeating: 0b111, count: n)
    }

    /// Converts a mapping; nil if a dimension repeats within one level's temporal loops or one axis.
    public init?(_ mapping: Mapping, keeps: [[Bool]]) {
        let n = mapping.levels.count
        self.init(levels: n)
        for (i, lm) in mapping.levels.enumerated() {
            var seen = Array(repeating: false, count: 8)
            var ordered: [UInt8] = []
            for l in lm.temporal {
                let d = l.dimension.rawValue
                if seen[d] { return nil }
                seen[d] = true
                temporal[i * 8 + d] = l.factor
                ordered.append(UInt8(d))
            }
            // Dimensions without a temporal loop go outermost (their factor is 1, so order is moot).
            let rest = (0..<8).filter { !seen[$0] }.map(UInt8.init)
            let full = rest + ordered
            for k in 0..<8 { order[i * 8 + k] = full[k] }
            var seenX = Array(repeating: false, count: 8)
            for l in lm.spatialX {
                let d = l.dimension.rawValue
                if seenX[d] { return nil }
                seenX[d] = true
                spatialX[i * 8 + d] = l.factor
            }
            var seenY = Array(repeating: false, count: 8)
            for l in lm.spatialY {
                let d = l.dimension.rawValue
                if seenY[d] { return nil }
                seenY[d] = true
                spatialY[i * 8 + d] = l.factor
            }
            var mask: UInt8 = 0
            for t in 0..<3 where keeps[i][t] { mask |= 1 << UInt8(t) }
            self.keeps[i] = mask
        }
    }

    /// The equivalent `Mapping` (factor-1 loops dropped; spatial loops in dimension order).
    public func mapping(narrowKeepsAgainst architecture: Architecture) -> Mapping {
        var out: [LevelMapping] = []
        for i in 0..<levels {
            var lm = LevelMapping()
            for k in 0..<8 {
                let d = Int(order[i * 8 + k])
                let f = temporal[i * 8 + d]
                if f > 1 { lm.temporal.append(Loop(Dimension(rawValue: d)!, f)) }
            }
            for d in 0..<8 {
                if spatialX[i * 8 + d] > 1 { lm.spatialX.append(Loop(Dimension(rawValue: d)!, spatialX[i * 8 + d])) }
                if spatialY[i * 8 + d] > 1 { lm.spatialY.append(Loop(Dimension(rawValue: d)!, spatialY[i * 8 + d])) }
            }
            let allowed = architecture.levels[i].keeps
            let kept = Set(TensorKind.allCases.filter { keeps[i] & (1 << UInt8($0.rawValue)) != 0 })
            if kept != allowed { lm.keeps = kept }
            out.append(lm)
        }
        return Mapping(levels: out)
    }

    @inline(__always) public func keeps(_ i: Int, _ t: Int) -> Bool { keeps[i] & (1 << UInt8(t)) != 0 }

    // Named access to the flat arrays (level `i`, dimension `d` or loop position `k`).

    /// The temporal factor of dimension `d` at level `i`.
    @inlinable @inline(__always) public subscript(temporal i: Int, d: Int) -> Int {
        get { temporal[i * 8 + d] }
        set { temporal[i * 8 + d] = newValue }
    }

    /// The spatial factor of dimension `d` on the X axis of the fanout below level `i`.
    @inlinable @inline(__always) public subscript(spatialX i: Int, d: Int) -> Int {
        get { spatialX[i * 8 + d] }
        set { spatialX[i * 8 + d] = newValue }
    }

    /// The spatial factor of dimension `d` on the Y axis of the fanout below level `i`.
    @inlinable @inline(__always) public subscript(spatialY i: Int, d: Int) -> Int {
        get { spatialY[i * 8 + d] }
        set { spatialY[i * 8 + d] = newValue }
    }

    /// The dimension at position `k` (0 outermost) of level `i`'s loop order.
    @inlinable @inline(__always) public subscript(order i: Int, k: Int) -> UInt8 {
        get { order[i * 8 + k] }
        set { order[i * 8 + k] = newValue }
    }

    /// Swaps positions `a` and `b` of level `i`'s loop order.
    @inlinable @inline(__always) public mutating func swapOrder(level i: Int, _ a: Int, _ b: Int) {
        order.swapAt(i * 8 + a, i * 8 + b)
    }
}
