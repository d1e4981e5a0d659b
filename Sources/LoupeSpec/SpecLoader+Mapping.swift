import LoupeModel

extension SpecLoader {
    /// Reads a mapping file (docs/spec.md §8).
    public static func loadMapping(path: String) throws(DiagnosticError) -> MappingFile {
        try loadMapping(yaml: readFile(path), file: path)
    }

    /// Reads mapping YAML text; `file` names it in diagnostics.
    public static func loadMapping(yaml: String, file: String) throws(DiagnosticError) -> MappingFile {
        var reader = SpecReader()
        var mapping: MappingFile?
        if let root = parseDocument(yaml: yaml, file: file, reader: &reader) {
            mapping = decodeMappingFile(root, file: file, reader: &reader)
        }
        return try result(mapping, reader, file: file)
    }

    static let mappingEntryKeys = ["level", "temporal", "spatial", "keeps"]

    /// The name under which a mapping applies to every layer without its own entry.
    public static let defaultMappingName = "default"

    /// Decodes a parsed mapping document: per layer name (or `default`), a list of
    /// `{level, temporal, spatial: {x, y}, keeps}` entries.
    static func decodeMappingFile(_ root: SpecNode, file: String, reader: inout SpecReader) -> MappingFile? {
        guard let body = body(of: root, kind: "mapping", reader: &reader) else { return nil }
        guard let pairs = body.pairs else {
            reader.error("expected a mapping from layer names (or 'default') to lists of level entries, found \(body.found)", at: body)
            return nil
        }
        let before = reader.diagnostics.count
        var result = MappingFile(file: file)
        for pair in pairs {
            let layerName = pair.key
            result.layerLocations[layerName] = pair.keyLocation
            let what = layerName == defaultMappingName ? "the default mapping" : "the mapping of layer '\(layerName)'"
            if pair.value.isNull {
                result.layers[layerName] = []
                continue
            }
            guard let items = reader.list(pair.value, what) else { continue }
            var entries: [MappingFile.Entry] = []
            for (i, item) in items.enumerated() {
                if let e = decodeMappingEntry(item, index: i, what, reader: &reader) { entries.append(e) }
            }
            result.layers[layerName] = entries
        }
        return reader.diagnostics.count == before ? result : nil
    }

    static func decodeMappingEntry(_ node: SpecNode, index: Int, _ what: String, reader: inout SpecReader) -> MappingFile.Entry? {
        guard node.pairs != nil else {
            reader.error("expected a mapping such as {level: DRAM, temporal: \"P=8 Q=2\"} for entry #\(index + 1) of \(what), found \(node.found)",
                         at: node)
            return nil
        }
        let before = reader.diagnostics.count
        let level = reader.require(SpecReader.Fields(node: node, context: "entry #\(index + 1) of \(what)"), "level")
            .flatMap { reader.name($0, "a level name") }
        let context = level.map { "the entry for level '\($0)' in \(what)" } ?? "entry #\(index + 1) of \(what)"
        guard let f = reader.fields(node, context, allowed: mappingEntryKeys), let level else { return nil }
        var m = LevelMapping(location: node.location)
        if let t = f["temporal"], let loops = reader.loops(t, "the temporal loops of \(context)") { m.temporal = loops }
        if let s = f["spatial"], let sf = reader.fields(s, "the spatial loops of \(context)", allowed: ["x", "y"]) {
            if let x = sf["x"], let loops = reader.loops(x, "spatial x of \(context)") { m.spatialX = loops }
            if let y = sf["y"], let loops = reader.loops(y, "spatial y of \(context)") { m.spatialY = loops }
        }
        if let k = f["keeps"] { m.keeps = reader.tensors(k, "keeps of \(context)") }
        return reader.diagnostics.count == before ? MappingFile.Entry(level: level, mapping: m) : nil
    }
}
