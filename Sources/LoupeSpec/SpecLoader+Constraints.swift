import LoupeModel

extension SpecLoader {
    static let levelConstraintKeys = ["spatial", "temporal", "factors", "keep", "bypass"]

    /// Decodes `constraints:` (docs/spec.md §6): `dataflow:` and, per level name,
    /// `{spatial: {x: [dims], y: [dims]}, temporal: {order: "K C"}, factors: "N=1 C>=4", keep: [..], bypass: [..]}`.
    static func decodeConstraints(_ node: SpecNode, levels: [Level], reader: inout SpecReader) -> MapperConstraints {
        var result = MapperConstraints()
        let names = levels.map(\.name)
        guard let f = reader.fields(node, "constraints", allowed: ["dataflow"] + names, extraHint: { _ in
            "constraints take 'dataflow' and level names (\(orList(names.map { "'\($0)'" })))"
        }) else { return result }
        if let d = f["dataflow"] { result.dataflow = reader.choice(d, "dataflow", Dataflow.self) }
        for (i, level) in levels.enumerated() {
            guard let n = f[level.name] else { continue }
            let next: Level? = i + 1 < levels.count ? levels[i + 1] : nil
            if let c = decodeLevelConstraints(n, level: level, below: next, reader: &reader) {
                result.levels[level.name] = c
            }
        }
        return result
    }

    static func decodeLevelConstraints(_ node: SpecNode, level: Level, below: Level?, reader: inout SpecReader) -> LevelConstraints? {
        let context = "the constraints of level '\(level.name)'"
        guard let f = reader.fields(node, context, allowed: levelConstraintKeys) else { return nil }
        let before = reader.diagnostics.count
        var c = LevelConstraints()
        if level.isCompute {
            for key in levelConstraintKeys {
                if let n = f[key] { reader.error("the compute level '\(level.name)' takes no loops, so it takes no '\(key)' constraint", at: n) }
            }
            return nil
        }
        if let s = f["spatial"], let sf = reader.fields(s, "the spatial constraints of level '\(level.name)'", allowed: ["x", "y"]) {
            if let below, below.fanout > 1 {
                c.spatialX = sf["x"].flatMap { reader.dimensions($0, "spatial x of level '\(level.name)'") }
                c.spatialY = sf["y"].flatMap { reader.dimensions($0, "spatial y of level '\(level.name)'") }
            } else {
                reader.error(noFanoutMessage(level, below) + ", so it takes no spatial constraints", at: s)
            }
        }
        if let t = f["temporal"], let tf = reader.fields(t, "the temporal constraints of level '\(level.name)'", allowed: ["order"]) {
            c.temporalOrder = tf["order"].flatMap { reader.dimensions($0, "temporal order of level '\(level.name)'") }
        }
        if let n = f["factors"], let fc = reader.factorConstraints(n, "factors of level '\(level.name)'") {
            c.factors = fc
        }
        c.keep = f["keep"].flatMap { reader.tensors($0, "keep of level '\(level.name)'") }
        c.bypass = f["bypass"].flatMap { reader.tensors($0, "bypass of level '\(level.name)'") }
        if let keep = c.keep {
            let impossible = keep.subtracting(level.keeps)
            if !impossible.isEmpty {
                reader.error("level '\(level.name)' cannot be made to keep \(orList(impossible.sorted().map(\.description))): "
                             + "the architecture lets it keep \(tensorListText(level.keeps))", at: f["keep"]!)
            }
            if let bypass = c.bypass, !keep.isDisjoint(with: bypass) {
                reader.error("level '\(level.name)' both keeps and bypasses \(orList(keep.intersection(bypass).sorted().map(\.description)))",
                             at: f["bypass"]!)
            }
        }
        return reader.diagnostics.count == before ? c : nil
    }

    /// "level 'X' has no fanout below it ('Y' has array [1, 1])".
    static func noFanoutMessage(_ level: Level, _ below: Level?) -> String {
        guard let below else { return "level '\(level.name)' has no level below it" }
        return "level '\(level.name)' has no fanout below it ('\(below.name)' has array [\(below.arrayX), \(below.arrayY)])"
    }

    /// "inputs and outputs", or "nothing".
    static func tensorListText(_ tensors: Set<TensorKind>) -> String {
        tensors.isEmpty ? "nothing" : andList(tensors.sorted().map(\.description))
    }
}

