import Foundation
import LoupeEngine
import LoupeModel
import LoupeSearch
import LoupeSpec
import Testing

/// How a search ends (converged, budget, time limit) and sweeps that share their search
/// (docs/mapper.md §2, docs/sweeps.md "Shared search").
@Suite("Search ends and shared sweeps")
struct SearchSharingTests {
    /// A global buffer whose size a sweep varies, every per-access energy given (so that a larger
    /// buffer changes only what fits: any mapping valid at a smaller size is valid at a larger one
    /// and costs the same), no leakage, no techniques.
    static let architecture = """
    version: 1
    architecture:
      name: mono
      technology: 45nm
      clock: 1 GHz
      levels:
        - name: DRAM
          class: dram
          dram: DDR4
          word_bits: 16
          bandwidth: {read: 2, write: 2}
          keeps: [weights, inputs, outputs]
          energy: {read: 200 pJ, write: 200 pJ, leak: 0 pJ}
          area: 0 um^2
        - name: GlobalBuffer
          class: sram
          size: 32 KiB
          word_bits: 16
          bandwidth: {read: 8, write: 8}
          keeps: [weights, inputs, outputs]
          energy: {read: 6 pJ, write: 6 pJ, leak: 0 pJ}
          area: 1000 um^2
        - name: PE
          array: [4, 4]
          class: regfile
          size: 16 words
          word_bits: 16
          keeps: [weights, inputs, outputs]
          energy: {read: 1 pJ, write: 1 pJ, leak: 0 pJ}
          area: 100 um^2
        - name: MAC
          class: compute
          word_bits: 16
          energy: {compute: 1 pJ}
          area: 100 um^2
    """

    /// Two layers whose tensors (inputs 57,600 words, weights 36,864 words for c1) straddle the
    /// swept buffer sizes.
    static let workload = """
    version: 1
    workload:
      name: two
      batch: 1
      layers:
        - {name: c1, type: conv, dims: {C: 64, K: 64, P: 28, Q: 28, R: 3, S: 3}}
        - {name: c2, type: conv, dims: {C: 32, K: 96, P: 14, Q: 14, R: 3, S: 3}}
    """

    static func request(_ overrides: [String], objective: Objective = .energy, budget: Int = 4000,
                        timeLimit: Double? = nil, stop: SearchStop = .converged) throws -> EstimateRequest {
        let o = try overrides.map { try Override.parse($0) }
        let arch = try SpecLoader.loadArchitecture(yaml: architecture, file: "mono.yaml", overrides: o)
        let work = try SpecLoader.loadWorkload(yaml: workload, file: "two.yaml", overrides: o)
        return EstimateRequest(architecture: arch, workload: work,
                               options: MapperOptions(objective: objective, budget: budget, seed: 3, threads: 2,
                                                      stop: stop, timeLimit: timeLimit))
    }

    static func sweep(_ vary: String, share: Bool, counter: SweepRunner.Counter? = nil,
                      objective: Objective = .energy) throws -> [NetworkEstimate] {
        let grid = try SweepGrid(axes: [try SweepAxis.parse(vary)])
        let outcomes = SweepRunner(threads: 2, share: share).run((0..<grid.count).map(grid.point), request: { point throws(DiagnosticError) in
            do { return try Self.request(point.assignments, objective: objective) } catch let e as DiagnosticError { throw e } catch {
                throw DiagnosticError([Diagnostic(.error, "\(error)", at: nil)])
            }
        }, counter: counter)
        return try outcomes.map { try #require($0.estimate) }
    }

    /// A larger buffer can only help (every mapping of a smaller one still fits and costs the
    /// same), so with shared search the sweep's energy never rises from one point to the next.
    @Test func bufferSweepIsMonotoneInEnergy() throws {
        let estimates = try Self.sweep("architecture.levels.GlobalBuffer.size=32KiB,64KiB,96KiB,128KiB,192KiB,256KiB,384KiB,512KiB",
                                       share: true)
        #expect(estimates.count == 8)
        for (a, b) in zip(estimates, estimates.dropFirst()) {
            #expect(b.totalEnergy <= a.totalEnergy * (1 + 1e-12), "\(a.totalEnergy) → \(b.totalEnergy)")
            // Per layer too: each layer's mapping is the best of the candidates.
            for (la, lb) in zip(a.layers, b.layers) { #expect(lb.dense.energy <= la.dense.energy * (1 + 1e-12)) }
        }
    }

    /// An area enters no search: every point reuses the first point's searches (one per
    /// distinct layer shape), and the mappings are those of an unshared run.
    @Test func aParameterOutsideTheSearchReusesEverySearch() throws {
        let counter = SweepRunner.Counter()
        let shared = try Self.sweep("architecture.levels.GlobalBuffer.area=1000um^2,2000um^2,3000um^2,4000um^2", share: true,
                                    counter: counter)
        #expect(counter.searches == 2)
        let alone = try Self.sweep("architecture.levels.GlobalBuffer.area=1000um^2,2000um^2,3000um^2,4000um^2", share: false)
        for (s, a) in zip(shared, alone) {
            #expect(s.layers.map(\.final.mapping) == a.layers.map(\.final.mapping))
            #expect(s.totalEnergy == a.totalEnergy)
        }
        // A per-access energy enters the objective: each point searches anew.
        let energies = SweepRunner.Counter()
        _ = try Self.sweep("architecture.levels.DRAM.energy.read=100pJ,200pJ,300pJ", share: true, counter: energies)
        #expect(energies.searches == 3 * 2)
    }

    /// Sharing keeps sweeps deterministic: the same rows with 1 or 4 threads (the order in which
    /// points finish differs).
    @Test func sharedSweepsDoNotDependOnThreads() throws {
        let grid = try SweepGrid(axes: [try SweepAxis.parse("architecture.levels.GlobalBuffer.size=32KiB,64KiB,128KiB")])
        func run(_ threads: Int) -> [Double] {
            SweepRunner(threads: threads).run((0..<grid.count).map(grid.point), request: { point throws(DiagnosticError) in
                do { return try Self.request(point.assignments) } catch let e as DiagnosticError { throw e } catch {
                    throw DiagnosticError([Diagnostic(.error, "\(error)", at: nil)])
                }
            }).map { $0.estimate?.totalEnergy ?? -1 }
        }
        #expect(run(1) == run(4))
    }

    /// Each layer says how its search ended: a fixed budget ends at the budget, a converging
    /// search converges or hits its limit (and never evaluates more than 4× the budget plus a
    /// restart per stream), and a time limit that has passed stops it at once.
    @Test func searchEnds() throws {
        let fixed = try EstimatePipeline.run(Self.request([], objective: .edp, budget: 4000, stop: .budget)).0
        #expect(fixed.layers.allSatisfy { $0.searchEnd == "budget" })
        let (adaptive, stats) = try EstimatePipeline.run(Self.request([], objective: .edp, budget: 4000))
        #expect(adaptive.layers.allSatisfy { ["converged", "budget"].contains($0.searchEnd) })
        #expect(stats.evaluated <= 2 * (4 * 4000 + 8 * 64))
        let limited = try EstimatePipeline.run(Self.request([], objective: .edp, budget: 1_000_000, timeLimit: 1e-6)).0
        #expect(limited.layers.allSatisfy { $0.searchEnd == "time_limit" })
        #expect(limited.assumptions.contains { $0.contains("time limit") })
    }
}
