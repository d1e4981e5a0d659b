import LoupeModel

/// A YAML node with the place it came from, detached from Yams so that `--set` overrides
/// can edit the tree before it is decoded.
struct SpecNode: Sendable {
    /// One `key: value` pair of a mapping; the key keeps its own location.
    struct Pair: Sendable {
        var key: String
        var keyLocation: SourceLocation
        var value: SpecNode
    }

    enum Value: Sendable {
        /// `plain` is false for quoted and block scalars, which are never null or numbers by accident.
        case scalar(String, plain: Bool)
        case mapping([Pair])
        case sequence([SpecNode])
    }

    var value: Value
    var location: SourceLocation
    /// The `--set PATH=VALUE` text when this node came from the command line.
    var origin: String?

    init(_ value: Value, at location: SourceLocation, origin: String? = nil) {
        self.value = value
        self.location = location
        self.origin = origin
    }

    /// The plain scalars YAML reads as null (`key:` with nothing after it, `~`, `null`).
    static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]

    var isNull: Bool {
        if case .scalar(let s, true) = value { return SpecNode.nullSpellings.contains(s) }
        return false
    }

    var scalar: String? {
        if case .scalar(let s, _) = value, !isNull { return s }
        return nil
    }

    var pairs: [Pair]? {
        if case .mapping(let p) = value { return p }
        return nil
    }

    var items: [SpecNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The value of `key` in a mapping node.
    subscript(key: String) -> SpecNode? {
        pairs?.first { $0.key == key }?.value
    }

    /// How the node reads in an error message: `'abc'`, `a list`, `a mapping`, `nothing`.
    var found: String {
        switch value {
        case .scalar(let s, _):
            if isNull { return "nothing" }
            let shown = s.count > 40 ? String(s.prefix(37)) + "..." : s
            return "'\(shown)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}
