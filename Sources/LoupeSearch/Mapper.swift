import Foundation
import LoupeEngine
import LoupeModel

/// Settings of a mapper run (docs/spec.md §10, docs/mapper.md §2).
public struct MapperOptions: Sendable, Hashable {
    public var objective: Objective
    /// Mapping evaluations per layer (the search stops there, or at Ctrl-C).
    public var budget: Int
    public var seed: UInt64
    /// Worker threads; the result does not depend on it.
    public var threads: Int
    /// Independent search streams per layer (fixed, so that results do not depend on `threads`).
    public var streams: Int
    /// Whether the search also proposes imperfect loops (`--imperfect`, or the architecture's
    /// `mapper: {imperfect: true}`; docs/mapper.md, "Imperfect factorization").
    public var imperfect = false

    public init(objective: Objective = .edp, budget: Int = 30_000, seed: UInt64 = 1,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, streams: Int = 8) {
        self.objective = objective
        self.budget = budget
        self.seed = seed
        self.threads = max(1, threads)
        self.streams = max(1, streams)
    }
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
    public func searchAll(layers: [Layer], storageRatios: [StorageRatios]? = nil, cancel: CancellationFlag? = nil,
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
        let representatives = representativeList
        let spaces = spaceList
        let tasks = representatives.count * streams
        let results = ResultBox<StreamResult>(count: tasks)
        // Streams left per layer, and (last slot) layers finished.
        let remaining = ResultBox<Int>(count: representatives.count + 1)
        for k in 0..<representatives.count { remaining[k] = streams }
        remaining[representatives.count] = 0
        // Best energy of each finished layer shape, for the progress line.
        let finishedEnergy = ResultBox<Double>(count: 1)
        finishedEnergy[0] = 0
        ParallelWork.run(count: tasks, threads: options.threads) { task in
            let r = task / streams
            let layer = layers[representatives[r]]
            let ratio = storageRatios?[representatives[r]] ?? StorageRatios(levelCount: architecture.levels.count)
            let result = searchStream(layer: layer, space: spaces[r], stream: task % streams, ratio: ratio, cancel: cancel)
            results[task] = result
            let finished = remaining.withLock { () -> SearchProgress? in
                let left = (remaining.unsafeGet(r) ?? 1) - 1
                remaining.unsafeSet(r, left)
                guard left == 0 else { return nil }
                let d = (remaining.unsafeGet(representatives.count) ?? 0) + 1
                remaining.unsafeSet(representatives.count, d)
                let best = (0..<streams).compactMap { results[r * streams + $0]?.cost }.min()
                let energy = (finishedEnergy[0] ?? 0) + (best.map { $0.energy.isFinite ? $0.energy : 0 } ?? 0)
                finishedEnergy[0] = energy
                return SearchProgress(done: d, total: representatives.count, bestEnergySoFar: energy)
            }
            if let finished { progress?(finished) }
        }

        var perRepresentative: [LayerSearchResult?] = []
        for r in 0..<representatives.count {
            var best: StreamResult?
            var evaluated = 0
            var valid = 0
            var exhaustive = true
            for s in 0..<streams {
                guard let res = results[r * streams + s] else { exhaustive = false; continue }
                evaluated += res.evaluated
                valid += res.valid
                exhaustive = exhaustive && res.exhaustive
                if let m = res.best {
                    if let b = best?.best, !(res.cost < best!.cost || (res.cost == best!.cost && m.precedes(b))) { continue }
                    best = res
                }
            }
            if let best, let m = best.best {
                perRepresentative.append(LayerSearchResult(mapping: m.mapping(narrowKeepsAgainst: architecture.architecture), compact: m,
                                                           cost: best.cost, evaluated: evaluated, valid: valid,
                                                           exhaustive: exhaustive && cancel?.isCancelled != true))
            } else {
                perRepresentative.append(nil)
            }
        }
        return layers.enumerated().map { i, l in
            let key = Mapper.signature(l) + (storageRatios.map { " \($0[i].levels)" } ?? "")
            return perRepresentative[unique[key]!]
        }
    }

    struct StreamResult: Sendable {
        var best: CompactMapping?
        var cost: Cost
        var evaluated: Int
        var valid: Int
        var exhaustive = false
    }

    /// One search stream (see the type's doc).
    func searchStream(layer: Layer, space perfectSpace: Mapspace, stream: Int, ratio: StorageRatios, cancel: CancellationFlag?) -> StreamResult {
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
        func consider(_ m: CompactMapping, _ c: Cost) {
            if c < bestCost || (c == bestCost && best.map { m.precedes($0) } ?? true) {
                best = m
                bestCost = c
            }
        }
        // Small spaces are enumerated whole: the result is the optimum, not an estimate of it.
        if !options.imperfect, let exhaustive = ExhaustiveSearch(space: space, limit: min(options.budget, ExhaustiveSearch.maximumPoints)) {
            var visited = 0
            exhaustive.run(stream: stream, streams: options.streams) { m in
                visited += 1
                if visited & 4095 == 0, cancel?.isCancelled == true { return false }
                if let c = evaluate(m) { consider(m, c) }
                return true
            }
            return StreamResult(best: best, cost: bestCost, evaluated: evaluated, valid: valid, exhaustive: true)
        }
        let search = MoveSearch(space: space, fit: TileFit(architecture: architecture.architecture, layer: searched, storageRatios: ratio))
        var scratch = CompactMapping(levels: space.levels)
        let samples = max(1, budget / 16)
        for k in 0..<samples {
            if k & 255 == 255, cancel?.isCancelled == true { break }
            search.sample(into: &scratch, using: &rng)
            if let c = evaluate(scratch) { consider(scratch, c) }
        }
        guard var current = best else { return StreamResult(best: nil, cost: .infinity, evaluated: evaluated, valid: valid) }
        var currentCost = bestCost
        var fails = 0
        var restarts = 0
        // Half the streams anneal (they can leave a local optimum), half climb greedily (they
        // polish); the merge keeps the best of both.
        let anneal = stream % 2 == 0
        // Whether the kernel's loop nest is that of `current`.
        var nestIsCurrent = false
        while evaluated < budget {
            if evaluated & 255 == 0, cancel?.isCancelled == true { break }
            let mv = search.move(&current, using: &rng)
            // A keep toggle leaves the loop nest alone: the kernel reuses it when it still holds
            // the nest of `current` (after a rejected factor or order move it does not).
            let keepOnly = mv.kind == .keep
            let sameNest = keepOnly && nestIsCurrent
            nestIsCurrent = true
            if let c = evaluate(current, sameNest: sameNest),
               c < currentCost || (anneal && accepts(c, over: currentCost, progress: Double(evaluated) / Double(budget), &rng)) {
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
        return StreamResult(best: padding.flatMap { p in best.map { p.clip($0) } } ?? best, cost: bestCost, evaluated: evaluated, valid: valid)
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
    func accepts(_ c: Cost, over current: Cost, progress: Double, _ rng: inout SplitMix64) -> Bool {
        let temperature = 0.3 * (1 - progress)
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
