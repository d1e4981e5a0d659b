import LoupeModel

/// Access counts of one tensor at one storage level (docs/model.md, "Vocabulary").
///
/// Counts are per utilized instance, as Timeloop prints them; `total*` multiply by
/// `utilizedInstances`.
public struct TensorAccesses: Sendable, Hashable {
    public var tensor: TensorKind
    /// Reads by the inner side (the next keeper inward, or the MACs).
    public var reads: Double
    /// Writes arriving from the outer side.
    public var fills: Double
    /// Read-modify-writes of partial sums from the inner side.
    public var updates: Double
    /// Instances that hold a share of this tensor (spatial factors above the level).
    public var utilizedInstances: Int
    /// Words of the tensor held at once by one instance (the tile).
    public var tileWords: Int
    /// Words one instance holds over the whole layer (Timeloop's partition size).
    public var partitionWords: Int
    /// Energy of these accesses over all utilized instances, pJ.
    public var energy: Double
    /// Accesses a technique turned into gated (energy-reduced, still timed) ones, per instance;
    /// already excluded from `reads`/`fills`/`updates`.
    public var gated: Double = 0
    /// Accesses a technique skipped entirely (neither energy nor time), per instance.
    public var skipped: Double = 0
    /// Metadata words moved for compressed formats (reads + fills + updates), per instance;
    /// their energy is included in `energy`.
    public var metadataWords: Double = 0
    /// Bits per stored value after compression or precision techniques (dense = the level's word bits).
    public var bitsPerValue: Double? = nil
    /// Imperfect mappings (docs/model.md §10): the instances differ, so `reads`, `fills` and
    /// `updates` are averages over the utilized instances; energy then prices their exact
    /// totals (one block rounding of `count × utilizedInstances`), and bandwidth is charged for
    /// the busiest instance, whose reads and writes are `peakReadRatio` and `peakWriteRatio`
    /// times the averages. False (and ratios 1) for perfect mappings.
    public var pricedOnTotals = false
    public var peakReadRatio: Double = 1
    public var peakWriteRatio: Double = 1

    // Sparsity and compression bookkeeping (ZeroGating, ZeroSkipping, Compression). Shares, not
    // counts, so that a technique which only scales `gated` or `metadataWords` keeps them right.

    /// Share of `gated` that are fills or updates (the rest are reads); bandwidth charges gated
    /// accesses on the side they would have used.
    public var gatedWriteShare: Double = 0
    /// Share of `metadataWords` that are fills (writes from the outer side).
    public var metadataFillShare: Double = 0
    /// Share of `metadataWords` that are updates (writes from the inner side); the rest are reads.
    public var metadataUpdateShare: Double = 0
    /// Bits of one metadata access (the width of the level's metadata store, Sparseloop's
    /// `metadata_storage_width`); nil = the level's word bits. `metadataWords` stay in data words
    /// (`bits / word_bits`) for bandwidth; energy is per metadata access of this width.
    public var metadataWordBits: Double? = nil
    /// The tensors whose zeros a gating or skipping technique already exploited on these accesses
    /// (so that a second technique on the same condition does not count them twice).
    public var sparsityConditions: Set<TensorKind> = []
    /// The compression format applied to this tensor at this level, if any.
    public var compressionFormat: String? = nil

    public init(tensor: TensorKind, reads: Double, fills: Double, updates: Double, utilizedInstances: Int,
                tileWords: Int, partitionWords: Int, energy: Double = 0) {
        self.tensor = tensor
        self.reads = reads
        self.fills = fills
        self.updates = updates
        self.utilizedInstances = utilizedInstances
        self.tileWords = tileWords
        self.partitionWords = partitionWords
        self.energy = energy
    }

    public var totalReads: Double { reads * Double(utilizedInstances) }
    public var totalFills: Double { fills * Double(utilizedInstances) }
    public var totalUpdates: Double { updates * Double(utilizedInstances) }
}

/// What one storage level does for a layer.
public struct LevelEvaluation: Sendable, Hashable {
    public var name: String
    public var instances: Int
    /// Instances the mapping uses (the product of spatial factors above the level).
    public var utilizedInstances: Int
    /// Accesses per kept tensor, in `TensorKind` order.
    public var tensors: [TensorAccesses]
    /// Cycles this level needs to move its data at its bandwidth (0 when unlimited).
    public var bandwidthCycles: Double
    /// `leak × cycles × utilized instances` (Timeloop charges only the instances in use).
    public var leakEnergy: Double

    public init(name: String, instances: Int, utilizedInstances: Int? = nil, tensors: [TensorAccesses],
                bandwidthCycles: Double = 0, leakEnergy: Double = 0) {
        self.name = name
        self.instances = instances
        self.utilizedInstances = utilizedInstances ?? instances
        self.tensors = tensors
        self.bandwidthCycles = bandwidthCycles
        self.leakEnergy = leakEnergy
    }

    public func accesses(_ t: TensorKind) -> TensorAccesses? { tensors.first { $0.tensor == t } }

    /// Access energy of all tensors, without leak and network.
    public var accessEnergy: Double { tensors.reduce(0) { $0 + $1.energy } }
    /// Access plus leak energy.
    public var energy: Double { accessEnergy + leakEnergy }
}

/// Words carried by the network of one fanout (the `array` of a level) and their energy.
public struct NetworkEvaluation: Sendable, Hashable {
    /// The level whose `array` this network feeds.
    public var level: String
    /// Words delivered to (or, for partial sums, collected from) every child instance.
    public var words: Double
    public var energy: Double
    public init(level: String, words: Double, energy: Double) {
        self.level = level
        self.words = words
        self.energy = energy
    }
}

/// The cost of one part of a technique's hardware on one layer (``SparseMachinery``): a row
/// of `energy.csv` named `<technique kind>: <part>`.
public struct MachineryCost: Sendable, Hashable {
    /// E.g. `zero_skipping: scatter`.
    public var name: String
    /// Actions performed (products routed, coordinates computed, words decoded, …).
    public var actions: Double
    /// `actions × energy per action`, pJ.
    public var energy: Double
    /// Compute cycles the part adds (stalls), after the technique's own cycle changes.
    public var cycles: Double

    public init(name: String, actions: Double, energy: Double, cycles: Double) {
        self.name = name
        self.actions = actions
        self.energy = energy
        self.cycles = cycles
    }
}

/// The estimate of one layer under one mapping.
public struct Evaluation: Sendable, Hashable {
    public var layer: String
    public var macs: Int
    /// MACs that do useful work after techniques (= `macs` when dense).
    public var effectualMACs: Double
    /// Product of all temporal factors: one cycle per temporal iteration.
    public var computeCycles: Int
    /// Compute cycles after techniques (bit-serial time, skipped MACs); `computeCycles` when dense.
    public var effectiveComputeCycles: Double
    /// MACs a gating technique left idle (their energy is the compute level's `gated` energy).
    /// True once a technique has made MAC energy follow the operand bits (`bit_serial` or
    /// `precision_scaling`), so that the other one does not scale it a second time.
    public var macEnergyFollowsPrecision = false
    public var gatedMACs: Double = 0
    /// MACs a skipping technique removed (neither energy nor cycles).
    public var skippedMACs: Double = 0
    /// The tensors whose zeros already reduced the MACs (gating or skipping), so that two
    /// techniques on the same condition do not count the same zeros twice.
    public var computeConditions: Set<TensorKind> = []
    /// `max(compute, every level's bandwidth cycles)`, further changed by techniques.
    public var cycles: Double
    /// Storage levels, outermost first.
    public var levels: [LevelEvaluation]
    /// Networks of the fanouts, outermost first (only fanouts that carry words).
    public var networks: [NetworkEvaluation]
    public var macEnergy: Double
    /// Processing elements of the architecture.
    public var totalPEs: Int
    /// PEs that do work under this mapping.
    public var utilizedPEs: Int
    /// `compute` or the level whose bandwidth sets the cycles.
    public var bound: String
    public var mapping: Mapping
    /// The chip-level static energy, `(P_static / f) · cycles` (`StaticCost`), pJ; 0 when the
    /// architecture gives no static power.
    public var chipStaticEnergy: Double = 0
    /// The costs of a technique's hardware (intersection, scatter network, coordinate
    /// computation, metadata decode, filler zeros, lane buffers; ``SparseMachinery``), each
    /// named; empty for a dense evaluation. Their energy is part of ``energy``.
    public var overheads: [MachineryCost] = []
    /// The load-imbalance factor of the compute time: expected time of the busiest of the
    /// units that synchronise over the ideal (mean) time, ≥ 1 (``LoadImbalance``); the product
    /// over techniques that model it, nil when none does.
    public var imbalance: Double? = nil

    public init(layer: String, macs: Int, effectualMACs: Double, computeCycles: Int, cycles: Double,
                levels: [LevelEvaluation], networks: [NetworkEvaluation] = [], macEnergy: Double, totalPEs: Int, utilizedPEs: Int, bound: String,
                mapping: Mapping) {
        self.layer = layer
        self.macs = macs
        self.effectualMACs = effectualMACs
        self.computeCycles = computeCycles
        self.effectiveComputeCycles = Double(computeCycles)
        self.cycles = cycles
        self.levels = levels
        self.networks = networks
        self.macEnergy = macEnergy
        self.totalPEs = totalPEs
        self.utilizedPEs = utilizedPEs
        self.bound = bound
        self.mapping = mapping
    }

    /// Total energy: Σ levels (accesses + leak) + Σ networks + MACs + chip static
    /// (+ Σ technique machinery), pJ.
    public var energy: Double {
        let e = macEnergy + levels.reduce(0) { $0 + $1.energy } + networks.reduce(0) { $0 + $1.energy }
        return overheads.isEmpty ? e + chipStaticEnergy : e + chipStaticEnergy + overheadEnergy
    }

    /// Σ technique machinery energy (``overheads``), pJ.
    public var overheadEnergy: Double { overheads.reduce(0) { $0 + $1.energy } }

    /// Static energy: every level's leakage plus the chip-level static energy, pJ
    /// (docs/model.md §6, "Static energy"). Proportional to `cycles`.
    public var staticEnergy: Double { levels.reduce(0) { $0 + $1.leakEnergy } + chipStaticEnergy }

    /// Dynamic energy: accesses, networks and MACs, pJ (`energy − staticEnergy`).
    public var dynamicEnergy: Double {
        let e = macEnergy + levels.reduce(0) { $0 + $1.accessEnergy } + networks.reduce(0) { $0 + $1.energy }
        return overheads.isEmpty ? e : e + overheadEnergy
    }

    /// `(MACs − skipped MACs) / (PEs × cycles)`: the share of PE-cycles that hold a MAC
    /// (= MACs / (PEs × cycles) when dense, docs/model.md §7). Gated MACs still occupy their PE and
    /// cycle; skipped ones take neither, so skipping cannot push it past 1.
    public var utilization: Double { cycles > 0 ? (Double(macs) - skippedMACs) / (Double(totalPEs) * cycles) : 0 }

    public func level(_ name: String) -> LevelEvaluation? { levels.first { $0.name == name } }
}
