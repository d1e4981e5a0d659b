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
