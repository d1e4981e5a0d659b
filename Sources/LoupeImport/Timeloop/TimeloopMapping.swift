import LoupeModel
import LoupeSpec

/// One Loupe level's share of an imported mapping.
struct ImportedLevelMapping {
    /// Temporal loops, outer → inner.
    var temporal: [(Dimension, Int)] = []
    var spatialX: [(Dimension, Int)] = []
    var spatialY: [(Dimension, Int)] = []
    /// The tensors kept here; nil = every tensor.
    var keeps: Set<TensorKind>?
}

/// Reads Timeloop `mapping` directives and `constraints` targets (docs/import.md, "Timeloop
/// and Accelergy").
///
/// - `permutation` lists loops **inner → outer** (Timeloop's convention); Loupe writes them
///   outer → inner, so the order is reversed. Dimensions the permutation leaves out go
///   outermost. Factors may be written `K=16,C=2` or `K16 C2`; a factor not given is 1.
/// - `type: spatial`: the first `split` dimensions of the permutation go to the X axis, the
///   rest to Y (no `split`: all on X).
/// - `type: bypass` / `type: datatype`: `keep` and `bypass` lists; the level keeps every
///   tensor not bypassed.
/// - A dummy level (`dummy_storage`) has no Loupe level: its spatial loops belong to the fanout
///   of the nearest level above it, and its temporal factors must be 1.
struct TimeloopMappingReader {
    let architecture: TimeloopArchitecture
    let problem: TimeloopProblem

    /// The Loupe level that carries a Timeloop level's directives.
    func loupeLevel(for name: String) -> String? {
        guard let i = architecture.levels.firstIndex(where: { $0.name == name }) else { return nil }
        for j in stride(from: i, through: 0, by: -1) where !architecture.levels[j].isDummy { return architecture.levels[j].name }
        return nil
    }

    /// The target level of a directive, with a did-you-mean when it names none.
    func target(_ directive: SpecNode, diagnostics: inout TimeloopDiagnostics) -> TimeloopArchitecture.Level? {
        guard let t = directive["target"]?.scalar else {
            diagnostics.error("this entry has no 'target' level", at: directive)
            return nil
        }
        let name = TimeloopArchitecture.splitRange(t)?.name ?? t
        if let l = architecture.levels.first(where: { $0.name == name }) { return l }
        let s = DidYouMean.suggestion(for: name, among: architecture.levels.map(\.name))
        diagnostics.error("target '\(t)' is not a level of the architecture", at: directive["target"],
                          hint: s.map { "did you mean '\($0)'?" } ?? "the levels are \(architecture.levels.map(\.name).joined(separator: ", "))")
        return nil
    }

    /// `K=16,C=2`, `K16 C2` or `K=16 C=2` → Timeloop dimension → factor.
    func factors(_ node: SpecNode?, diagnostics: inout TimeloopDiagnostics) -> [String: Int] {
        guard let node, !node.isNull else { return [:] }
        var items: [String] = []
        if let s = node.scalar {
            items = s.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
        } else if let list = node.items {
            items = list.compactMap(\.scalar)
        }
        var out: [String: Int] = [:]
        for item in items {
            var name = "", value = ""
            if let eq = item.firstIndex(of: "=") {
                name = String(item[..<eq]).trimmingCharacters(in: .whitespaces)
                value = String(item[item.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            } else {
                let digits = item.reversed().prefix { $0.isNumber }
                name = String(item.dropLast(digits.count))
                value = String(digits.reversed())
            }
            guard problem.dimensions.contains(name) else {
                let s = DidYouMean.suggestion(for: name, among: problem.dimensions)
                diagnostics.error("factor '\(item)' names no dimension of the problem", at: node,
                                  hint: s.map { "did you mean '\($0)'?" } ?? "the dimensions are \(problem.dimensions.joined(separator: ", "))")
                continue
            }
            guard let v = Int(value), v >= 0 else {
                diagnostics.error("factor '\(item)' should be a dimension and a whole number, as in \(name)=4", at: node)
                continue
            }
            if out[name] != nil { diagnostics.error("dimension '\(name)' has two factors here", at: node) }
            out[name] = v
        }
        return out
    }

    /// A permutation as Timeloop dimension names, inner → outer.
    func permutation(_ node: SpecNode?, diagnostics: inout TimeloopDiagnostics) -> [String] {
        guard let node, !node.isNull else { return [] }
        var names: [String] = []
        if let list = node.items {
            names = list.compactMap(\.scalar)
        } else if let s = node.scalar {
            let words = s.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            if words.count > 1 { names = words } else {
                // Greedy: the longest dimension name at each position.
                var rest = Substring(s)
                let byLength = problem.dimensions.sorted { $0.count > $1.count }
                while !rest.isEmpty {
                    guard let d = byLength.first(where: { rest.hasPrefix($0) }) else {
                        diagnostics.error("permutation '\(s)' has '\(rest.prefix(1))', which is no dimension of the problem", at: node,
                                          hint: "the dimensions are \(problem.dimensions.joined(separator: ", "))")
                        return names
                    }
                    names.append(d)
                    rest = rest.dropFirst(d.count)
                }
            }
        }
        for n in names where !problem.dimensions.contains(n) {
            diagnostics.error("permutation names '\(n)', which is no dimension of the problem", at: node)
        }
        return names.filter { problem.dimensions.contains($0) }
    }

    /// Tensor names of a `keep`/`bypass` list.
    func tensors(_ node: SpecNode?, diagnostics: inout TimeloopDiagnostics) -> Set<TensorKind> {
        var out: Set<TensorKind> = []
        for (name, n) in diagnostics.names(node, "the list") {
            if let t = problem.tensors[name] { out.insert(t); continue }
            let s = DidYouMean.suggestion(for: name, among: problem.tensors.keys.sorted())
            diagnostics.error("'\(name)' is not a data space of the problem", at: n,
                              hint: s.map { "did you mean '\($0)'?" } ?? "the data spaces are \(problem.tensors.keys.sorted().joined(separator: ", "))")
        }
        return out
    }

    /// Loops outer → inner in Loupe dimensions; a factor on a dimension Loupe left out (bound 1) must be 1.
    func loops(_ f: [String: Int], order innerToOuter: [String], at node: SpecNode?, diagnostics: inout TimeloopDiagnostics) -> [(Dimension, Int)] {
        let listed = innerToOuter.filter { f[$0] != nil }
        let unlisted = problem.dimensions.filter { f[$0] != nil && !listed.contains($0) }
        var out: [(Dimension, Int)] = []
        for name in unlisted + listed.reversed() {
            let v = f[name] ?? 1
            guard v > 1 else { continue }
            guard let d = problem.dimension(name) else {
                diagnostics.error("factor \(name)=\(v) is on a dimension of bound 1", at: node)
                continue
            }
            out.append((d, v))
        }
        return out
    }

    /// Reads a `mapping:` list into Loupe levels (by name).
    func readMapping(_ node: SpecNode, diagnostics: inout TimeloopDiagnostics) -> [String: ImportedLevelMapping] {
        guard let directives = node.items else {
            diagnostics.error("'mapping' should be a list of directives (target, type, factors, permutation), found \(node.found)", at: node)
            return [:]
        }
        var out: [String: ImportedLevelMapping] = [:]
        var seen: [String: SpecNode] = [:]
        var product: [String: Int] = [:]
        for d in directives {
            guard let level = target(d, diagnostics: &diagnostics) else { continue }
            let type = d["type"]?.scalar ?? "temporal"
            let key = "\(level.name)/\(type == "datatype" ? "bypass" : type)"
            if let prev = seen[key] {
                diagnostics.error("a second '\(type)' entry for \(level.name); the first is at \(prev.location)", at: d)
                continue
            }
            seen[key] = d
            guard !level.isCompute else {
                if type != "bypass" && type != "datatype" {
                    diagnostics.error("the compute level '\(level.name)' takes no loops", at: d)
                }
                continue
            }
            guard let owner = loupeLevel(for: level.name) else {
                diagnostics.error("'\(level.name)' is a dummy level with no level above it", at: d)
                continue
            }
            var entry = out[owner] ?? ImportedLevelMapping()
            switch type {
            case "temporal":
                let f = factors(d["factors"], diagnostics: &diagnostics)
                for (k, v) in f { product[k, default: 1] *= v }
                let l = loops(f, order: permutation(d["permutation"], diagnostics: &diagnostics), at: d["factors"], diagnostics: &diagnostics)
                if level.isDummy {
                    if !l.isEmpty {
                        diagnostics.error("temporal loops on the dummy level '\(level.name)' have no Loupe level to go to", at: d["factors"],
                                          hint: "move them to \(owner)")
                    }
                } else {
                    entry.temporal = l
                }
            case "spatial":
                let f = factors(d["factors"], diagnostics: &diagnostics)
                for (k, v) in f { product[k, default: 1] *= v }
                var perm = permutation(d["permutation"], diagnostics: &diagnostics)
                perm += problem.dimensions.filter { !perm.contains($0) }
                var split = perm.count
                if let s = d["split"], let v = diagnostics.int(s, "split", minimum: 0) { split = min(v, perm.count) }
                let xNames = Array(perm.prefix(split)), yNames = Array(perm.dropFirst(split))
                entry.spatialX += loops(f.filter { xNames.contains($0.key) }, order: xNames, at: d["factors"], diagnostics: &diagnostics)
                entry.spatialY += loops(f.filter { yNames.contains($0.key) }, order: yNames, at: d["factors"], diagnostics: &diagnostics)
            case "bypass", "datatype":
                if level.isDummy { continue }
                let keep = tensors(d["keep"], diagnostics: &diagnostics)
                let bypass = tensors(d["bypass"], diagnostics: &diagnostics)
                for t in keep.intersection(bypass) {
                    diagnostics.error("'\(problem.timeloopName(t))' is both kept and bypassed at \(level.name)", at: d)
                }
                let kept = Set(TensorKind.allCases).subtracting(bypass)
                entry.keeps = kept == Set(TensorKind.allCases) ? nil : kept
            default:
                diagnostics.error("mapping type '\(type)' is not one Loupe reads", at: d["type"],
                                  hint: "the types are temporal, spatial, bypass and datatype")
            }
            out[owner] = entry
        }
        // Factors must multiply to each bound.
        for dim in problem.dimensions {
            let bound = problem.bounds[dim] ?? 1
            let got = product[dim] ?? 1
            if got != bound {
                diagnostics.error("the factors of '\(dim)' multiply to \(got), but its bound is \(bound)", at: node,
                                  hint: "a factor not given is 1")
            }
        }
        return out
    }

    /// The mapping file (docs/spec.md §8), under `default:`.
    func mappingYAML(_ m: [String: ImportedLevelMapping], sources: [String]) -> String {
        var y = YAMLText()
        y.comment("Imported from Timeloop by `loupe import timeloop` (docs/import.md): \(sources.joined(separator: ", "))")
        y.comment("Loops are outer -> inner (Timeloop permutations list them inner -> outer); Loupe dimension names.")
        y.line("version: 1")
        y.line("mapping:")
        y.line("  default:")
        func text(_ loops: [(Dimension, Int)]) -> String { "\"" + loops.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + "\"" }
        var any = false
        for l in architecture.loupeLevels where !l.isCompute {
            guard let e = m[l.name] else { continue }
            var parts = ["level: \(YAMLText.scalar(l.name))"]
            if !e.temporal.isEmpty { parts.append("temporal: \(text(e.temporal))") }
            var sp: [String] = []
            if !e.spatialX.isEmpty { sp.append("x: \(text(e.spatialX))") }
            if !e.spatialY.isEmpty { sp.append("y: \(text(e.spatialY))") }
            if !sp.isEmpty { parts.append("spatial: {\(sp.joined(separator: ", "))}") }
            if let k = e.keeps { parts.append("keeps: [\(k.sorted().map(\.description).joined(separator: ", "))]") }
            guard parts.count > 1 else { continue }
            y.line("    - {\(parts.joined(separator: ", "))}")
            any = true
        }
        if !any, let first = architecture.loupeLevels.first {
            y.line("    - {level: \(YAMLText.scalar(first.name))}")
        }
        return y.text
    }

    /// Timeloop constraint targets as Loupe `constraints:` entries (docs/spec.md §6), one line per level.
    func readConstraints(_ nodes: [SpecNode], diagnostics: inout TimeloopDiagnostics) -> [String] {
        struct C { var x: [Dimension]?; var y: [Dimension]?; var order: [Dimension]?; var factors: [(Dimension, Int)] = []
                   var keep: Set<TensorKind> = []; var bypass: Set<TensorKind> = [] }
        var byLevel: [String: C] = [:]
        for node in nodes {
            let targets = node["targets"]?.items ?? node.items ?? []
            if node["targets"] == nil && node.items == nil && !node.isNull {
                diagnostics.error("constraints should be a list (or have a 'targets' list), found \(node.found)", at: node)
            }
            for d in targets {
                guard let level = target(d, diagnostics: &diagnostics), !level.isCompute,
                      let owner = loupeLevel(for: level.name) else { continue }
                let type = d["type"]?.scalar ?? "temporal"
                var c = byLevel[owner] ?? C()
                switch type {
                case "temporal":
                    if level.isDummy { continue }
                    let f = factors(d["factors"], diagnostics: &diagnostics)
                    for dim in problem.dimensions {
                        guard let v = f[dim], v > 0 else { continue }
                        guard let ld = problem.dimension(dim) else { continue }
                        c.factors.append((ld, v))
                    }
                    let perm = permutation(d["permutation"], diagnostics: &diagnostics).compactMap { problem.dimension($0) }
                    if !perm.isEmpty { c.order = perm.reversed() }
                case "spatial":
                    let f = factors(d["factors"], diagnostics: &diagnostics)
                    var perm = permutation(d["permutation"], diagnostics: &diagnostics)
                    let explicit = !perm.isEmpty
                    perm += problem.dimensions.filter { !perm.contains($0) }
                    var split = perm.count
                    if let s = d["split"], let v = diagnostics.int(s, "split", minimum: 0) { split = min(v, perm.count) }
                    func axis(_ names: ArraySlice<String>) -> [Dimension] {
                        names.filter { f[$0] != 1 }.compactMap { problem.dimension($0) }
                    }
                    if explicit || !f.isEmpty {
                        c.x = axis(perm.prefix(split))
                        c.y = axis(perm.dropFirst(split))
                    }
                    let fixed = f.filter { $0.value > 1 }
                    if !fixed.isEmpty {
                        diagnostics.warning("spatial factors \(fixed.keys.sorted().map { "\($0)=\(fixed[$0]!)" }.joined(separator: ",")) at \(level.name) are not kept: Loupe's spatial constraints name dimensions only", at: d["factors"])
                    }
                case "bypass", "datatype":
                    if level.isDummy { continue }
                    c.keep.formUnion(tensors(d["keep"], diagnostics: &diagnostics))
                    c.bypass.formUnion(tensors(d["bypass"], diagnostics: &diagnostics))
                default:
                    diagnostics.warning("constraint type '\(type)' at \(level.name) has no Loupe equivalent; dropped", at: d["type"])
                }
                byLevel[owner] = c
            }
        }
        var lines: [String] = []
        let levels = architecture.loupeLevels
        for (i, l) in levels.enumerated() {
            guard let c = byLevel[l.name] else { continue }
            var parts: [String] = []
            let fanout = i + 1 < levels.count && levels[i + 1].instances != l.instances
            if fanout, c.x != nil || c.y != nil {
                var axes: [String] = []
                if let x = c.x { axes.append("x: [\(x.map(\.description).joined(separator: ", "))]") }
                if let y = c.y { axes.append("y: [\(y.map(\.description).joined(separator: ", "))]") }
                parts.append("spatial: {\(axes.joined(separator: ", "))}")
            }
            if let o = c.order, !o.isEmpty { parts.append("temporal: {order: \"\(o.map(\.description).joined(separator: " "))\"}") }
            if !c.factors.isEmpty { parts.append("factors: \"\(c.factors.map { "\($0.0)=\($0.1)" }.joined(separator: " "))\"") }
            if !c.keep.isEmpty { parts.append("keep: [\(c.keep.sorted().map(\.description).joined(separator: ", "))]") }
            let bypass = c.bypass.subtracting(c.keep)
            if !bypass.isEmpty, i > 0 { parts.append("bypass: [\(bypass.sorted().map(\.description).joined(separator: ", "))]") }
            guard !parts.isEmpty else { continue }
            lines.append("\(YAMLText.scalar(l.name)): {\(parts.joined(separator: ", "))}")
        }
        return lines
    }
}
