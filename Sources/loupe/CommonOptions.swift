import ArgumentParser
import LoupeEngine
import LoupeModel
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

    @Option(name: .customLong("time-limit"), parsing: .unconditional,
            help: ArgumentHelp("Wall-clock limit of each search in seconds; results then depend on the machine's speed.", valueName: "SECONDS"))
    var timeLimit: Double?

    @Flag(help: "Spend exactly --budget evaluations per layer shape instead of stopping when the search converges.")
    var fixedBudget = false

    @Option(parsing: .unconditional, help: "Random seed of the search; the same seed gives byte-identical reports.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores); results do not depend on it.")
    var threads: Int?

    @Flag(help: "Allow imperfect factorization: tiles that do not divide their dimension, the last iteration partial (as the architecture's mapper: {imperfect: true}).")
    var imperfect = false

    func validate() throws {
        if budget < 1 { throw ValidationError("--budget must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
            throw ValidationError("--time-limit must be a number of seconds above 0, found \(timeLimit)")
        }
    }

    var options: MapperOptions {
        var o = MapperOptions(objective: objective, budget: budget, seed: seed, stop: fixedBudget ? .budget : .converged,
                              timeLimit: timeLimit)
        if let threads { o.threads = threads }
        o.imperfect = imperfect
        return o
    }
}

import LoupeModel

/// `--strict`, shared by estimate and energy-table: figure warnings (a library figure outside its
/// model's data, a buffer dearer per bit than the level above it; docs/energy.md "Ranges")
/// become errors, exit 65.
struct FigureCheckOptions: ParsableArguments {
    @Flag(help: "Treat figure warnings (out-of-range component figures, a buffer dearer per bit than the level above) as errors (exit 65).")
    var strict = false

    /// Prints the warnings of the resolved `architecture` on stderr; with `--strict`, fails.
    func check(_ architecture: Architecture) throws {
        let warnings = architecture.figureWarnings()
        let diagnostics = warnings.map {
            Diagnostic(strict ? .error : .warning, "\($0.level): \($0.message)", at: $0.location)
        }
        if strict && !diagnostics.isEmpty {
            _ = try Terminal.guarded { () throws(DiagnosticError) in throw DiagnosticError(diagnostics) }
        }
        Terminal.print(diagnostics)
    }
}
