import Foundation
import LoupeModel
import LoupeSpec

/// The Timeloop and Accelergy inputs of one import, merged from the files a user passes to
/// `timeloop-model` (docs/import.md, "Timeloop and Accelergy").
///
/// Each file is one YAML mapping; its top-level keys are gathered across files, in any order.
/// A key given in two files is an error (both places are named), except that an empty
/// `mapping: []` (what `timeloop-mapper` writes into `parsed-processed-input.yaml`) yields to a
/// mapping given elsewhere. Keys Timeloop reads but Loupe has no use for (`mapper`, `globals`,
/// `compound_components`, …) are skipped silently; any other key gets a warning.
struct TimeloopInput {
    var architecture: SpecNode?
    var problem: SpecNode?
    var mapping: SpecNode?
    /// `architecture_constraints`, `mapspace_constraints`, `constraints` and `mapspace.constraints`, in file order.
    var constraints: [SpecNode] = []
    var sparseOptimizations: SpecNode?
    /// Accelergy energy and area reference tables (`ERT:` / `ART:`, or a bare `tables:` document
    /// whose entries carry `energy` or `area`).
    var ert: [SpecNode] = []
    var art: [SpecNode] = []
    /// The files read, as given.
    var files: [String] = []

    /// Top-level keys Timeloop or Accelergy read that do not change what Loupe imports.
    static let ignoredKeys: Set<String> = [
        "mapper", "globals", "compound_components", "components", "variables", "model", "mapspace",
        "dumped_by_timeloop_front_end", "ERT_summary", "ART_summary", "version", "mapper_constraints",
        "arch_constraints", "sparse_optimizations_summary", "environment_variables", "includes",
    ]
    static let knownKeys = ["architecture", "problem", "mapping", "architecture_constraints", "mapspace_constraints",
                            "constraints", "sparse_optimizations", "ERT", "ART"]

    /// Reads and merges the documents; every problem is collected in `diagnostics`.
    static func merge(_ documents: [(file: String, root: SpecNode)], diagnostics: inout TimeloopDiagnostics) -> TimeloopInput {
        var input = TimeloopInput()
        var seen: [String: SpecNode] = [:]
        func single(_ key: String, _ node: SpecNode, _ slot: inout SpecNode?, emptyYields: Bool = false) {
            let isEmpty = node.isNull || node.items?.isEmpty == true
            if let previous = seen[key] {
                let previousEmpty = previous.isNull || previous.items?.isEmpty == true
                if emptyYields && isEmpty { return }
                if emptyYields && previousEmpty { slot = node; seen[key] = node; return }
                diagnostics.error("'\(key)' is given twice; it was first given at \(previous.location)", at: node,
                                  hint: "pass each Timeloop input once")
                return
            }
            seen[key] = node
            slot = node
        }
        for (file, root) in documents {
            input.files.append(file)
            guard let pairs = root.pairs else {
                diagnostics.error("expected a Timeloop or Accelergy YAML mapping (architecture:, problem:, mapping:, ERT:, …), found \(root.found)", at: root)
                continue
            }
            let recognized = Set(knownKeys).union(ignoredKeys).union(["tables"])
            if !pairs.contains(where: { recognized.contains($0.key) }) {
                diagnostics.warning("\(file) holds no Timeloop or Accelergy input (architecture:, problem:, mapping:, ERT:, …); ignored", at: root)
                continue
            }
            for pair in pairs {
                let v = pair.value
                switch pair.key {
                case "architecture": single("architecture", v, &input.architecture)
                case "problem": single("problem", v, &input.problem)
                case "mapping": single("mapping", v, &input.mapping, emptyYields: true)
                case "architecture_constraints", "mapspace_constraints", "constraints":
                    input.constraints.append(v)
                case "mapspace":
                    if let c = v["constraints"] { input.constraints.append(c) }
                case "sparse_optimizations": single("sparse_optimizations", v, &input.sparseOptimizations)
                case "ERT": input.ert.append(v)
                case "ART": input.art.append(v)
                case "tables":
                    // A bare Accelergy table file: tell ERT from ART by its entries.
                    let entries = v.items ?? []
                    if entries.contains(where: { $0["actions"] != nil }) { input.ert.append(root) }
                    else if entries.contains(where: { $0["area"] != nil }) { input.art.append(root) }
                    else { diagnostics.warning("a 'tables:' list with neither actions nor areas is ignored", at: v) }
                default:
                    if ignoredKeys.contains(pair.key) { continue }
                    var d = Diagnostic(.warning, "'\(pair.key)' is not a Timeloop input Loupe imports; ignored",
                                       at: pair.keyLocation)
                    if let s = DidYouMean.suggestion(for: pair.key, among: knownKeys) { d.hint = "did you mean '\(s)'?" }
                    diagnostics.warnings.append(d)
                }
            }
        }
        return input
    }
}

/// Errors and warnings of an import, each located where possible.
struct TimeloopDiagnostics {
    var errors: [Diagnostic] = []
    var warnings: [Diagnostic] = []

    mutating func error(_ message: String, at node: SpecNode?, hint: String? = nil) {
        errors.append(Diagnostic(.error, message, at: node?.location, hint: hint))
    }

    mutating func warning(_ message: String, at node: SpecNode?, hint: String? = nil) {
        warnings.append(Diagnostic(.warning, message, at: node?.location, hint: hint))
    }

    /// A whole number ≥ `minimum` from a scalar node, or an error.
    mutating func int(_ node: SpecNode?, _ what: String, minimum: Int = 0) -> Int? {
        guard let node else { return nil }
        guard let text = node.scalar?.trimmingCharacters(in: .whitespaces) else {
            error("\(what) should be a whole number, found \(node.found)", at: node)
            return nil
        }
        if let v = Int(text), v >= minimum { return v }
        if let d = Double(text), d.rounded() == d, d >= Double(minimum), abs(d) < 9e15 { return Int(d) }
        if Double(text) == nil, text.contains(where: { "+-*/()".contains($0) }) || text.contains(where: \.isLetter) {
            error("\(what) is '\(text)', an expression or a name Loupe does not evaluate", at: node,
                  hint: "import Timeloop's parsed-processed-input.yaml, where every attribute is a number")
        } else {
            error("\(what) should be a whole number of at least \(minimum), found '\(text)'", at: node)
        }
        return nil
    }

    /// A number from a scalar node, or an error.
    mutating func double(_ node: SpecNode?, _ what: String) -> Double? {
        guard let node else { return nil }
        if let text = node.scalar?.trimmingCharacters(in: .whitespaces), let v = Double(text), v.isFinite { return v }
        error("\(what) should be a number, found \(node.found)", at: node)
        return nil
    }

    /// A list of names: a YAML list of scalars, or one scalar.
    mutating func names(_ node: SpecNode?, _ what: String) -> [(String, SpecNode)] {
        guard let node, !node.isNull else { return [] }
        if let s = node.scalar { return [(s, node)] }
        guard let items = node.items else {
            error("\(what) should be a list of names, found \(node.found)", at: node)
            return []
        }
        var out: [(String, SpecNode)] = []
        for item in items {
            if let s = item.scalar { out.append((s, item)) } else { error("\(what) should list names, found \(item.found)", at: item) }
        }
        return out
    }
}

extension TimeloopInput {
    /// Reads each file (UTF-8 YAML; one document each) into a located tree.
    static func read(paths: [String], diagnostics: inout TimeloopDiagnostics) -> [(file: String, root: SpecNode)] {
        var out: [(file: String, root: SpecNode)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.errors.append(Diagnostic(.error, "cannot read \(path): no such file"))
                continue
            }
            guard !isDirectory.boolValue else {
                diagnostics.errors.append(Diagnostic(.error, "cannot read \(path): it is a directory",
                                                     hint: "pass the YAML files inside it, e.g. \(path)/*.yaml"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                diagnostics.errors.append(Diagnostic(.error, "cannot read \(path) as UTF-8 text",
                                                     at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            out += parse(text: text, file: path, diagnostics: &diagnostics)
        }
        return out
    }

    /// Parses one document; an empty one is an error.
    static func parse(text: String, file: String, diagnostics: inout TimeloopDiagnostics) -> [(file: String, root: SpecNode)] {
        do {
            guard let root = try SpecNode.parse(yaml: text, file: file) else {
                diagnostics.errors.append(Diagnostic(.error, "the file is empty", at: SourceLocation(file: file, line: 1, column: 1)))
                return []
            }
            return [(file, root)]
        } catch {
            diagnostics.errors += error.diagnostics
            return []
        }
    }
}
