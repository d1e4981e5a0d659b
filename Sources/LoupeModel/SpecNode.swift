/// A YAML node with the place it came from, detached from the YAML parser so that `--set`
/// overrides can edit the tree before it is decoded, and so that modules other than the spec
/// loader (the technique models in LoupeEngine) can read the part of a spec they own.
///
/// LoupeSpec builds these trees (from Yams, in `SpecNode+Yams.swift`) and decodes most of
/// them; a `techniques:` entry is kept as its node (``TechniqueSpec``) and read by the
/// technique registry (docs/spec.md §5).
public struct SpecNode: Sendable, Hashable {
    /// One `key: value` pair of a mapping; the key keeps its own location.
    public struct Pair: Sendable, Hashable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: SpecNode

        public init(key: String, keyLocation: SourceLocation, value: SpecNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public enum Value: Sendable, Hashable {
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

    /// The node as written, on one line: a scalar as is, nothing as the empty text, a list's
    /// items joined by `,`, a mapping as `{key: value, …}` (the `options` of `report.json`'s
    /// technique entries).
    public var text: String {
        switch value {
        case .scalar(let s, _): return isNull ? "" : s
        case .sequence(let items): return items.map(\.text).joined(separator: ",")
        case .mapping(let pairs): return "{" + pairs.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ") + "}"
        }
    }
}
