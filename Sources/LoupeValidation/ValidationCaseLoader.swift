import Foundation
import LoupeEngine
import LoupeModel
import LoupeSearch
import LoupeSpec

/// Reads validation case files (docs/validation.md "Case files"): every problem is a located
/// diagnostic (exit code 65 in the command line), with a did-you-mean for misspelt keys and names.
public enum ValidationCaseLoader {
    static let topKeys = ["version", "validation"]
    static let sectionKeys = ["title", "text", "runs", "rows"]
    static let runKeys = ["name", "architecture", "workload", "mapping", "set", "disable", "layers", "objective", "budget", "seed"]
    static let rowKeys = ["figure", "published", "metric", "run", "baseline", "layers", "level", "levels", "target", "source", "note", "pending"]

    /// The case files of a directory: every `*.yaml` directly in it, in name order.
    public static func caseFiles(in directory: String) throws(DiagnosticError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot read the case directory '\(directory)'",
                                              hint: "run from the repository root, or give --cases DIR")])
        }
        let files = names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory + "/" + $0 }
        if files.isEmpty { throw DiagnosticError([Diagnostic(.error, "no case files (*.yaml) in '\(directory)'")]) }
        return files
    }

    /// Loads one case file; `path` is read relative to `root` and reported as written.
    public static func load(path: String, root: String = ".") throws(DiagnosticError) -> ValidationSection {
        let full = path.hasPrefix("/") ? path : root + "/" + path
        guard let data = FileManager.default.contents(atPath: full), let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError([Diagnostic(.error, "cannot read case file '\(path)'")])
        }
        return try load(yaml: text, file: path)
    }

    public static func load(yaml: String, file: String) throws(DiagnosticError) -> ValidationSection {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard let root = try SpecNode.parse(yaml: yaml, file: file) else {
            throw DiagnosticError([Diagnostic(.error, "the case file is empty", at: start)])
        }
        var r = SpecReader()
        var section = ValidationSection(file: file, title: "", text: "", runs: [], rows: [])
        guard let top = r.fields(root, "the case file", allowed: topKeys, nullIsEmpty: false) else { try r.finish(); return section }
        if let v = r.require(top, "version"), let n = r.int(v, "version"), n != 1 {
            r.error("unsupported version \(n)", at: v, hint: "this Loupe reads version 1")
        }
        guard let body = r.require(top, "validation"), let f = r.fields(body, "validation", allowed: sectionKeys) else {
            try r.finish()
            return section
        }
        if let t = r.require(f, "title") { section.title = r.name(t, "a title") ?? "" }
        if let t = f["text"] { section.text = (r.string(t, "a paragraph") ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        if let runs = r.require(f, "runs"), let items = r.list(runs, "runs") {
            for item in items { if let run = readRun(item, &r) { section.runs.append(run) } }
        }
        var seen: Set<String> = []
        for run in section.runs where !seen.insert(run.name).inserted {
            r.error("run '\(run.name)' is defined twice", at: run.location)
        }
        if let rows = r.require(f, "rows"), let items = r.list(rows, "rows") {
            for item in items { if let row = readRow(item, runs: section.runs.map(\.name), &r) { section.rows.append(row) } }
        }
        try r.finish()
        return section
    }

    static func readRun(_ node: SpecNode, _ r: inout SpecReader) -> ValidationRun? {
        guard let f = r.fields(node, "a run", allowed: runKeys, nullIsEmpty: false) else { return nil }
        guard let nameNode = r.require(f, "name"), let name = r.name(nameNode, "a run name") else { return nil }
        let context = "run '\(name)'"
        var run = ValidationRun(name: name, architecture: "", workload: "", location: node.location)
        if let a = r.require(f, "architecture") { run.architecture = r.name(a, "an architecture file") ?? "" }
        if let w = r.require(f, "workload") { run.workload = r.name(w, "a workload file") ?? "" }
        if let m = f["mapping"] { run.mapping = r.name(m, "a mapping file") }
        if let s = f["set"] { run.overrides = strings(s, "set in \(context)", &r) }
        if let d = f["disable"] {
            run.disabled = strings(d, "disable in \(context)", &r)
            for (k, kind) in run.disabled.enumerated() where !TechniqueRegistry.kinds.contains(kind) {
                let item = d.items?[k] ?? d
                r.error("unknown technique '\(kind)' in \(context)", at: item, hint: DidYouMean.hint(for: kind, among: TechniqueRegistry.kinds))
            }
        }
        if let l = f["layers"] { run.layers = strings(l, "layers in \(context)", &r) }
        if let o = f["objective"], let objective = r.choice(o, "objective", in: context, Objective.self) { run.objective = objective.rawValue }
        if let b = f["budget"], let budget = r.int(b, "budget", min: 1) { run.budget = budget }
        if let s = f["seed"], let seed = r.int(s, "seed", min: 0) { run.seed = UInt64(seed) }
        return run
    }

    static func readRow(_ node: SpecNode, runs: [String], _ r: inout SpecReader) -> ValidationRow? {
        guard let f = r.fields(node, "a row", allowed: rowKeys, nullIsEmpty: false) else { return nil }
        guard let figureNode = r.require(f, "figure"), let figure = r.name(figureNode, "a figure") else { return nil }
        let context = "row '\(figure)'"
        var ok = true
        func runName(_ key: String) -> String? {
            guard let n = f[key], let name = r.name(n, "a run name") else { return nil }
            if !runs.contains(name) {
                r.error("unknown run '\(name)' in \(context)", at: n, hint: DidYouMean.hint(for: name, among: runs))
                ok = false
            }
            return name
        }
        var published: PublishedFigure?
        if let p = r.require(f, "published") {
            if let items = p.items {
                let values = items.compactMap { r.double($0, "a published figure") }
                if values.count == 2, values[0] <= values[1], values[0] > 0 {
                    published = PublishedFigure(low: values[0], high: values[1])
                } else if values.count == items.count {
                    r.error("a published range is [low, high] with 0 < low ≤ high", at: p)
                }
            } else if let v = r.double(p, "a published figure", .positive) {
                published = PublishedFigure(v)
            }
        }
        let metric = r.require(f, "metric").flatMap { r.choice($0, "metric", in: context, ValidationMetric.self) }
        let run = r.require(f, "run") != nil ? runName("run") : nil
        let baseline = runName("baseline")
        let target = r.require(f, "target").flatMap { percent($0, &r) }
        let source = r.require(f, "source").flatMap { r.name($0, "a source") } ?? ""
        var row = ValidationRow(figure: figure, published: published ?? PublishedFigure(1), metric: metric ?? .latencyMs,
                                run: run ?? "", baseline: baseline, target: target ?? 0, source: source, location: node.location)
        if let l = f["layers"] { row.layers = strings(l, "layers in \(context)", &r) }
        if let l = f["level"] { row.level = r.name(l, "a level") }
        if let l = f["levels"] { row.energyLevels = strings(l, "levels in \(context)", &r) }
        if let n = f["note"] { row.note = (r.string(n, "a note") ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        if let p = f["pending"] { row.pending = r.name(p, "the reason the row is pending") }
        if let metric {
            if metric.needsBaseline, row.baseline == nil { r.error("metric '\(metric.rawValue)' in \(context) needs 'baseline:' (the run compared against)", at: node) }
            if !metric.needsBaseline, let b = f["baseline"] { r.error("metric '\(metric.rawValue)' in \(context) takes no 'baseline:'", at: b) }
            if metric.needsLevel, row.level == nil { r.error("metric '\(metric.rawValue)' in \(context) needs 'level:'", at: node) }
            if !metric.needsLevel, let l = f["level"] { r.error("metric '\(metric.rawValue)' in \(context) takes no 'level:'", at: l) }
            let energy: Set<ValidationMetric> = [.energyMj, .energyPerMacPj, .energyRatio, .energySavingPct]
            if !energy.contains(metric), let l = f["levels"] { r.error("metric '\(metric.rawValue)' in \(context) takes no 'levels:' (only the energy metrics do)", at: l) }
        }
        return ok && published != nil && metric != nil && run != nil && target != nil ? row : nil
    }

    /// `15%` or `0.15`: a relative tolerance in (0, 10].
    static func percent(_ node: SpecNode, _ r: inout SpecReader) -> Double? {
        guard let s = node.scalar?.trimmingCharacters(in: .whitespaces) else {
            r.error("expected a target such as 15%, found \(node.found)", at: node)
            return nil
        }
        let isPercent = s.hasSuffix("%")
        guard let v = Double(isPercent ? String(s.dropLast()) : s), v.isFinite else {
            r.error("expected a target such as 15%, found \(node.found)", at: node)
            return nil
        }
        let t = isPercent ? v / 100 : v
        guard t > 0, t <= 10 else {
            r.error("a target must be above 0% and at most 1000%, found \(node.found)", at: node)
            return nil
        }
        return t
    }

    /// A list of non-empty strings (or one string).
    static func strings(_ node: SpecNode, _ what: String, _ r: inout SpecReader) -> [String] {
        guard let items = r.list(node, what, single: true) else { return [] }
        return items.compactMap { r.name($0, "an entry of \(what)") }
    }
}
