import LoupeModel

/// Decodes `SpecNode` trees while collecting every problem, so that a file's errors are
/// reported all at once (as swift-format's diagnostics engine does).
package struct SpecReader {
    package init() {}

    package var diagnostics: [Diagnostic] = []

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Records an error at `node`; values from `--set` say so in the message.
    package mutating func error(_ message: String, at node: SpecNode, hint: String? = nil) {
        error(message, at: node.location, origin: node.origin, hint: hint)
    }

    package mutating func error(_ message: String, at location: SourceLocation?, origin: String? = nil, hint: String? = nil) {
        var text = message
        if let origin { text += " (from --set \(origin))" }
        diagnostics.append(Diagnostic(.error, text, at: location, hint: hint))
    }

    /// Throws everything recorded so far, if anything is an error.
    package func finish() throws(DiagnosticError) {
        if hasErrors { throw DiagnosticError(Self.sorted(diagnostics)) }
    }

    /// Diagnostics in reading order: command-line problems first, then each file's by line
    /// and column; the order of discovery breaks ties.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        func key(_ d: Diagnostic) -> (Int, Int, Int) {
            guard let l = d.location else { return (0, 0, 0) }
            return l == Override.commandLine ? (1, 0, 0) : (2, l.line, l.column)
        }
        return diagnostics.enumerated()
            .sorted { a, b in key(a.element) != key(b.element) ? key(a.element) < key(b.element) : a.offset < b.offset }
            .map(\.element)
    }

    // MARK: Mappings

    /// The keys of one mapping node, read with the name of what it describes for messages.
    package struct Fields {
        package var node: SpecNode
        /// What the mapping is, for messages: `level 'GlobalBuffer'`.
        package var context: String

        /// The value of `key`; `nil` when absent or null (`key:` with nothing after it).
        package subscript(key: String) -> SpecNode? {
            guard let v = node[key], !v.isNull else { return nil }
            return v
        }
    }

    /// Reads `node` as a mapping with the given keys; any other key is an error with a
    /// did-you-mean. A null node reads as an empty mapping when `nullIsEmpty`.
    package mutating func fields(_ node: SpecNode, _ context: String, allowed: [String], nullIsEmpty: Bool = true,
                         extraHint: ((String) -> String?)? = nil) -> Fields? {
        if node.isNull, nullIsEmpty {
            return Fields(node: SpecNode(.mapping([]), at: node.location, origin: node.origin), context: context)
        }
        guard let pairs = node.pairs else {
            error("expected a mapping for \(context), found \(node.found)", at: node)
            return nil
        }
        for pair in pairs where !allowed.contains(pair.key) {
            let said = "unknown key '\(pair.key)' in "
            if diagnostics.contains(where: { $0.location == pair.keyLocation && $0.message.hasPrefix(said) }) { continue }
            let hint = DidYouMean.hint(for: pair.key, among: allowed) ?? extraHint?(pair.key)
                ?? "expected one of: \(allowed.joined(separator: ", "))"
            error("unknown key '\(pair.key)' in \(context)", at: pair.keyLocation, origin: pair.value.origin, hint: hint)
        }
        return Fields(node: node, context: context)
    }

    /// The value of a required key; a missing one is reported at the enclosing mapping.
    package mutating func require(_ fields: Fields, _ key: String, detail: String = "") -> SpecNode? {
        if let v = fields[key] { return v }
        if let present = fields.node[key] {
            error("'\(key)' in \(fields.context) has no value\(detail)", at: present)
        } else if let near = fields.node.pairs?.first(where: { DidYouMean.suggestion(for: $0.key, among: [key]) == key }) {
            // A misspelt required key (`clas: sram`): say so at the misspelling, once (the
            // mapping's own key check may have said it already), rather than "missing".
            let message = "unknown key '\(near.key)' in "
            if !diagnostics.contains(where: { $0.location == near.keyLocation && $0.message.hasPrefix(message) }) {
                error(message + fields.context, at: near.keyLocation, origin: near.value.origin,
                      hint: "did you mean '\(key)'? (a required key)")
            }
        } else {
            error("missing required key '\(key)' in \(fields.context)\(detail)", at: fields.node)
        }
        return nil
    }

    /// The items of a list; a single value reads as a one-item list when `single` is set.
    package mutating func list(_ node: SpecNode, _ what: String, single: Bool = false) -> [SpecNode]? {
        if let items = node.items { return items }
        if single, node.scalar != nil { return [node] }
        error("expected a list for \(what), found \(node.found)", at: node)
        return nil
    }
}
