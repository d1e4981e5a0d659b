import LoupeModel

/// The nest kernel's path for imperfect mappings (docs/model.md §10),
/// after Ruby (Horeni et al., ISPASS 2022): a loop steps by the span of the loops inside it,
/// and its last iteration covers what is left.
///
/// Per dimension, a loop of step `s` splits its current extent `e` into `⌊e/s⌋` full
/// iterations of `s` and, when `e mod s > 0`, one partial iteration of `e mod s` — recursively,
/// so the extents a loop meets are few (its span, and the partial extents of the loops outside
/// it). A spatial loop gives its `k`-th instance `clamp(e − k·s, 0, s)`, so the instances fall
/// into a few classes (`PositionClass`) that see the same extents; counting runs once per class
/// and multiplies by the class size:
/// - every instance's words received (`delta`) follow the same leaf-by-leaf rule as the perfect
///   path (`sweep`): the first tile is fetched whole; a move to an identical tile is free and
///   breaks a run; any other move fetches `|new| − |new ∩ old|` when it continues a run of the
///   same translation (or follows a full fetch), `|new|` otherwise. Tiles, halos included, are
///   projected from their actual (possibly partial) extents, so `(p−1)·stride + (r−1)·dil + 1`
///   stays exact;
/// - a keeper's reads are the words its children receive, children that differ only along
///   dimensions the tensor ignores counting once (multicast / spatial reduction), as the
///   largest of them (the first instance);
/// - outputs: the partition an instance holds is the product over output dimensions of the
///   coordinates it ever covers; updates, reads and fills follow the perfect rule per instance;
/// - the compute cycles are the MACs of the first PE (it gets the largest share of every split,
///   and all PEs step together), and every level's bandwidth is charged for its first (busiest)
///   instance; energy prices the exact totals over all instances (`totalReads` …), so per-
///   instance counts in the reports are averages over the utilized instances;
/// - utilized instances are those that ever get work; capacity is checked on the largest tile.
///
/// With every loop perfect this path gives the perfect path's counts exactly (a test checks
/// it on random mappings); it is slower and only runs for mappings with a span.
extension NestKernel {
    /// One loop of the imperfect nest, outer → inner.
    struct ImperfectLoop {
        var dim: Int
        var level: Int
        var spatial: Bool
        /// The extent one iteration covers (the span of the loops inside it).
        var step: Int
    }

    /// A class of instances of one level: a position per spatial loop above it (the first of
    /// an interval of positions that see the same extents) and how many instances it stands for.
    struct InstanceClass {
        /// Position per loop index (spatial loops only; 0 elsewhere).
        var position: [Int]
        /// The interval length per loop index (1 for temporal loops).
        var count: [Int]
        var multiplicity: Int
    }

    /// The tracking state of one instance's tiles while sweeping (see the type's doc).
    struct SweepState: Hashable {
        /// 0: no tile yet; 1: after a full fetch; 2: after a move to the same tile; 3: after a
        /// credited move by `shift`.
        var tag: Int = 0
        var shift = SIMD8<Int>()
        var start = SIMD8<Int>()
        var length = SIMD8<Int>()
    }

    struct SweepKey: Hashable {
        var loop: Int
        var extent: SIMD8<Int>
        var entry: SweepState

        /// One multiply-xor fold of the fields, hashed once (the memo's lookups dominate).
        func hash(into hasher: inout Hasher) {
            var h = UInt64(bitPattern: Int64(loop &* 31 &+ entry.tag))
            func mix(_ v: SIMD8<Int>) {
                for i in 0..<8 { h = (h ^ UInt64(bitPattern: Int64(v[i]))) &* 0x100_0000_01b3 }
            }
            mix(extent); mix(entry.shift); mix(entry.start); mix(entry.length)
            hasher.combine(h)
        }
    }

    /// Lays out the loops of an imperfect mapping (factor > 1), with their steps.
    func imperfectLoops(_ m: CompactMapping, step: [Int]) -> [ImperfectLoop] {
        var loops: [ImperfectLoop] = []
        for i in 0..<n {
            for k in 0..<8 {
                let d = Int(m[order: i, k])
                if m[temporal: i, d] > 1 { loops.append(ImperfectLoop(dim: d, level: i, spatial: false, step: step[(i * 3) * 8 + d])) }
            }
            for d in 0..<8 where m[spatialX: i, d] > 1 {
                loops.append(ImperfectLoop(dim: d, level: i, spatial: true, step: step[(i * 3 + 1) * 8 + d]))
            }
            for d in 0..<8 where m[spatialY: i, d] > 1 {
                loops.append(ImperfectLoop(dim: d, level: i, spatial: true, step: step[(i * 3 + 2) * 8 + d]))
            }
        }
        return loops
    }

    /// The extents loop `k` may split, given the positions of the spatial loops before it.
    func parentExtents(_ loops: [ImperfectLoop], _ k: Int, _ position: [Int]) -> [Int] {
        let d = loops[k].dim
        var extents = [layer.bounds[d]]
        for j in 0..<k where loops[j].dim == d {
            let s = loops[j].step
            var next: [Int] = []
            for e in extents {
                if loops[j].spatial {
                    let c = min(max(e - position[j] * s, 0), s)
                    if c > 0 { next.append(c) }
                } else if e <= s {
                    next.append(e)
                } else {
                    next.append(s)
                    if e % s > 0 { next.append(e % s) }
                }
            }
            extents = Array(Set(next)).sorted()
        }
        return extents
    }

    /// The instance classes of level `c` (1...n; n = the PEs): one per combination of position
    /// intervals of the spatial loops above it, first the class of the first instance.
    func instanceClasses(_ loops: [ImperfectLoop], level c: Int) -> [InstanceClass] {
        let spatial = loops.indices.filter { loops[$0].spatial && loops[$0].level < c }
        var out: [InstanceClass] = []
        var position = Array(repeating: 0, count: loops.count)
        var count = Array(repeating: 1, count: loops.count)
        func visit(_ s: Int, _ multiplicity: Int) {
            if s == spatial.count {
                out.append(InstanceClass(position: position, count: count, multiplicity: multiplicity))
                return
            }
            let k = spatial[s]
            let step = loops[k].step
            let extents = parentExtents(loops, k, position)
            if extents.isEmpty { return }
            // Positions [a, b) see the same extent in every parent extent: cut at each
            // parent's count of full steps and after its partial step.
            let most = extents.map { ($0 + step - 1) / step }.max()!
            var cuts: Set<Int> = [0, most]
            for e in extents {
                cuts.insert(min(e / step, most))
                if e % step > 0 { cuts.insert(min(e / step + 1, most)) }
            }
            let sorted = cuts.sorted()
            for (a, b) in zip(sorted, sorted.dropFirst()) where b > a {
                position[k] = a
                count[k] = b - a
                visit(s + 1, multiplicity * (b - a))
            }
            position[k] = 0
            count[k] = 1
        }
        visit(0, 1)
        return out
    }

    /// Per dimension `d`, a fold over the loops on `d` above level `c` for one instance class:
    /// temporal loops sum over their iterations, spatial loops take the instance's share; the
    /// leaves (the extents left at level `c`) weigh `leaf(e)`.
    func foldDimension(_ loops: [ImperfectLoop], _ cls: InstanceClass, _ d: Int, above c: Int,
                       leaf: (Int) -> Int) -> Int {
        let indices = loops.indices.filter { loops[$0].dim == d && loops[$0].level < c }
        func go(_ e: Int, _ x: Int) -> Int {
            if x == indices.count { return leaf(e) }
            let k = indices[x]
            let s = loops[k].step
            if loops[k].spatial {
                let child = min(max(e - cls.position[k] * s, 0), s)
                return child > 0 ? go(child, x + 1) : 0
            }
            if e <= s { return go(e, x + 1) }
            return (e / s) * go(s, x + 1) + (e % s > 0 ? go(e % s, x + 1) : 0)
        }
        return go(layer.bounds[d], 0)
    }

    /// MACs one PE of class `cls` performs: the product over dimensions of its leaves.
    func imperfectMACs(_ loops: [ImperfectLoop], _ cls: InstanceClass) -> Int {
        var p = 1
        for d in 0..<8 { p *= foldDimension(loops, cls, d, above: n + 1) { $0 } }
        return p
    }

    /// Outputs an instance of class `cls` at level `c` ever holds: per output dimension, the
    /// coordinates it covers over the layer.
    func imperfectPartition(_ loops: [ImperfectLoop], _ cls: InstanceClass, level c: Int) -> Int {
        var p = 1
        for d in 0..<8 where isRelevant(TensorKind.outputs.rawValue, d) {
            p *= foldDimension(loops, cls, d, above: c) { $0 }
        }
        return p
    }

    /// Words an instance of class `cls` at keeper `c` receives of tensor `t` over the layer.
    func imperfectDelta(_ loops: [ImperfectLoop], _ cls: InstanceClass, keeper c: Int, tensor t: Int) -> Int {
        let end = loops.firstIndex { $0.level >= c } ?? loops.count
        var memo: [SweepKey: (Int, SweepState)] = [:]
        memo.reserveCapacity(64)
        // Projection of an origin / extent box onto the tensor's five axes.
        func axisStart(_ origin: SIMD8<Int>) -> SIMD8<Int> {
            var s = SIMD8<Int>()
            for a in 0..<5 {
                let ax = t * 5 + a
                var x = projection.coefA[ax] * origin[projection.dimA[ax]]
                if projection.dimB[ax] >= 0 { x += projection.coefB[ax] * origin[projection.dimB[ax]] }
                s[a] = x
            }
            return s
        }
        func axisLength(_ extent: SIMD8<Int>) -> SIMD8<Int> {
            var l = SIMD8<Int>()
            for a in 0..<5 {
                let ax = t * 5 + a
                var x = 1 + projection.coefA[ax] * (extent[projection.dimA[ax]] - 1)
                if projection.dimB[ax] >= 0 { x += projection.coefB[ax] * (extent[projection.dimB[ax]] - 1) }
                l[a] = x
            }
            return l
        }
        func words(_ l: SIMD8<Int>) -> Int { l[0] * l[1] * l[2] * l[3] * l[4] }
        func relative(_ s: SweepState, _ originStart: SIMD8<Int>) -> SweepState {
            var r = s
            if r.tag != 0 { r.start &-= originStart }
            return r
        }
        func absolute(_ s: SweepState, _ originStart: SIMD8<Int>) -> SweepState {
            var r = s
            if r.tag != 0 { r.start &+= originStart }
            return r
        }
        func leaf(_ origin: SIMD8<Int>, _ extent: SIMD8<Int>, _ state: inout SweepState) -> Int {
            let start = axisStart(origin), length = axisLength(extent)
            let size = words(length)
            if state.tag == 0 {
                state = SweepState(tag: 1, start: start, length: length)
                return size
            }
            if start == state.start && length == state.length {
                state.tag = 2
                return 0
            }
            let shift = start &- state.start
            let credited = state.tag == 1 || (state.tag == 3 && shift == state.shift)
            var fetched = size
            if credited {
                var overlap = 1
                for a in 0..<5 {
                    let o = min(start[a] + length[a], state.start[a] + state.length[a]) - max(start[a], state.start[a])
                    overlap = o <= 0 ? 0 : overlap * o
                }
                fetched -= overlap
                state = SweepState(tag: 3, shift: shift, start: start, length: length)
            } else {
                state = SweepState(tag: 1, start: start, length: length)
            }
            return fetched
        }
        func run(_ k: Int, _ origin: SIMD8<Int>, _ extent: SIMD8<Int>, _ state: inout SweepState) -> Int {
            if k == end { return leaf(origin, extent, &state) }
            let originStart = axisStart(origin)
            let key = SweepKey(loop: k, extent: extent, entry: relative(state, originStart))
            if let (w, exit) = memo[key] {
                state = absolute(exit, originStart)
                return w
            }
            let loop = loops[k]
            let d = loop.dim, s = loop.step
            var total = 0
            var o = origin, x = extent
            if loop.spatial {
                let child = min(max(extent[d] - cls.position[k] * s, 0), s)
                if child > 0 {
                    o[d] += cls.position[k] * s
                    x[d] = child
                    total = run(k + 1, o, x, &state)
                }
            } else if extent[d] <= s {
                total = run(k + 1, origin, extent, &state)
            } else {
                let q = extent[d] / s, r = extent[d] % s
                x[d] = s
                var previous: SweepState?
                var last = 0
                var it = 0
                while it < q {
                    o[d] = origin[d] + it * s
                    let entry = relative(state, axisStart(o))
                    if let previous, previous == entry {
                        // Every remaining full iteration repeats the last one.
                        total += (q - it) * last
                        o[d] = origin[d] + q * s
                        state = absolute(entry, axisStart(o))
                        break
                    }
                    previous = entry
                    last = run(k + 1, o, x, &state)
                    total += last
                    it += 1
                }
                if r > 0 {
                    o[d] = origin[d] + q * s
                    x[d] = r
                    total += run(k + 1, o, x, &state)
                }
            }
            memo[key] = (total, relative(state, originStart))
            return total
        }
        var state = SweepState()
        var extent = SIMD8<Int>()
        for d in 0..<8 { extent[d] = layer.bounds[d] }
        return run(0, SIMD8<Int>(), extent, &state)
    }

    /// `analyze` for a mapping with imperfect loops: fills the same counts (per-instance ones
    /// for the first, busiest instance) plus the exact totals over all instances.
    @inline(never)
    func analyzeImperfect(_ m: CompactMapping, checkCapacity: Bool) -> Bool {
        nestBuilt = false
        imperfectCounts = true
        let tiling = m.tiling()
        // Fanouts: a spatial axis uses at most the product of its factors (⌈span/step⌉ each).
        for i in 0..<n {
            var fx = 1, fy = 1
            for d in 0..<8 { fx *= m[spatialX: i, d]; fy *= m[spatialY: i, d] }
            if fx > fanoutX[i + 1] || fy > fanoutY[i + 1] { return false }
        }
        // Largest tiles, for capacity and `tileWords`.
        for i in 0..<n { for d in 0..<8 { ext[i * TileProjection.stride + d] = tiling.extent[i * 8 + d] } }
        for d in 0..<8 { ext[n * TileProjection.stride + d] = 1 }
        for i in 0..<n {
            var need = 0
            for t in 0..<3 {
                let kept = m.keeps(i, t) && (allowedKeeps[i] & (1 << UInt8(t))) != 0
                let w = kept ? tileSize(i, t) : 0
                tileWords[i * 3 + t] = w
                need += CapacityRule.storedWords(tileWords: w, ratio: ratio[i * 3 + t])
            }
            if checkCapacity && need > capacity[i] { return false }
        }
        let loops = imperfectLoops(m, step: tiling.step)
        var classes: [[InstanceClass]] = Array(repeating: [], count: n + 1)
        func classesOf(_ c: Int) -> [InstanceClass] {
            if classes[c].isEmpty { classes[c] = instanceClasses(loops, level: c) }
            return classes[c]
        }
        utilized[0] = 1
        for c in 1...n { utilized[c] = classesOf(c).reduce(0) { $0 + $1.multiplicity } }
        let pes = classesOf(n)
        let macs = pes.map { imperfectMACs(loops, $0) }
        computeCycles = macs[0]
        for j in 0...n { networkWords[j] = 0 }
        let outputs = TensorKind.outputs.rawValue
        for t in 0..<3 {
            var keepers: [Int] = []
            for i in 0..<n {
                let idx = i * 3 + t
                reads[idx] = 0; fills[idx] = 0; updates[idx] = 0; partitionWords[idx] = 0
                totalReads[idx] = 0; totalFills[idx] = 0; totalUpdates[idx] = 0
                if tileWords[idx] > 0 { keepers.append(i) }
            }
            // Per keeper (and the PEs): words received and partitions per instance class.
            var deltas: [[Int]] = Array(repeating: [], count: n + 1)
            var partitions: [[Int]] = Array(repeating: [], count: n + 1)
            for (k, c) in keepers.enumerated() where k > 0 {
                deltas[c] = classesOf(c).map { imperfectDelta(loops, $0, keeper: c, tensor: t) }
                if t == outputs { partitions[c] = classesOf(c).map { imperfectPartition(loops, $0, level: c) } }
            }
            deltas[n] = macs
            if t == outputs, let first = keepers.first {
                partitions[first] = classesOf(first).map { imperfectPartition(loops, $0, level: first) }
            }
            for (k, i) in keepers.enumerated() {
                let child = k + 1 < keepers.count ? keepers[k + 1] : n
                let idx = i * 3 + t
                let childClasses = classesOf(child)
                // The children's words: all of them (network), those with distinct data
                // (the keeper's reads), and those of its first instance.
                var content = 0, firstContent = 0, network = 0
                var fanned = false
                for (x, cls) in childClasses.enumerated() {
                    let delta = deltas[child][x]
                    var distinct = cls.multiplicity
                    var first = true
                    for (j, loop) in loops.enumerated() where loop.spatial && loop.level < child {
                        if loop.level >= i {
                            fanned = true
                            if !isRelevant(t, loop.dim) {
                                distinct = cls.position[j] == 0 ? distinct / cls.count[j] : 0
                            }
                        } else if cls.position[j] != 0 {
                            first = false
                        }
                    }
                    content += distinct * delta
                    if first {
                        var firstDistinct = distinct
                        for (j, loop) in loops.enumerated() where loop.spatial && loop.level < i { firstDistinct /= cls.count[j] }
                        firstContent += firstDistinct * delta
                    }
                    var perChild = delta
                    if t == outputs && child < n { perChild += max(0, delta - partitions[child][x]) }
                    network += cls.multiplicity * perChild
                }
                let outermost = k == 0
                let own = classesOf(i)
                let ownDelta = outermost ? [] : deltas[i]
                if t == outputs {
                    let part = partitions[i]
                    let partTotal = zip(own, part).reduce(0) { $0 + $1.0.multiplicity * $1.1 }
                    partitionWords[idx] = part[0]
                    updates[idx] = firstContent
                    reads[idx] = max(0, firstContent - part[0])
                    fills[idx] = outermost ? 0 : max(0, ownDelta[0] - part[0])
                    totalUpdates[idx] = Double(content)
                    totalReads[idx] = Double(max(0, content - partTotal))
                    if !outermost {
                        var f = 0
                        for (x, cls) in own.enumerated() { f += cls.multiplicity * max(0, ownDelta[x] - part[x]) }
                        totalFills[idx] = Double(f)
                    }
                } else {
                    reads[idx] = firstContent
                    fills[idx] = outermost ? 0 : ownDelta[0]
                    totalReads[idx] = Double(content)
                    if !outermost {
                        var f = 0
                        for (x, cls) in own.enumerated() { f += cls.multiplicity * ownDelta[x] }
                        totalFills[idx] = Double(f)
                    }
                }
                if fanned {
                    for j in (i + 1)...child where fanoutX[j] * fanoutY[j] > 1 { networkWords[j] += Double(network) }
                }
            }
        }
        return true
    }
}
