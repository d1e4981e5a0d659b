import LoupeModel

/// Per-action energies and area of one instance of a hardware component, as the built-in
/// component library (``ComponentLibrary``) estimates them.
///
/// Units: energies in pJ, area in µm². Storage actions are per *block* access, a block being
/// `blockWords` words of `wordBits` bits; `leak` is the leakage energy of one instance per
/// clock cycle (leakage power × cycle time); `compute` is per operation of a compute level.
public struct ComponentFigures: Sendable, Hashable {
    /// pJ per block read.
    public var read: Double
    /// pJ per block write (a fill from the outer side).
    public var write: Double
    /// pJ per block update (the read-modify-write side of outputs). Timeloop and Accelergy
    /// charge an update as a write; so does this library.
    public var update: Double
    /// pJ per cycle per instance: leakage power (W) × (1 / clock Hz) × 10¹².
    public var leak: Double
    /// pJ per operation (compute levels, arithmetic units).
    public var compute: Double
    /// µm² per instance.
    public var areaUm2: Double
    /// Short citation(s) of the figures used.
    public var source: String
    /// True when any figure is fitted, interpolated, scaled across technology or otherwise
    /// estimated, rather than read directly from a published table.
    public var estimated: Bool
    /// One line per input outside the range of the model's data (``DataRange``): the figure is
    /// extrapolated there. Empty inside.
    public var rangeNotes: [String] = []

    public init(read: Double = 0, write: Double = 0, update: Double = 0, leak: Double = 0, compute: Double = 0,
                areaUm2: Double = 0, source: String, estimated: Bool) {
        self.read = read
        self.write = write
        self.update = update
        self.leak = leak
        self.compute = compute
        self.areaUm2 = areaUm2
        self.source = source
        self.estimated = estimated
    }

    /// Every numeric figure, for checks over all of them at once.
    var allFigures: [Double] { [read, write, update, leak, compute, areaUm2] }
}
