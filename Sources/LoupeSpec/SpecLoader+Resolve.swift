import LoupeModel

extension SpecLoader {
    /// Resolves a mapping file entry for one layer against an architecture: one LevelMapping per storage level
    /// (levels absent from the file get no loops); the layer's own entry wins over `default`. nil if neither exists.
    ///
    /// Checks: level names exist (with a did-you-mean) and appear once; the compute level takes
    /// no loops; spatial loops only on a level with a fanout below it (the next level's array),
    /// their product per axis within that array's X / Y; `keeps` within what the level may
    /// keep; factors at least 1 and their products within `Int`. Whether the factors multiply to
    /// the layer's bounds is `checkFactors`' job; capacity is the engine's.
    public static func resolveMapping(_ file: MappingFile, layer: String, architecture: Architecture) throws(DiagnosticError) -> Mapping? {
        let key = file.layers[layer] != nil ? layer : defaultMappingName
        guard let entries = file.layers[key] else { return nil }
        let what = key == defaultMappingName ? "the default mapping" : "the mapping of layer '\(key)'"
        var diagnostics: [Diagnostic] = []
        func error(_ message: String, _ entry: MappingFile.Entry, hint: String? = nil) {
            diagnostics.append(Diagnostic(.error, message, at: entry.mapping.location ?? file.layerLocations[key], hint: hint))
        }
        let levels = architecture.levels
        let names = levels.map(\.name)
        var result = Mapping(levels: Array(repeating: LevelMapping(), count: max(levels.count - 1, 0)))
        var seen: [Int: MappingFile.Entry] = [:]
        var allFactors = 1
        var overflowed = false

        for entry in entries {
            guard let i = architecture.levelIndex(named: entry.level) else {
                error("unknown level '\(entry.level)' in \(what)", entry,
                      hint: DidYouMean.hint(for: entry.level, among: names) ?? "the levels are \(orList(names.map { "'\($0)'" }))")
                continue
            }
            let level = levels[i]
            let m = entry.mapping
            if level.isCompute || i >= result.levels.count {
                error("the compute level '\(level.name)' takes no loops; put them on a storage level", entry)
                continue
            }
            if let first = seen[i] {
                let at = first.mapping.location.map { " (first at \($0.line):\($0.column))" } ?? ""
                error("level '\(level.name)' appears twice in \(what)\(at)", entry, hint: "give each level one entry")
                continue
            }
            seen[i] = entry
            var ok = true
            for loop in m.temporal + m.spatialX + m.spatialY where loop.factor < 1 {
                error("the factor of \(loop.dimension) at level '\(level.name)' must be at least 1, found \(loop.factor)", entry)
                ok = false
            }
            if !m.spatialX.isEmpty || !m.spatialY.isEmpty {
                let below = levels[i + 1]
                if below.fanout == 1 {
                    error(noFanoutMessage(level, below) + ", so it takes no spatial loops", entry,
                          hint: "spatial loops belong to the level just above an array")
                    ok = false
                } else {
                    for (axis, loops, extent, word) in [("x", m.spatialX, below.arrayX, "X"), ("y", m.spatialY, below.arrayY, "Y")] {
                        let product = checkedProduct(loops.map(\.factor))
                        if product.map({ $0 > extent }) ?? true {
                            error("the spatial \(axis) loops of level '\(level.name)' (\(loops.map(\.description).joined(separator: " "))) "
                                  + "need \(product.map(String.init) ?? "more than 2^63") instances, but the array below it ('\(below.name)') "
                                  + "is \(extent) wide in \(word)", entry)
                            ok = false
                        }
                    }
                }
            }
            if let keeps = m.keeps, !keeps.isSubset(of: level.keeps) {
                let extra = keeps.subtracting(level.keeps).sorted().map(\.description)
                error("level '\(level.name)' cannot keep \(andList(extra)) in \(what): the architecture lets it keep \(tensorListText(level.keeps))",
                      entry)
                ok = false
            }
            for loop in m.temporal + m.spatialX + m.spatialY where loop.factor >= 1 && !overflowed {
                let (p, o) = allFactors.multipliedReportingOverflow(by: loop.factor)
                if o {
                    error("the factors of \(what) multiply to more than 2^63", entry)
                    overflowed = true
                    ok = false
                }
                allFactors = p
            }
            if ok { result.levels[i] = m }
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
        return result
    }

    /// Per dimension, whether the mapping's factors multiply to the layer's bound:
    /// "factors of K multiply to 16, but the layer has K=32".
    /// With imperfect loops (docs/spec.md §8), each must step by what the loops inside it cover
    /// and the outermost extent must be the bound (`Mapping.coverage(of:)`).
    public static func checkFactors(_ mapping: Mapping, layer: Layer) -> [Diagnostic] {
        var result: [Diagnostic] = []
        if mapping.isImperfect {
            for d in Dimension.allCases {
                let c = mapping.coverage(of: d)
                if let (i, loop, inner) = c.mismatch {
                    result.append(Diagnostic(.error, "imperfect loop \(loop) steps by \(loop.split!.step), but the loops inside it cover \(inner)",
                                             at: mapping.levels[i].location ?? layer.location,
                                             hint: "in the mapping of layer '\(layer.name)'; write it \(d)=\(loop.split!.span)/\(inner)"))
                } else if c.extent != layer[d] {
                    let location = mapping.levels.first { l in (l.temporal + l.spatialX + l.spatialY).contains { $0.dimension == d } }?.location
                    result.append(Diagnostic(.error, "the loops of \(d) cover \(c.extent), but the layer has \(d)=\(layer[d])",
                                             at: location ?? mapping.levels.lazy.compactMap(\.location).first ?? layer.location,
                                             hint: "in the mapping of layer '\(layer.name)'"))
                }
            }
            return result
        }
        for d in Dimension.allCases {
            var factors: [Int] = []
            var location: SourceLocation?
            for l in mapping.levels {
                let loops = (l.temporal + l.spatialX + l.spatialY).filter { $0.dimension == d }
                if !loops.isEmpty, location == nil { location = l.location }
                factors += loops.map(\.factor)
            }
            let product = checkedProduct(factors)
            guard product != layer[d] else { continue }
            let text = product.map(String.init) ?? "more than 2^63"
            result.append(Diagnostic(.error, "factors of \(d) multiply to \(text), but the layer has \(d)=\(layer[d])",
                                     at: location ?? mapping.levels.lazy.compactMap(\.location).first ?? layer.location,
                                     hint: "in the mapping of layer '\(layer.name)'"))
        }
        return result
    }

    /// The product of `values`, or `nil` if it overflows.
    static func checkedProduct(_ values: [Int]) -> Int? {
        var p = 1
        for v in values {
            let (r, o) = p.multipliedReportingOverflow(by: v)
            if o { return nil }
            p = r
        }
        return p
    }
}
