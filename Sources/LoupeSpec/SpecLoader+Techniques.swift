import LoupeModel

extension SpecLoader {
    /// Decodes `techniques:` (docs/spec.md §5): a list of `{kind: …, …}` entries, in application
    /// order.
    ///
    /// Only the shape is checked here — each entry is a mapping with a `kind` word — and every
    /// other key is kept as its located node. The loader knows no technique names: LoupeEngine's
    /// `TechniqueRegistry` checks the kind (with did-you-mean) and hands the entry to the
    /// technique type, which reads its own options; `loupe validate` and `loupe estimate` both
    /// go through it.
    static func decodeTechniques(_ node: SpecNode, reader: inout SpecReader) -> [TechniqueSpec] {
        guard let items = reader.list(node, "techniques") else { return [] }
        var result: [TechniqueSpec] = []
        for (i, item) in items.enumerated() {
            guard let pairs = item.pairs else {
                reader.error("expected a mapping such as {kind: zero_gating, on: inputs} for technique #\(i + 1), found \(item.found)",
                             at: item)
                continue
            }
            let f = SpecReader.Fields(node: item, context: "technique #\(i + 1)")
            guard let kindNode = reader.require(f, "kind") else { continue }
            guard let kind = kindNode.scalar?.trimmingSpaces, !kind.isEmpty else {
                reader.error("expected a technique kind such as zero_gating for technique #\(i + 1), found \(kindNode.found)",
                             at: kindNode)
                continue
            }
            result.append(TechniqueSpec(kind: kind, kindLocation: kindNode.location,
                                        options: pairs.filter { $0.key != "kind" }, location: item.location))
        }
        return result
    }
}
