import Foundation
import LoupeEngine
import LoupeModel

/// Timings behind `loupe bench` (the library measures; the command prints).
public enum Benchmark {
    /// Evaluations per second of one kernel (one thread) re-evaluating a fixed mapping:
    /// the cost of `analyze` + `cost` alone.
    public static func kernelRate(architecture: Architecture, layer: Layer, mapping: CompactMapping,
                                  seconds: Double = 1.0) -> (rate: Double, energy: Double) {
        let kernel = NestKernel(architecture: architecture, layer: layer)
        var n = 0
        var sink = 0.0
        let start = Date()
        var elapsed = 0.0
        repeat {
            for _ in 0..<10_000 {
                if kernel.analyze(mapping) { sink += kernel.cost().energy }
            }
            n += 10_000
            elapsed = Date().timeIntervalSince(start)
        } while elapsed < seconds
        return (Double(n) / elapsed, sink / Double(n))
    }

    /// Mapper throughput on one layer with one thread: candidates generated and evaluated per
    /// second (valid ones counted separately), including sampling and neighbour moves.
    public static func searchRate(architecture: Architecture, layer: Layer, budget: Int)
        throws(DiagnosticError) -> (evaluated: Int, valid: Int, seconds: Double, best: LayerSearchResult?) {
        let mapper = Mapper(architecture: architecture, constraints: architecture.constraints,
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
