/// One entry of `architecture.techniques` (docs/spec.md §5), as written.
///
/// The spec loader checks only the entry's shape (a mapping with a `kind`) and keeps its other
/// keys as nodes, located; it knows no technique names. LoupeEngine's `TechniqueRegistry` finds
/// the technique type for `kind`, and that type reads and checks its own options from
/// ``options`` (typed values, located errors, did-you-mean) — the one parse that both
/// `loupe validate` and `loupe estimate` use.
public struct TechniqueSpec: Sendable, Hashable {
    public var kind: String
    /// Where the `kind` value is written (where an unknown kind is reported).
    public var kindLocation: SourceLocation?
    /// Every key of the entry but `kind`, in file order.
    public var options: [SpecNode.Pair]
    /// The entry itself (where a missing option is reported).
    public var location: SourceLocation?

    public init(kind: String, kindLocation: SourceLocation? = nil, options: [SpecNode.Pair] = [],
                location: SourceLocation? = nil) {
        self.kind = kind
        self.kindLocation = kindLocation
        self.options = options
        self.location = location
    }

    /// The value of option `key`, if the entry gives it.
    public subscript(key: String) -> SpecNode? {
        options.first { $0.key == key }?.value
    }

    /// Each option as written (``SpecNode/text``), for reports; keys sorted.
    public var optionText: [(key: String, text: String)] {
        options.map { ($0.key, $0.value.text) }.sorted { $0.key < $1.key }
    }
}
