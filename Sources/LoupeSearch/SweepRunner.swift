import Foundation
import LoupeEngine
import LoupeModel

/// Evaluates sweep points in parallel: one `EstimatePipeline.run` per point, points spread over
/// `threads` workers.
///
/// Determinism: each point's result depends only on its request (the mapper's result does not
/// depend on its thread count, docs/mapper.md §2), and results are collected by point index, so the
/// outcomes are the same for any `threads`. The workers are `min(threads, points)`; the mapper of
/// each point gets `max(1, threads / workers)` threads (1 when there are at least as many points as
/// threads), so a small sweep still uses every core.
///
/// With `share` (the default) the points share their search (docs/sweeps.md, "Shared search"):
/// a first pass searches every point through one `SearchCache`, so that identical searches run
/// once, and a second pass estimates each point taking, per layer, the best of its own search
/// and of the other points' best mappings re-validated on its architecture. The candidates are
/// the first pass's results, which do not depend on the order in which points ran, and the best
/// is chosen by the total order of costs and mappings, so sharing keeps the outcomes
/// deterministic.
///
/// Invalid points do not stop the sweep: their outcome holds the diagnostics and the others go
/// on (`stopOnInvalid` stops starting new points after the first failure instead, for
/// `--fail-fast`). A cancelled run (Ctrl-C) starts no new point, and a point whose search was cut
/// short by the cancellation is reported as `interrupted`, never with a partial result.
public struct SweepRunner: Sendable {
    public var threads: Int
    public var stopOnInvalid: Bool
    /// Share the search between points (docs/sweeps.md, "Shared search"): identical searches run
    /// once, and every point also tries the best mappings found at the other points.
    public var share: Bool

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, stopOnInvalid: Bool = false, share: Bool = true) {
        self.threads = max(1, threads)
        self.stopOnInvalid = stopOnInvalid
        self.share = share
    }

    /// Distinct searches of the last `run` (with `share`), for tests and `loupe bench`.
    public final class Counter: @unchecked Sendable {
        public var searches = 0
        public init() {}
    }

    /// Runs `points`; `request` builds a point's request (loading its specs with the point's
    /// overrides) or throws its diagnostics. `progress(done, total)` is called after each point,
    /// from the worker threads. Returns one outcome per point, in the order of `points`.
    ///
    /// With `share`, `neighbours` are the points whose best mappings every point also tries (the
    /// whole grid, also for a shard, so that a shard's rows are those of the unsharded run; nil:
    /// `points`). They are searched first (the first pass), then `points` are estimated with their
    /// searches taken from the cache and the neighbours' mappings as candidates (the second pass).
    public func run(_ points: [SweepPoint], neighbours: [SweepPoint]? = nil,
                    request: @escaping @Sendable (SweepPoint) throws(DiagnosticError) -> EstimateRequest,
                    cancel: CancellationFlag? = nil, counter: Counter? = nil,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> [SweepOutcome] {
        guard share else { return pass(points, request: request, cancel: cancel, progress: progress) }
        let cache = SearchCache()
        let first = neighbours ?? points
        _ = pass(first, request: { p throws(DiagnosticError) in
            var r = try request(p)
            r.searchCache = cache
            return r
        }, cancel: cancel, progress: progress)
        let out = pass(points, request: { p throws(DiagnosticError) in
            var r = try request(p)
            r.searchCache = cache
            r.shareCandidates = true
            return r
        }, cancel: cancel, progress: nil)
        counter?.searches = cache.searches
        return out
    }

    /// One pass: every point estimated independently, in parallel.
    func pass(_ points: [SweepPoint],
              request: @escaping @Sendable (SweepPoint) throws(DiagnosticError) -> EstimateRequest,
              cancel: CancellationFlag?, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?) -> [SweepOutcome] {
        let total = points.count
        let workers = max(1, min(threads, total))
        let mapperThreads = max(1, threads / workers)
        let results = ResultBox<SweepOutcome>(count: total)
        let done = ResultBox<Int>(count: 1)
        let stop = CancellationFlag()
        let stopOnInvalid = self.stopOnInvalid
        ParallelWork.run(count: total, threads: workers) { k in
            let point = points[k]
            let outcome: SweepOutcome.Result
            if cancel?.isCancelled == true || stop.isCancelled {
                outcome = .interrupted
            } else {
                outcome = Self.evaluate(point, request: request, mapperThreads: mapperThreads, cancel: cancel)
                if case .invalid = outcome, stopOnInvalid { stop.cancel() }
            }
            results[k] = SweepOutcome(point: point, result: outcome)
            let n = done.withLock { () -> Int in
                let v = (done.unsafeGet(0) ?? 0) + 1
                done.unsafeSet(0, v)
                return v
            }
            progress?(n, total)
        }
        return (0..<total).map { results[$0] ?? SweepOutcome(point: points[$0], result: .interrupted) }
    }

    /// One point: its request, then the estimate.
    static func evaluate(_ point: SweepPoint, request: @Sendable (SweepPoint) throws(DiagnosticError) -> EstimateRequest,
                         mapperThreads: Int, cancel: CancellationFlag?) -> SweepOutcome.Result {
        var r: EstimateRequest
        do { r = try request(point) } catch { return .invalid(error.diagnostics) }
        r.options.threads = mapperThreads
        do {
            let (estimate, _) = try EstimatePipeline.run(r, cancel: cancel)
            if cancel?.isCancelled == true { return .interrupted }
            return .estimate(estimate)
        } catch {
            return .invalid(error.diagnostics)
        }
    }
}
