import LoupeModel

/// The estimate of one layer: the dense evaluation of its mapping, the evaluation after the
/// architecture's techniques, and each technique's attribution.
public struct LayerEstimate: Sendable {
    public var layer: Layer
    public var dense: Evaluation
    public var final: Evaluation
    public var attributions: [TechniqueAttribution]
    /// How the mapping was obtained: `mapping file`, or the mapper's summary.
    public var mappingSource: String
    /// The least dense energy and fewest cycles any valid mapping of the layer could reach
    /// (`LayerBound`, docs/mapper.md "Lower bound"); nil when not computed.
    public var bound: LayerBound?
    /// The workload's bounds when the architecture padded the layer to its levels'
    /// `multiple_of` (`layer` is then the padded layer the hardware computes; docs/model.md §7,
    /// "Instruction-shape padding"); nil when nothing was padded.
    public var unpaddedBounds: [Int]?
    /// How the mapper's search of the layer ended (`converged`, `budget`, `time_limit`,
    /// docs/mapper.md §2); empty for a mapping file's mapping.
    public var searchEnd: String

    public init(layer: Layer, dense: Evaluation, final: Evaluation, attributions: [TechniqueAttribution] = [],
                mappingSource: String = "", bound: LayerBound? = nil, unpaddedBounds: [Int]? = nil, searchEnd: String = "") {
        self.layer = layer
        self.unpaddedBounds = unpaddedBounds
        self.dense = dense
        self.final = final
        self.attributions = attributions
        self.mappingSource = mappingSource
        self.bound = bound
        self.searchEnd = searchEnd
    }

    /// `dense energy / bound − 1`: how far the mapping's dense energy (what the mapper
    /// optimises) is above the layer's lower bound; nil without a bound.
    public var energyGap: Double? { bound.map { LayerBound.gap(dense.energy, over: $0.energy) } }
    /// `dense cycles / bound − 1`; nil without a bound.
    public var cyclesGap: Double? { bound.map { LayerBound.gap(dense.cycles, over: $0.cycles) } }

    /// `final.energy × repeat`, pJ.
    public var totalEnergy: Double { final.energy * Double(layer.repeatCount) }
    /// `final.cycles × repeat`.
    public var totalCycles: Double { final.cycles * Double(layer.repeatCount) }
}

/// A whole network's estimate on one architecture (what the reports are written from).
public struct NetworkEstimate: Sendable {
    /// The architecture with resolved energies.
    public var architecture: Architecture
    public var workload: Workload
    public var layers: [LayerEstimate]
    /// Every default or estimated figure used, for the report's assumptions section.
    public var assumptions: [String]
    /// Mapper summary, e.g. `evaluated N mappings (V valid) in T s`; empty with a mapping file.
    public var mapperSummary: String

    public init(architecture: Architecture, workload: Workload, layers: [LayerEstimate],
                assumptions: [String] = [], mapperSummary: String = "") {
        self.architecture = architecture
        self.workload = workload
        self.layers = layers
        self.assumptions = assumptions
        self.mapperSummary = mapperSummary
    }

    /// Σ layers energy × repeat, pJ.
    public var totalEnergy: Double { layers.reduce(0) { $0 + $1.totalEnergy } }
    /// Σ layers cycles × repeat.
    public var totalCycles: Double { layers.reduce(0) { $0 + $1.totalCycles } }
    /// Σ MACs × repeat.
    public var totalMACs: Int { layers.reduce(0) { $0 + $1.final.macs * $1.layer.repeatCount } }
    /// Latency at the architecture's clock, seconds.
    public var latencySeconds: Double { totalCycles / architecture.clockHz }
    /// Energy-delay product, J·s.
    public var edp: Double { totalEnergy * 1e-12 * latencySeconds }
}
