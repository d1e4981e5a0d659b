/// A hardware capability listed under `architecture.techniques` (SPEC.md §6).
///
/// Kept as the parsed key/value form; each technique model in LoupeEngine reads
/// the fields it needs and validates them.
public struct TechniqueSpec: Sendable, Hashable {
    public var kind: String
    /// Every other key of the entry, as text (lists joined by ",").
    public var options: [String: String]
    public var location: SourceLocation?

    public init(kind: String, options: [String: String] = [:], location: SourceLocation? = nil) {
        self.kind = kind
        self.options = options
        self.location = location
    }
}
