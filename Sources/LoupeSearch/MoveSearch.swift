import LoupeEngine
import LoupeModel

/// The allocation-free inner loop of one search stream: random samples written into a
/// reusable mapping, and local moves applied in place and undone when they do not help.
final class MoveSearch {
    let space: Mapspace
    /// The capacity and fanout check of partial mappings (the engine's `CapacityRule`).
    let fit: TileFit
    var occurrences: [(Int, Int)] = []
    var slots: [Int] = []
    /// Whether any level in 0...L has a bounded capacity.
    let boundedUpTo: [Bool]

    /// What a move changed, to undo it.
    struct Move {
        enum Kind { case factor, swap, keep, none }
        var kind: Kind = .none
        /// Factor move: prime `p` of dimension `d` moved from slot `from` to slot `to`.
        var d = 0, from = 0, to = 0, p = 1
        /// Swap: loop positions `a` and `b` of `level`'s order.
        var a = 0, b = 0
        /// Keep toggle: `tensor` at `level` (and the level of a swap).
        var level = 0, tensor = 0
        /// A second factor move made in the same step (compound move), if any.
        var d2 = -1, from2 = 0, to2 = 0, p2 = 1
    }

    init(space: Mapspace, fit: TileFit) {
        self.space = space
        self.fit = fit
        occurrences.reserveCapacity(64)
        slots.reserveCapacity(space.levels * 3)
        var bounded: [Bool] = []
        var any = false
        for i in 0..<space.levels {
            any = any || space.capacity[i] != Int.max
            bounded.append(any)
        }
        boundedUpTo = bounded
    }

    /// Overwrites `m` with a random mapping: random keeps where free (kept with probability ¾),
    /// then the prime factors of every dimension, in random order, each in a random allowed slot
    /// where the tiles of the levels it affects still fit (the outermost allowed temporal slot when
    /// none does), then random loop orders around the fixed innermost loops.
    func sample<G: RandomNumberGenerator>(into m: inout CompactMapping, using rng: inout G) {
        let n = space.levels
        for k in 0..<(n * 8) {
            m.temporal[k] = 1
            m.spatialX[k] = 1
            m.spatialY[k] = 1
        }
        for i in 0..<n {
            var mask: UInt8 = 0
            for t in 0..<3 {
                let keep = space.keepChoice[i][t] ?? (Int.random(in: 0..<4, using: &rng) != 0)
                if keep { mask |= 1 << UInt8(t) }
            }
            m.keeps[i] = mask
        }
        for d in 0..<8 {
            for s in 0..<(n * 3) where space.fixed[d][s] > 1 { space.setFactor(&m, d, s, space.fixed[d][s]) }
        }
        // Primes a level's `multiple_of` needs go first, inside that level (docs/spec.md §4).
        for d in 0..<8 where !space.reservedPrimes[d].isEmpty {
            for (p, from) in space.reservedPrimes[d] {
                slots.removeAll(keepingCapacity: true)
                slots.append(contentsOf: space.allowedSlots[d].filter { $0 >= from })
                guard !slots.isEmpty else { continue }
                slots.shuffle(using: &rng)
                let s = slots.first { s in
                    let old = space.factor(m, d, s)
                    space.setFactor(&m, d, s, old * p)
                    defer { space.setFactor(&m, d, s, old) }
                    return fit.fits(m, upTo: s / 3)
                } ?? slots[0]
                space.setFactor(&m, d, s, space.factor(m, d, s) * p)
            }
        }
        occurrences.removeAll(keepingCapacity: true)
        for d in 0..<8 { for p in space.samplePrimes[d] { occurrences.append((d, p)) } }
        occurrences.shuffle(using: &rng)
        if space.hasSpatialFirst {
            // Dimensions that must go on an array are placed first (those without a temporal
            // slot, then those with a least spatial factor), largest prime first, before other loops crowd the array
            // (a stable in-place insertion sort; no allocation).
            func key(_ o: (Int, Int)) -> Int {
                !space.spatialFirst[o.0] ? 0 : (space.spatialOnly[o.0] ? 1 << 40 : 0) + o.1
            }
            for a in 1..<max(1, occurrences.count) {
                var b = a
                while b > 0 && key(occurrences[b - 1]) < key(occurrences[b]) {
                    occurrences.swapAt(b - 1, b)
                    b -= 1
                }
            }
        }
        for (d, p) in occurrences {
            slots.removeAll(keepingCapacity: true)
            slots.append(contentsOf: space.allowedSlots[d])
            slots.shuffle(using: &rng)
            // The axes of a fanout whose least spatial factor for d is not yet met are tried first.
            if space.spatialFirst[d] {
                var front = 0
                for k in 0..<slots.count {
                    let s = slots[k]
                    if s % 3 != 0 && m[spatialX: s / 3, d] * m[spatialY: s / 3, d] < space.minSpatial[d][s / 3] {
                        slots.swapAt(front, k)
                        front += 1
                    }
                }
            }
            var placed = false
            for s in slots {
                let old = space.factor(m, d, s)
                // A `<=` factor constraint caps the temporal slot.
                if s % 3 == 0 && old * p > space.maxTemporal[d][s / 3] { continue }
                space.setFactor(&m, d, s, old * p)
                // A temporal factor above every bounded level can neither overflow nor exceed a fanout.
                if (s % 3 == 0 && !boundedUpTo[s / 3]) || fit.fits(m, upTo: s / 3) {
                    placed = true
                    break
                }
                space.setFactor(&m, d, s, old)
            }
            if !placed {
                // Fits nowhere: the outermost allowed temporal slot takes it (the kernel then
                // rejects the mapping if it overflows); never a slot an `=` constraint fixes.
                let s = space.allowedSlots[d].first { $0 % 3 == 0 } ?? space.allowedSlots[d][0]
                space.setFactor(&m, d, s, space.factor(m, d, s) * p)
            }
        }
        for i in 0..<n { shuffleOrder(&m, level: i, using: &rng) }
    }

    func shuffleOrder<G: RandomNumberGenerator>(_ m: inout CompactMapping, level i: Int, using rng: inout G) {
        let inner = space.fixedInner[i]
        var k = 0
        for d in 0..<8 where !inner.contains(UInt8(d)) {
            m[order: i, k] = UInt8(d)
            k += 1
        }
        // Fisher–Yates over the free positions.
        let free = k
        if free > 1 {
            for x in stride(from: free - 1, to: 0, by: -1) {
                let y = Int.random(in: 0...x, using: &rng)
                m.swapOrder(level: i, x, y)
            }
        }
        for d in inner {
            m[order: i, k] = d
            k += 1
        }
    }

    /// Applies a random move to `m` in place and returns how to undo it.
    func move<G: RandomNumberGenerator>(_ m: inout CompactMapping, using rng: inout G) -> Move {
        let kind = Int.random(in: 0..<10, using: &rng)
        let n = space.levels
        if kind < 6, !space.movableDimensions.isEmpty {
            for _ in 0..<4 {
                let d = space.movableDimensions[Int.random(in: 0..<space.movableDimensions.count, using: &rng)]
                // A random slot holding a free factor > 1 (reservoir sampling).
                var from = -1
                var seen = 0
                for s in 0..<(n * 3) where space.factor(m, d, s) / space.fixed[d][s] > 1 {
                    seen += 1
                    if Int.random(in: 0..<seen, using: &rng) == 0 { from = s }
                }
                if from < 0 { continue }
                let free = space.factor(m, d, from) / space.fixed[d][from]
                var p = 1
                seen = 0
                for q in space.distinctPrimes[d] where free % q == 0 {
                    seen += 1
                    if Int.random(in: 0..<seen, using: &rng) == 0 { p = q }
                }
                let targets = space.allowedSlots[d]
                if targets.count < 2 && targets.first == from { continue }
                var to = targets[Int.random(in: 0..<targets.count, using: &rng)]
                if to == from {
                    guard targets.count > 1 else { continue }
                    to = targets[(targets.firstIndex(of: to)! + 1 + Int.random(in: 0..<(targets.count - 1), using: &rng)) % targets.count]
                }
                space.setFactor(&m, d, from, space.factor(m, d, from) / p)
                space.setFactor(&m, d, to, space.factor(m, d, to) * p)
                var mv = Move(kind: .factor, d: d, from: from, to: to, p: p)
                // One step in five also moves a factor of another dimension the other way
                // (e.g. trading a spatial factor of C for one of K), which single moves can
                // only reach through worse or invalid mappings.
                if kind == 0 || kind == 1, let second = secondMove(&m, avoiding: d, towards: from, using: &rng) {
                    (mv.d2, mv.from2, mv.to2, mv.p2) = second
                }
                return mv
            }
        }
        if kind < 9 {
            let i = Int.random(in: 0..<n, using: &rng)
            let freeCount = 8 - space.fixedInner[i].count
            var a = -1, b = -1, seen = 0
            for k in 0..<freeCount where m[temporal: i, Int(m[order: i, k])] > 1 {
                seen += 1
                if Int.random(in: 0..<seen, using: &rng) == 0 { b = a; a = k } else if b < 0 || Int.random(in: 0..<seen, using: &rng) == 0 { b = k }
            }
            if a >= 0 && b >= 0 && a != b {
                m.swapOrder(level: i, a, b)
                return Move(kind: .swap, a: a, b: b, level: i)
            }
        }
        if !space.freeKeeps.isEmpty {
            let (i, t) = space.freeKeeps[Int.random(in: 0..<space.freeKeeps.count, using: &rng)]
            m.keeps[i] ^= 1 << UInt8(t)
            return Move(kind: .keep, level: i, tensor: t)
        }
        return Move()
    }

    /// Moves a prime factor of a dimension other than `avoiding` into slot `towards` (the slot the
    /// first move emptied), from any slot holding one; nil if none can.
    func secondMove<G: RandomNumberGenerator>(_ m: inout CompactMapping, avoiding: Int, towards to: Int,
                                              using rng: inout G) -> (Int, Int, Int, Int)? {
        var choice: (Int, Int, Int)? = nil
        var seen = 0
        for d in space.movableDimensions where d != avoiding && space.allowed[d][to] {
            for s in 0..<(space.levels * 3) where s != to {
                let free = space.factor(m, d, s) / space.fixed[d][s]
                if free <= 1 { continue }
                for q in space.distinctPrimes[d] where free % q == 0 {
                    seen += 1
                    if Int.random(in: 0..<seen, using: &rng) == 0 { choice = (d, s, q) }
                }
            }
        }
        guard let (d, from, q) = choice else { return nil }
        space.setFactor(&m, d, from, space.factor(m, d, from) / q)
        space.setFactor(&m, d, to, space.factor(m, d, to) * q)
        return (d, from, to, q)
    }

    func undo(_ mv: Move, _ m: inout CompactMapping) {
        switch mv.kind {
        case .factor:
            if mv.d2 >= 0 {
                space.setFactor(&m, mv.d2, mv.to2, space.factor(m, mv.d2, mv.to2) / mv.p2)
                space.setFactor(&m, mv.d2, mv.from2, space.factor(m, mv.d2, mv.from2) * mv.p2)
            }
            space.setFactor(&m, mv.d, mv.to, space.factor(m, mv.d, mv.to) / mv.p)
            space.setFactor(&m, mv.d, mv.from, space.factor(m, mv.d, mv.from) * mv.p)
        case .swap:
            m.swapOrder(level: mv.level, mv.a, mv.b)
        case .keep:
            m.keeps[mv.level] ^= 1 << UInt8(mv.tensor)
        case .none:
            break
        }
    }
}
