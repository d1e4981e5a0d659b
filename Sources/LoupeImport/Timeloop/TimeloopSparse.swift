import LoupeModel
import LoupeSpec

/// Sparseloop's `sparse_optimizations` as Loupe techniques (docs/import.md, "Timeloop and
/// Accelergy"; docs/sparsity.md; docs/spec.md §5).
///
/// Representation formats (per data space and level, ranks outer → inner):
/// `CP` alone → `coo`; `UOP…CP` → `csr`; `RLE` alone → `rle` (run length = the level's
/// `metadata_datawidth`, unpacked); `UOP…RLE` → `csr` (offsets plus one entry per non-zero);
/// `B` (after any `UOP`s) → `bitmask`. Index, pointer and metadata widths are the level's
/// `metadata_datawidth`; `fallback: none`, since Sparseloop keeps the format it is given.
/// Formats with no Loupe equivalent (only uncompressed ranks, or other rank mixes) are dropped
/// with a warning.
///
/// Action optimizations: `skipping` → `zero_skipping`, `gating` → `zero_gating`, one entry per
/// condition tensor (`on`), with the target tensors written out. An operand target that the
/// mapping bypasses at the level is served by the nearest level above that keeps it, so the
/// entry goes there (Sparseloop's saving shows on the reads that feed the compute unit); a
/// result (outputs) target that bypasses the level is skipped nowhere, as in Sparseloop
/// (sparse_03.2.2: the outputs' updates at BackingStorage are all charged).
struct TimeloopSparseReader {
    let architecture: TimeloopArchitecture
    let problem: TimeloopProblem

    func read(_ node: SpecNode, mapping: [String: ImportedLevelMapping]?, diagnostics: inout TimeloopDiagnostics) -> [String] {
        let targets = node["targets"]?.items ?? node.items ?? []
        if targets.isEmpty && !node.isNull && node["targets"] == nil {
            diagnostics.error("sparse_optimizations should have a 'targets' list, found \(node.found)", at: node)
        }
        let storage = architecture.loupeLevels.filter { !$0.isCompute }
        func keeps(_ level: String, _ t: TensorKind) -> Bool { mapping?[level]?.keeps?.contains(t) ?? true }
        /// compression entries: options text → levels
        var compression: [(options: String, levels: [String])] = []
        /// skipping/gating: (kind, on, at) → targets
        var actions: [(kind: String, on: TensorKind, at: String, targets: Set<TensorKind>)] = []
        for entry in targets {
            guard let levelNode = entry["name"] ?? entry["target"], let name = levelNode.scalar else {
                diagnostics.error("a sparse optimization target has no level 'name'", at: entry)
                continue
            }
            let levelName = TimeloopArchitecture.splitRange(name)?.name ?? name
            guard let level = architecture.levels.first(where: { $0.name == levelName }) else {
                let s = DidYouMean.suggestion(for: levelName, among: architecture.levels.map(\.name))
                diagnostics.error("'\(name)' is not a level of the architecture", at: levelNode, hint: s.map { "did you mean '\($0)'?" })
                continue
            }
            let metaBits = level.attributes["metadata_datawidth"]?.scalar.flatMap { Int($0) }
            for ds in entry["representation_format"]?["data_spaces"]?.items ?? [] {
                guard let tn = ds["name"]?.scalar, let t = problem.tensors[tn] else {
                    diagnostics.error("a representation format names no data space of the problem", at: ds["name"] ?? ds)
                    continue
                }
                let ranks = (ds["ranks"]?.items ?? []).compactMap { $0["format"]?.scalar?.uppercased() }
                let uncompressed: Set<String> = ["UOP", "U"]
                let head = ranks.dropLast()
                var format: String?
                var options: [String] = []
                switch ranks.last {
                case "CP" where head.isEmpty: format = "coo"; options = metaBits.map { ["index_bits: \($0)"] } ?? []
                case "CP" where head.allSatisfy({ uncompressed.contains($0) }),
                     "RLE" where !head.isEmpty && head.allSatisfy({ uncompressed.contains($0) }):
                    format = "csr"; options = metaBits.map { ["index_bits: \($0)", "pointer_bits: \($0)"] } ?? []
                case "RLE" where head.isEmpty: format = "rle"; options = (metaBits.map { ["run_bits: \($0)"] } ?? []) + ["pack_bits: 0"]
                case "B" where head.allSatisfy({ uncompressed.contains($0) }): format = "bitmask"
                default: format = nil
                }
                guard let format else {
                    diagnostics.warning("representation format \(ranks.joined(separator: "-")) of \(tn) at \(levelName) has no Loupe compression format; dropped",
                                        at: ds, hint: "Loupe reads CP, UOP-CP, RLE, UOP-RLE and B (bitmask)")
                    continue
                }
                if mapping != nil && !keeps(levelName, t) { continue }   // bypassed here: Sparseloop ignores it too
                if let m = metaBits { options.append("metadata_word_bits: \(m)") }
                let text = "kind: compression, tensor: \(t), format: \(format)" + options.map { ", " + $0 }.joined() + ", fallback: none"
                if let i = compression.firstIndex(where: { $0.options == text }) { compression[i].levels.append(levelName) }
                else { compression.append((text, [levelName])) }
            }
            for opt in entry["action_optimization"]?.items ?? [] {
                let type = opt["type"]?.scalar ?? ""
                let kind: String
                switch type {
                case "skipping", "skip": kind = "zero_skipping"
                case "gating", "gate": kind = "zero_gating"
                default:
                    diagnostics.warning("action optimization '\(type)' at \(levelName) has no Loupe equivalent; dropped", at: opt["type"] ?? opt)
                    continue
                }
                for o in opt["options"]?.items ?? [] {
                    guard let tn = o["target"]?.scalar, let target = problem.tensors[tn] else {
                        diagnostics.error("a \(type) option names no target data space of the problem", at: o["target"] ?? o)
                        continue
                    }
                    for (cn, cnode) in diagnostics.names(o["condition_on"], "condition_on") {
                        guard let on = problem.tensors[cn] else {
                            diagnostics.error("'\(cn)' is not a data space of the problem", at: cnode)
                            continue
                        }
                        guard on != .outputs else {
                            diagnostics.warning("\(type) of \(tn) on \(cn) (the result) at \(levelName) has no Loupe equivalent; dropped", at: cnode)
                            continue
                        }
                        guard on != target else { continue }
                        // The level that serves `target`: this one, or for an operand it bypasses, the
                        // nearest keeper above; results that bypass it are not skipped anywhere.
                        var at = levelName
                        if !keeps(levelName, target), let i = storage.firstIndex(where: { $0.name == levelName }) {
                            guard target != .outputs else { continue }
                            at = storage[..<i].last(where: { keeps($0.name, target) })?.name ?? levelName
                        }
                        if let i = actions.firstIndex(where: { $0.kind == kind && $0.on == on && $0.at == at }) {
                            actions[i].targets.insert(target)
                        } else {
                            actions.append((kind, on, at, [target]))
                        }
                    }
                }
            }
            if let c = entry["compute_optimization"] {
                diagnostics.warning("compute_optimization at \(levelName) is not imported: Loupe derives the compute's savings from the storage levels' gating and skipping", at: c)
            }
        }
        var lines = compression.map { "{\($0.options), at: [\($0.levels.joined(separator: ", "))]}" }
        // Merge entries with the same kind, `on` and targets across levels.
        var merged: [(kind: String, on: TensorKind, at: [String], targets: Set<TensorKind>)] = []
        for a in actions {
            if let i = merged.firstIndex(where: { $0.kind == a.kind && $0.on == a.on && $0.targets == a.targets }) {
                merged[i].at.append(a.at)
            } else {
                merged.append((a.kind, a.on, [a.at], a.targets))
            }
        }
        lines += merged.map {
            "{kind: \($0.kind), on: \($0.on), at: [\($0.at.joined(separator: ", "))], targets: [\($0.targets.sorted().map(\.description).joined(separator: ", "))]}"
        }
        return lines
    }
}
