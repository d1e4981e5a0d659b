/// A network: named layers evaluated in order (docs/spec.md §7).
public struct Workload: Sendable, Hashable {
    public var name: String
    public var batch: Int
    /// Layers with workload-level precision and stats already folded in.
    public var layers: [Layer]
    public var location: SourceLocation?

    public init(name: String, batch: Int = 1, layers: [Layer], location: SourceLocation? = nil) {
        self.name = name
        self.batch = batch
        self.layers = layers
        self.location = location
    }

    /// The network's MAC count: Σ macs × repeat.
    public var totalMACs: Int { layers.reduce(0) { $0 + $1.macs * $1.repeatCount } }
}
