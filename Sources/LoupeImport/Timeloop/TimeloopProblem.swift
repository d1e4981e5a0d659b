import LoupeModel
import LoupeSpec

/// A Timeloop `problem` (`shape` + `instance`) read as one Loupe layer (docs/import.md,
/// "Timeloop and Accelergy"; docs/spec.md §3 and §7).
///
/// Data spaces become tensors: the `read_write: true` one is `outputs`; of the two read-only
/// ones, a name such as `Weights`/`Filter` or `Inputs`/`Ifmap` decides, else the one with a
/// sliding-window rank (`R·Wdilation + P·Wstride`) is `inputs`, else the first listed is
/// `inputs` and the second `weights` (Sparseloop's `A` and `B`).
///
/// Dimensions are renamed by the tensors they index (docs/spec.md §3): a window rank pairs a
/// filter dimension with an output one, the first pair (Timeloop's `W` axis, or the pair
/// whose coefficients start with `W`) becomes Loupe's columns `S`/`Q`, a second one the rows
/// `R`/`P`; a dimension of all three tensors is `G`; of weights and inputs only, `C` (then
/// `R`, `S` if free); of weights and outputs only, `K`; of inputs and outputs only, `N` when
/// it is called `N`, else `P`, `Q`, `N`, whichever is free first. A dimension of bound 1 that
/// fits nowhere is left out.
struct TimeloopProblem {
    var name: String
    /// Timeloop dimension names, in the shape's order.
    var dimensions: [String]
    var bounds: [String: Int]
    /// Timeloop dimension → Loupe dimension; dimensions left out have bound 1.
    var renaming: [String: Dimension] = [:]
    /// Timeloop data-space name → Loupe tensor.
    var tensors: [String: TensorKind] = [:]
    var stride = (rows: 1, cols: 1)
    var dilation = (rows: 1, cols: 1)
    var hasWindow = false
    /// Loupe tensor → density in (0, 1].
    var densities: [TensorKind: Double] = [:]
    var distribution: String?
    /// Where the problem came from, for messages.
    var location: SpecNode

    var loupeBounds: [Dimension: Int] {
        var out: [Dimension: Int] = [:]
        for (t, d) in renaming { out[d] = bounds[t] ?? 1 }
        return out
    }

    /// The Timeloop name of a Loupe tensor.
    func timeloopName(_ tensor: TensorKind) -> String {
        tensors.first { $0.value == tensor }?.key ?? tensor.description
    }

    /// The Loupe dimension of a Timeloop dimension name, or nil when it was left out (bound 1).
    func dimension(_ name: String) -> Dimension? { renaming[name] }

    static func read(_ node: SpecNode, diagnostics: inout TimeloopDiagnostics) -> TimeloopProblem? {
        guard node.pairs != nil else {
            diagnostics.error("'problem' should be a mapping with 'shape' and 'instance', found \(node.found)", at: node)
            return nil
        }
        guard let shape = node["shape"], shape.pairs != nil else {
            diagnostics.error("the problem has no 'shape'", at: node, hint: "Timeloop's problem gives 'shape' (dimensions, data_spaces) and 'instance' (bounds)")
            return nil
        }
        // Older inputs write the bounds next to `shape` instead of under `instance`.
        let dimensionNames = shape["dimensions"]?.items?.compactMap(\.scalar) ?? []
        let bare = dimensionNames.contains { node[$0] != nil } ? node : nil
        guard let instance = node["instance"] ?? bare, instance.pairs != nil else {
            diagnostics.error("the problem has no 'instance'", at: node, hint: "the instance gives each dimension's bound")
            return nil
        }
        let name = shape["name"]?.scalar ?? "timeloop"
        let dimensions = diagnostics.names(shape["dimensions"], "shape dimensions").map(\.0)
        if dimensions.isEmpty {
            diagnostics.error("the problem shape lists no 'dimensions'", at: shape)
            return nil
        }
        var problem = TimeloopProblem(name: name, dimensions: dimensions, bounds: [:], location: node)
        for d in dimensions {
            guard let v = instance[d] else {
                diagnostics.error("the problem instance gives no bound for dimension '\(d)'", at: instance)
                continue
            }
            if let b = diagnostics.int(v, "the bound of '\(d)'", minimum: 1) { problem.bounds[d] = b }
        }
        // Coefficients: the shape's defaults, overridden by the instance.
        var coefficients: [String: Int] = [:]
        for c in shape["coefficients"]?.items ?? [] {
            guard let n = c["name"]?.scalar else { continue }
            if let v = instance[n] { coefficients[n] = diagnostics.int(v, "coefficient '\(n)'", minimum: 1) }
            else if let v = c["default"] { coefficients[n] = diagnostics.int(v, "coefficient '\(n)'", minimum: 1) }
        }
        for p in instance.pairs ?? [] where !dimensions.contains(p.key) && coefficients[p.key] == nil
            && !["densities", "shape", "version", "instance"].contains(p.key) {
            // Coefficients written only in the instance (Timeloop allows it).
            if p.value.scalar != nil { coefficients[p.key] = diagnostics.int(p.value, "coefficient '\(p.key)'", minimum: 1) }
        }
        guard let spaces = shape["data_spaces"]?.items, !spaces.isEmpty else {
            diagnostics.error("the problem shape lists no 'data_spaces'", at: shape)
            return nil
        }
        var parsed: [(name: String, node: SpecNode, readWrite: Bool, ranks: [[(dim: String, coefficient: String?)]])] = []
        for s in spaces {
            guard let n = s["name"]?.scalar else {
                diagnostics.error("a data space has no 'name'", at: s)
                continue
            }
            let rw = ["true", "True", "1", "yes"].contains(s["read_write"]?.scalar ?? "false")
            let ranks = readProjection(s["projection"], dimensions: dimensions, diagnostics: &diagnostics)
            parsed.append((n, s, rw, ranks))
        }
        let writers = parsed.filter(\.readWrite)
        let readers = parsed.filter { !$0.readWrite }
        guard writers.count == 1, readers.count == 2 else {
            diagnostics.error("the problem has \(readers.count) read-only and \(writers.count) read-write data spaces; Loupe imports two operands and one result (a multiply-accumulate)",
                              at: shape["data_spaces"])
            return nil
        }
        // Which read-only space is inputs.
        let weightNames: Set<String> = ["weights", "weight", "filter", "filters", "kernel", "w"]
        let inputNames: Set<String> = ["inputs", "input", "ifmap", "ifmaps", "activations", "activation", "i"]
        func hasWindow(_ r: [[(dim: String, coefficient: String?)]]) -> Bool { r.contains { $0.count > 1 } }
        var inputIndex = 0
        if weightNames.contains(readers[0].name.lowercased()) || inputNames.contains(readers[1].name.lowercased()) { inputIndex = 1 }
        else if inputNames.contains(readers[0].name.lowercased()) || weightNames.contains(readers[1].name.lowercased()) { inputIndex = 0 }
        else if hasWindow(readers[1].ranks) && !hasWindow(readers[0].ranks) { inputIndex = 1 }
        let inputs = readers[inputIndex], weights = readers[1 - inputIndex], outputs = writers[0]
        problem.tensors = [inputs.name: .inputs, weights.name: .weights, outputs.name: .outputs]
        if hasWindow(weights.ranks) || hasWindow(outputs.ranks) {
            diagnostics.error("only the input data space may have a rank that sums dimensions (a sliding window)", at: hasWindow(weights.ranks) ? weights.node : outputs.node)
            return nil
        }
        let inW = Set(weights.ranks.flatMap { $0.map(\.dim) })
        let inO = Set(outputs.ranks.flatMap { $0.map(\.dim) })
        let inI = Set(inputs.ranks.flatMap { $0.map(\.dim) })
        // Sliding windows: ranks of inputs that sum two dimensions.
        var pairs: [(filter: String, output: String, fc: String?, oc: String?)] = []
        for rank in inputs.ranks where rank.count > 1 {
            guard rank.count == 2,
                  let f = rank.first(where: { inW.contains($0.dim) && !inO.contains($0.dim) }),
                  let o = rank.first(where: { inO.contains($0.dim) && !inW.contains($0.dim) }) else {
                diagnostics.error("an input rank sums \(rank.map(\.dim).joined(separator: " + ")); Loupe reads a window as one filter dimension plus one output dimension",
                                  at: inputs.node)
                return nil
            }
            pairs.append((f.dim, o.dim, f.coefficient, o.coefficient))
        }
        if pairs.count > 2 {
            diagnostics.error("the inputs slide along \(pairs.count) axes; Loupe has two (rows and columns)", at: inputs.node)
            return nil
        }
        // Order the pairs: columns (W) first, rows (H) second.
        if pairs.count == 2 {
            let firstIsRows = (pairs[0].oc ?? pairs[0].fc ?? "").hasPrefix("H") || (pairs[1].oc ?? pairs[1].fc ?? "").hasPrefix("W")
            if firstIsRows { pairs.swapAt(0, 1) }
        }
        var used: Set<Dimension> = []
        func assign(_ t: String, _ d: Dimension) { problem.renaming[t] = d; used.insert(d) }
        for (i, p) in pairs.enumerated() {
            let (f, o): (Dimension, Dimension) = i == 0 ? (.S, .Q) : (.R, .P)
            assign(p.filter, f)
            assign(p.output, o)
            let s = p.oc.map { coefficients[$0] ?? 1 } ?? 1
            let dl = p.fc.map { coefficients[$0] ?? 1 } ?? 1
            if i == 0 { problem.stride.cols = s; problem.dilation.cols = dl } else { problem.stride.rows = s; problem.dilation.rows = dl }
        }
        problem.hasWindow = !pairs.isEmpty
        for d in dimensions where problem.renaming[d] == nil {
            let w = inW.contains(d), i = inI.contains(d), o = inO.contains(d)
            var candidates: [Dimension]
            switch (w, i, o) {
            case (true, true, true): candidates = [.G]
            case (true, true, false): candidates = [.C, .R, .S]
            case (true, false, true): candidates = [.K]
            case (false, true, true): candidates = d == "N" ? [.N, .P, .Q] : [.P, .Q, .N]
            default: candidates = []
            }
            if let c = candidates.first(where: { !used.contains($0) }) {
                assign(d, c)
            } else if (problem.bounds[d] ?? 1) > 1 {
                let role = candidates.isEmpty ? "indexes \(w ? "weights" : i ? "inputs" : o ? "outputs" : "no data space") only"
                                              : "would be Loupe's \(candidates.map(\.description).joined(separator: "/")), already taken"
                diagnostics.error("dimension '\(d)' (bound \(problem.bounds[d] ?? 1)) \(role); Loupe cannot represent it",
                                  at: shape["dimensions"])
            }
        }
        // Densities (Sparseloop): `{A: {distribution, density}}` or `{A: 0.25}`.
        if let dens = instance["densities"], let entries = dens.pairs {
            for p in entries {
                guard let t = problem.tensors[p.key] else {
                    diagnostics.error("densities name '\(p.key)', which is not a data space of the problem", at: p.value,
                                      hint: DidYouMean.suggestion(for: p.key, among: problem.tensors.keys.sorted()).map { "did you mean '\($0)'?" })
                    continue
                }
                let valueNode = p.value.pairs != nil ? p.value["density"] : p.value
                if let v = diagnostics.double(valueNode ?? p.value, "the density of '\(p.key)'") {
                    if v <= 0 || v > 1 { diagnostics.error("the density of '\(p.key)' is \(v); it should be in (0, 1]", at: valueNode) }
                    else if v < 1 { problem.densities[t] = v }
                }
                if let dist = p.value["distribution"]?.scalar {
                    let mapped: String?
                    switch dist {
                    case "fixed_structured", "fixed-structured", "structured": mapped = "structured"
                    case "hypergeometric", "uniform", "random": mapped = "uniform"
                    default:
                        mapped = nil
                        diagnostics.warning("density distribution '\(dist)' of '\(p.key)' has no Loupe equivalent; imported as uniform (random zeros)", at: p.value["distribution"])
                    }
                    if let mapped, problem.distribution == nil || mapped == "structured" { problem.distribution = mapped }
                }
            }
        }
        return problem
    }

    /// A data space's `projection`: a list of ranks, each a list of terms `[dim]` or
    /// `[dim, coefficient]`; a rank may also be written as text, `R*Wdilation + P*Wstride`.
    static func readProjection(_ node: SpecNode?, dimensions: [String], diagnostics: inout TimeloopDiagnostics)
        -> [[(dim: String, coefficient: String?)]] {
        guard let node, let ranks = node.items else {
            diagnostics.error("a data space has no 'projection' list", at: node)
            return []
        }
        var out: [[(dim: String, coefficient: String?)]] = []
        for rank in ranks {
            var terms: [(dim: String, coefficient: String?)] = []
            if let text = rank.scalar {
                for term in text.split(separator: "+") {
                    let factors = term.split(separator: "*").map { $0.trimmingCharacters(in: .whitespaces) }
                    guard let d = factors.first(where: { dimensions.contains($0) }) else {
                        diagnostics.error("projection term '\(term)' names no dimension of the problem", at: rank)
                        continue
                    }
                    terms.append((d, factors.first { $0 != d }))
                }
            } else if let items = rank.items {
                for term in items {
                    let parts = term.items?.compactMap(\.scalar) ?? (term.scalar.map { [$0] } ?? [])
                    guard let d = parts.first(where: { dimensions.contains($0) }) else {
                        diagnostics.error("projection term \(term.found) names no dimension of the problem", at: term,
                                          hint: "the dimensions are \(dimensions.joined(separator: ", "))")
                        continue
                    }
                    terms.append((d, parts.first { $0 != d }))
                }
            } else {
                diagnostics.error("a projection rank should be a list of terms, found \(rank.found)", at: rank)
            }
            if !terms.isEmpty { out.append(terms) }
        }
        return out
    }

    /// The workload file (docs/spec.md §7): one raw-`dims` layer.
    func workloadYAML(precision: [TensorKind: Int], sources: [String]) -> String {
        var y = YAMLText()
        y.comment("Imported from Timeloop by `loupe import timeloop` (docs/import.md): \(sources.joined(separator: ", "))")
        y.comment("problem shape \(name), instance " + dimensions.map { "\($0) \(bounds[$0] ?? 1)" }.joined(separator: ", "))
        let renames = dimensions.compactMap { d in renaming[d].map { "\(d) -> \($0)" } }
        y.comment("dimensions (Timeloop -> Loupe): " + renames.joined(separator: ", "))
        y.comment("data spaces (Timeloop -> Loupe): " + TensorKind.allCases.map { "\(timeloopName($0)) -> \($0)" }.joined(separator: ", "))
        y.line("version: 1")
        y.line("workload:")
        y.line("  name: \(YAMLText.scalar(name))")
        let b = loupeBounds
        y.line("  batch: \(b[.N] ?? 1)")
        y.line("  precision: {weights: \(precision[.weights] ?? 16), inputs: \(precision[.inputs] ?? 16), outputs: \(precision[.outputs] ?? 16)}")
        if !densities.isEmpty {
            let d = TensorKind.allCases.compactMap { t in densities[t].map { "\(t): \(YAMLText.number($0))" } }.joined(separator: ", ")
            y.line("  stats: {density: {\(d)}\(distribution.map { ", distribution: \($0)" } ?? "")}")
        }
        y.line("  layers:")
        y.line("    - name: \(YAMLText.scalar(name))")
        y.line("      type: \(hasWindow ? "conv" : "matmul")")
        let dims = Dimension.allCases.filter { $0 != .N }.compactMap { d in b[d].map { "\(d): \($0)" } }
        y.line("      dims: {\(dims.joined(separator: ", "))}")
        if hasWindow {
            y.line("      stride: [\(stride.rows), \(stride.cols)]          # [rows, cols]")
            y.line("      dilation: [\(dilation.rows), \(dilation.cols)]")
        }
        return y.text
    }
}
