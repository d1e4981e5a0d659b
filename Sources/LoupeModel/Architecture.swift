/// An accelerator: storage levels outermost first, then the compute level (docs/spec.md §4).
public struct Architecture: Sendable, Hashable {
    public var name: String
    public var technology: Technology
    public var clockHz: Double
    /// Chip-level static power in W (`static: {power: …}`, docs/spec.md §4): clock network,
    /// control and whatever else the chip burns per cycle whatever the mapping does; 0 = none.
    /// Charged as `P / clock` per cycle of every layer (docs/model.md §6, "Static energy").
    public var staticPowerWatts: Double = 0
    /// All levels, outermost first; the last one is the compute level.
    public var levels: [Level]
    public var techniques: [TechniqueSpec]
    public var constraints: MapperConstraints
    public var location: SourceLocation?

    public init(name: String, technology: Technology, clockHz: Double, levels: [Level],
                techniques: [TechniqueSpec] = [], constraints: MapperConstraints = MapperConstraints(),
                location: SourceLocation? = nil) {
        self.name = name
        self.technology = technology
        self.clockHz = clockHz
        self.levels = levels
        self.techniques = techniques
        self.constraints = constraints
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
}
