import Foundation
import LoupeEngine
import LoupeModel

/// How a search decides it is done (docs/mapper.md §2, "When a layer is done").
public enum SearchStop: String, Sendable, Hashable, CaseIterable {
    /// Each stream stops when its best has not improved by more than 0.01% for `patience`
    /// evaluations (or has reached the layer's lower bound), and at the latest at
    /// `maximumFactor` times its share of the budget: easy layers stop early, hard ones search
    /// longer.
    case converged
    /// Each stream spends exactly its share of the budget (the search before adaptive stopping).
    case budget
}

/// How a layer's search ended (`search_end` in layers.csv, docs/mapper.md §2).
public enum SearchEnd: String, Sendable, Hashable {
    /// Every stream stopped improving (or reached the bound), or the space was enumerated whole.
    case converged
    /// Some stream was still improving when it reached its evaluation limit.
    case budget
    /// `--time-limit` (or Ctrl-C) stopped some stream.
    case timeLimit = "time_limit"
}

/// Settings of a mapper run (docs/spec.md §10, docs/mapper.md §2).
public struct MapperOptions: Sendable, Hashable {
    public var objective: Objective
    /// Mapping evaluations per layer: the nominal budget (the search stops there with
    /// `stop == .budget`; with `.converged` it is the scale of the adaptive limits).
    public var budget: Int
    public var seed: UInt64
    /// Worker threads; the result does not depend on it.
    public var threads: Int
    /// Independent search streams per layer (fixed, so that results do not depend on `threads`).
    public var streams: Int
    /// When a stream is done.
    public var stop: SearchStop = .converged
    /// Wall-clock limit of the whole search, seconds (`--time-limit`); nil: none. With a limit
    /// the result may depend on the machine's speed and load.
    public var timeLimit: Double?
    /// Whether the search also proposes imperfect loops (`--imperfect`, or the architecture's
    /// `mapper: {imperfect: true}`; docs/mapper.md, "Imperfect factorization").
    public var imperfect = false

    public init(objective: Objective = .edp, budget: Int = 30_000, seed: UInt64 = 1,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, streams: Int = 8,
                stop: SearchStop = .converged, timeLimit: Double? = nil) {
        self.objective = objective
        self.budget = budget
        self.seed = seed
        self.threads = max(1, threads)
        self.streams = max(1, streams)
        self.stop = stop
        self.timeLimit = timeLimit
    }

    /// Evaluations without a gain (more than `gainThreshold`) after which a converging stream
    /// stops, as a fraction of its share of the budget.
    public static let patienceFraction = 0.5
    /// The most a converging stream evaluates, in shares of the budget.
    public static let maximumFactor = 4
    /// A new best counts as a gain when it is below the previous best × (1 − this).
    public static let gainThreshold = 1e-4
}

/// Where a search stands: layer shapes finished, and the sum of their best energies (pJ).
public struct SearchProgress: Sendable, Hashable {
    public var done: Int
    public var total: Int
    public var bestEnergySoFar: Double
}

/// The best mapping found for one layer.
public struct LayerSearchResult: Sendable {
    public var mapping: Mapping
    public var compact: CompactMapping
    public var cost: Cost
    /// Candidates evaluated, and those that were valid (fit the fanouts, capacities, bounds).
    public var evaluated: Int
    public var valid: Int
    /// True when the whole mapspace was enumerated (the mapping is optimal for the objective).
    public var exhaustive: Bool = false
    /// How the search ended.
    public var end: SearchEnd = .budget
}

/// Set from a signal handler or another thread to stop searches early; they return the best
/// mapping found so far.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    public init() {}
    public var isCancelled: Bool { lock.withLock { value } }
    public func cancel() { lock.withLock { value = true } }
}

/// The mapper: a budgeted, seeded search over a layer's mapspace (docs/mapper.md).
///
/// Each layer is searched by `streams` independent streams, each seeded from (seed, the layer's
/// shape, stream index). When the whole mapspace has no more points than the budget, the
/// streams share its enumeration (`ExhaustiveSearch`) and the result is optimal. Otherwise each
/// stream draws random capacity-aware samples for a sixteenth of its budget, then hill-climbs
/// from the best sample over neighbouring mappings (a prime factor moved between slots —
/// sometimes with a factor of another dimension moved back —, two loops swapped, a keep
/// toggled), restarting after 200 failed moves, alternately near the best and from the best of
/// 32 fresh samples. Half the streams also accept worse moves as in simulated annealing (a
/// temperature falling to 0 over the budget); the other half climb greedily. The streams' bests are merged by cost, then by the mapping's canonical
/// form, so the result is the same for any number of threads. Layers of identical shape share
/// one search.
public struct Mapper: Sendable {
    public let architecture: ResolvedArchitecture
    public let constraints: MapperConstraints
    public let options: MapperOptions

    /// - Parameter constraints: the architecture's own when nil.
    public init(architecture: ResolvedArchitecture, constraints: MapperConstraints? = nil, options: MapperOptions = MapperOptions()) {
        self.architecture = architecture
        self.constraints = constraints ?? architecture.constraints
        self.options = options
    }

    /// A layer's identity for the search: everything that changes its counts.
    static func signature(_ l: Layer) -> String {
        "\(l.bounds) \(l.strideRows) \(l.strideCols) \(l.dilationRows) \(l.dilationCols)"
    }

    /// Searches every layer; `storageRatios[i]` (optional) scales the stored words of layer `i`
    /// per level and tensor for compressed formats. Progress is reported after each layer.
    ///
    /// `cache` (optional) shares identical searches with other estimates of the run, and with
    /// `shareCandidates` each result is also compared with the best mappings the cache holds for
    /// the same layer from other architectures (`SearchCache`, docs/sweeps.md "Shared search").
    public func searchAll(layers: [Layer], storageRatios: [StorageRatios]? = nil, cancel: CancellationFlag? = nil,
                          cache: SearchCache? = nil, shareCandidates: Bool = false,
                          progress: (@Sendable (_ progress: SearchProgress) -> Void)? = nil)
        throws(DiagnosticError) -> [LayerSearchResult?] {
        var unique: [String: Int] = [:]
        var representativeList: [Int] = []
        for (i, l) in layers.enumerated() {
            let key = Mapper.signature(l) + (storageRatios.map { " \($0[i].levels)" } ?? "")
            if unique[key] == nil {
                unique[key] = representativeList.count
                representativeList.append(i)
            }
        }
        var spaceList: [Mapspace] = []
        var problems: [Diagnostic] = []
        for i in representativeList {
            do { spaceList.append(try Mapspace(architecture: architecture.architecture, layer: layers[i], constraints: constraints)) } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }

        let streams = options.streams
        let arch = architecture.architecture
        let allRatios = storageRatios ?? Array(repeating: StorageRatios(levelCount: arch.levels.count), count: layers.count)
        @Sendable func ratioOf(_ i: Int) -> StorageRatios { allRatios[i] }
        // Shapes another estimate has searched or is searching (`cache`), and those to search here.
        var known: [Int: LayerSearchResult?] = [:]
        var waiting: [Int] = []
        var toSearch: [Int] = []
        let keys = representativeList.map { i in cache.map { _ in SearchCache.key(architecture: arch, layer: layers[i], ratio: ratioOf(i), options: options) } }
        for r in representativeList.indices {
            guard let cache, let key = keys[r] else { toSearch.append(r); continue }
            switch cache.claim(key) {
            case .done(let result): known[r] = .some(result)
            case .pending: waiting.append(r)
            case .mine: toSearch.append(r)
            }
        }
        let representatives = representativeList
        let searched = toSearch
        let deadline = options.timeLimit.map { Date().addingTimeInterval($0) }
        // The objective's floor per shape (docs/mapper.md §7), without the launch time the
        // mapper leaves out: a stream that reaches it stops.
        let floors: [Double] = searched.map { r in
            guard options.stop == .converged, arch.launchCycles == 0 else { return 0 }
            let b = LayerBound(architecture: arch, layer: layers[representatives[r]])
            return options.objective.value(energy: b.energy, cycles: b.cycles)
        }
        let spaces = spaceList
        let tasks = searched.count * streams
        let results = ResultBox<StreamResult>(count: tasks)
        // Streams left per searched shape, and (last slot) shapes finished.
        let remaining = ResultBox<Int>(count: searched.count + 1)
        for k in 0..<searched.count { remaining[k] = streams }
        remaining[searched.count] = 0
        // Best energy of each finished layer shape, for the progress line.
        let finishedEnergy = ResultBox<Double>(count: 1)
        finishedEnergy[0] = 0
        ParallelWork.run(count: tasks, threads: options.threads) { task in
            let k = task / streams
            let r = searched[k]
            let result = searchStream(layer: layers[representatives[r]], space: spaces[r], stream: task % streams,
                                      ratio: ratioOf(representatives[r]), cancel: cancel, deadline: deadline, floor: floors[k])
            results[task] = result
            let finished = remaining.withLock { () -> SearchProgress? in
                let left = (remaining.unsafeGet(k) ?? 1) - 1
                remaining.unsafeSet(k, left)
                guard left == 0 else { return nil }
                let d = (remaining.unsafeGet(searched.count) ?? 0) + 1
                remaining.unsafeSet(searched.count, d)
                let best = (0..<streams).compactMap { results[k * streams + $0]?.cost }.min()
                let energy = (finishedEnergy[0] ?? 0) + (best.map { $0.energy.isFinite ? $0.energy : 0 } ?? 0)
                finishedEnergy[0] = energy
                return SearchProgress(done: d, total: searched.count, bestEnergySoFar: energy)
            }
            if let finished { progress?(finished) }
        }

        var perRepresentative: [LayerSearchResult?] = Array(repeating: nil, count: representatives.count)
        for (k, r) in searched.enumerated() {
            var best: StreamResult?
            var evaluated = 0
            var valid = 0
            var exhaustive = true
            var end = SearchEnd.converged
            for s in 0..<streams {
                guard let res = results[k * streams + s] else { exhaustive = false; continue }
                evaluated += res.evaluated
                valid += res.valid
                exhaustive = exhaustive && res.exhaustive
                if res.end == .timeLimit || (res.end == .budget && end == .converged) { end = res.end }
                if let m = res.best {
                    if let b = best?.best, !(res.cost < best!.cost || (res.cost == best!.cost && m.precedes(b))) { continue }
                    best = res
                }
            }
            if let best, let m = best.best {
                perRepresentative[r] = LayerSearchResult(mapping: m.mapping(narrowKeepsAgainst: arch), compact: m,
                                                         cost: best.cost, evaluated: evaluated, valid: valid,
                                                         exhaustive: exhaustive && cancel?.isCancelled != true, end: end)
            }
        }
        if let cache {
            for r in searched {
                let i = representatives[r]
                cache.publish(keys[r]!, group: SearchCache.groupKey(architecture: arch, constraints: constraints, layer: layers[i],
                                                                    ratio: ratioOf(i), objective: options.objective),
                              perRepresentative[r])
            }
            for r in waiting { perRepresentative[r] = cache.wait(keys[r]!) }
            for (r, result) in known { perRepresentative[r] = result }
            if shareCandidates {
                for r in representatives.indices {
                    let i = representatives[r]
                    let group = SearchCache.groupKey(architecture: arch, constraints: constraints, layer: layers[i],
                                                     ratio: ratioOf(i), objective: options.objective)
                    perRepresentative[r] = adopt(cache.candidates(group), into: perRepresentative[r], layer: layers[i],
                                                 space: spaces[r], ratio: ratioOf(i))
                }
            }
        }
        return layers.enumerated().map { i, l in
            let key = Mapper.signature(l) + (storageRatios.map { " \($0[i].levels)" } ?? "")
            return perRepresentative[unique[key]!]
        }
    }

    /// `result` or, when one of `candidates` (best mappings of the same layer found at other
    /// points of a sweep) is valid here and better by cost, then by the canonical order, that
    /// one. Every candidate is re-validated on this architecture (factor bounds, fanouts,
    /// capacities); the search counts stay the search's.
    func adopt(_ candidates: [CompactMapping], into result: LayerSearchResult?, layer: Layer, space: Mapspace,
               ratio: StorageRatios) -> LayerSearchResult? {
        guard !candidates.isEmpty else { return result }
        let kernel = NestKernel(architecture: architecture, layer: layer)
        kernel.storageRatios = ratio
        var out = result
        for m in candidates where m.levels == space.levels {
            guard space.meetsFactorBounds(m), kernel.analyze(m) else { continue }
            let (e, c) = kernel.cost()
            let cost = Cost(objective: options.objective.value(energy: e, cycles: c), energy: e, cycles: c)
            if let current = out {
                guard cost < current.cost || (cost == current.cost && m.precedes(current.compact)) else { continue }
                out = LayerSearchResult(mapping: m.mapping(narrowKeepsAgainst: architecture.architecture), compact: m, cost: cost,
                                        evaluated: current.evaluated, valid: current.valid, exhaustive: current.exhaustive,
                                        end: current.end)
            } else {
                out = LayerSearchResult(mapping: m.mapping(narrowKeepsAgainst: architecture.architecture), compact: m, cost: cost,
                                        evaluated: 0, valid: 0, end: .converged)
            }
        }
        return out
    }

    struct StreamResult: Sendable {
        var best: CompactMapping?
        var cost: Cost
        var evaluated: Int
        var valid: Int
        var exhaustive = false
        var end = SearchEnd.budget
    }

    /// One search stream (see the type's doc). `deadline` is `--time-limit`'s end; `floor` the
    /// objective's lower bound for the layer (0: none known).
    func searchStream(layer: Layer, space perfectSpace: Mapspace, stream: Int, ratio: StorageRatios, cancel: CancellationFlag?,
                      deadline: Date? = nil, floor: Double = 0) -> StreamResult {
        let budget = max(16, options.budget / options.streams)
        // Imperfect factorization (docs/mapper.md): odd streams search a padded layer and clip
        // each mapping back to the real bounds before the kernel counts it.
        let (space, searched, padding) = imperfectStream(layer: layer, space: perfectSpace, stream: stream)
        var rng = SplitMix64(seed: SplitMix64.mix(options.seed, SplitMix64.stableHash(Mapper.signature(layer)), UInt64(stream)))
        let kernel = NestKernel(architecture: architecture, layer: layer)
        kernel.storageRatios = ratio
        let objective = options.objective
        var evaluated = 0
        var valid = 0
        func evaluate(_ m: CompactMapping, sameNest: Bool = false) -> Cost? {
            evaluated += 1
            if let padding {
                guard space.meetsFactorBounds(m), kernel.analyze(padding.clip(m)) else { return nil }
                valid += 1
                let (e, c) = kernel.cost()
                return Cost(objective: objective.value(energy: e, cycles: c), energy: e, cycles: c)
            }
            guard space.meetsFactorBounds(m), kernel.analyze(m, sameNest: sameNest) else { return nil }
            valid += 1
            let (e, c) = kernel.cost()
            return Cost(objective: objective.value(energy: e, cycles: c), energy: e, cycles: c)
        }
        var best: CompactMapping?
        var bestCost = Cost.infinity
        // Evaluation count of the last gain (a new best below the previous × (1 − threshold)).
        var lastGain = 0
        func consider(_ m: CompactMapping, _ c: Cost) {
            if c < bestCost || (c == bestCost && best.map { m.precedes($0) } ?? true) {
                if !(c.objective >= bestCost.objective * (1 - MapperOptions.gainThreshold)) { lastGain = evaluated }
                best = m
                bestCost = c
            }
        }
        /// Ctrl-C or the time limit, checked every 256 evaluations.
        var stoppedByTime = false
        func interrupted() -> Bool {
            if cancel?.isCancelled == true { stoppedByTime = true }
            if let deadline, Date() >= deadline { stoppedByTime = true }
            return stoppedByTime
        }
        // Small spaces are enumerated whole: the result is the optimum, not an estimate of it.
        if !options.imperfect, let exhaustive = ExhaustiveSearch(space: space, limit: min(options.budget, ExhaustiveSearch.maximumPoints)) {
            var visited = 0
            exhaustive.run(stream: stream, streams: options.streams) { m in
                visited += 1
                if visited & 4095 == 0, interrupted() { return false }
                if let c = evaluate(m) { consider(m, c) }
                return true
            }
            return StreamResult(best: best, cost: bestCost, evaluated: evaluated, valid: valid, exhaustive: !stoppedByTime,
                                end: stoppedByTime ? .timeLimit : .converged)
        }
        let search = MoveSearch(space: space, fit: TileFit(architecture: architecture.architecture, layer: searched, storageRatios: ratio))
        var scratch = CompactMapping(levels: space.levels)
        let samples = max(1, budget / 16)
        for k in 0..<samples {
            if k & 255 == 255, interrupted() { break }
            search.sample(into: &scratch, using: &rng)
            if let c = evaluate(scratch) { consider(scratch, c) }
        }
        guard var current = best else {
            return StreamResult(best: nil, cost: .infinity, evaluated: evaluated, valid: valid,
                                end: stoppedByTime ? .timeLimit : .budget)
        }
        // When the stream is done: at its share of the budget, or (converging) when its best has
        // not gained for `patience` evaluations, reached the floor, or at `maximumFactor` shares.
        let converging = options.stop == .converged
        let limit = converging ? budget * MapperOptions.maximumFactor : budget
        let patience = max(16, Int(Double(budget) * MapperOptions.patienceFraction))
        var end = SearchEnd.budget
        var currentCost = bestCost
        var fails = 0
        var restarts = 0
        // Half the streams anneal (they can leave a local optimum), half climb greedily (they
        // polish); the merge keeps the best of both.
        let anneal = stream % 2 == 0
        let temperatures = converging ? Mapper.temperatures : [Mapper.fixedBudgetTemperature]
        let t0 = temperatures[(stream / 2) % temperatures.count]
        // Whether the kernel's loop nest is that of `current`.
        var nestIsCurrent = false
        // An annealing stream's temperature falls over one round of `budget` evaluations; a
        // converging stream that gained in a round reheats from its best for another one.
        var roundStart = 0
        var gainAtRoundStart = lastGain
        while evaluated < limit && !stoppedByTime {
            if converging {
                if bestCost.objective <= floor * (1 + MapperOptions.gainThreshold) { end = .converged; break }
                if anneal {
                    if evaluated - roundStart >= budget {
                        if lastGain == gainAtRoundStart { end = .converged; break }
                        roundStart = evaluated
                        gainAtRoundStart = lastGain
                        if let b = best { current = b; currentCost = bestCost; nestIsCurrent = false }
                    }
                } else if evaluated - lastGain >= patience {
                    end = .converged
                    break
                }
            }
            if evaluated & 255 == 0, interrupted() { break }
            let mv = search.move(&current, using: &rng)
            // A keep toggle leaves the loop nest alone: the kernel reuses it when it still holds
            // the nest of `current` (after a rejected factor or order move it does not).
            let keepOnly = mv.kind == .keep
            let sameNest = keepOnly && nestIsCurrent
            nestIsCurrent = true
            if let c = evaluate(current, sameNest: sameNest),
               c < currentCost || (anneal && accepts(c, over: currentCost, progress: Double(evaluated - roundStart) / Double(budget), t0: t0, &rng)) {
                if c < currentCost { fails = 0 } else { fails += 1 }
                currentCost = c
                consider(current, c)
            } else {
                search.undo(mv, &current)
                nestIsCurrent = keepOnly
                fails += 1
            }
            if fails > 200, let b = best {
                restarts += 1
                if restarts % 2 == 0 {
                    // Restart somewhere new: the best of a few fresh samples.
                    var fresh: (CompactMapping, Cost)?
                    for _ in 0..<32 {
                        search.sample(into: &scratch, using: &rng)
                        if let c = evaluate(scratch), fresh == nil || c < fresh!.1 { fresh = (scratch, c) }
                    }
                    if let (m, c) = fresh {
                        current = m
                        currentCost = c
                        consider(m, c)
                    }
                } else {
                    // Restart near the best: a few random moves away from it.
                    current = b
                    for _ in 0..<3 { _ = search.move(&current, using: &rng) }
                    if let c = evaluate(current) {
                        currentCost = c
                    } else {
                        current = b
                        currentCost = bestCost
                    }
                }
                fails = 0
                nestIsCurrent = false
            }
        }
        if stoppedByTime { end = .timeLimit }
        return StreamResult(best: padding.flatMap { p in best.map { p.clip($0) } } ?? best, cost: bestCost, evaluated: evaluated, valid: valid, end: end)
    }
}

/// How an imperfect search stream pads a layer (docs/mapper.md, "Imperfect factorization"):
/// each bound `D` becomes the smallest `D' ≥ D` whose prime factors are at most `smoothness`
/// (when `D' < 2D`), the stream places the prime factors of `D'` as usual, and `clip` turns the
/// outermost loop of each padded dimension into an imperfect one covering exactly `D`: with
/// step `τ = D'/f` (the product of the loops inside it), it runs `⌈D/τ⌉` times, the last
/// iteration partial. The tiles inside are those of a perfect mapping of `D'`, so the
/// sampler's capacity check stays valid (it is conservative for the outermost level).
struct ImperfectPadding {
    /// The largest prime factor allowed in a padded bound, per imperfect stream in turn.
    static let smoothness = [2, 3, 5, 7]

    let bounds: [Int]
    let padded: Layer

    init?(layer: Layer, smoothness p: Int) {
        bounds = layer.bounds
        var out = layer
        for d in 0..<8 {
            let b = layer.bounds[d]
            guard b > 2 else { continue }
            var x = b
            while x < 2 * b && Mapspace.primeFactors(x).last! > p { x += 1 }
            if x < 2 * b { out.bounds[d] = x }
        }
        if out.bounds == layer.bounds { return nil }
        padded = out
    }

    /// `m` (a mapping of the padded layer) with each padded dimension's outermost loop clipped
    /// to the real bound.
    func clip(_ m: CompactMapping) -> CompactMapping {
        var out = m
        for d in 0..<8 where padded.bounds[d] != bounds[d] {
            // The outermost loop of d in nest order: level by level, temporal, then x, then y.
            var slot = -1
            for s in 0..<(m.levels * 3) where m.factor(slot: s, d) > 1 {
                slot = s
                break
            }
            guard slot >= 0 else { continue }
            let f = m.factor(slot: slot, d)
            let step = padded.bounds[d] / f
            let clipped = (bounds[d] + step - 1) / step
            let i = slot / 3
            switch slot % 3 {
            case 0: out[temporal: i, d] = clipped
            case 1: out[spatialX: i, d] = clipped
            default: out[spatialY: i, d] = clipped
            }
            if clipped * step != bounds[d] { out.setSpan(slot: slot, d, bounds[d]) }
        }
        return out
    }
}

extension Mapper {
    /// The starting temperatures of the annealing streams, in turn (stream 0: the first, stream
    /// 2: the second, …): a hot one that leaves deep local optima and a cool one that settles.
    static let temperatures: [Double] = [0.15, 0.05]
    /// The starting temperature of every annealing stream with `--fixed-budget`: the search as it
    /// was before adaptive stopping, so that it reproduces earlier reports.
    static let fixedBudgetTemperature = 0.3

    /// The mapspace, layer and padding a stream searches: the perfect ones, or for an odd
    /// stream with imperfect factorization on, a padded layer's (`ImperfectPadding`).
    func imperfectStream(layer: Layer, space: Mapspace, stream: Int) -> (Mapspace, Layer, ImperfectPadding?) {
        guard options.imperfect && stream % 2 == 1,
              let p = ImperfectPadding(layer: layer, smoothness: ImperfectPadding.smoothness[(stream / 2) % ImperfectPadding.smoothness.count]),
              let padded = try? Mapspace(architecture: architecture.architecture, layer: p.padded, constraints: constraints)
        else { return (space, layer, nil) }
        return (padded, p.padded, p)
    }

    /// Simulated annealing's acceptance of a worse candidate: with probability
    /// `exp(−(c/c₀ − 1)/T)`, the temperature falling from 0.3 to 0 over the stream's budget, so
    /// the climb can leave a local optimum early on and settles late.
    @inline(__always)
    func accepts(_ c: Cost, over current: Cost, progress: Double, t0: Double, _ rng: inout SplitMix64) -> Bool {
        let temperature = t0 * (1 - progress)
        guard temperature > 0, current.objective > 0, c.objective.isFinite else { return false }
        let worse = c.objective / current.objective - 1
        if worse > 20 * temperature { return false }
        return Double.random(in: 0..<1, using: &rng) < exp(-worse / temperature)
    }
}

extension CompactMapping {
    /// A total order on mappings, to break cost ties the same way on every run.
    func precedes(_ other: CompactMapping) -> Bool {
        if temporal != other.temporal { return temporal.lexicographicallyPrecedes(other.temporal) }
        if spatialX != other.spatialX { return spatialX.lexicographicallyPrecedes(other.spatialX) }
        if spatialY != other.spatialY { return spatialY.lexicographicallyPrecedes(other.spatialY) }
        if order != other.order { return order.lexicographicallyPrecedes(other.order) }
        return keeps.lexicographicallyPrecedes(other.keeps)
    }
}
