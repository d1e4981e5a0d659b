import ArgumentParser
import Foundation
import LoupeEngine
import LoupeModel
import LoupeReport
import LoupeSearch
import LoupeSpec

/// `loupe sweep ARCH WORKLOAD --vary PATH=V1,V2,...`: a what-if grid, each point an estimate with
/// the point's values as `--set` overrides (docs/spec.md §9–§10; docs/sweeps.md).
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate a grid of spec variations; write sweep.csv and sweep.svg.",
        discussion: """
        Each --vary PATH=VALUES adds an axis; the points are the cartesian product, numbered from 0 \
        with the last --vary changing fastest. VALUES is a comma-separated list whose items are values \
        or ranges start:stop:step (stop included when it lands exactly; units allowed, e.g. \
        architecture.levels.GlobalBuffer.size=32KiB:128KiB:32KiB). Points run in parallel (--threads), \
        each with a deterministic mapper, so the results do not depend on the thread count.

        An invalid point (its specs fail to load with its values, or no mapping fits) does not stop \
        the sweep: its first diagnostic is printed once, its row in sweep.csv is marked \
        'invalid: ...' with empty numbers, and the others go on (--fail-fast stops at the first \
        instead). Exit status: 0 when at least one point was estimated (a shard: when its file was \
        written), 65 when none was (or with --fail-fast, when one failed), 130 after Ctrl-C (rows not \
        evaluated are marked 'interrupted').

        --shard I/N evaluates the points with index mod N == I and writes only that shard's \
        sweep.csv (no figure); 'loupe merge OUT.csv SHARD.csv...' joins the shards into the file an \
        unsharded run writes, byte for byte, and --figures-only draws sweep.svg from it.
        """)

    @Argument(help: "Architecture spec (YAML).") var architecture: String?
    @Argument(help: "Workload spec (YAML).") var workload: String?

    @Option(name: .customLong("vary"), help: ArgumentHelp("An axis: a spec path and its values, a list and/or ranges start:stop:step (repeatable).", valueName: "PATH=V1,V2,..."))
    var vary: [String] = []
    @Option(help: "Output directory (default: Reports/<architecture>-<workload>/).") var out: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Evaluate only the points with index mod N == I (0-based) and write that shard's sweep.csv.", valueName: "I/N"))
    var shard: String?
    @Flag(help: "Add one row per layer (column 'layer') after each point's network row.") var perLayer = false
    @Flag(help: "Redraw sweep.svg and sweep_figure.csv from the output directory's sweep.csv, without evaluating.") var figuresOnly = false
    @Flag(help: "Stop at the first invalid point (exit 65, nothing written) instead of marking it and going on.") var failFast = false
    @Flag(help: "List the points (index and values) this run would evaluate, and exit.") var dryRun = false
    @Flag(help: "Search every point on its own (no shared searches, no neighbours' mappings); makes shards cheaper.") var noShare = false
    @Option(help: "Mapping file for every point; layers it does not cover are searched.") var mapping: String?
    @OptionGroup var techniques: TechniqueOptions
    @OptionGroup var spec: SpecOptions
    @OptionGroup var mapper: MapperArguments

    init() {}

    func validate() throws {
        if !dryRun { try OutputCheck.directory(out) }
        if figuresOnly {
            if out == nil && (architecture == nil || workload == nil) {
                throw ValidationError("--figures-only needs --out DIR, or ARCH and WORKLOAD to find the default directory")
            }
            return
        }
        guard architecture != nil, workload != nil else { throw ValidationError("give an architecture and a workload") }
        if vary.isEmpty { throw ValidationError("give at least one --vary PATH=V1,V2,...") }
        _ = try grid()
        if let shard { do { _ = try SweepShard.parse(shard) } catch { throw ValidationError(error.message) } }
    }

    func grid() throws -> SweepGrid {
        do {
            var axes: [SweepAxis] = []
            for v in vary { axes.append(try SweepAxis.parse(v)) }
            return try SweepGrid(axes: axes)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        if figuresOnly { return try redraw() }
        let fixed = try spec.parsed()
        let grid = try self.grid()
        let architecture = self.architecture!, workload = self.workload!
        // Every axis path must be a valid --set path.
        _ = try Terminal.guarded { () throws(DiagnosticError) in
            for a in grid.axes { _ = try Override.parse("\(a.path)=\(a.values[0])") }
        }
        let shard = try self.shard.map { s throws in try SweepShard.parse(s) }
        let indices = grid.indices(shard: shard)
        if dryRun {
            print((["point"] + grid.paths).joined(separator: "\t"))
            for i in indices { print(([String(i)] + grid.point(i).values).joined(separator: "\t")) }
            print("\(indices.count) of \(grid.count) points" + (shard.map { " (shard \($0))" } ?? ""))
            return
        }
        let directory = out ?? defaultDirectory(overrides: fixed)

        let options = mapper.options
        let mappingPath = mapping
        let disabledSet = techniques.set
        let runner = SweepRunner(threads: options.threads, stopOnInvalid: failFast, share: !noShare)
        let cancel = CancellationFlag()
        let handler = InterruptHandler { cancel.cancel() }
        let progressLock = NSLock()
        // With sharing, a shard first searches the whole grid (docs/sweeps.md, "Shared search").
        let neighbours = shard == nil || noShare ? nil : (0..<grid.count).map(grid.point)
        let outcomes = runner.run(indices.map(grid.point), neighbours: neighbours, request: { point throws(DiagnosticError) in
            var overrides = fixed
            for a in point.assignments { overrides.append(try Override.parse(a)) }
            let specs = try SpecFiles.load(architecture: architecture, workload: workload, mapping: mappingPath, overrides: overrides)
            return SpecFiles.request(specs, options: options, disabled: disabledSet)
        }, cancel: cancel) { done, total in
            progressLock.withLock { Terminal.progress("sweep", done: done, total: total) }
        }
        _ = handler

        let invalid = outcomes.filter { !$0.diagnostics.isEmpty }
        if failFast, let first = invalid.first {
            Terminal.error("sweep: point \(first.point.index) (\(first.point.assignments.joined(separator: " "))) is invalid:")
            Terminal.print(first.diagnostics)
            throw Terminal.invalidSpec
        }
        for o in invalid {
            Terminal.error("sweep: point \(o.point.index) (\(o.point.assignments.joined(separator: " "))): \(o.diagnostics[0])")
        }

        let rows = outcomes.map { o -> SweepTable.Row in
            let status: SweepTable.Row.Status
            switch o.result {
            case .estimate(let e): status = .ok(e)
            case .invalid(let d): status = .invalid(Sweep.statusText(d.first))
            case .interrupted: status = .interrupted
            }
            return SweepTable.Row(point: o.point.index, values: o.point.values, status: status)
        }
        let csv = SweepTable(paths: grid.paths, perLayer: perLayer, rows: rows).render()
        var files: [(name: String, contents: String)] = [("sweep.csv", csv), (SweepParameters.fileName, parameters.text)]
        if shard == nil {
            do { files += try SweepFigure.files(csv: csv, numericX: SweepQuantity.numericAxis) } catch {
                Terminal.error("error: \(error)")
                throw Terminal.internalFailure
            }
        }
        try SpecFiles.write(files, into: directory)

        let ok = outcomes.filter { $0.estimate != nil }.count
        let interrupted = outcomes.count - ok - invalid.count
        var summary = "sweep: \(outcomes.count) point\(outcomes.count == 1 ? "" : "s")"
            + (shard.map { " (shard \($0) of \(grid.count))" } ?? "")
            + ", \(ok) estimated"
        if !invalid.isEmpty { summary += ", \(invalid.count) invalid" }
        if interrupted > 0 { summary += ", \(interrupted) interrupted" }
        print(summary)
        print("wrote " + files.map { "\(directory)/\($0.name)" }.joined(separator: ", "))
        if shard != nil { print("after all shards: loupe merge OUT/sweep.csv SHARD/sweep.csv... ; loupe sweep --figures-only --out OUT") }
        if cancel.isCancelled { throw ExitCode(130) }
        // A shard that wrote its file succeeded, whatever its rows say (so that job dependencies
        // such as Slurm's afterok still start the merge).
        if ok == 0 && !outcomes.isEmpty && shard == nil { throw Terminal.invalidSpec }
    }

    /// The settings `loupe merge` compares across shards (everything but `--shard`, `--out`,
    /// `--threads` and the flags that do not change the rows).
    var parameters: SweepParameters {
        var lines = ["architecture: \(architecture ?? "")", "workload: \(workload ?? "")"]
        if let mapping { lines.append("mapping: \(mapping)") }
        lines += spec.overrides.map { "set: \($0)" }
        lines += vary.map { "vary: \($0)" }
        lines += techniques.disabled.sorted().map { "disable: \($0)" }
        lines += ["objective: \(mapper.objective.rawValue)", "budget: \(mapper.budget)", "seed: \(mapper.seed)",
                  "per-layer: \(perLayer)"]
        if mapper.fixedBudget { lines.append("fixed-budget: true") }
        if noShare { lines.append("share: false") }
        if let limit = mapper.timeLimit { lines.append("time-limit: \(limit)") }
        return SweepParameters(lines: lines)
    }

    /// A point's first diagnostic for its `status` field: located unless it points at the
    /// command line (the point's own values).
    static func statusText(_ d: Diagnostic?) -> String {
        guard let d else { return "error" }
        let prefix = "\(Override.commandLine): "
        return d.description.hasPrefix(prefix) ? String(d.description.dropFirst(prefix.count)) : d.description
    }

    /// `Reports/<architecture>-<workload>`, with the names from the specs (file names if they do
    /// not load; the points may still be valid).
    func defaultDirectory(overrides: [Override]) -> String {
        guard let architecture, let workload else { return ReportPaths.reportsRoot + "/sweep" }
        if let specs = try? SpecFiles.load(architecture: architecture, workload: workload, mapping: nil, overrides: overrides) {
            return ReportPaths.defaultDirectory(architecture: specs.architecture.name, workload: specs.workload.name)
        }
        func stem(_ p: String) -> String { URL(fileURLWithPath: p).deletingPathExtension().lastPathComponent }
        return ReportPaths.defaultDirectory(architecture: stem(architecture), workload: stem(workload))
    }

    /// `--figures-only`: sweep.svg and sweep_figure.csv from the directory's sweep.csv.
    func redraw() throws {
        let directory = out ?? defaultDirectory(overrides: (try? spec.parsed()) ?? [])
        let path = directory + "/sweep.csv"
        guard let csv = try? String(contentsOfFile: path, encoding: .utf8) else {
            Terminal.error("\(path): error: cannot read the sweep's results (run the sweep, or loupe merge, first)")
            throw Terminal.invalidSpec
        }
        let files: [(name: String, contents: String)]
        do { files = try SweepFigure.files(csv: csv, file: path, numericX: SweepQuantity.numericAxis) } catch {
            Terminal.error(error.description)
            throw Terminal.invalidSpec
        }
        try SpecFiles.write(files, into: directory)
        print("wrote " + files.map { "\(directory)/\($0.name)" }.joined(separator: ", "))
    }
}
