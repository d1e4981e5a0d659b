import LoupeEngine
import LoupeModel

/// The four CSV tables of docs/spec.md §11. Numbers follow `NumberFormat.Style.report` (integers as
/// integers, other values to 12 significant digits, plain decimals; an empty field where a
/// value is not defined, e.g. `pj_per_mac` of a layer without MACs). Rows follow the workload's
/// layer order; every figure is for **one instance** of a layer (multiply by `repeat` for
/// the network).
enum ReportTables {
    static let layersHeader = ["layer", "type", "repeat", "macs", "effectual_macs", "cycles", "latency_s",
                               "utilization", "energy_pj", "pj_per_mac", "edp_j_s", "bound", "mapping"]
    static let boundHeader = ["energy_bound_pj", "cycles_bound", "energy_gap", "cycles_gap", "search_end"]
    static let accessesHeader = ["layer", "level", "tensor", "instances", "reads", "fills", "updates", "energy_pj"]
    static let energyHeader = ["layer", "component", "energy_pj"]
    static let techniquesHeader = ["layer", "technique", "energy_pj_before", "energy_pj_after",
                                   "cycles_before", "cycles_after"]

    private static func d(_ x: Double) -> String { NumberFormat.string(x, .report) }
    private static func i(_ n: Int) -> String { String(n) }

    /// `layers.csv`: one row per layer, from its final evaluation. `utilization` is a
    /// fraction (0.75, not 75%); `latency_s = cycles / clock`; `pj_per_mac = energy_pj / macs`;
    /// `edp_j_s = energy_pj × 10⁻¹² × latency_s`; `mapping` is `MappingText.compact`.
    /// A last column `vector_ops` (the layer's `vector_ops`, docs/import.md) appears only when
    /// some layer of the workload records it, as imported models do.
    ///
    /// Four columns after `mapping` (before `vector_ops`) compare the mapping with the layer's
    /// lower bound (`LayerBound`, docs/mapper.md "Lower bound"): `energy_bound_pj` and
    /// `cycles_bound`, the least dense energy and fewest cycles any valid mapping could reach,
    /// and `energy_gap` / `cycles_gap`, the mapping's **dense** energy and cycles over the
    /// bound − 1 (0 = provably optimal). Empty when no bound was computed. Then `search_end`:
    /// how the mapper's search of the layer ended (`converged`, `budget`, `time_limit`,
    /// docs/mapper.md §2; empty for a mapping file's mapping). When the
    /// architecture gives a chip static power (docs/spec.md §4), two last columns split the
    /// energy: `dynamic_energy_pj` (accesses, networks, MACs) and `static_energy_pj` (leakage +
    /// chip static), which add up to `energy_pj`.
    ///
    /// A last column `imbalance` appears when a technique models load imbalance (`sync:`,
    /// docs/sparsity.md "Load imbalance"): the factor by which the busiest of the units that
    /// synchronise stretches the compute time (1 = balanced; empty for a layer it did not apply to).
    static func layers(_ estimate: NetworkEstimate) -> String {
        let vectorColumn = estimate.layers.contains { $0.layer.vectorOps != nil }
        let staticColumns = estimate.architecture.staticPowerWatts > 0
        let imbalanceColumn = estimate.layers.contains { $0.final.imbalance != nil }
        var table = ReportCSV(header: layersHeader + boundHeader + (vectorColumn ? ["vector_ops"] : [])
                              + (staticColumns ? ["dynamic_energy_pj", "static_energy_pj"] : [])
                              + (imbalanceColumn ? ["imbalance"] : []))
        for layer in estimate.layers {
            let m = LayerMetrics(layer, architecture: estimate.architecture)
            table.append([m.name, m.type, i(m.repeatCount), i(m.macs), d(m.effectualMACs), d(m.cycles), d(m.latency),
                          d(m.utilization), d(m.energy), d(m.pjPerMAC), d(m.edp), m.bound, m.mapping]
                         + [layer.bound.map { d($0.energy) } ?? "", layer.bound.map { d($0.cycles) } ?? "",
                            layer.energyGap.map(d) ?? "", layer.cyclesGap.map(d) ?? "", layer.searchEnd]
                         + (vectorColumn ? [layer.layer.vectorOps.map(i) ?? ""] : [])
                         + (staticColumns ? [d(layer.final.dynamicEnergy), d(layer.final.staticEnergy)] : [])
                         + (imbalanceColumn ? [layer.final.imbalance.map(d) ?? ""] : []))
        }
        return table.render()
    }

    /// `accesses.csv`: one row per layer × storage level (outermost first) × tensor the level
    /// keeps under the mapping (`weights`, `inputs`, `outputs` order); bypassed tensors have
    /// no row. `instances` is the number of instances holding a share of the tensor
    /// (`utilizedInstances`); `reads`, `fills`, `updates` are **totals** over those instances
    /// in words (per-instance count × `instances`); `energy_pj` is the energy of those
    /// accesses over all instances (leakage is in `energy.csv`'s `leak` row).
    static func accesses(_ estimate: NetworkEstimate) -> String {
        var table = ReportCSV(header: accessesHeader)
        for layer in estimate.layers {
            for level in layer.final.levels {
                for t in level.tensors {
                    table.append([layer.layer.name, level.name, t.tensor.description, i(t.utilizedInstances),
                                  d(t.totalReads), d(t.totalFills), d(t.totalUpdates), d(t.energy)])
                }
            }
        }
        return table.render()
    }

    /// `energy.csv`: per layer, the components of `EnergyBreakdown` (each storage level's
    /// access energy under its own name, `<level> network`, `MAC`, `<technique>: <part>` for
    /// each part of a technique's machinery, `leak` = all levels'
    /// leakage, and `static` = the chip static energy when the architecture gives one); they sum to the layer's `energy_pj` in `layers.csv`.
    static func energy(_ estimate: NetworkEstimate) -> String {
        var table = ReportCSV(header: energyHeader)
        for layer in estimate.layers {
            for c in EnergyBreakdown(layer.final, architecture: estimate.architecture).components {
                table.append([layer.layer.name, c.name, d(c.energy)])
            }
        }
        return table.render()
    }

    /// `techniques.csv`: one row per layer × technique, in the order the techniques applied;
    /// `before` is the estimate the technique was applied to (the dense one for the first).
    static func techniques(_ estimate: NetworkEstimate) -> String {
        var table = ReportCSV(header: techniquesHeader)
        for layer in estimate.layers {
            for a in layer.attributions {
                table.append([layer.layer.name, a.technique, d(a.energyBefore), d(a.energyAfter),
                              d(a.cyclesBefore), d(a.cyclesAfter)])
            }
        }
        return table.render()
    }
}
