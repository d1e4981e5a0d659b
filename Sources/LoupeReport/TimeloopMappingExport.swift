import LoupeEngine
import LoupeModel

/// `timeloop-<layer>.map.yaml` (`--format timeloop`): each layer's mapping as a Timeloop
/// mapping file, so that a Loupe mapping can be cross-checked with `timeloop-model`
/// (docs/import.md, "Timeloop and Accelergy").
///
/// ```yaml
/// mapping:
///   - target: GlobalBuffer
///     type: temporal
///     factors: C=2 M=32 R=3 S=1 N=1 P=1 Q=1
///     permutation: RMCSNPQ
///   - target: GlobalBuffer
///     type: spatial
///     factors: C=16 M=1 R=1 S=1 N=1 P=1 Q=1
///     permutation: CMRSNPQ
///     split: 1
///   - target: GlobalBuffer
///     type: bypass
///     keep: [Weights, Inputs, Outputs]
///     bypass: []
/// ```
///
/// Per storage level, outermost first: a `temporal` directive (every dimension's factor;
/// `permutation` lists the loops **inner → outer**, Timeloop's convention, i.e. Loupe's
/// outer → inner order reversed, factor-1 dimensions after them), a `spatial` directive when
/// the level has a fanout with loops (the X loops first; `split` = their count), and a
/// `bypass` directive with the tensors the level keeps and bypasses. Dimensions carry the names
/// of Timeloop's CNN-layer problem by default: `M` is Loupe's `K`; `R`/`P` (with `Wstride`) are
/// Loupe's columns `S`/`Q`, `S`/`Q` (with `Hstride`) its rows `R`/`P` — the inverse of the
/// renaming `loupe import timeloop` applies. `G` is written only when a layer has groups.
/// Tensors are `Weights`, `Inputs`, `Outputs`.
public enum TimeloopMappingExport {
    /// Loupe dimension → Timeloop CNN-layer dimension name.
    public static let cnnLayerNames: [Dimension: String] = [.N: "N", .G: "G", .K: "M", .C: "C", .P: "Q", .Q: "P", .R: "S", .S: "R"]
    /// Loupe tensor → Timeloop CNN-layer data-space name.
    public static let cnnLayerTensors: [TensorKind: String] = [.weights: "Weights", .inputs: "Inputs", .outputs: "Outputs"]

    static let prefix = "timeloop-"
    static let suffix = ".map.yaml"

    /// Whether `name` is a file this writer produces (so a report run owns it).
    public static func isExportName(_ name: String) -> Bool { name.hasPrefix(prefix) && name.hasSuffix(suffix) }

    /// One file per distinct layer name, in workload order; names keep letters, digits, `-`,
    /// `_` and `.` and turn anything else into `_`.
    public static func files(_ estimate: NetworkEstimate) -> [(name: String, contents: String)] {
        var out: [(name: String, contents: String)] = []
        var seen = Set<String>()
        var used = Set<String>()
        for layer in estimate.layers {
            guard seen.insert(layer.layer.name).inserted else { continue }
            var base = prefix + String(layer.layer.name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
            if used.contains(base) { base += "-\(used.count)" }
            used.insert(base)
            let header = "# Timeloop mapping of layer \(oneLine(layer.layer.name)) on \(oneLine(estimate.architecture.name)), written by loupe (--format timeloop).\n"
            let mapping = layer.final.mapping
            if mapping.isImperfect {
                // Timeloop's factors must divide their dimension: an imperfect loop has no
                // Timeloop form (docs/import.md), so the file says so instead of a mapping.
                let loops = mapping.levels.flatMap { $0.temporal + $0.spatialX + $0.spatialY }.filter { $0.split != nil }
                out.append((base + suffix, header + "# Not exported: the mapping has imperfect loops ("
                            + loops.map(\.description).joined(separator: ", ")
                            + "), which Timeloop's mappings cannot express (their factors divide each dimension).\n"))
                continue
            }
            out.append((base + suffix, header + render(mapping, architecture: estimate.architecture, layer: layer.layer)))
        }
        return out
    }

    /// The `mapping:` document of one layer.
    public static func render(_ mapping: Mapping, architecture: Architecture, layer: Layer,
                              names: [Dimension: String] = cnnLayerNames,
                              tensors: [TensorKind: String] = cnnLayerTensors) -> String {
        let dims = Dimension.allCases.filter { names[$0] != nil && ($0 != .G || layer[.G] > 1) }
        var out = "# Dimensions: " + dims.map { "\(names[$0]!) = Loupe \($0)" }.joined(separator: ", ")
            + ". Permutations list loops inner -> outer.\n"
        out += "mapping:\n"
        let storage = Array(architecture.storageLevels)
        for (i, level) in mapping.levels.enumerated() where i < storage.count {
            // Quoted where YAML needs it (`L2: SRAM`, `#x`), as the mappings file does.
            let target = MappingsYAML.scalar(storage[i].name)
            // Temporal: Loupe outer → inner, Timeloop permutation inner → outer.
            let loops = level.temporal.filter { $0.factor > 1 }
            let order = loops.reversed().map(\.dimension) + dims.filter { d in !loops.contains { $0.dimension == d } }
            out += "  - target: \(target)\n    type: temporal\n"
            out += "    factors: " + factorText(dims, names: names) { d in loops.filter { $0.dimension == d }.reduce(1) { $0 * $1.factor } } + "\n"
            out += "    permutation: " + permutationText(order, names: names) + "\n"
            let x = level.spatialX.filter { $0.factor > 1 }, y = level.spatialY.filter { $0.factor > 1 }
            if !x.isEmpty || !y.isEmpty {
                let xd = x.reversed().map(\.dimension), yd = y.reversed().map(\.dimension).filter { !xd.contains($0) }
                let rest = dims.filter { !xd.contains($0) && !yd.contains($0) }
                out += "  - target: \(target)\n    type: spatial\n"
                out += "    factors: " + factorText(dims, names: names) { d in (x + y).filter { $0.dimension == d }.reduce(1) { $0 * $1.factor } } + "\n"
                out += "    permutation: " + permutationText(xd + yd + rest, names: names) + "\n"
                out += "    split: \(xd.count)\n"
            }
            let kept = level.keeps ?? storage[i].keeps
            out += "  - target: \(target)\n    type: bypass\n"
            out += "    keep: [" + TensorKind.allCases.filter { kept.contains($0) }.map { tensors[$0]! }.joined(separator: ", ") + "]\n"
            out += "    bypass: [" + TensorKind.allCases.filter { !kept.contains($0) }.map { tensors[$0]! }.joined(separator: ", ") + "]\n"
        }
        return out
    }

    static func factorText(_ dims: [Dimension], names: [Dimension: String], _ factor: (Dimension) -> Int) -> String {
        dims.map { "\(names[$0]!)=\(factor($0))" }.joined(separator: " ")
    }

    /// Single-letter names run together (`RMCSNPQ`); longer names are spaced.
    static func permutationText(_ order: [Dimension], names: [Dimension: String]) -> String {
        let n = order.compactMap { names[$0] }
        return n.allSatisfy { $0.count == 1 } ? n.joined() : n.joined(separator: " ")
    }

    static func oneLine(_ s: String) -> String { String(s.map { $0.isNewline ? " " : $0 }) }
}
