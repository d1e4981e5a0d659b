import LoupeModel

/// The counting core of the dense model (docs/model.md §1–§5), shared by the evaluator and the mapper.
///
/// One kernel serves one (architecture, layer) pair and owns scratch buffers, so evaluating a
/// mapping allocates nothing; give each thread its own kernel. `analyze` fills per-instance
/// reads, fills and updates for every (level, tensor); `cost` turns them into energy and cycles.
///
/// Semantics (agreeing with Timeloop's nest analysis on dense mappings):
/// - The loops of storage level `i` are its temporal loops (outer → inner) then the spatial loops
///   of the fanout below it; the tile of `i` is the footprint of every loop at level ≥ `i`.
/// - Words a keeper `i` receives per instance (`delta`): the first tile plus, for each advance of
///   a temporal loop `j` above `i`, the words of the new tile not in the previous one:
///   `Σ_j (f_j − 1)·Π_{k outer to j} f_k·(|B| − |B ∩ (B + Δ_j)|)`, where `Δ_j` steps loop `j` and
///   winds the loops inside it back. As in Timeloop, the overlap of a sliding window is credited
///   only while the tile keeps moving by the same translation (`slidingDelta`); tensors without
///   window axes fetch whole tiles, and loops they ignore directly above the tile are free.
/// - The inner side's accesses at keeper `i` (`content`) are the next keeper's `delta` (or one
///   per MAC for the innermost keeper) × the number of distinct child tiles among its children:
///   equal tiles share one read (multicast) or one update (spatial reduction).
/// - Read-only tensors: reads = content, fills = delta (0 at the outermost keeper).
///   Outputs: updates = content, reads = content − partition, fills = delta − partition (0 at
///   the outermost keeper): the first write of an output needs no read.
public final class NestKernel {
    public let architecture: ResolvedArchitecture
    public let layer: Layer
    let n: Int
    /// Owns every buffer below; frees them with the kernel.
    private let arena = ScratchArena()
    let projection: TileProjection
    // Per-level architecture figures.
    let fanoutX: Buffer<Int>, fanoutY: Buffer<Int>, capacity: Buffer<Int>
    /// How each storage level prices its counts (energy and bandwidth).
    let levelCost: Buffer<LevelCost>
    /// The chip-level static energy per cycle (`StaticCost`).
    let staticCost: StaticCost
    /// Network energy per word into level j's fanout (index j; 0 unused).
    let transfer: Buffer<Double>
    /// Tensors level i may keep (bit `TensorKind.rawValue`).
    let allowedKeeps: Buffer<UInt8>
    /// Whether tensor t depends on dimension d, at t*8 + d (read through `isRelevant`).
    let relevant: Buffer<Bool>
    /// The axis of tensor t that dimension d indexes (−1: none), and its coefficient, at t*8 + d.
    let axisOfDimension: Buffer<Int>, axisCoefOfDimension: Buffer<Int>
    let axisExtent: Buffer<Int>
    let macEnergy: Double
    /// Stored words per dense word at each level and tensor (compression), for the capacity check.
    public var storageRatios: StorageRatios {
        didSet {
            for i in 0..<n { for t in TensorKind.allCases { ratio[i * 3 + t.rawValue] = storageRatios[level: i, tensor: t] } }
        }
    }
    /// `storageRatios` as the hot loop reads it, at i*3 + t.
    let ratio: Buffer<Double>

    // Scratch (valid after `analyze`).
    let loopDim: Buffer<Int>, loopFactor: Buffer<Int>, loopLevel: Buffer<Int>, loopSpatial: Buffer<Bool>
    let loopStep: Buffer<Int>, prefixTemporal: Buffer<Int>
    var loopCount = 0
    /// Whether the scratch holds a complete nest (a failed build leaves it partial).
    var nestBuilt = false
    var sweepSize = 0
    let firstLoop: Buffer<Int>
    /// Tile extent of level i along dimension d, at i*stride + d (level n: the compute, all 1;
    /// `TileProjection.stride`, whose last entry per level stays 1).
    let ext: Buffer<Int>
    /// Spatial factors above level i over dimensions tensor t depends on, at t*(n+2) + i
    /// (read through `relevantSpatial`).
    let relevantAbove: Buffer<Int>
    let outputWords: Int
    let wrap: Buffer<Int>
    let keeperScratch: Buffer<Int>
    let shiftScratch: Buffer<Int>, sweepFactor: Buffer<Int>, sweepOverlap: Buffer<Int>, sweepIdentity: Buffer<Int>

    // Counts of the last `analyze`, per instance, at i*3 + t (read through `counts`).
    let reads: Buffer<Int>
    let fills: Buffer<Int>
    let updates: Buffer<Int>
    let tileWords: Buffer<Int>
    let partitionWords: Buffer<Int>
    /// Utilized instances of level i (index n: the compute level).
    let utilized: Buffer<Int>
    /// Words carried by the network into level j's fanout (index j; 0 unused).
    let networkWords: Buffer<Double>
    /// Product of the temporal factors: the compute cycles of the last `analyze` (for an
    /// imperfect mapping, the MACs of the busiest PE).
    public internal(set) var computeCycles = 0
    /// Whether the last `analyze` took the imperfect path (`NestKernel+Imperfect.swift`): the
    /// per-instance counts are then the first (busiest) instance's, and energy prices
    /// `totalReads`, `totalFills`, `totalUpdates` (exact totals over all instances, at i*3 + t).
    public internal(set) var imperfectCounts = false
    let totalReads: Buffer<Double>, totalFills: Buffer<Double>, totalUpdates: Buffer<Double>

    // Prices of the last `cost()`.
    /// Access energy of tensor t at level i over all utilized instances, at i*3 + t.
    let tensorEnergy: Buffer<Double>
    /// Per level: bandwidth cycles and leakage.
    let levelBandwidthCycles: Buffer<Double>, levelLeakEnergy: Buffer<Double>
    /// The storage level whose bandwidth bounds the cycles; nil = the compute.
    private(set) var boundLevel: Int?
    /// The chip-level static energy of the last `cost()`, pJ (`StaticCost`).
    private(set) var chipStaticEnergy: Double = 0

    public init(architecture: ResolvedArchitecture, layer: Layer) {
        self.architecture = architecture
        self.layer = layer
        let levels = architecture.levels
        n = levels.count - 1
        projection = TileProjection(layer: layer, arena: arena)
        fanoutX = arena.buffer(levels.map(\.arrayX))
        fanoutY = arena.buffer(levels.map(\.arrayY))
        capacity = arena.buffer(levels.map { $0.sizeWords ?? Int.max })
        levelCost = arena.buffer(levels.map(LevelCost.init))
        staticCost = StaticCost(architecture.architecture)
        transfer = arena.buffer(levels.map(\.networkTransfer))
        allowedKeeps = arena.buffer(levels.map { l in
            var m: UInt8 = 0
            for t in l.keeps { m |= 1 << UInt8(t.rawValue) }
            return m
        })
        relevant = arena.buffer(TensorKind.allCases.flatMap { TensorProjection(tensor: $0, layer: layer).relevant })
        var axisOf = Array(repeating: -1, count: 24), coefOf = Array(repeating: 0, count: 24)
        for t in TensorKind.allCases {
            for (a, axis) in TensorProjection(tensor: t, layer: layer).axes.enumerated() {
                for term in axis.terms {
                    axisOf[t.rawValue * 8 + term.dimension.rawValue] = a
                    coefOf[t.rawValue * 8 + term.dimension.rawValue] = term.coefficient
                }
            }
        }
        axisOfDimension = arena.buffer(axisOf)
        axisCoefOfDimension = arena.buffer(coefOf)
        axisExtent = arena.buffer(repeating: 1, count: 5)
        macEnergy = Double(layer.macs) * architecture.compute.energy.compute
        storageRatios = StorageRatios(levelCount: levels.count)
        ratio = arena.buffer(repeating: 1, count: levels.count * 3)
        let maxLoops = n * 24 + 1
        loopDim = arena.buffer(repeating: 0, count: maxLoops)
        loopFactor = arena.buffer(repeating: 1, count: maxLoops)
        loopLevel = arena.buffer(repeating: 0, count: maxLoops)
        loopSpatial = arena.buffer(repeating: false, count: maxLoops)
        loopStep = arena.buffer(repeating: 1, count: maxLoops)
        prefixTemporal = arena.buffer(repeating: 1, count: maxLoops + 1)
        firstLoop = arena.buffer(repeating: 0, count: n + 2)
        keeperScratch = arena.buffer(repeating: 0, count: n)
        shiftScratch = arena.buffer(repeating: 0, count: maxLoops * 5)
        sweepFactor = arena.buffer(repeating: 1, count: maxLoops)
        sweepOverlap = arena.buffer(repeating: 0, count: maxLoops)
        sweepIdentity = arena.buffer(repeating: 0, count: maxLoops)
        ext = arena.buffer(repeating: 1, count: (n + 1) * TileProjection.stride)
        relevantAbove = arena.buffer(repeating: 1, count: 3 * (n + 2))
        outputWords = layer.tensorSize(.outputs)
        wrap = arena.buffer(repeating: 0, count: 8)
        reads = arena.buffer(repeating: 0, count: n * 3)
        fills = arena.buffer(repeating: 0, count: n * 3)
        updates = arena.buffer(repeating: 0, count: n * 3)
        tileWords = arena.buffer(repeating: 0, count: n * 3)
        partitionWords = arena.buffer(repeating: 0, count: n * 3)
        totalReads = arena.buffer(repeating: 0, count: n * 3)
        totalFills = arena.buffer(repeating: 0, count: n * 3)
        totalUpdates = arena.buffer(repeating: 0, count: n * 3)
        utilized = arena.buffer(repeating: 1, count: n + 1)
        networkWords = arena.buffer(repeating: 0, count: n + 1)
        tensorEnergy = arena.buffer(repeating: 0, count: n * 3)
        levelBandwidthCycles = arena.buffer(repeating: 0, count: n)
        levelLeakEnergy = arena.buffer(repeating: 0, count: n)
    }

    /// The number of storage levels.
    public var storageLevels: Int { n }

    // MARK: - Loop nest

    /// Lays out the loops and tiles of `m`; false if a fanout exceeds its array.
    @inline(__always)
    func buildNest(_ m: CompactMapping) -> Bool {
        var c = 0
        let ok = m.order.withUnsafeBufferPointer { order in
            m.temporal.withUnsafeBufferPointer { temporal in
                m.spatialX.withUnsafeBufferPointer { sx in
                    m.spatialY.withUnsafeBufferPointer { sy in
                        for i in 0..<n {
                            firstLoop[i] = c
                            let base = i * 8
                            for k in 0..<8 {
                                let d = Int(order[base + k])
                                let f = temporal[base + d]
                                if f > 1 {
                                    loopDim[c] = d; loopFactor[c] = f; loopLevel[c] = i; loopSpatial[c] = false
                                    c += 1
                                }
                            }
                            var fx = 1, fy = 1
                            for d in 0..<8 {
                                let x = sx[base + d]
                                if x > 1 {
                                    loopDim[c] = d; loopFactor[c] = x; loopLevel[c] = i; loopSpatial[c] = true
                                    c += 1
                                    fx *= x
                                }
                            }
                            for d in 0..<8 {
                                let y = sy[base + d]
                                if y > 1 {
                                    loopDim[c] = d; loopFactor[c] = y; loopLevel[c] = i; loopSpatial[c] = true
                                    c += 1
                                    fy *= y
                                }
                            }
                            if fx > fanoutX[i + 1] || fy > fanoutY[i + 1] { return false }
                        }
                        return true
                    }
                }
            }
        }
        if !ok { return false }
        firstLoop[n] = c
        loopCount = c
        // Steps (mixed radix, innermost first) and tile extents.
        for d in 0..<8 { wrap[d] = 1 }
        for d in 0..<8 { ext[n * TileProjection.stride + d] = 1 }
        var level = n
        var k = c - 1
        while k >= 0 {
            let l = loopLevel[k]
            while level > l {
                level -= 1
                for d in 0..<8 { ext[level * TileProjection.stride + d] = ext[(level + 1) * TileProjection.stride + d] }
            }
            let d = loopDim[k]
            loopStep[k] = wrap[d]
            wrap[d] *= loopFactor[k]
            ext[l * TileProjection.stride + d] *= loopFactor[k]
            k -= 1
        }
        while level > 0 {
            level -= 1
            for d in 0..<8 { ext[level * TileProjection.stride + d] = ext[(level + 1) * TileProjection.stride + d] }
        }
        prefixTemporal[0] = 1
        var cycles = 1
        for j in 0..<c {
            prefixTemporal[j + 1] = loopSpatial[j] ? prefixTemporal[j] : prefixTemporal[j] * loopFactor[j]
            if !loopSpatial[j] { cycles *= loopFactor[j] }
        }
        computeCycles = cycles
        // Spatial factors above each level: all of them (utilized instances), and per tensor those
        // over dimensions it depends on (`relevantSpatial`, for multicast and partitions).
        let weights = TensorKind.weights.rawValue, inputs = TensorKind.inputs.rawValue
        let outputs = TensorKind.outputs.rawValue
        utilized[0] = 1
        setRelevantSpatial(weights, 0, 1); setRelevantSpatial(inputs, 0, 1); setRelevantSpatial(outputs, 0, 1)
        var j = 0
        for i in 1...(n + 1) {
            var u = utilized[i - 1]
            var rw = relevantSpatial(weights, i - 1), ri = relevantSpatial(inputs, i - 1)
            var ro = relevantSpatial(outputs, i - 1)
            // Spatial loops of level i - 1 sit above level i.
            while j < c && loopLevel[j] < i {
                if loopSpatial[j] {
                    let f = loopFactor[j], d = loopDim[j]
                    u *= f
                    if isRelevant(weights, d) { rw *= f }
                    if isRelevant(inputs, d) { ri *= f }
                    if isRelevant(outputs, d) { ro *= f }
                }
                j += 1
            }
            if i <= n { utilized[i] = u }
            setRelevantSpatial(weights, i, rw); setRelevantSpatial(inputs, i, ri); setRelevantSpatial(outputs, i, ro)
        }
        return true
    }

    /// Whether tensor `t` depends on dimension `d`.
    @inline(__always)
    func isRelevant(_ t: Int, _ d: Int) -> Bool { relevant[t * 8 + d] }

    /// The product of the spatial factors above level `i` over dimensions tensor `t` depends on
    /// (index n + 1: above the MACs).
    @inline(__always)
    func relevantSpatial(_ t: Int, _ i: Int) -> Int { relevantAbove[t * (n + 2) + i] }

    @inline(__always)
    func setRelevantSpatial(_ t: Int, _ i: Int, _ value: Int) { relevantAbove[t * (n + 2) + i] = value }

    /// Whether a temporal loop above level `i` runs over P, Q, R or S (the input window axes).
    @inline(__always)
    func windowLoopsAbove(_ i: Int) -> Bool {
        var j = firstLoop[i] - 1
        while j >= 0 {
            if !loopSpatial[j] && loopDim[j] >= 4 { return true }
            j -= 1
        }
        return false
    }

    /// Words of tensor `t`'s tile at level `i` (`TileProjection`).
    @inline(__always)
    func tileSize(_ i: Int, _ t: Int) -> Int {
        projection.words(t, ext.base + i * TileProjection.stride)
    }

    /// Words keeper `i` receives of tensor `t` per instance over the layer (see the type's doc).
    ///
    /// When no step of a loop above the tile keeps any overlap with the previous tile (every
    /// tensor but sliding-window inputs), each advance of loop `j` fetches `|B|` words or none:
    /// `delta = |B| + Σ_j (f_j − 1)·Π_{outer} f·[Δ_j ≠ 0]·|B|`. Otherwise the overlap credit
    /// follows `slidingDelta`.
    @inline(__always)
    func delta(_ i: Int, _ t: Int) -> Int {
        // `analyze` has just stored the tile of every kept tensor (at least one word).
        let size = tileWords[i * 3 + t]
        if t != 1 || !windowLoopsAbove(i) {
            // No axis with a sliding window can move: every move fetches a whole tile or none.
            // From the tile outward, loops the tensor ignores are free until the first one it
            // depends on; from there on every loop multiplies (the sum telescopes to a product).
            var product = 1
            var stationary = true
            var j = firstLoop[i] - 1
            while j >= 0 {
                if !loopSpatial[j] {
                    if stationary && !isRelevant(t, loopDim[j]) {
                        j -= 1
                        continue
                    }
                    stationary = false
                    product *= loopFactor[j]
                }
                j -= 1
            }
            return size * product
        }
        var total = size
        // Tile extent per tensor axis, and the wind-back of inner loops per axis.
        let tileExtent = ext.base + i * TileProjection.stride
        for a in 0..<5 {
            axisExtent[a] = projection.axisExtent(t, a, tileExtent)
            wrap[a] = 0
        }
        var sliding = false
        var m = 0
        var j = firstLoop[i] - 1
        while j >= 0 {
            if !loopSpatial[j] {
                let d = loopDim[j]
                let f = loopFactor[j]
                let axis = axisOfDimension[t * 8 + d]
                let move = axisCoefOfDimension[t * 8 + d] * loopStep[j]
                // Δ = +step on d's axis, minus the wound-back inner loops on every axis.
                var overlap = 1
                var moves = false
                for a in 0..<5 {
                    let shift = (a == axis ? move : 0) - wrap[a]
                    shiftScratch[m * 5 + a] = shift
                    if shift != 0 { moves = true }
                    let o = axisExtent[a] - (shift < 0 ? -shift : shift)
                    overlap = o <= 0 ? 0 : overlap * o
                }
                if moves {
                    if overlap > 0 { sliding = true }
                    total += (f - 1) * prefixTemporal[j] * size
                }
                sweepFactor[m] = f
                sweepOverlap[m] = moves ? overlap : -1
                m += 1
                if axis >= 0 { wrap[axis] += (f - 1) * move }
            }
            j -= 1
        }
        if !sliding { return total }
        return size + slidingDelta(count: m, size: size)
    }

    /// Words fetched over all advances when some advance keeps part of the previous tile.
    ///
    /// Timeloop credits the overlap of a move only while the tile keeps moving by the same
    /// translation: a move fetches `|B| − overlap` when the previous move had the same
    /// translation or followed a full fetch, `|B|` otherwise (and then forgets the translation);
    /// a move by zero (a loop the tensor does not depend on) fetches nothing but breaks the run.
    /// So a sliding loop directly above the tile gets its halo reuse, while one above an
    /// irrelevant loop refetches whole tiles (Timeloop's simple output-stationary case: 16 ×
    /// 9,831 input words, not 152,550). The loops (innermost at index 0 of the scratch arrays)
    /// are swept as an odometer; the state after each sub-sweep repeats within a few
    /// iterations, so each loop needs few evaluations.
    func slidingDelta(count m: Int, size: Int) -> Int {
        // Translation identity: the first loop index with the same shift vector.
        for a in 0..<m {
            sweepIdentity[a] = a
            for b in 0..<a {
                var same = true
                for x in 0..<5 where shiftScratch[a * 5 + x] != shiftScratch[b * 5 + x] { same = false; break }
                if same { sweepIdentity[a] = sweepIdentity[b]; break }
            }
        }
        sweepSize = size
        return sweep(m - 1, -2).0
    }

    /// One advance of sweep loop `l` from `state`: (words fetched, next state). State −2 follows a
    /// full fetch, −1 a zero move, k ≥ 0 a credited move of translation identity k.
    @inline(__always)
    func advance(_ l: Int, _ state: Int) -> (Int, Int) {
        if sweepOverlap[l] < 0 { return (0, -1) }
        if state == -2 || state == sweepIdentity[l] { return (sweepSize - sweepOverlap[l], sweepIdentity[l]) }
        return (sweepSize, -2)
    }

    /// A whole sweep of loops 0...l (index 0 innermost) starting in `state`: (words, end state).
    func sweep(_ l: Int, _ state: Int) -> (Int, Int) {
        if l < 0 { return (0, state) }
        var (total, st) = sweep(l - 1, state)
        var k = 1
        let f = sweepFactor[l]
        var lastStart = -3
        var lastFresh = 0
        while k < f {
            if st == lastStart {
                // Fixed point: every remaining iteration repeats the last one.
                total += (f - k) * lastFresh
                break
            }
            lastStart = st
            let (a, s1) = advance(l, st)
            let (b, s2) = sweep(l - 1, s1)
            lastFresh = a + b
            total += lastFresh
            st = s2
            k += 1
        }
        return (total, st)
    }

    /// Distinct tiles of tensor `t` among the children (at level `to`) of one instance of `from`:
    /// the product of the spatial factors in between over dimensions `t` depends on. Children
    /// that differ only along other dimensions get the same data (one multicast read) or hold
    /// the same outputs (one reduced update). As in Timeloop, children whose sliding windows
    /// merely overlap (or coincide diagonally, as for spatial Q and S) are not merged
    /// (docs/model.md §4).
    @inline(__always)
    func distinct(from: Int, to: Int, _ t: Int) -> Int {
        relevantSpatial(t, to) / relevantSpatial(t, from)
    }

    // MARK: - Analysis

    /// Counts every (level, tensor) access of `m`. Returns false when the mapping exceeds an
    /// array or a level's capacity (`CapacityRule`; `Evaluator.problems` names the level and
    /// tensors).
    ///
    /// `sameNest`: the caller guarantees that `m` has the factors and loop orders of the mapping
    /// the kernel analysed last (only its keeps differ), so the loop nest is reused.
    @discardableResult
    public func analyze(_ m: CompactMapping, checkCapacity: Bool = true, sameNest: Bool = false) -> Bool {
        if _slowPath(!m.spans.isEmpty) { return analyzeImperfect(m, checkCapacity: checkCapacity) }
        imperfectCounts = false
        if !sameNest || !nestBuilt {
            nestBuilt = false
            guard buildNest(m) else { return false }
            nestBuilt = true
        }
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
        for j in 0...n { networkWords[j] = 0 }
        for t in 0..<3 {
            var keeperCount = 0
            for i in 0..<n {
                let idx = i * 3 + t
                reads[idx] = 0; fills[idx] = 0; updates[idx] = 0; partitionWords[idx] = 0
                if tileWords[idx] > 0 {  // kept (the capacity pass stored every kept tile)
                    keeperScratch[keeperCount] = i
                    keeperCount += 1
                }
            }
            var previousDelta = -1
            for k in 0..<keeperCount {
                let i = keeperScratch[k]
                let child = k + 1 < keeperCount ? keeperScratch[k + 1] : n
                let d = previousDelta >= 0 ? previousDelta : delta(i, t)
                let childDelta = child < n ? delta(child, t) : computeCycles
                previousDelta = child < n ? childDelta : -1
                let content = childDelta * distinct(from: i, to: child, t)
                let idx = i * 3 + t
                let outermost = k == 0
                if t == TensorKind.outputs.rawValue {
                    let part = outputPartition(i)
                    partitionWords[idx] = part
                    updates[idx] = content
                    reads[idx] = max(0, content - part)
                    fills[idx] = outermost ? 0 : max(0, d - part)
                } else {
                    reads[idx] = content
                    fills[idx] = outermost ? 0 : d
                }
                // Network words into every fanout between i and its child keeper.
                let children = utilized[child] / utilized[i]
                if children > 1 {
                    var perChild = Double(childDelta)
                    if t == TensorKind.outputs.rawValue && child < n {
                        perChild += Double(max(0, childDelta - outputPartition(child)))
                    }
                    let words = perChild * Double(children) * Double(utilized[i])
                    for j in (i + 1)...child where fanoutX[j] * fanoutY[j] > 1 { networkWords[j] += words }
                }
            }
        }
        return true
    }

    /// Outputs one instance of level `i` ever holds: the output tensor divided by the spatial
    /// factors above `i` over the dimensions outputs depend on (N, G, K, P, Q).
    @inline(__always)
    func outputPartition(_ i: Int) -> Int {
        outputWords / relevantSpatial(TensorKind.outputs.rawValue, i)
    }

    // MARK: - Cost

    /// Energy (pJ) and cycles of the last analysed mapping, dense, priced by `LevelCost` (the
    /// one formula of docs/model.md §6 and §7): `E = MACs·E_mac + Σ_levels Σ_tensors
    /// utilized·accessEnergy + Σ_fanouts words·E_transfer + Σ_levels leak·cycles·utilized
    /// + (P_static / f)·cycles`;
    /// `cycles` from `CycleBound` over the compute cycles and every level's bandwidth cycles.
    ///
    /// `Evaluator.evaluation(from:)` packages the per-tensor and per-level prices this leaves
    /// behind, so the mapper ranks what the reports print: every term is the same number. Only
    /// the order of the final additions differs from `Evaluation.energy` (which adds each
    /// level's leak to its accesses), so the two totals can differ in the last bit; the mapper
    /// keeps this order because its choices among near-equal mappings, and so the reports,
    /// depend on it.
    @discardableResult
    public func cost() -> (energy: Double, cycles: Double) {
        var bound = CycleBound(computeCycles: Double(computeCycles))
        for i in 0..<n {
            let price = levelCost[i]
            let instances = Double(utilized[i])
            var r = 0.0, w = 0.0
            for t in 0..<3 {
                let idx = i * 3 + t
                let rd = reads[idx], fl = fills[idx], up = updates[idx]
                if rd == 0 && fl == 0 && up == 0 {
                    tensorEnergy[idx] = 0
                    continue
                }
                tensorEnergy[idx] = price.accessEnergy(reads: Double(rd), fills: Double(fl), updates: Double(up)) * instances
                r += Double(rd)
                w += Double(fl + up)
            }
            let c = price.bandwidthCycles(reads: r, writes: w)
            levelBandwidthCycles[i] = c
            bound.offer(level: i, bandwidthCycles: c)
        }
        if _slowPath(imperfectCounts) {
            // An imperfect mapping's instances differ: energy prices the exact totals.
            for i in 0..<n {
                for t in 0..<3 where tensorEnergy[i * 3 + t] != 0 {
                    let idx = i * 3 + t
                    tensorEnergy[idx] = levelCost[i].accessEnergy(reads: totalReads[idx], fills: totalFills[idx], updates: totalUpdates[idx])
                }
            }
        }
        let cycles = bound.cycles
        boundLevel = bound.level
        var energy = macEnergy
        for i in 0..<n {
            let b = i * 3
            energy += tensorEnergy[b] + tensorEnergy[b + 1] + tensorEnergy[b + 2]
        }
        for j in 1...n where networkWords[j] > 0 { energy += networkWords[j] * transfer[j] }
        for i in 0..<n {
            let leak = levelCost[i].leakEnergy(cycles: cycles, utilizedInstances: utilized[i])
            levelLeakEnergy[i] = leak
            energy += leak
        }
        chipStaticEnergy = staticCost.energy(cycles: cycles)
        energy += chipStaticEnergy
        return (energy, cycles)
    }

    // MARK: - Results

    /// Counts of one tensor at one storage level after `analyze`, per utilized instance.
    public struct Counts: Sendable, Hashable {
        public var reads: Int
        public var fills: Int
        public var updates: Int
        /// Words of the tile (0 when the level does not keep the tensor).
        public var tileWords: Int
        /// Outputs one instance ever holds (0 for the other tensors).
        public var partitionWords: Int
    }

    /// The counts of tensor `t` at storage level `i` (valid after `analyze`).
    public func counts(level i: Int, tensor t: TensorKind) -> Counts {
        let idx = i * 3 + t.rawValue
        return Counts(reads: reads[idx], fills: fills[idx], updates: updates[idx], tileWords: tileWords[idx],
                      partitionWords: partitionWords[idx])
    }

    /// Exact totals over all instances of tensor `t` at level `i`: per-instance counts times the
    /// utilized instances, except after an imperfect `analyze`, whose instances differ.
    public func totals(level i: Int, tensor t: TensorKind) -> (reads: Double, fills: Double, updates: Double) {
        let idx = i * 3 + t.rawValue
        if imperfectCounts { return (totalReads[idx], totalFills[idx], totalUpdates[idx]) }
        let u = Double(utilized[i])
        return (Double(reads[idx]) * u, Double(fills[idx]) * u, Double(updates[idx]) * u)
    }

    /// Instances of level `i` the mapping uses (`storageLevels`: the compute level's PEs).
    public func utilizedInstances(level i: Int) -> Int { utilized[i] }

    /// Words the network into level `j`'s fanout carries (0 for level 0).
    public func networkWords(level j: Int) -> Double { networkWords[j] }
}
