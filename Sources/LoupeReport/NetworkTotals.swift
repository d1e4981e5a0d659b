import LoupeEngine
import LoupeModel

/// Network-wide figures for the summary and `report.json`: sums over layers × `repeat`
/// (docs/spec.md §11), and what follows from them at the architecture's clock.
struct NetworkTotals: Sendable {
    var layers: Int
    var macs: Int
    var effectualMACs: Double
    var cycles: Double
    var energy: Double
    /// Σ dense (before techniques) energy × repeat, pJ.
    var denseEnergy: Double
    /// Σ dense cycles × repeat.
    var denseCycles: Double
    /// `cycles / clock`, s.
    var latency: Double
    /// `energy / MACs`, pJ.
    var pjPerMAC: Double
    /// `energy × 10⁻¹² × latency`, J·s.
    var edp: Double
    /// `batch / latency`: one pass of the network processes `batch` inferences.
    var inferencesPerSecond: Double
    /// `MACs / latency / 10⁹`.
    var gmacsPerSecond: Double
    /// `energy × 10⁻¹² / latency`, W.
    var averagePower: Double
    /// `(MACs − skipped MACs) / (PEs × cycles)`, summed over layers × `repeat`: the engine's
    /// `Evaluation.utilization` for the whole network (skipped MACs take no PE cycle).
    var utilization: Double
    var areaMM2: Double
    var totalPEs: Int
    var batch: Int
    /// Σ static energy (leakage + chip static, `Evaluation.staticEnergy`) × repeat, pJ.
    var staticEnergy: Double
    /// `energy − staticEnergy`, pJ.
    var dynamicEnergy: Double { energy - staticEnergy }
    /// `staticEnergy × 10⁻¹² / latency`, W.
    var staticPower: Double { latency > 0 ? staticEnergy * 1e-12 / latency : .nan }
    /// `dynamicEnergy × 10⁻¹² / latency`, W.
    var dynamicPower: Double { latency > 0 ? dynamicEnergy * 1e-12 / latency : .nan }

    init(_ estimate: NetworkEstimate) {
        let arch = estimate.architecture
        layers = estimate.layers.count
        macs = estimate.totalMACs
        effectualMACs = estimate.layers.reduce(0) { $0 + $1.final.effectualMACs * Double($1.layer.repeatCount) }
        cycles = estimate.totalCycles
        energy = estimate.totalEnergy
        denseEnergy = estimate.layers.reduce(0) { $0 + $1.dense.energy * Double($1.layer.repeatCount) }
        denseCycles = estimate.layers.reduce(0) { $0 + $1.dense.cycles * Double($1.layer.repeatCount) }
        latency = arch.clockHz > 0 ? cycles / arch.clockHz : .nan
        pjPerMAC = macs > 0 ? energy / Double(macs) : .nan
        edp = energy * 1e-12 * latency
        batch = max(1, estimate.workload.batch)
        inferencesPerSecond = latency > 0 ? Double(batch) / latency : .nan
        gmacsPerSecond = latency > 0 ? Double(macs) / latency / 1e9 : .nan
        averagePower = latency > 0 ? energy * 1e-12 / latency : .nan
        totalPEs = arch.totalPEs
        let busyMACs = estimate.layers.reduce(0.0) {
            $0 + (Double($1.final.macs) - $1.final.skippedMACs) * Double($1.layer.repeatCount)
        }
        utilization = cycles > 0 && totalPEs > 0 ? busyMACs / (Double(totalPEs) * cycles) : .nan
        areaMM2 = arch.areaMM2
        staticEnergy = estimate.layers.reduce(0) { $0 + $1.final.staticEnergy * Double($1.layer.repeatCount) }
    }
}
