import Foundation
import LoupeEngine
import LoupeModel

/// Timings behind `loupe bench` (the library measures; the command prints).
public enum Benchmark {
    /// Evaluations per second of one kernel (one thread) over a fixed set of valid mappings of
    /// the layer (`count` random samples of its mapspace that fit): `analyze` + `cost` alone.
    /// `architecture` may be as loaded: it is resolved here (as in `searchRate`).
    public static func kernelRate(architecture: Architecture, layer: Layer, count: Int = 1000,
                                  seconds: Double = 1.0) throws(DiagnosticError) -> (rate: Double, mappings: Int) {
        let space = try Mapspace(architecture: architecture, layer: layer, constraints: architecture.constraints)
        let kernel = NestKernel(architecture: ResolvedArchitecture(architecture), layer: layer)
        let fit = TileFit(architecture: architecture, layer: layer, storageRatios: StorageRatios(levelCount: architecture.levels.count))
        var rng = SplitMix64(seed: 1)
        var mappings: [CompactMapping] = []
        var tries = 0
        while mappings.count < count && tries < count * 100 {
            tries += 1
            let m = space.sample(using: &rng, fit: fit)
            if space.meetsFactorBounds(m) && kernel.analyze(m) { mappings.append(m) }
        }
        guard !mappings.isEmpty else { return (0, 0) }
        var n = 0
        var sink = 0.0
        let start = Date()
        var elapsed = 0.0
        repeat {
            for m in mappings {
                if kernel.analyze(m) { sink += kernel.cost().energy }
            }
            n += mappings.count
            elapsed = Date().timeIntervalSince(start)
        } while elapsed < seconds
        withExtendedLifetime(sink) {}   // keep the work from being optimized away
        return (Double(n) / elapsed, mappings.count)
    }

    /// Mapper throughput on one layer with one thread: candidates generated and evaluated per
    /// second (valid ones counted separately), including sampling and neighbour moves.
    public static func searchRate(architecture: Architecture, layer: Layer, budget: Int)
        throws(DiagnosticError) -> (evaluated: Int, valid: Int, seconds: Double, best: LayerSearchResult?) {
        let mapper = Mapper(architecture: ResolvedArchitecture(architecture), constraints: architecture.constraints,
                            options: MapperOptions(objective: .edp, budget: budget, seed: 1, threads: 1, streams: 1))
        let start = Date()
        let result = try mapper.searchAll(layers: [layer])[0]
        let seconds = Date().timeIntervalSince(start)
        return (result?.evaluated ?? 0, result?.valid ?? 0, seconds, result)
    }

    /// One run of the mapper over a whole workload, as `loupe estimate` runs it (the
    /// architecture's techniques give the storage ratios): the sum over the workload's layers of
    /// each layer's best objective (the mapper's own, dense, without launch time), the wall
    /// time, the evaluations, and how many distinct shapes ended each way.
    public struct NetworkSearch: Sendable {
        public var objectiveSum: Double
        public var seconds: Double
        public var evaluated: Int
        public var ends: [SearchEnd: Int]
        /// Per layer of the workload: its name, best objective and how its search ended.
        public var layers: [(name: String, objective: Double, end: SearchEnd, evaluated: Int)] = []
    }

    /// `architecture` as loaded (resolved here). Throws what the mapper throws.
    public static func networkSearch(architecture: Architecture, workload: Workload, options: MapperOptions)
        throws(DiagnosticError) -> NetworkSearch {
        let evaluator = Evaluator(architecture: architecture)
        let arch = evaluator.architecture
        let techniques = try TechniqueRegistry.makeAll(architecture: arch)
        let layers = workload.layers
        let ratios = layers.map { EstimatePipeline.storageRatios(for: $0, architecture: arch, techniques: techniques) }
        let mapper = Mapper(architecture: evaluator.resolved, constraints: arch.constraints, options: options)
        let start = Date()
        let results = try mapper.searchAll(layers: layers, storageRatios: ratios)
        let seconds = Date().timeIntervalSince(start)
        var sum = 0.0
        var ends: [SearchEnd: Int] = [:]
        var evaluated = 0
        var seen = Set<String>()
        var perLayer: [(name: String, objective: Double, end: SearchEnd, evaluated: Int)] = []
        for (i, r) in results.enumerated() {
            guard let r else { return NetworkSearch(objectiveSum: .infinity, seconds: seconds, evaluated: 0, ends: [:]) }
            sum += r.cost.objective
            perLayer.append((layers[i].name, r.cost.objective, r.end, r.evaluated))
            if seen.insert(Mapper.signature(layers[i]) + " \(ratios[i].levels)").inserted {
                ends[r.end, default: 0] += 1
                evaluated += r.evaluated
            }
        }
        return NetworkSearch(objectiveSum: sum, seconds: seconds, evaluated: evaluated, ends: ends, layers: perLayer)
    }

    /// Peak resident memory of this process so far, in MiB.
    public static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        #if os(macOS)
        return Double(usage.ru_maxrss) / (1024.0 * 1024.0)   // bytes on macOS
        #else
        return Double(usage.ru_maxrss) / 1024.0              // KiB on Linux
        #endif
    }
}
