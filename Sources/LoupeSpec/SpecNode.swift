import LoupeModel

/// A YAML node with the place it came from, detached from Yams so that `--set` overrides
/// can edit the tree before it is decoded.
public struct SpecNode: Sendable {
    /// One `key: value` pair of a mapping; the key keeps its own location.
    public struct Pair: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: SpecNode
    }

    public enum Value: Sendable {
        /// `plain` is false for quoted and block scalars, which are never null or numbers by accident.
        case scalar(String, plain: Bool)
        case mapping([Pair])
        case sequence([SpecNode])
    }

    public var value: Value
    public var location: SourceLocation
    /// The `--set PATH=VALUE` text when this node came from the command line.
    public var origin: String?

    public init(_ value: Value, at location: SourceLocation, origin: String? = nil) {
        self.value = value
        self.location = location
        self.origin = origin
    }

    /// The plain scalars YAML reads as null (`key:` with nothing after it, `~`, `null`).
    public static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]

    public var isNull: Bool {
        if case .scalar(let s, true) = value { return SpecNode.nullSpellings.contains(s) }
        return false
    }

    public var scalar: String? {
        if case .scalar(let s, _) = value, !isNull { return s }
        return nil
    }

    public var pairs: [Pair]? {
        if case .mapping(let p) = value { return p }
        return nil
    }

    public var items: [SpecNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The value of `key` in a mapping node.
    public subscript(key: String) -> SpecNode? {
        pairs?.first { $0.key == key }?.value
    }

    /// How the node reads in an error message: `'abc'`, `a list`, `a mapping`, `nothing`.
    public var found: String {
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
