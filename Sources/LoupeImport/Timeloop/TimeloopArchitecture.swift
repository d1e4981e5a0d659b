import Foundation
import LoupeModel
import LoupeSpec

/// A Timeloop v0.4 `architecture` (`subtree` / `local` / `attributes`) flattened into Loupe's
/// list of levels, with the Accelergy ERT/ART figures written on each level (docs/import.md,
/// "Timeloop and Accelergy"; docs/spec.md §4).
///
/// - Levels keep Timeloop's order (outer → inner: a subtree's `local` entries, then its nested
///   subtrees); the last one is the compute level. `dummy_storage` levels are dropped (their
///   spatial loops go to the level above, see ``TimeloopMappingReader``).
/// - Instances are `name[lo..hi]` times every enclosing subtree's range; a level's `array`
///   is its `meshX`/`meshY` over the previous level's (meshX defaults to the instance count).
/// - `word_bits` = `datawidth`, `block_words` = `width / datawidth`, `size` =
///   `depth × block_words` words (or `size` when given); `read_bandwidth`,
///   `write_bandwidth`, `shared_bandwidth` become `bandwidth`.
struct TimeloopArchitecture {
    enum Kind: Equatable { case storage(LevelClass), dummy, compute }

    struct Level {
        var name: String
        var node: SpecNode
        var instances: Int
        var meshX: Int
        var meshY: Int
        var className: String
        var attributes: [String: SpecNode]
        var kind: Kind
        /// Whether the class named a kind Loupe knows (else it was read as `sram`).
        var recognized: Bool
        var isDummy: Bool { kind == .dummy }
        var isCompute: Bool { kind == .compute }
    }

    var name: String
    var levels: [Level]
    var node: SpecNode

    /// The levels Loupe keeps (dummies dropped), outer → inner.
    var loupeLevels: [Level] { levels.filter { !$0.isDummy } }

    /// `Name[lo..hi]` → (`Name`, hi − lo + 1).
    static func splitRange(_ full: String) -> (name: String, count: Int)? {
        guard let open = full.firstIndex(of: "["), full.hasSuffix("]") else { return (full, 1) }
        let base = String(full[..<open]).trimmingCharacters(in: .whitespaces)
        let inner = full[full.index(after: open)..<full.index(before: full.endIndex)]
        let parts = inner.components(separatedBy: "..")
        guard parts.count == 2, let lo = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let hi = Int(parts[1].trimmingCharacters(in: .whitespaces)), hi >= lo else { return nil }
        return (base, hi - lo + 1)
    }

    /// The Loupe class of a Timeloop/Accelergy class (or subclass) name; nil when unknown.
    static func kind(of className: String) -> Kind? {
        let c = className.lowercased()
        if c.contains("dummy") { return .dummy }
        if c.contains("dram") { return .storage(.dram) }
        if c.contains("register") || c == "reg" { return .storage(.register) }
        if c.contains("regfile") || c.hasSuffix("_rf") || c == "rf" { return .storage(.regfile) }
        if c.contains("sram") || c.contains("buffer") || c.contains("cache") || c.contains("memory") || c == "storage" {
            return .storage(.sram)
        }
        if c.contains("mac") || c.contains("compute") || c.contains("multiplier") || c.contains("alu") || c.contains("fpu") {
            return .compute
        }
        return nil
    }

    static func read(_ node: SpecNode, diagnostics: inout TimeloopDiagnostics) -> TimeloopArchitecture? {
        guard node.pairs != nil else {
            diagnostics.error("'architecture' should be a mapping with 'subtree' or 'local', found \(node.found)", at: node)
            return nil
        }
        if node["nodes"] != nil {
            diagnostics.error("this architecture uses the 'nodes:' form of Timeloop's Python front end; Loupe reads the 'subtree'/'local' form",
                              at: node["nodes"], hint: "run timeloop-model once and import the parsed-processed-input.yaml it writes")
            return nil
        }
        var levels: [Level] = []
        var topName: String?
        func attributes(_ n: SpecNode?, over inherited: [String: SpecNode]) -> [String: SpecNode] {
            var a = inherited
            a["meshX"] = nil
            a["meshY"] = nil
            for p in n?.pairs ?? [] { a[p.key] = p.value }
            return a
        }
        func walk(_ tree: SpecNode, multiplier: Int, inherited: [String: SpecNode]) {
            var mult = multiplier
            if let n = tree["name"]?.scalar {
                if topName == nil { topName = splitRange(n)?.name }
                if let r = splitRange(n) { mult *= r.count } else {
                    diagnostics.error("cannot read the instance range of '\(n)'", at: tree["name"], hint: "write Name[lo..hi], e.g. PE[0..15]")
                }
            }
            let attrs = attributes(tree["attributes"], over: inherited)
            for local in tree["local"]?.items ?? [] {
                guard let full = local["name"]?.scalar else {
                    diagnostics.error("a 'local' entry has no 'name'", at: local)
                    continue
                }
                guard let (name, count) = splitRange(full) else {
                    diagnostics.error("cannot read the instance range of '\(full)'", at: local["name"], hint: "write Name[lo..hi], e.g. PE[0..15]")
                    continue
                }
                if let e = local["enabled"]?.scalar, ["false", "False"].contains(e) { continue }
                let a = attributes(local["attributes"], over: attrs)
                let instances = mult * count
                var meshX = instances
                if let mx = a["meshX"], let v = diagnostics.int(mx, "meshX of \(name)", minimum: 1) { meshX = v }
                var meshY = max(1, instances / max(meshX, 1))
                if let my = a["meshY"], let v = diagnostics.int(my, "meshY of \(name)", minimum: 1) { meshY = v }
                if meshX * meshY != instances {
                    diagnostics.error("\(name) has \(instances) instances but meshX \(meshX) × meshY \(meshY) = \(meshX * meshY)", at: local)
                }
                let className = local["subclass"]?.scalar ?? local["class"]?.scalar ?? ""
                let cls = local["class"]?.scalar ?? ""
                let kind = kind(of: className) ?? kind(of: cls)
                levels.append(Level(name: name, node: local, instances: instances, meshX: meshX, meshY: meshY,
                                    className: local["subclass"]?.scalar.map { "\(cls), subclass \($0)" } ?? cls,
                                    attributes: a, kind: kind ?? .storage(.sram), recognized: kind != nil))
            }
            for sub in tree["subtree"]?.items ?? [] { walk(sub, multiplier: mult, inherited: attrs) }
        }
        walk(node, multiplier: 1, inherited: [:])
        guard !levels.isEmpty else {
            diagnostics.error("the architecture has no levels ('local' entries)", at: node)
            return nil
        }
        // The last level is the compute one; no other level may be.
        let last = levels.count - 1
        if !levels[last].isCompute {
            diagnostics.warning("the innermost level '\(levels[last].name)' (class \(levels[last].className)) is read as the compute level", at: levels[last].node)
            levels[last].kind = .compute
        }
        for l in levels.dropLast() where l.isCompute {
            diagnostics.error("'\(l.name)' (class \(l.className)) is an arithmetic unit but not the innermost level; Loupe has one compute level, the last",
                              at: l.node)
        }
        for l in levels.dropLast() where !l.recognized {
            diagnostics.warning("class '\(l.className)' of '\(l.name)' is not one Loupe knows; imported as sram", at: l.node["class"] ?? l.node)
        }
        var names: [String: SpecNode] = [:]
        for l in levels {
            if let prev = names[l.name] {
                diagnostics.error("two levels are named '\(l.name)' (the other at \(prev.location))", at: l.node)
            }
            names[l.name] = l.node
        }
        return TimeloopArchitecture(name: topName ?? "timeloop", levels: levels, node: node)
    }

    /// An attribute's text, for comments.
    static func text(_ n: SpecNode?) -> String { n?.scalar ?? "?" }
}

/// Accelergy's energy and area reference tables, by level name (`System.PE.Buffer[1..16]`
/// matches the level `Buffer`).
struct AccelergyTables {
    struct Action {
        var energy: Double
        var text: String
        var node: SpecNode
    }

    struct Entry {
        var fullName: String
        var actions: [(name: String, action: Action)] = []
        func action(_ name: String) -> Action? { actions.first { $0.name == name }?.action }
    }

    var energy: [String: Entry] = [:]
    var area: [String: (text: String, fullName: String)] = [:]

    static func leaf(_ full: String) -> String {
        var base = full
        if full.hasSuffix("]"), let open = full.lastIndex(of: "[") { base = String(full[..<open]) }
        return base.split(separator: ".").last.map(String.init) ?? base
    }

    /// Reads every ERT and ART; for an action listed more than once (one entry per argument
    /// combination), the largest energy is used, as Timeloop does.
    static func read(ert: [SpecNode], art: [SpecNode], diagnostics: inout TimeloopDiagnostics) -> AccelergyTables {
        var t = AccelergyTables()
        for e in ert {
            guard let tables = e["tables"]?.items else {
                diagnostics.error("an ERT should have a 'tables' list", at: e)
                continue
            }
            for table in tables {
                guard let full = table["name"]?.scalar else {
                    diagnostics.error("an ERT table has no 'name'", at: table)
                    continue
                }
                var entry = Entry(fullName: full)
                for a in table["actions"]?.items ?? [] {
                    guard let n = a["name"]?.scalar else { continue }
                    guard let en = a["energy"], let v = diagnostics.double(en, "the energy of \(full) \(n)") else { continue }
                    let action = Action(energy: v, text: en.scalar ?? "\(v)", node: en)
                    if let i = entry.actions.firstIndex(where: { $0.name == n }) {
                        if v > entry.actions[i].action.energy { entry.actions[i].action = action }
                    } else {
                        entry.actions.append((n, action))
                    }
                }
                t.energy[leaf(full)] = entry
            }
        }
        for a in art {
            guard let tables = a["tables"]?.items else {
                diagnostics.error("an ART should have a 'tables' list", at: a)
                continue
            }
            for table in tables {
                guard let full = table["name"]?.scalar, let an = table["area"] else { continue }
                guard let v = diagnostics.double(an, "the area of \(full)") else { continue }
                if v < 0 { diagnostics.error("the area of \(full) is negative", at: an); continue }
                t.area[leaf(full)] = (an.scalar ?? "\(v)", full)
            }
        }
        return t
    }
}

extension TimeloopArchitecture {
    /// Loupe's energy key for an ERT action of a storage level; nil for an action Loupe has no key for.
    static func storageKey(_ action: String) -> String? {
        switch action {
        case "read", "write", "update", "leak", "metadata_read", "metadata_write", "metadata_update": action
        case "gated_read": "gated"
        default: nil
        }
    }

    /// Loupe's energy key for an ERT action of the compute level.
    static func computeKey(_ action: String) -> String? {
        switch action {
        case "compute", "mac_random", "multiply": "compute"
        case "gated_compute", "mac_gated": "gated"
        default: nil
        }
    }

    /// The nearest of Loupe's process nodes to a Timeloop `technology` text (`"40nm"`).
    static func technology(_ text: String) -> (Technology, exact: Bool)? {
        let digits = text.prefix { $0.isNumber || $0 == "." }
        guard let nm = Double(digits), nm > 0 else { return nil }
        let best = Technology.allCases.min { abs($0.nanometres - nm) < abs($1.nanometres - nm) }!
        return (best, best.nanometres == nm)
    }

    /// The architecture file (docs/spec.md §4), and the word width of the outermost level.
    func architectureYAML(tables: AccelergyTables, constraints: [String], techniques: [String], sources: [String],
                          diagnostics: inout TimeloopDiagnostics) -> (text: String, wordBits: Int) {
        var y = YAMLText()
        y.comment("Imported from Timeloop by `loupe import timeloop` (docs/import.md): \(sources.joined(separator: ", "))")
        y.comment("Energies are Accelergy's ERT figures (pJ per action of one instance; a storage action moves one block")
        y.comment("of `width` bits = block_words words; leak is pJ per cycle per instance); areas are the ART's (um^2 per instance).")
        y.line("version: 1")
        y.line("architecture:")
        y.line("  name: \(YAMLText.scalar(name))")
        // Technology: the first level attribute that names a node.
        var tech: (Technology, exact: Bool, text: String)?
        for l in levels {
            if let t = l.attributes["technology"]?.scalar, let (tt, exact) = Self.technology(t) { tech = (tt, exact, t); break }
        }
        if let tech {
            y.line("  technology: \(tech.0.rawValue)\(tech.exact ? "" : "            # Timeloop technology \"\(tech.text)\": the nearest Loupe node")")
            if !tech.exact {
                diagnostics.warning("technology \"\(tech.text)\" is not one of Loupe's nodes; \(tech.0.rawValue) is used for the figures the ERT/ART do not give", at: levels.first?.attributes["technology"])
            }
        } else {
            y.line("  technology: 45nm            # no Timeloop level names a technology")
            diagnostics.warning("no level gives a technology; 45nm is used for the figures the ERT/ART do not give", at: node)
        }
        var gcs: Double?
        for l in levels {
            if let g = l.attributes["global_cycle_seconds"]?.scalar, let v = Double(g), v > 0 { gcs = v; break }
        }
        let hz = (1 / (gcs ?? 1e-9)).rounded()
        let clock = hz.truncatingRemainder(dividingBy: 1e9) == 0 ? "\(YAMLText.number(hz / 1e9)) GHz"
            : hz.truncatingRemainder(dividingBy: 1e6) == 0 ? "\(YAMLText.number(hz / 1e6)) MHz" : "\(YAMLText.number(hz)) Hz"
        y.line("  clock: \(clock)\(gcs.map { "                 # global_cycle_seconds \($0)" } ?? "                 # Timeloop's default cycle, 1 ns")")
        y.line("  levels:                      # outermost first, as in Timeloop; dummy levels dropped")
        var outerWordBits = 16
        var previous: Level?
        var firstStorage = true
        for l in loupeLevels {
            y.line("    - name: \(YAMLText.scalar(l.name))")
            // Array: this level's mesh over the previous level's.
            if let p = previous, l.instances != p.instances {
                let ok = l.meshX % p.meshX == 0 && l.meshY % p.meshY == 0
                if ok {
                    let ax = l.meshX / p.meshX, ay = l.meshY / p.meshY
                    y.line("      array: [\(ax), \(ay)]             # \(l.name): \(l.instances) instances (meshX \(l.meshX), meshY \(l.meshY)) under \(p.instances) of \(p.name)")
                } else {
                    diagnostics.error("\(l.name) (meshX \(l.meshX), meshY \(l.meshY)) does not divide evenly under \(p.name) (meshX \(p.meshX), meshY \(p.meshY))", at: l.node)
                }
            } else if previous == nil, l.instances > 1 {
                diagnostics.error("the outermost level '\(l.name)' has \(l.instances) instances; Loupe's outermost level is one instance", at: l.node)
            }
            previous = l
            let a = l.attributes
            let datawidth = diagnostics.int(a["datawidth"] ?? a["word_bits"] ?? a["word-bits"], "datawidth of \(l.name)", minimum: 1)
            switch l.kind {
            case .compute:
                y.line("      class: compute               # Timeloop class \(l.className)")
                let wb = diagnostics.int(a["multiplier_width"] ?? a["datawidth"] ?? a["width"], "the operand width of \(l.name)", minimum: 1) ?? outerWordBits
                y.line("      word_bits: \(wb)")
            case .dummy:
                break
            case .storage(let cls):
                y.line("      class: \(cls.rawValue)\(String(repeating: " ", count: max(1, 17 - cls.rawValue.count)))# Timeloop class \(l.className)")
                if cls == .dram, let t = a["type"]?.scalar {
                    if let d = DRAMType.allCases.first(where: { $0.rawValue.lowercased() == t.lowercased() }) {
                        y.line("      dram: \(d.rawValue)")
                    } else {
                        diagnostics.warning("DRAM type '\(t)' of \(l.name) is not one Loupe knows (\(DRAMType.allCases.map(\.rawValue).joined(separator: ", "))); left out", at: a["type"])
                    }
                }
                let wb = datawidth ?? 16
                if datawidth == nil { diagnostics.warning("\(l.name) gives no datawidth; 16 bits are used", at: l.node) }
                var block = 1
                if let bs = a["block_size"] ?? a["block-size"] {
                    block = diagnostics.int(bs, "block_size of \(l.name)", minimum: 1) ?? 1
                } else if let w = a["width"], let width = diagnostics.int(w, "width of \(l.name)", minimum: 1) {
                    if width % wb != 0 {
                        diagnostics.error("the width of \(l.name), \(width) bits, is not a whole number of \(wb)-bit words", at: w)
                    }
                    block = max(1, width / wb)
                }
                if let s = a["size"], cls != .dram {
                    if let v = diagnostics.int(s, "size of \(l.name)", minimum: 1) { y.line("      size: \(v) words") }
                } else if let d = a["depth"] ?? a["entries"], cls != .dram {
                    if let depth = diagnostics.int(d, "depth of \(l.name)", minimum: 1) {
                        y.line("      size: \(depth * block) words\(String(repeating: " ", count: 6))# depth \(depth) x block \(block)")
                    }
                } else if cls != .dram {
                    diagnostics.error("\(l.name) (class \(l.className)) gives no depth; Loupe needs the size of every on-chip level", at: l.node)
                }
                y.line("      word_bits: \(wb)")
                y.line("      block_words: \(block)\(String(repeating: " ", count: 12))# width / datawidth")
                if firstStorage { outerWordBits = wb; firstStorage = false }
                var bw: [String] = []
                for (key, attr) in [("read", "read_bandwidth"), ("write", "write_bandwidth"), ("shared", "shared_bandwidth")] {
                    if let n = a[attr], let v = diagnostics.double(n, "\(attr) of \(l.name)") {
                        if v > 0 { bw.append("\(key): \(YAMLText.number(v))") }
                    }
                }
                if !bw.isEmpty { y.line("      bandwidth: {\(bw.joined(separator: ", "))}   # words per cycle per instance") }
            }
            // Energies, explicit per action.
            if let entry = tables.energy[l.name] {
                var parts: [String] = []
                for (action, value) in entry.actions {
                    let key = l.isCompute ? Self.computeKey(action) : Self.storageKey(action)
                    guard let key else {
                        if l.isCompute && action == "leak" { continue }   // Timeloop charges no MAC leakage either
                        if value.energy != 0 {
                            diagnostics.warning("ERT action '\(action)' of \(entry.fullName) (\(value.text) pJ) has no Loupe energy key; dropped", at: value.node)
                        }
                        continue
                    }
                    guard !parts.contains(where: { $0.hasPrefix(key + ":") }) else { continue }
                    parts.append("\(key): \(value.text) pJ")
                }
                let order = ["compute", "read", "write", "update", "leak", "gated", "metadata_read", "metadata_write", "metadata_update"]
                parts.sort { order.firstIndex(of: String($0.prefix { $0 != ":" })) ?? 99 < order.firstIndex(of: String($1.prefix { $0 != ":" })) ?? 99 }
                if !parts.isEmpty {
                    y.line("      energy: {\(parts.joined(separator: ", "))}")
                    y.comment("ERT: \(entry.fullName)", indent: 6)
                }
            } else if !tables.energy.isEmpty {
                diagnostics.warning("no ERT entry for '\(l.name)'; its energies come from Loupe's component library", at: l.node,
                                    hint: "pass the ERT.yaml Accelergy wrote for this architecture")
            }
            if let area = tables.area[l.name] {
                y.line("      area: \(area.text) um^2            # ART: \(area.fullName)")
            }
        }
        if !techniques.isEmpty {
            y.line("  techniques:                  # Sparseloop sparse_optimizations")
            for t in techniques { y.line("    - \(t)") }
        }
        if !constraints.isEmpty {
            y.line("  constraints:                 # Timeloop constraints")
            for c in constraints { y.line("    \(c)") }
        }
        return (y.text, outerWordBits)
    }
}
