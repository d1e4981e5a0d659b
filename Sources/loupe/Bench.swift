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
    @Flag(help: "Skip the ResNet-50 whole-network search.") var quick = false

    func validate() throws {
        guard seconds.isFinite, seconds > 0, seconds <= 3600 else {
            throw ValidationError("--seconds must be a number of seconds above 0 and at most 3600, found \(seconds)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        #if DEBUG
        Terminal.error("warning: a debug build; run `swift run -c release loupe bench` for representative numbers")
        #endif
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
        print("peak memory: \(NumberFormat.string(Benchmark.peakMemoryMiB(), .fixed(fractionDigits: 0), nonFinite: .spelled)) MiB")
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
