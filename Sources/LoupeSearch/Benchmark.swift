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
