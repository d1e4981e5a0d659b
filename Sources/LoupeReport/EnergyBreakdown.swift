import LoupeEngine
import LoupeModel

/// The energy of one evaluation split into the components of `energy.csv` (docs/spec.md §11), in
/// this order:
///
/// 1. one row per storage level, outermost first, named after the level: the **access**
///    energy of all its tensors over all utilized instances (reads, fills, updates, gated
///    accesses and compression metadata) — leakage is *not* included here;
/// 2. `<level> network`: the energy of the words carried by the fanout into `<level>`'s
///    array, for every level whose network has a transfer energy or carries energy in this
///    evaluation;
/// 3. `MAC`: the compute energy (`Evaluation.macEnergy`);
/// 3a. `<technique kind>: <part>`: the cost of each part of a technique's hardware
///    (`Evaluation.overheads`, ``SparseMachinery``: intersection, scatter, coordinates,
///    metadata decode, filler zeros, lane buffers), only for techniques that declare
///    `machinery`;
/// 4. `leak`: the leakage of every storage level together (Σ `LevelEvaluation.leakEnergy`);
/// 5. `static`: the chip-level static energy (`Evaluation.chipStaticEnergy`), only when the
///    architecture gives a static power (docs/spec.md §4).
///
/// Every level row and the `MAC` and `leak` rows are always present (zero when a level keeps
/// nothing), so every layer has the same components. The components add up to
/// `Evaluation.energy` exactly as the engine sums it (up to floating-point rounding).
struct EnergyBreakdown: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable {
        case level, network, mac, leak
        case chipStatic = "static"
        case machinery
    }

    struct Component: Sendable, Hashable {
        var name: String
        var kind: Kind
        /// The level name for `level` and `network` components, empty otherwise.
        var level: String
        var energy: Double
    }

    var components: [Component]

    /// Σ component energies, pJ.
    var total: Double { components.reduce(0) { $0 + $1.energy } }

    /// The breakdown of `evaluation` on `architecture` (which fixes the component list).
    init(_ evaluation: Evaluation, architecture: Architecture) {
        var list: [Component] = []
        var seenLevels = Set<String>()
        for level in architecture.storageLevels {
            seenLevels.insert(level.name)
            let access = evaluation.level(level.name)?.accessEnergy ?? 0
            list.append(Component(name: level.name, kind: .level, level: level.name, energy: access))
        }
        // Levels an evaluation carries that the architecture does not name (never expected).
        for level in evaluation.levels where !seenLevels.contains(level.name) {
            seenLevels.insert(level.name)
            list.append(Component(name: level.name, kind: .level, level: level.name, energy: level.accessEnergy))
        }
        var networkLevels: [String] = []
        for level in architecture.levels.dropFirst() where level.networkTransfer != 0 {
            networkLevels.append(level.name)
        }
        for network in evaluation.networks where network.energy != 0 && !networkLevels.contains(network.level) {
            networkLevels.append(network.level)
        }
        for name in networkLevels {
            let energy = evaluation.networks.filter { $0.level == name }.reduce(0) { $0 + $1.energy }
            list.append(Component(name: name + " network", kind: .network, level: name, energy: energy))
        }
        list.append(Component(name: "MAC", kind: .mac, level: "", energy: evaluation.macEnergy))
        for cost in evaluation.overheads {
            if let k = list.firstIndex(where: { $0.kind == .machinery && $0.name == cost.name }) {
                list[k].energy += cost.energy
            } else {
                list.append(Component(name: cost.name, kind: .machinery, level: "", energy: cost.energy))
            }
        }
        let leak = evaluation.levels.reduce(0) { $0 + $1.leakEnergy }
        list.append(Component(name: "leak", kind: .leak, level: "", energy: leak))
        if architecture.staticPowerWatts > 0 {
            list.append(Component(name: "static", kind: .chipStatic, level: "", energy: evaluation.chipStaticEnergy))
        }
        components = list
    }

    /// The network-wide breakdown: each layer's final breakdown × its repeat, summed by
    /// component name in first-seen order.
    static func network(_ estimate: NetworkEstimate) -> [Component] {
        var order: [String] = []
        var byName: [String: Component] = [:]
        for layer in estimate.layers {
            let repeatCount = Double(layer.layer.repeatCount)
            for c in EnergyBreakdown(layer.final, architecture: estimate.architecture).components {
                if var existing = byName[c.name] {
                    existing.energy += c.energy * repeatCount
                    byName[c.name] = existing
                } else {
                    order.append(c.name)
                    var scaled = c
                    scaled.energy *= repeatCount
                    byName[c.name] = scaled
                }
            }
        }
        if order.isEmpty {
            // No layers: the component names alone, at zero.
            return EnergyBreakdown(emptyFor: estimate.architecture).components
        }
        return order.compactMap { byName[$0] }
    }

    /// The components of an architecture with zero energy.
    private init(emptyFor architecture: Architecture) {
        var list = architecture.storageLevels.map { Component(name: $0.name, kind: .level, level: $0.name, energy: 0) }
        for level in architecture.levels.dropFirst() where level.networkTransfer != 0 {
            list.append(Component(name: level.name + " network", kind: .network, level: level.name, energy: 0))
        }
        list.append(Component(name: "MAC", kind: .mac, level: "", energy: 0))
        list.append(Component(name: "leak", kind: .leak, level: "", energy: 0))
        if architecture.staticPowerWatts > 0 {
            list.append(Component(name: "static", kind: .chipStatic, level: "", energy: 0))
        }
        components = list
    }
}
