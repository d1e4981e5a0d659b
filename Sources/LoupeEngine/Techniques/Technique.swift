import LoupeModel

/// What a technique sees of one layer besides its evaluation.
public struct TechniqueContext: Sendable {
    /// The architecture with resolved energies.
    public var architecture: Architecture
    public var layer: Layer
    /// The layer's statistics (workload defaults overridden by the layer's own).
    public var stats: DataStats { layer.stats }

    public init(architecture: Architecture, layer: Layer) {
        self.architecture = architecture
        self.layer = layer
    }
}

/// One technique's saving on one layer (a row of `techniques.csv`, docs/spec.md §11).
public struct TechniqueAttribution: Sendable, Hashable {
    public var layer: String
    public var technique: String
    public var energyBefore: Double
    public var energyAfter: Double
    public var cyclesBefore: Double
    public var cyclesAfter: Double
    /// Facts the report should list under assumptions (inputs assumed, effects not modelled).
    public var notes: [String]

    public init(layer: String, technique: String, energyBefore: Double, energyAfter: Double,
                cyclesBefore: Double, cyclesAfter: Double, notes: [String] = []) {
        self.layer = layer
        self.technique = technique
        self.energyBefore = energyBefore
        self.energyAfter = energyAfter
        self.cyclesBefore = cyclesBefore
        self.cyclesAfter = cyclesAfter
        self.notes = notes
    }
}

/// A hardware capability that saves energy and/or cycles given data statistics (docs/spec.md §5,
/// docs/sparsity.md, docs/precision.md): a pure function of (layer, mapping, evaluation, stats,
/// options) → a new evaluation. Techniques apply in list order, each against the estimate
/// before it (``TechniquePipeline``).
///
/// A technique is one type: its ``kind`` names it in a spec, ``init(options:architecture:)``
/// reads and checks its own options, ``apply(to:context:notes:)`` transforms the evaluation.
/// It becomes usable by adding the type to ``TechniqueRegistry/all`` (docs/sparsity.md, "Adding
/// a technique or a compression format").
public protocol Technique: Sendable {
    /// The `kind:` that names the technique in a spec, e.g. `zero_gating`.
    static var kind: String { get }
    /// Reads the technique's options from `options`, recording every problem there (the caller
    /// throws them with ``TechniqueOptions/finish()``); with problems, the value built is
    /// never used.
    init(options: inout TechniqueOptions, architecture: Architecture)
    /// The label used in reports, e.g. `zero_gating(inputs @WeightSpad,MAC)`.
    var label: String { get }
    /// Transforms an evaluation; `notes` collects assumptions for the report.
    func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation
    /// Words of `tensor` stored at `level` per dense word (compression changes what fits);
    /// the mapper uses it for capacity checks. 1 when the technique does not compress there.
    func storageRatio(tensor: TensorKind, level: String, stats: DataStats) -> Double
}

extension Technique {
    public func storageRatio(tensor: TensorKind, level: String, stats: DataStats) -> Double { 1 }

    /// The technique of one spec entry, or every problem with its options, located.
    public init(spec: TechniqueSpec, architecture: Architecture) throws(DiagnosticError) {
        var options = TechniqueOptions(spec)
        self.init(options: &options, architecture: architecture)
        try options.finish()
    }
}
