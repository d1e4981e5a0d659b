import ArgumentParser
import LoupeEngine
import LoupeSearch
import LoupeSpec

extension Objective: ExpressibleByArgument {}

/// Spec overrides shared by the commands that load specs.
struct SpecOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a spec value, e.g. architecture.levels.GlobalBuffer.size=64KiB or workload.layers.conv2.stats.density.inputs=0.5 (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    func parsed() throws -> [Override] {
        try Terminal.guarded { () throws(DiagnosticError) -> [Override] in
            var out: [Override] = []
            for o in overrides { out.append(try Override.parse(o)) }
            return out
        }
    }
}

/// `--disable TECHNIQUE`, shared by estimate, roofline and sweep.
struct TechniqueOptions: ParsableArguments {
    @Option(name: .customLong("disable"), help: ArgumentHelp("Leave out a technique kind, e.g. zero_gating (repeatable).", valueName: "TECHNIQUE"))
    var disabled: [String] = []

    func validate() throws {
        for d in disabled where !TechniqueRegistry.kinds.contains(d) {
            let hint = DidYouMean.suggestion(for: d, among: TechniqueRegistry.kinds).map { " (did you mean '\($0)'?)" } ?? ""
            throw ValidationError("unknown technique '\(d)' for --disable\(hint); known: \(TechniqueRegistry.kinds.joined(separator: ", "))")
        }
    }

    var set: Set<String> { Set(disabled) }
}

/// Mapper settings shared by estimate, roofline and sweep.
struct MapperArguments: ParsableArguments {
    @Option(help: "What the mapper minimizes: energy, delay or edp.")
    var objective: Objective = .edp

    // `.unconditional`: a value that starts with '-' (a negative number) is taken as the
    // value and refused by `validate()` with a real message, not "Missing value".
    @Option(parsing: .unconditional, help: "Mapping evaluations per distinct layer shape (small mapspaces are enumerated whole).")
    var budget: Int = MapperOptions().budget

    @Option(parsing: .unconditional, help: "Random seed of the search; the same seed gives byte-identical reports.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores); results do not depend on it.")
    var threads: Int?

    @Flag(help: "Allow imperfect factorization: tiles that do not divide their dimension, the last iteration partial (as the architecture's mapper: {imperfect: true}).")
    var imperfect = false

    func validate() throws {
        if budget < 1 { throw ValidationError("--budget must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    var options: MapperOptions {
        var o = MapperOptions(objective: objective, budget: budget, seed: seed)
        if let threads { o.threads = threads }
        o.imperfect = imperfect
        return o
    }
}

import LoupeModel
