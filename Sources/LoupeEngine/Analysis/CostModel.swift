import LoupeModel

/// How one storage level turns counts into energy and cycles: the only place the formulas of
/// docs/model.md §6 (energy) and §7 (cycles) are written. The mapper's kernel
/// (`NestKernel.cost()`), the dense evaluation (`Evaluator.evaluation(from:)`) and the
/// techniques' recomputation (`Evaluation.refresh`) all call these functions, so the cost the
/// mapper ranks is the cost the reports print — except for the architecture's `launch` time,
/// which the evaluator and `refresh` add to every layer (with the leakage over it) and the
/// mapper leaves out, being the same for every mapping (docs/model.md §7).
///
/// Built from a resolved level (`Architecture.resolved()`): `energy` must hold its figures.
public struct LevelCost: Sendable, Hashable {
    /// Words per block `B` (at least 1): one storage action moves one block.
    public let blockWords: Int
    /// `B` as a floating-point divisor.
    let block: Double
    /// Energy per block action, pJ.
    public let read: Double, write: Double, update: Double
    /// Energy per gated access (a technique's energy-reduced access), pJ.
    public let gated: Double
    /// Leakage per cycle and instance, pJ.
    public let leak: Double
    /// Words per cycle and instance; 0 = unlimited.
    public let readBandwidth: Double, writeBandwidth: Double, sharedBandwidth: Double

    public init(_ level: Level) {
        blockWords = max(1, level.blockWords)
        block = Double(blockWords)
        read = level.energy.read
        write = level.energy.write
        update = level.energy.update
        gated = level.energy.gated
        leak = level.energy.leak
        readBandwidth = level.bandwidth.read ?? 0
        writeBandwidth = level.bandwidth.write ?? 0
        sharedBandwidth = level.bandwidth.shared ?? 0
    }

    /// Block actions for `count` words: `⌈count / B⌉` (docs/model.md §6, "Block rounding"),
    /// per instance, per tensor and per action. Exact for whole counts below 2⁵³ (the dense
    /// model's); techniques' fractional counts round up the same way.
    @inline(__always)
    public func blocks(_ count: Double) -> Double {
        blockWords == 1 ? count.rounded(.up) : (count / block).rounded(.up)
    }

    /// Energy of one instance's accesses to one tensor, pJ:
    /// `⌈reads/B⌉·E_read + ⌈fills/B⌉·E_write + ⌈updates/B⌉·E_update` (docs/model.md §6).
    @inline(__always)
    public func accessEnergy(reads: Double, fills: Double, updates: Double) -> Double {
        blocks(reads) * read + blocks(fills) * write + blocks(updates) * update
    }

    /// Cycles one instance needs to move its words (docs/model.md §7):
    /// `max(reads/read_bw, writes/write_bw, (reads + writes)/shared_bw)`, an unlimited
    /// direction contributing 0.
    @inline(__always)
    public func bandwidthCycles(reads: Double, writes: Double) -> Double {
        var c = 0.0
        if readBandwidth > 0 { c = max(c, reads / readBandwidth) }
        if writeBandwidth > 0 { c = max(c, writes / writeBandwidth) }
        if sharedBandwidth > 0 { c = max(c, (reads + writes) / sharedBandwidth) }
        return c
    }

    /// `leak × cycles × utilized instances`, pJ: Timeloop charges only the instances a mapping
    /// uses (docs/model.md §6, "Leakage").
    @inline(__always)
    public func leakEnergy(cycles: Double, utilizedInstances: Int) -> Double {
        leak * cycles * Double(utilizedInstances)
    }
}

/// The chip-level static energy: what the chip burns per cycle whatever the mapping does (clock
/// network, control), from the architecture's `static: {power: P}` (docs/spec.md §4,
/// "Static power"; docs/model.md §6, "Static energy"):
///
///     E_static = P / f · cycles,   per cycle: P[W] · 10¹² pJ/J / f[Hz]
///
/// charged for every cycle of the layer (not per utilized instance: the clock tree and the
/// controller run whatever share of the array a mapping uses). 0 when the architecture gives no
/// static power, so an architecture without one prices exactly as before.
public struct StaticCost: Sendable, Hashable {
    /// Static energy per cycle, pJ.
    public let perCycle: Double

    public init(_ architecture: Architecture) {
        let p = architecture.staticPowerWatts, f = architecture.clockHz
        perCycle = p > 0 && p.isFinite && f > 0 && f.isFinite ? p * 1e12 / f : 0
    }

    /// `perCycle × cycles`, pJ.
    @inline(__always)
    public func energy(cycles: Double) -> Double { perCycle * cycles }
}

/// The cycle count and what bounds it (docs/model.md §7):
/// `cycles = ⌈max(compute cycles, max_i bandwidth cycles_i)⌉`; the bound is the compute, or the
/// first (outermost) level whose bandwidth cycles are the maximum and exceed the compute cycles.
public struct CycleBound: Sendable, Hashable {
    /// The running maximum, before rounding.
    public private(set) var unrounded: Double
    /// The storage level that sets it; nil = the compute.
    public private(set) var level: Int?

    @inline(__always)
    public init(computeCycles: Double) {
        unrounded = computeCycles
        level = nil
    }

    /// Levels must be offered outermost first.
    @inline(__always)
    public mutating func offer(level i: Int, bandwidthCycles c: Double) {
        if c > unrounded {
            unrounded = c
            level = i
        }
    }

    /// The cycles: the maximum rounded up to a whole cycle.
    public var cycles: Double { unrounded.rounded(.up) }
}
