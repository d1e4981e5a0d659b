/// Per-action energies of one instance of a level, in pJ.
///
/// Storage actions are per block access (`block_words` words); `leak` is per cycle
/// per instance; `compute` is per operation of a compute level. `gated` is what a
/// gated (zero-skipped-in-energy) access still costs; 0 unless the spec gives it.
public struct ActionEnergies: Sendable, Hashable {
    public var read: Double
    public var write: Double
    public var update: Double
    public var leak: Double
    public var compute: Double
    public var gated: Double
    /// Where the figures come from (a paper, a tool, or "spec").
    public var source: String
    /// True when any figure is an estimate rather than a published number.
    public var estimated: Bool
    /// Where a library figure of this level lies outside the data its model was fitted to
    /// (docs/energy.md "Ranges"); empty when every figure is given or inside its data.
    public var rangeNotes: [String] = []

    public init(read: Double = 0, write: Double = 0, update: Double = 0, leak: Double = 0, compute: Double = 0,
                gated: Double = 0, source: String = "spec", estimated: Bool = false) {
        self.read = read
        self.write = write
        self.update = update
        self.leak = leak
        self.compute = compute
        self.gated = gated
        self.source = source
        self.estimated = estimated
    }
}

/// Bandwidth limits in words per cycle per instance; `nil` is unlimited.
public struct Bandwidth: Sendable, Hashable {
    public var read: Double?
    public var write: Double?
    /// A limit on reads + writes together (Timeloop's `shared_bandwidth`).
    public var shared: Double?
    public init(read: Double? = nil, write: Double? = nil, shared: Double? = nil) {
        self.read = read
        self.write = write
        self.shared = shared
    }
}

/// One level of an architecture (docs/spec.md §4). Storage levels come outermost first;
/// the last level of an architecture is the compute level.
public struct Level: Sendable, Hashable {
    public var name: String
    public var levelClass: LevelClass
    public var dram: DRAMType?
    public var wordBits: Int
    public var blockWords: Int
    /// Capacity per instance in words; `nil` is unbounded (DRAM).
    public var sizeWords: Int?
    public var bandwidth: Bandwidth
    /// Tensors this level can hold; the others bypass it.
    public var keeps: Set<TensorKind>
    /// Spatial fanout of this level under its parent: X × Y.
    public var arrayX: Int
    public var arrayY: Int
    /// Energy per word delivered over the fanout into this level, pJ.
    public var networkTransfer: Double
    public var energy: ActionEnergies
    /// Area of one instance in µm².
    public var areaUm2: Double
    public var areaSource: String
    /// Energy figures the spec gave explicitly, by action name (`read`, `write`, `update`,
    /// `leak`, `compute`, `gated`, `metadata_read`, `metadata_write`, `metadata_update`), in pJ. LoupeEngine fills the rest from its component
    /// library when it resolves the architecture.
    public var specEnergy: [String: Double]
    /// Area per instance the spec gave explicitly, µm².
    public var specAreaUm2: Double?
    /// Instruction-shape multiples (`multiple_of`, docs/spec.md §4): for each dimension listed,
    /// the tile of one instance of this level — the product of the dimension's factors at this
    /// level's temporal loop, at the fanout below it and at every level inside it — must be a
    /// multiple of the value; a layer whose bound is not a multiple is padded up to one
    /// (`Architecture.padded(_:)`, docs/model.md §7, "Instruction-shape padding"). Empty = none.
    public var multipleOf: [Dimension: Int] = [:]
    /// Time from a request to this level to its first word (`latency`, docs/spec.md §4): it
    /// enters every layer's critical path once on the way in and once on the way out
    /// (`Architecture.latencyCycles`, docs/model.md §7, "Memory latency"); nil = none.
    public var latency: FixedTime?
    public var location: SourceLocation?

    public init(name: String, levelClass: LevelClass, dram: DRAMType? = nil, wordBits: Int = 16, blockWords: Int = 1,
                sizeWords: Int? = nil, bandwidth: Bandwidth = Bandwidth(), keeps: Set<TensorKind> = Set(TensorKind.allCases),
                arrayX: Int = 1, arrayY: Int = 1, networkTransfer: Double = 0, energy: ActionEnergies = ActionEnergies(),
                areaUm2: Double = 0, areaSource: String = "spec", specEnergy: [String: Double] = [:],
                specAreaUm2: Double? = nil, location: SourceLocation? = nil) {
        self.name = name
        self.levelClass = levelClass
        self.dram = dram
        self.wordBits = wordBits
        self.blockWords = blockWords
        self.sizeWords = sizeWords
        self.bandwidth = bandwidth
        self.keeps = keeps
        self.arrayX = arrayX
        self.arrayY = arrayY
        self.networkTransfer = networkTransfer
        self.energy = energy
        self.areaUm2 = areaUm2
        self.areaSource = areaSource
        self.specEnergy = specEnergy
        self.specAreaUm2 = specAreaUm2
        self.location = location
    }

    /// The fanout of this level under its parent.
    public var fanout: Int { arrayX * arrayY }
    public var isCompute: Bool { levelClass == .compute }
}
