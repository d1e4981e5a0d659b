import LoupeEngine
import LoupeModel

/// Enumerates a whole mapspace when it is small enough: every placement of every dimension's
/// factors over the allowed slots, every loop order of the loops with a factor > 1 at each
/// level (around the fixed innermost loops), and every choice of the free keeps.
///
/// Size: `Σ_{placements} Π_levels m_i! × 2^K`, where `m_i` is the number of free loops with a
/// factor > 1 at level `i` and `K` the number of free keeps; the number of placements is
/// `Π_d Π_{p | bound_d} C(e_p + k_d − 1, k_d − 1)` for prime `p` of exponent `e_p` and `k_d`
/// allowed slots. Loop orders of factor-1 loops are not told apart: they change no count.
struct ExhaustiveSearch {
    /// Spaces larger than this are never enumerated (the count itself would take too long).
    static let maximumPoints = 2_000_000
    let space: Mapspace
    /// `placements[d]`: every vector of free factors over the slots for dimension d.
    let placements: [[[Int]]]
    let freeKeepCount: Int

    /// nil when the space has more than `limit` points (then the heuristic search runs).
    init?(space: Mapspace, limit: Int) {
        self.space = space
        freeKeepCount = space.freeKeeps.count
        guard freeKeepCount < 20 else { return nil }
        var lists: [[[Int]]] = []
        var combos = 1
        // Count first (Π over primes of C(e + k − 1, k − 1)), to give up before building lists.
        for d in 0..<8 {
            var exponents: [Int: Int] = [:]
            for p in space.primes[d] { exponents[p, default: 0] += 1 }
            let k = space.allowedSlots[d].count
            for e in exponents.values {
                guard k > 0 else { return nil }
                combos = combos.multipliedReportingOverflow(by: ExhaustiveSearch.binomial(e + k - 1, k - 1)).partialValue
                if combos > limit || combos <= 0 { return nil }
            }
        }
        combos = 1
        for d in 0..<8 {
            let list = ExhaustiveSearch.distribute(space.primes[d], over: space.allowedSlots[d], slotCount: space.levels * 3,
                                                   limit: limit)
            guard let list, !list.isEmpty else { return nil }
            combos = combos.multipliedReportingOverflow(by: list.count).partialValue
            if combos > limit { return nil }
            lists.append(list)
        }
        placements = lists
        // Count the points, with loop orders, exactly.
        var total = 0
        var index = Array(repeating: 0, count: 8)
        repeat {
            var orders = 1
            for i in 0..<space.levels {
                var m = 0
                for d in 0..<8 where !space.fixedInner[i].contains(UInt8(d)) {
                    if space.fixed[d][i * 3] * placements[d][index[d]][i * 3] > 1 { m += 1 }
                }
                orders *= ExhaustiveSearch.factorial(m)
                if orders > limit { return nil }
            }
            total += orders << freeKeepCount
            if total > limit { return nil }
        } while ExhaustiveSearch.advance(&index, radices: placements.map(\.count))
    }

    static func factorial(_ m: Int) -> Int { m <= 1 ? 1 : (2...m).reduce(1, *) }

    /// C(n, k), saturating at `Int.max`.
    static func binomial(_ n: Int, _ k: Int) -> Int {
        var r = 1
        for i in 0..<min(k, n - k) {
            let (m, o) = r.multipliedReportingOverflow(by: n - i)
            if o { return Int.max }
            r = m / (i + 1)
        }
        return r
    }

    /// Mixed-radix increment; false after the last combination.
    static func advance(_ index: inout [Int], radices: [Int]) -> Bool {
        for k in stride(from: index.count - 1, through: 0, by: -1) {
            index[k] += 1
            if index[k] < radices[k] { return true }
            index[k] = 0
        }
        return false
    }

    /// Every way to spread the prime factors over the allowed slots (vectors of factors per slot).
    static func distribute(_ primes: [Int], over allowed: [Int], slotCount: Int, limit: Int) -> [[Int]]? {
        var out: [[Int]] = [Array(repeating: 1, count: slotCount)]
        if primes.isEmpty { return out }
        if allowed.isEmpty { return nil }
        var exponents: [Int: Int] = [:]
        for p in primes { exponents[p, default: 0] += 1 }
        for (p, e) in exponents.sorted(by: { $0.key < $1.key }) {
            var next: [[Int]] = []
            for base in out {
                // Compositions of e into allowed.count parts.
                var parts = Array(repeating: 0, count: allowed.count)
                func place(_ k: Int, _ left: Int) {
                    if k == allowed.count - 1 {
                        parts[k] = left
                        var v = base
                        for (j, s) in allowed.enumerated() { for _ in 0..<parts[j] { v[s] *= p } }
                        next.append(v)
                        return
                    }
                    for x in 0...left {
                        parts[k] = x
                        place(k + 1, left - x)
                    }
                }
                place(0, e)
                if next.count > limit { return nil }
            }
            out = next
        }
        return out
    }

    /// Evaluates the placements with index ≡ `stream` (mod `streams`), all their loop orders and
    /// keeps; calls `visit` for each candidate mapping, stopping when it returns false.
    func run(stream: Int, streams: Int, visit: (CompactMapping) -> Bool) {
        var index = Array(repeating: 0, count: 8)
        var serial = 0
        var m = CompactMapping(levels: space.levels)
        repeat {
            defer { serial += 1 }
            if serial % streams != stream { continue }
            for d in 0..<8 {
                for s in 0..<(space.levels * 3) {
                    space.setFactor(&m, d, s, space.fixed[d][s] * placements[d][index[d]][s])
                }
            }
            // Free loops with factor > 1 per level; every permutation of them, outermost first,
            // then the remaining dimensions, then the fixed innermost loops.
            var free: [[UInt8]] = []
            for i in 0..<space.levels {
                var loops: [UInt8] = []
                for d in 0..<8 where !space.fixedInner[i].contains(UInt8(d)) && m[temporal: i, d] > 1 { loops.append(UInt8(d)) }
                free.append(loops)
            }
            var perm = Array(repeating: 0, count: space.levels)
            let radices = free.map { ExhaustiveSearch.factorial($0.count) }
            repeat {
                for i in 0..<space.levels {
                    let ordered = ExhaustiveSearch.permutation(free[i], rank: perm[i])
                    let rest = (0..<8).map(UInt8.init).filter { !ordered.contains($0) && !space.fixedInner[i].contains($0) }
                    let full = rest + ordered + space.fixedInner[i]
                    for k in 0..<8 { m[order: i, k] = full[k] }
                }
                for mask in 0..<(1 << freeKeepCount) {
                    for i in 0..<space.levels {
                        var keep: UInt8 = 0
                        for t in 0..<3 where space.keepChoice[i][t] == true { keep |= 1 << UInt8(t) }
                        m.keeps[i] = keep
                    }
                    for (k, (i, t)) in space.freeKeeps.enumerated() where mask & (1 << k) == 0 {
                        // Bit clear = keep (the default), bit set = bypass.
                        m.keeps[i] |= 1 << UInt8(t)
                    }
                    if !visit(m) { return }
                }
            } while ExhaustiveSearch.advance(&perm, radices: radices)
        } while ExhaustiveSearch.advance(&index, radices: placements.map(\.count))
    }

    /// The `rank`-th permutation of `items` in lexicographic order of positions.
    static func permutation(_ items: [UInt8], rank: Int) -> [UInt8] {
        var pool = items
        var r = rank
        var out: [UInt8] = []
        for k in stride(from: pool.count, to: 0, by: -1) {
            let f = factorial(k - 1)
            out.append(pool.remove(at: r / f))
            r %= f
        }
        return out
    }
}
