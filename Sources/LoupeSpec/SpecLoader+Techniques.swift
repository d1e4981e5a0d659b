import LoupeModel

extension SpecLoader {
    /// The technique kinds of SPEC.md §6.
    public static let techniqueKinds = ["zero_gating", "zero_skipping", "compression", "bit_serial", "precision_scaling",
                                        "early_termination", "cropping"]

    /// Options whose values are checked here; any other option is kept as text for the
    /// technique model to read, unless it is a near miss of one of these.
    static let techniqueChoices: [String: [String]] = [
        "format": ["rle", "bitmask", "csr", "coo", "huffman", "group_precision"],
        "style": ["stripes", "loom", "pragmatic", "dynamic"],
        "mode": ["exact", "predictive"],
    ]
    static let techniqueNumbers = ["predictor_macs", "speculation_ops", "threshold", "group"]
    static let techniqueKnownKeys = ["kind", "on", "tensor", "at"] + techniqueChoices.keys.sorted() + techniqueNumbers

    /// Decodes `techniques:`: a list of `{kind: …, …}` entries, in application order.
    static func decodeTechniques(_ node: SpecNode, levelNames: [String], reader: inout SpecReader) -> [TechniqueSpec] {
        guard let items = reader.list(node, "techniques") else { return [] }
        var result: [TechniqueSpec] = []
        for (i, item) in items.enumerated() {
            guard let pairs = item.pairs else {
                reader.error("expected a mapping such as {kind: zero_gating, on: inputs} for technique #\(i + 1), found \(item.found)",
                             at: item)
                continue
            }
            let f = SpecReader.Fields(node: item, context: "technique #\(i + 1)")
            guard let kindNode = reader.require(f, "kind"),
                  let kind = reader.word(kindNode, "technique kind", among: techniqueKinds) else { continue }
            let context = "technique '\(kind)'"
            var technique = TechniqueSpec(kind: kind, location: item.location)
            var ok = true
            for pair in pairs where pair.key != "kind" {
                let value = pair.value
                if !techniqueKnownKeys.contains(pair.key), let near = DidYouMean.suggestion(for: pair.key, among: techniqueKnownKeys) {
                    reader.error("unknown key '\(pair.key)' in \(context)", at: pair.keyLocation, origin: value.origin,
                                 hint: "did you mean '\(near)'?")
                    ok = false
                    continue
                }
                guard let text = optionText(value, "option '\(pair.key)' of \(context)", reader: &reader) else {
                    ok = false
                    continue
                }
                ok = checkTechniqueOption(pair.key, value, context, levelNames: levelNames, reader: &reader) && ok
                technique.options[pair.key] = text
            }
            if ok { result.append(technique) }
        }
        return result
    }

    /// An option's value as text: a scalar as written, a list of scalars joined by ",".
    static func optionText(_ node: SpecNode, _ what: String, reader: inout SpecReader) -> String? {
        if node.isNull { return "" }
        if let s = node.scalar { return s }
        if let items = node.items {
            var parts: [String] = []
            for item in items {
                guard let s = item.scalar else {
                    reader.error("expected a value in the list for \(what), found \(item.found)", at: item)
                    return nil
                }
                parts.append(s)
            }
            return parts.joined(separator: ",")
        }
        reader.error("expected a value or a list for \(what), found \(node.found)", at: node)
        return nil
    }

    /// Checks the options whose meaning is known here: level names in `at`, tensors in
    /// `on`/`tensor`, the enumerated `format`/`style`/`mode`, and numbers.
    static func checkTechniqueOption(_ key: String, _ value: SpecNode, _ context: String, levelNames: [String],
                                     reader: inout SpecReader) -> Bool {
        let before = reader.diagnostics.count
        let values = value.items ?? [value]
        switch key {
        case "at":
            for v in values {
                guard let name = v.scalar?.trimmingSpaces else { continue }
                // `MAC` always names the compute level, whatever it is called (SPEC.md §6 examples).
                if !levelNames.isEmpty, !levelNames.contains(name), name != "MAC" {
                    reader.error("unknown level '\(name)' in 'at' of \(context)", at: v,
                                 hint: DidYouMean.hint(for: name, among: levelNames)
                                     ?? "the levels are \(orList(levelNames.map { "'\($0)'" }))")
                }
            }
        case "on", "tensor":
            for v in values { _ = reader.tensor(v, in: "'\(key)' of \(context)") }
        default:
            if let choices = techniqueChoices[key] {
                for v in values { _ = reader.word(v, key, in: context, among: choices) }
            } else if techniqueNumbers.contains(key) {
                for v in values { _ = reader.double(v, "\(key) of \(context)", key == "threshold" ? .any : .nonNegative) }
            }
        }
        return reader.diagnostics.count == before
    }
}
