import LoupeEngine
import LoupeModel

/// The per-layer figures of `layers.csv`, the summary and `report.json`, computed once from
/// a `LayerEstimate`'s final evaluation. Everything is for **one instance** of the layer
/// (not multiplied by `repeat`).
struct LayerMetrics: Sendable {
    var name: String
    var type: String
    var repeatCount: Int
    var macs: Int
    var effectualMACs: Double
    var computeCycles: Int
    var cycles: Double
    /// `cycles / clock`, seconds.
    var latency: Double
    /// `MACs / (PEs × cycles)`, a fraction in [0, 1].
    var utilization: Double
    /// Final energy, pJ.
    var energy: Double
    /// `energy / MACs` (all MACs of the layer, effectual or not), pJ.
    var pjPerMAC: Double
    /// `energy × 10⁻¹² × latency`, J·s.
    var edp: Double
    var bound: String
    var mapping: String

    init(_ estimate: LayerEstimate, architecture: Architecture) {
        let e = estimate.final
        name = estimate.layer.name
        type = estimate.layer.type.rawValue
        repeatCount = estimate.layer.repeatCount
        macs = e.macs
        effectualMACs = e.effectualMACs
        computeCycles = e.computeCycles
        cycles = e.cycles
        latency = architecture.clockHz > 0 ? e.cycles / architecture.clockHz : .nan
        utilization = e.utilization
        energy = e.energy
        pjPerMAC = e.macs > 0 ? e.energy / Double(e.macs) : .nan
        edp = e.energy * 1e-12 * latency
        bound = e.bound
        mapping = MappingText.compact(e.mapping, architecture: architecture)
    }
}
