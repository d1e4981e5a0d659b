import ArgumentParser
import Foundation
import LoupeEngine
import LoupeModel
import LoupeSearch
import LoupeSpec

/// `loupe bench`: mapper evaluations per second on fixed nests and whole-network search times.
/// Build with `swift build -c release` (or `swift run -c release loupe bench`) for real numbers.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure mapper evaluations per second and whole-network search times.",
        discussion: "Run in release mode: swift run -c release loupe bench")

    @Option(help: "Directory holding Architectures/ and Workloads/.") var root: String = "."
    @Option(parsing: .unconditional, help: "Seconds per kernel measurement (more than 0, at most 3600).") var seconds: Double = 1.0
    @Option(parsing: .unconditional, help: "Worker threads for the whole-network searches (default: all cores).") var threads: Int?
    @Flag(help: "Skip the ResNet-50 whole-network search (with --convergence: only a representative subset of pairs).") var quick = false
    @Flag(help: "Instead: per zoo pair, the default search against a fixed budget and a --scale times larger one.") var convergence = false
    @Option(parsing: .unconditional, help: "With --convergence: the reference budget, in multiples of the default (default 100).") var scale: Int = 100
    @Option(help: "With --convergence: the objective (default edp).") var objective: Objective = .edp
    @Option(name: .customLong("pair"), help: ArgumentHelp("With --convergence: only this pair (repeatable), e.g. eyeriss:resnet50.", valueName: "ARCH:WORKLOAD"))
    var pairs: [String] = []
    @Flag(help: "With --convergence: also print each layer's objective and gaps.") var perLayer = false

    func validate() throws {
        guard seconds.isFinite, seconds > 0, seconds <= 3600 else {
            throw ValidationError("--seconds must be a number of seconds above 0 and at most 3600, found \(seconds)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if scale < 1 { throw ValidationError("--scale must be at least 1") }
        for p in pairs where p.split(separator: ":").count != 2 {
            throw ValidationError("--pair expects ARCH:WORKLOAD (file stems in Architectures/ and Workloads/), found '\(p)'")
        }
    }

    func run() throws {
        #if DEBUG
        Terminal.error("warning: a debug build; run `swift run -c release loupe bench` for representative numbers")
        #endif
        if convergence { return try runConvergence() }
        let eyeriss = try load("Architectures/eyeriss.yaml")
        let simba = try load("Architectures/simba-like.yaml")
        let alexnet = try loadWorkload("Workloads/alexnet.yaml")
        let resnet = try loadWorkload("Workloads/resnet50.yaml")

        print("nest evaluation (one thread)")
        for (label, arch, layer) in [("Eyeriss-size conv: eyeriss × alexnet conv3", eyeriss, alexnet.layers[2]),
                                     ("Simba-size nest:   simba-like × resnet50 \(resnet.layers[5].name)", simba, resnet.layers[5])] {
            let search = try Terminal.guarded { () throws(DiagnosticError) in
                try Benchmark.searchRate(architecture: arch, layer: layer, budget: 200_000)
            }
            guard let best = search.best else {
                Terminal.error("no valid mapping found for \(label)")
                continue
            }
            _ = best
            let kernel = try Terminal.guarded { () throws(DiagnosticError) in
                try Benchmark.kernelRate(architecture: arch, layer: layer, seconds: seconds)
            }
            print("  \(label) (\(arch.levels.count - 1) storage levels)")
            print("    kernel:  \(Int(kernel.rate)) evaluations/s (over \(kernel.mappings) valid random mappings)")
            print("    mapper:  \(Int(Double(search.evaluated) / search.seconds)) candidates/s, \(Int(Double(search.valid) / search.seconds)) valid/s (\(search.valid) of \(search.evaluated) valid)")
        }

        print("whole-network search (budget \(MapperOptions().budget) per layer, \(threads ?? ProcessInfo.processInfo.activeProcessorCount) threads)")
        var nets = [("alexnet", alexnet)]
        if !quick { nets.append(("resnet50", resnet)) }
        for (name, workload) in nets {
            var options = MapperOptions()
            if let threads { options.threads = threads }
            let request = EstimateRequest(architecture: eyeriss, workload: workload, options: options,
                                          disabledTechniques: Set(TechniqueRegistry.kinds))
            let start = Date()
            let (estimate, stats) = try Terminal.guarded { () throws(DiagnosticError) in try EstimatePipeline.run(request) }
            let wall = Date().timeIntervalSince(start)
            print("  eyeriss × \(name): \(workload.layers.count) layers (\(stats.layersSearched) distinct), \(NumberFormat.string(wall, .fixed(fractionDigits: 2), nonFinite: .spelled)) s wall, \(stats.evaluated) evaluated (\(stats.valid) valid), \(NumberFormat.string(estimate.totalEnergy / 1e6, .general(significant: 3), nonFinite: .spelled)) µJ")
        }
        try sweepBench(workload: quick ? "alexnet" : "resnet50")
        print("peak memory: \(NumberFormat.string(Benchmark.peakMemoryMiB(), .fixed(fractionDigits: 0), nonFinite: .spelled)) MiB")
    }

    /// The pairs `--quick --convergence` measures: a small and a large hierarchy on a CNN, a
    /// systolic array on a transformer, a deep GPU-like hierarchy.
    static let quickPairs = ["eyeriss:resnet50", "simba-like:resnet18", "tpu-like:bert-base-encoder", "h100-like:mobilenet_v2"]

    /// `--convergence`: per pair, the search as it was (a fixed budget), the default search, and a
    /// fixed budget `--scale` times larger, all with one seed; their objective sums, gaps to the
    /// reference and wall times (docs/mapper.md §6).
    func runConvergence() throws {
        let fm = FileManager.default
        func stems(_ dir: String) -> [String] {
            let full = (root as NSString).appendingPathComponent(dir)
            return ((try? fm.contentsOfDirectory(atPath: full)) ?? []).filter { $0.hasSuffix(".yaml") }
                .map { String($0.dropLast(5)) }.sorted()
        }
        var list: [(String, String)] = []
        if !pairs.isEmpty {
            list = pairs.map { p in let parts = p.split(separator: ":"); return (String(parts[0]), String(parts[1])) }
        } else if quick {
            list = Bench.quickPairs.map { p in let parts = p.split(separator: ":"); return (String(parts[0]), String(parts[1])) }
        } else {
            for a in stems("Architectures") { for w in stems("Workloads") { list.append((a, w)) } }
        }
        var base = MapperOptions(objective: objective)
        if let threads { base.threads = threads }
        var fixed = base
        fixed.stop = .budget
        var reference = fixed
        reference.budget = base.budget * scale
        print("convergence: objective \(objective.rawValue), budget \(base.budget), reference \(scale)× fixed, \(base.threads) threads")
        print(["pair", "fixed", "fixed_s", "default", "default_s", "reference", "reference_s", "fixed_gap", "default_gap", "default_ends"]
            .joined(separator: "\t"))
        func pct(_ x: Double) -> String { NumberFormat.string(100 * x, .fixed(fractionDigits: 3), nonFinite: .spelled) + "%" }
        func sec(_ x: Double) -> String { NumberFormat.string(x, .fixed(fractionDigits: 2), nonFinite: .spelled) }
        func num(_ x: Double) -> String { NumberFormat.string(x, .general(significant: 6), nonFinite: .spelled) }
        var totals = (fixed: 0.0, adaptive: 0.0, reference: 0.0)
        var worst = (fixed: -Double.infinity, adaptive: -Double.infinity)
        var over = (fixed: 0, adaptive: 0)
        for (a, w) in list {
            let arch = try load("Architectures/\(a).yaml")
            let work = try loadWorkload("Workloads/\(w).yaml")
            let runs = try [fixed, base, reference].map { o in
                try Terminal.guarded { () throws(DiagnosticError) in try Benchmark.networkSearch(architecture: arch, workload: work, options: o) }
            }
            let ref = runs[2].objectiveSum
            let gapFixed = (runs[0].objectiveSum - ref) / ref, gapDefault = (runs[1].objectiveSum - ref) / ref
            totals.fixed += runs[0].seconds; totals.adaptive += runs[1].seconds; totals.reference += runs[2].seconds
            worst.fixed = max(worst.fixed, gapFixed); worst.adaptive = max(worst.adaptive, gapDefault)
            if gapFixed > 0.005 { over.fixed += 1 }
            if gapDefault > 0.005 { over.adaptive += 1 }
            let ends = [SearchEnd.converged, .budget, .timeLimit].compactMap { e in runs[1].ends[e].map { "\(e.rawValue) \($0)" } }
            print(["\(a) × \(w)", num(runs[0].objectiveSum), sec(runs[0].seconds), num(runs[1].objectiveSum), sec(runs[1].seconds),
                   num(ref), sec(runs[2].seconds), pct(gapFixed), pct(gapDefault), ends.joined(separator: ", ")].joined(separator: "\t"))
            if perLayer {
                for k in runs[2].layers.indices {
                    let (f, d, r) = (runs[0].layers[k], runs[1].layers[k], runs[2].layers[k])
                    print(["  \(r.name)", num(f.objective), "", num(d.objective), "", num(r.objective), "",
                           pct((f.objective - r.objective) / r.objective), pct((d.objective - r.objective) / r.objective),
                           "\(d.end.rawValue) \(d.evaluated)"].joined(separator: "\t"))
                }
            }
        }
        print("pairs: \(list.count); max gap to \(scale)×: fixed \(pct(worst.fixed)), default \(pct(worst.adaptive)); "
              + "pairs over 0.5%: fixed \(over.fixed), default \(over.adaptive); "
              + "wall: fixed \(sec(totals.fixed)) s, default \(sec(totals.adaptive)) s, reference \(sec(totals.reference)) s")
    }

    /// The global-buffer sizes of the sweep benchmark (eyeriss's GlobalBuffer energies are given
    /// per access, so a larger buffer can only help).
    static let sweepSizes = ["32KiB", "64KiB", "96KiB", "128KiB", "192KiB", "256KiB", "384KiB", "512KiB"]

    /// A sweep of eyeriss's GlobalBuffer size (`sweepSizes`), objective energy, techniques
    /// disabled, with and without shared search: wall time, searches, and whether the energy is
    /// monotone (never rises with the size).
    func sweepBench(workload: String) throws {
        let archPath = (root as NSString).appendingPathComponent("Architectures/eyeriss.yaml")
        let workPath = (root as NSString).appendingPathComponent("Workloads/\(workload).yaml")
        var mapperOptions = MapperOptions(objective: .energy)
        if let threads { mapperOptions.threads = threads }
        let options = mapperOptions
        let points = Bench.sweepSizes.enumerated().map { SweepPoint(index: $0, paths: ["architecture.levels.GlobalBuffer.size"], values: [$1]) }
        print("sweep: eyeriss × \(workload), GlobalBuffer.size \(Bench.sweepSizes.first!)…\(Bench.sweepSizes.last!) (\(points.count) points), objective energy, techniques disabled")
        for share in [false, true] {
            let counter = SweepRunner.Counter()
            let start = Date()
            let outcomes = SweepRunner(threads: options.threads, share: share).run(points, request: { point throws(DiagnosticError) in
                var overrides: [Override] = []
                for a in point.assignments { overrides.append(try Override.parse(a)) }
                let arch = try SpecLoader.loadArchitecture(path: archPath, overrides: overrides)
                let work = try SpecLoader.loadWorkload(path: workPath, overrides: overrides)
                return EstimateRequest(architecture: arch, workload: work, options: options, disabledTechniques: Set(TechniqueRegistry.kinds))
            }, counter: counter)
            let wall = Date().timeIntervalSince(start)
            let energies = outcomes.map { $0.estimate?.totalEnergy ?? .nan }
            let rises = zip(energies, energies.dropFirst()).filter { !($1 <= $0) }.count
            let text = energies.map { NumberFormat.string($0 / 1e6, .general(significant: 5), nonFinite: .spelled) }.joined(separator: ", ")
            print("  \(share ? "shared" : "no-share"): \(NumberFormat.string(wall, .fixed(fractionDigits: 2), nonFinite: .spelled)) s wall"
                  + (share ? ", \(counter.searches) searches" : "") + ", energy rises \(rises) time(s) from one size to the next; µJ: \(text)")
        }
    }

    func load(_ path: String) throws -> Architecture {
        let full = (root as NSString).appendingPathComponent(path)
        return try Terminal.guarded { () throws(DiagnosticError) in Evaluator(architecture: try SpecLoader.loadArchitecture(path: full)).architecture }
    }

    func loadWorkload(_ path: String) throws -> Workload {
        let full = (root as NSString).appendingPathComponent(path)
        return try Terminal.guarded { () throws(DiagnosticError) in try SpecLoader.loadWorkload(path: full) }
    }
}
