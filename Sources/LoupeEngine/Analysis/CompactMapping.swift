import LoupeModel

/// A mapping in the fixed-size form the nest kernel and the mapper work on.
///
/// Per storage level `i`: one temporal factor per dimension (`temporal[i*8 + d]`), the loop
/// order of the level (`order[i*8 + k]`, a permutation of the 8 dimensions, outer → inner;
/// factor-1 loops are ignored), one spatial factor per dimension on each axis of the fanout
/// below the level (`spatialX`, `spatialY`), and the tensors kept (`keeps[i]`, a bitmask by
/// `TensorKind.rawValue`). A dimension therefore appears at most once per level and axis, as
/// in Timeloop's mappings.
///
/// Imperfect loops (docs/model.md §10) also give their span in `spans[slot*8 + d]`
/// (`slot = i*3 + kind`, kind 0 temporal, 1 x, 2 y; 0 = a perfect loop, whose span is its factor
/// times its step). `spans` is empty for a perfect mapping, which the kernel then counts on its
/// perfect path.
public struct CompactMapping: Sendable, Hashable {
    public var levels: Int
    public var temporal: [Int]
    public var order: [UInt8]
    public var spatialX: [Int]
    public var spatialY: [Int]
    public var keeps: [UInt8]
    public var spans: [Int] = []

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
                if let s = l.split { setSpan(slot: i * 3, d, s.span) }
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
                if let s = l.split { setSpan(slot: i * 3 + 1, d, s.span) }
            }
            var seenY = Array(repeating: false, count: 8)
            for l in lm.spatialY {
                let d = l.dimension.rawValue
                if seenY[d] { return nil }
                seenY[d] = true
                spatialY[i * 8 + d] = l.factor
                if let s = l.split { setSpan(slot: i * 3 + 2, d, s.span) }
            }
            var mask: UInt8 = 0
            for t in 0..<3 where keeps[i][t] { mask |= 1 << UInt8(t) }
            self.keeps[i] = mask
        }
    }

    /// The equivalent `Mapping` (factor-1 loops dropped; spatial loops in dimension order).
    public func mapping(narrowKeepsAgainst architecture: Architecture) -> Mapping {
        var out: [LevelMapping] = []
        let chain = spans.isEmpty ? nil : tiling()
        func loop(_ slot: Int, _ d: Int, _ f: Int) -> Loop {
            let dim = Dimension(rawValue: d)!
            guard let chain, spans[slot * 8 + d] > 0 else { return Loop(dim, f) }
            return Loop(dim, span: chain.span[slot * 8 + d], step: chain.step[slot * 8 + d])
        }
        for i in 0..<levels {
            var lm = LevelMapping()
            for k in 0..<8 {
                let d = Int(order[i * 8 + k])
                let f = temporal[i * 8 + d]
                if f > 1 { lm.temporal.append(loop(i * 3, d, f)) }
            }
            for d in 0..<8 {
                if spatialX[i * 8 + d] > 1 { lm.spatialX.append(loop(i * 3 + 1, d, spatialX[i * 8 + d])) }
                if spatialY[i * 8 + d] > 1 { lm.spatialY.append(loop(i * 3 + 2, d, spatialY[i * 8 + d])) }
            }
            let allowed = architecture.levels[i].keeps
            let kept = Set(TensorKind.allCases.filter { keeps[i] & (1 << UInt8($0.rawValue)) != 0 })
            if kept != allowed { lm.keeps = kept }
            out.append(lm)
        }
        return Mapping(levels: out)
    }

    @inline(__always) public func keeps(_ i: Int, _ t: Int) -> Bool { keeps[i] & (1 << UInt8(t)) != 0 }

    /// Whether some loop is imperfect (a span is set).
    public var isImperfect: Bool { spans.contains { $0 > 0 } }

    /// Marks the loop of dimension `d` in `slot` (level·3 + kind) imperfect with span `span`
    /// (0: perfect again), allocating `spans` on first use. The caller keeps the slot's factor
    /// equal to `⌈span / step⌉`.
    public mutating func setSpan(slot: Int, _ d: Int, _ span: Int) {
        if spans.isEmpty {
            if span == 0 { return }
            spans = Array(repeating: 0, count: levels * 24)
        }
        spans[slot * 8 + d] = span
    }

    /// The factor of dimension `d` in `slot` (level·3 + kind: temporal, x, y).
    @inline(__always) public func factor(slot: Int, _ d: Int) -> Int {
        let i = slot / 3
        switch slot % 3 {
        case 0: return temporal[i * 8 + d]
        case 1: return spatialX[i * 8 + d]
        default: return spatialY[i * 8 + d]
        }
    }

    /// Span and step of every loop, at `slot*8 + d` (docs/model.md §10): read inner → outer in
    /// nest order (per level: temporal, then x, then y; deeper levels inside), a loop steps by
    /// what the loops inside it cover (`step`, 1 for the innermost) and covers `span` — its
    /// given span when imperfect, `factor × step` otherwise. `extent[i*8 + d]` is level `i`'s
    /// largest tile of `d` (the span of the outermost loop at levels ≥ `i`, 1 when none).
    public func tiling() -> (span: [Int], step: [Int], extent: [Int]) {
        var span = Array(repeating: 1, count: levels * 24), step = Array(repeating: 1, count: levels * 24)
        var extent = Array(repeating: 1, count: levels * 8)
        var inner = Array(repeating: 1, count: 8)
        for i in stride(from: levels - 1, through: 0, by: -1) {
            for kind in [2, 1, 0] {
                let slot = i * 3 + kind
                for d in 0..<8 {
                    let f = factor(slot: slot, d)
                    let given = spans.isEmpty ? 0 : spans[slot * 8 + d]
                    step[slot * 8 + d] = inner[d]
                    span[slot * 8 + d] = given > 0 ? given : f * inner[d]
                    if f > 1 || given > 0 { inner[d] = span[slot * 8 + d] }
                }
            }
            for d in 0..<8 { extent[i * 8 + d] = inner[d] }
        }
        return (span, step, extent)
    }

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
