import LoupeModel

extension Override {
    /// The node that replaces the addressed value: a flow collection (`[inputs, outputs]`,
    /// `{read: 4}`) is parsed as YAML, anything else is a plain scalar.
    func valueNode(reader: inout SpecReader) -> SpecNode? {
        let origin = description
        if let first = value.first, first == "[" || first == "{" {
            do {
                guard let node = try SpecNode.parse(yaml: value, file: Self.commandLine.file) else { return nil }
                return node.relocated(to: Self.commandLine, origin: origin)
            } catch {
                for d in error.diagnostics {
                    reader.error("--set \(origin): \(d.message)", at: Self.commandLine, hint: d.hint)
                }
                return nil
            }
        }
        return SpecNode(.scalar(value, plain: true), at: Self.commandLine, origin: origin)
    }

    /// Applies the overrides whose root is `root` (the others are for another file) to `tree`,
    /// in order; problems with a path go to `reader`.
    static func apply(_ overrides: [Override], root: String, to tree: inout SpecNode, reader: inout SpecReader) {
        for o in overrides where o.root == root {
            let problems = o.problems()
            guard problems.isEmpty else {
                reader.diagnostics.append(contentsOf: problems)
                continue
            }
            guard tree.pairs != nil, let value = o.valueNode(reader: &reader) else { continue }
            o.set(&tree, o.components[...], value: value, walked: [], reader: &reader)
        }
    }

    /// Walks `node` along `path`, creating mapping keys that are missing, and puts `value` at the end.
    private func set(_ node: inout SpecNode, _ path: ArraySlice<String>, value: SpecNode, walked: [String],
                     reader: inout SpecReader) {
        guard let component = path.first else {
            node = value
            return
        }
        let rest = path.dropFirst()
        let here = walked + [component]
        if node.isNull { node = SpecNode(.mapping([]), at: node.location, origin: node.origin) }
        switch node.value {
        case .mapping(var pairs):
            if let i = pairs.firstIndex(where: { $0.key == component }) {
                set(&pairs[i].value, rest, value: value, walked: here, reader: &reader)
            } else {
                var child = rest.isEmpty ? value : SpecNode(.mapping([]), at: Self.commandLine, origin: description)
                if !rest.isEmpty { set(&child, rest, value: value, walked: here, reader: &reader) }
                pairs.append(SpecNode.Pair(key: component, keyLocation: Self.commandLine, value: child))
            }
            node.value = .mapping(pairs)
        case .sequence(var items):
            guard let i = Self.index(of: component, in: items) else {
                let kind = Self.entryNoun(walked.last ?? "")
                let names = items.compactMap { $0["name"]?.scalar ?? $0["kind"]?.scalar }
                reader.error("--set \(self): no \(kind) named '\(component)' in '\(walked.joined(separator: "."))'",
                             at: Self.commandLine,
                             hint: DidYouMean.hint(for: component, among: names)
                                 ?? (names.isEmpty ? nil : "the \(kind)s are \(orList(names.map { "'\($0)'" }))"))
                return
            }
            set(&items[i], rest, value: value, walked: here, reader: &reader)
            node.value = .sequence(items)
        case .scalar:
            reader.error("--set \(self): '\(walked.joined(separator: "."))' is a single value, so it has no '\(component)'",
                         at: Self.commandLine)
        }
    }

    /// The list entry a path component addresses: by `name`, then by `kind`, then by index.
    private static func index(of component: String, in items: [SpecNode]) -> Int? {
        if let i = items.firstIndex(where: { $0["name"]?.scalar == component }) { return i }
        let byKind = items.indices.filter { items[$0]["kind"]?.scalar == component }
        if byKind.count == 1 { return byKind[0] }
        if let i = Int(component), items.indices.contains(i) { return i }
        return nil
    }

    private static func entryNoun(_ listKey: String) -> String {
        switch listKey {
        case "levels": "level"
        case "layers": "layer"
        case "techniques": "technique"
        default: "entry"
        }
    }
}

extension SpecNode {
    /// The same tree with every location moved to `location` and marked as coming from `origin`.
    func relocated(to location: SourceLocation, origin: String) -> SpecNode {
        var copy = self
        copy.location = location
        copy.origin = origin
        switch value {
        case .scalar: break
        case .sequence(let items): copy.value = .sequence(items.map { $0.relocated(to: location, origin: origin) })
        case .mapping(let pairs):
            copy.value = .mapping(pairs.map {
                Pair(key: $0.key, keyLocation: location, value: $0.value.relocated(to: location, origin: origin))
            })
        }
        return copy
    }
}
