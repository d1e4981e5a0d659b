import LoupeModel

/// Text forms of a mapping for the reports.
///
/// - `compact` is the one-line loop nest of `layers.csv`'s `mapping` column, outer level
///   first: `DRAM[P8 Q2 K4] GlobalBuffer[P14 Q4 | x:Q14 y:C3,S3] WeightSpad[R3] PsumSpad[K8]`.
///   Each level prints up to three `|`-separated sections, each only when non-empty: its
///   temporal loops (outer → inner) as dimension and factor; the spatial loops of the fanout
///   below it per axis (`x:…`, `y:…`); and a `keeps` list when the mapping narrows what the
///   level keeps (`keeps:inputs,outputs`, or `keeps:none`). A level with spatial loops only
///   prints as `GlobalBuffer[x:Q14]`. Loops with factor 1 and levels with nothing to show are left
///   out; a mapping with no loops at all prints its outermost level as `DRAM[]`. An imperfect
///   loop prints its span and step (`P55/8`, docs/spec.md §8).
/// - `loopList` is the mapping-file form of a loop list, `"P=8 Q=2 K=4"` (docs/spec.md §8).
enum MappingText {
    /// The loops that matter: factor-1 loops are the identity and are not written.
    static func effective(_ loops: [Loop]) -> [Loop] { loops.filter { $0.factor != 1 } }

    /// `"P=8 Q=2 K=4"`, outer → inner, factor-1 loops dropped; an imperfect loop as `P=55/8`.
    static func loopList(_ loops: [Loop]) -> String {
        effective(loops).map { "\($0.dimension)=\($0.factorText)" }.joined(separator: " ")
    }

    /// The name of storage level `i`, or `L<i>` when the architecture has fewer levels.
    static func levelName(_ i: Int, architecture: Architecture) -> String {
        let storage = Array(architecture.storageLevels)
        return i < storage.count ? storage[i].name : "L\(i)"
    }

    /// The keeps a level mapping states, when they differ from what the architecture's level
    /// keeps (`nil` otherwise), in `TensorKind` order.
    static func narrowedKeeps(_ level: LevelMapping, index i: Int, architecture: Architecture) -> [TensorKind]? {
        guard let keeps = level.keeps else { return nil }
        let storage = Array(architecture.storageLevels)
        if i < storage.count && storage[i].keeps == keeps { return nil }
        return keeps.sorted()
    }

    /// The one-line loop nest (see the type's documentation).
    static func compact(_ mapping: Mapping, architecture: Architecture) -> String {
        var parts: [String] = []
        for (i, level) in mapping.levels.enumerated() {
            var sections: [String] = []
            let temporal = effective(level.temporal).map { "\($0.dimension)\($0.factorText)" }.joined(separator: " ")
            var spatial: [String] = []
            let x = effective(level.spatialX)
            let y = effective(level.spatialY)
            if !x.isEmpty { spatial.append("x:" + x.map { "\($0.dimension)\($0.factorText)" }.joined(separator: ",")) }
            if !y.isEmpty { spatial.append("y:" + y.map { "\($0.dimension)\($0.factorText)" }.joined(separator: ",")) }
            let keeps = narrowedKeeps(level, index: i, architecture: architecture)
            if temporal.isEmpty && spatial.isEmpty && keeps == nil { continue }
            if !temporal.isEmpty { sections.append(temporal) }
            if !spatial.isEmpty { sections.append(spatial.joined(separator: " ")) }
            if let keeps {
                sections.append("keeps:" + (keeps.isEmpty ? "none" : keeps.map(\.description).joined(separator: ",")))
            }
            // Sections: temporal loops, then `x:`/`y:` spatial loops, then narrowed keeps.
            let body = sections.joined(separator: " | ")
            parts.append(levelName(i, architecture: architecture) + "[" + body + "]")
        }
        if parts.isEmpty {
            return (mapping.levels.isEmpty ? "" : levelName(0, architecture: architecture)) + "[]"
        }
        return parts.joined(separator: " ")
    }
}
