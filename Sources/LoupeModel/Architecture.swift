/// An accelerator: storage levels outermost first, then the compute level (docs/spec.md §4).
public struct Architecture: Sendable, Hashable {
    public var name: String
    /// The process node the component library scales to; `nil` when the spec gives every
    /// energy and area itself (docs/spec.md §4), so nothing needs the library.
    public var technology: Technology?
    public var clockHz: Double
    /// Chip-level static power in W (`static: {power: …}`, docs/spec.md §4): clock network,
    /// control and whatever else the chip burns per cycle whatever the mapping does; 0 = none.
    /// Charged as `P / clock` per cycle of every layer (docs/model.md §6, "Static energy").
    public var staticPowerWatts: Double = 0
    /// Whether loops may be imperfect (`mapper: {imperfect: true}`, docs/spec.md §4): mapping
    /// files may give tiles that do not divide their dimension, and the mapper proposes them
    /// (docs/model.md §10, docs/mapper.md). Off by default.
    public var imperfectFactorization = false
    /// All levels, outermost first; the last one is the compute level.
    public var levels: [Level]
    public var techniques: [TechniqueSpec]
    public var constraints: MapperConstraints
    /// A fixed time added to every layer's latency (`launch`, docs/spec.md §4); nil = none.
    public var launch: FixedTime?
    public var location: SourceLocation?

    public init(name: String, technology: Technology?, clockHz: Double, levels: [Level],
                techniques: [TechniqueSpec] = [], constraints: MapperConstraints = MapperConstraints(),
                launch: FixedTime? = nil, location: SourceLocation? = nil) {
        self.name = name
        self.technology = technology
        self.clockHz = clockHz
        self.levels = levels
        self.techniques = techniques
        self.constraints = constraints
        self.launch = launch
        self.location = location
    }

    /// Storage levels (every level but the last), outermost first.
    public var storageLevels: ArraySlice<Level> { levels.dropLast() }
    /// The compute level (the last level).
    public var compute: Level { levels[levels.count - 1] }

    /// Instances of level `i`: the product of its `array` and of every level outside it.
    public func instances(of i: Int) -> Int {
        var n = 1
        for j in 0...i { n *= levels[j].fanout }
        return n
    }

    /// Processing elements: instances of the compute level.
    public var totalPEs: Int { instances(of: levels.count - 1) }

    public func levelIndex(named name: String) -> Int? { levels.firstIndex { $0.name == name } }

    /// The per-layer fixed time in cycles of `clockHz` (0 without `launch`; docs/model.md §7).
    public var launchCycles: Double { launch?.cycles(atClockHz: clockHz) ?? 0 }

    /// The memory latency on every layer's critical path, in cycles (docs/model.md §7, "Memory
    /// latency"): a layer's first operand crosses, once, every level that may keep a read-only
    /// tensor (weights or inputs) before the first MAC (the fill), and its last output crosses,
    /// once, every level that may keep outputs before the layer ends (the drain):
    ///
    ///     latency = Σ_{levels keeping weights or inputs} λ_i + Σ_{levels keeping outputs} λ_i
    ///
    /// with `λ_i` the level's `latency` in cycles (0 when absent). The rest of the transfers
    /// overlap with compute (the bandwidth bound of §7); this is the part that cannot. It
    /// depends on the levels' `keeps`, not on the mapping, so it is the same for every mapping
    /// of a layer, as `launch` is.
    public var latencyCycles: Double {
        var total = 0.0
        for level in storageLevels {
            guard let l = level.latency?.cycles(atClockHz: clockHz), l > 0 else { continue }
            if level.keeps.contains(.weights) || level.keeps.contains(.inputs) { total += l }
            if level.keeps.contains(.outputs) { total += l }
        }
        return total
    }

    /// Cycles every layer takes on top of its compute and transfers: `launch + latency`
    /// (docs/model.md §7). The mapper ranks mappings without them (the same for every mapping).
    public var fixedCycles: Double { launchCycles + latencyCycles }

    /// The multiple each dimension's bound is padded to, indexed by `Dimension.rawValue`: the
    /// least common multiple of every level's `multiple_of` for that dimension (1 when none).
    public var paddingMultiples: [Int] {
        var out = Array(repeating: 1, count: Dimension.allCases.count)
        for level in levels {
            for (d, m) in level.multipleOf { out[d.rawValue] = Architecture.lcm(out[d.rawValue], m) }
        }
        return out
    }

    /// The layer the hardware computes (docs/model.md §7, "Instruction-shape padding"): each
    /// bound rounded up to its `paddingMultiples` entry, `⌈b/m⌉·m`, since a tile that is a
    /// multiple of `m` can only cover a multiple of `m`. The padded MACs take cycles and
    /// energy like any other (the hardware computes them on zeros). Unchanged when no level
    /// has `multiple_of`.
    public func padded(_ layer: Layer) -> Layer {
        let multiples = paddingMultiples
        var out = layer
        for d in Dimension.allCases where multiples[d.rawValue] > 1 {
            let m = multiples[d.rawValue]
            out[d] = (layer[d] + m - 1) / m * m
        }
        return out
    }

    static func lcm(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return a / x * b
    }
}

/// A fixed time, written in cycles or in seconds (the architecture's `launch`, docs/spec.md §4):
/// the time a GPU takes to start a kernel and drain it, or any per-layer setup an accelerator
/// pays whatever the mapping.
public enum FixedTime: Sendable, Hashable {
    /// Cycles of the architecture's clock.
    case cycles(Double)
    /// Seconds.
    case seconds(Double)

    /// Whole cycles at `hz`: `cycles`, or `seconds × hz`, each rounded to the nearest whole
    /// cycle (so that `3 us` at 1.98 GHz is 5940 cycles despite the binary rounding of 3e-6).
    public func cycles(atClockHz hz: Double) -> Double {
        switch self {
        case .cycles(let c): c.rounded()
        case .seconds(let s): (s * hz).rounded()
        }
    }
}
