import LoupeEngine
import LoupeModel

/// `sweep.csv`: one row per sweep point (and, with `perLayer`, one more per layer of it).
///
/// Columns: `point` (the point's 0-based index in the full grid, so that shards can be merged in
/// order), the varied values as given on the command line (one column per `--vary`, named by its
/// path, in `--vary` order), `layer` (with `perLayer` only), then `energy_pj, cycles, latency_s,
/// edp_j_s, pj_per_mac, utilization, area_mm2`, then `status`.
///
/// Network rows (the only rows without `perLayer`; `layer` = `(network)` with it) hold the
/// network totals of docs/spec.md §11: energy and cycles are sums over layers × `repeat`,
/// `latency = cycles / clock`, `edp = energy·10⁻¹² × latency`, `pj_per_mac = energy / MACs`,
/// `utilization = (MACs − skipped MACs) / (PEs × cycles)` (as `layers.csv` and the summary),
/// `area_mm2` the architecture's area. A layer row holds
/// the same for that layer × its `repeat` (so the layer rows add up to the network row;
/// `pj_per_mac` and `utilization` do not depend on `repeat`).
///
/// `status` is `ok`; or `invalid: ` and the point's first diagnostic (its specs with the point's
/// values are invalid, or no mapping fits), with the numbers left empty; or `interrupted` (not
/// evaluated: Ctrl-C). Rows come in point order; numbers as `NumberFormat.Style.report`; records
/// end in `\n` (`ReportCSV`). A shard's file has exactly the rows of its points, so merging the
/// shards' files in point order gives the unsharded file byte for byte (`SweepMerge`).
public struct SweepTable: Sendable {
    /// One evaluated (or failed) point.
    public struct Row: Sendable {
        public enum Status: Sendable {
            case ok(NetworkEstimate)
            /// The first diagnostic, as text.
            case invalid(String)
            case interrupted
        }
        public var point: Int
        public var values: [String]
        public var status: Status

        public init(point: Int, values: [String], status: Status) {
            self.point = point
            self.values = values
            self.status = status
        }
    }

    public static let pointColumn = "point"
    public static let layerColumn = "layer"
    public static let statusColumn = "status"
    /// The `layer` of a network row when the table has layer rows.
    public static let networkLayer = "(network)"
    public static let metricColumns = ["energy_pj", "cycles", "latency_s", "edp_j_s", "pj_per_mac", "utilization", "area_mm2"]

    public var paths: [String]
    public var perLayer: Bool
    public var rows: [Row]

    public init(paths: [String], perLayer: Bool = false, rows: [Row] = []) {
        self.paths = paths
        self.perLayer = perLayer
        self.rows = rows
    }

    public static func header(paths: [String], perLayer: Bool) -> [String] {
        [pointColumn] + paths + (perLayer ? [layerColumn] : []) + metricColumns + [statusColumn]
    }

    /// The file's text.
    public func render() -> String {
        var table = ReportCSV(header: Self.header(paths: paths, perLayer: perLayer))
        let empty = Array(repeating: "", count: Self.metricColumns.count)
        for row in rows.sorted(by: { $0.point < $1.point }) {
            let lead = [String(row.point)] + row.values
            switch row.status {
            case .ok(let e):
                let arch = e.architecture
                let busy = e.layers.reduce(0.0) { $0 + Self.busyMACs($1) }
                let network = Self.metrics(energy: e.totalEnergy, cycles: e.totalCycles, macs: Double(e.totalMACs),
                                           busyMACs: busy, architecture: arch)
                table.append(lead + (perLayer ? [Self.networkLayer] : []) + network + ["ok"])
                if perLayer {
                    for l in e.layers {
                        let r = Double(l.layer.repeatCount)
                        let m = Self.metrics(energy: l.totalEnergy, cycles: l.totalCycles, macs: Double(l.final.macs) * r,
                                             busyMACs: Self.busyMACs(l), architecture: arch)
                        table.append(lead + [l.layer.name] + m + ["ok"])
                    }
                }
            case .invalid(let message):
                table.append(lead + (perLayer ? [Self.networkLayer] : []) + empty + ["invalid: " + message])
            case .interrupted:
                table.append(lead + (perLayer ? [Self.networkLayer] : []) + empty + ["interrupted"])
            }
        }
        return table.render()
    }

    /// MACs that occupy a PE cycle (all but the skipped ones), × `repeat`.
    static func busyMACs(_ l: LayerEstimate) -> Double {
        (Double(l.final.macs) - l.final.skippedMACs) * Double(l.layer.repeatCount)
    }

    /// `energy_pj … area_mm2` for the given totals (see the type's formulas).
    static func metrics(energy: Double, cycles: Double, macs: Double, busyMACs: Double,
                        architecture: Architecture) -> [String] {
        let latency = architecture.clockHz > 0 ? cycles / architecture.clockHz : .nan
        let pes = Double(architecture.totalPEs)
        let values = [
            energy, cycles, latency, energy * 1e-12 * latency,
            macs > 0 ? energy / macs : .nan,
            cycles > 0 && pes > 0 ? busyMACs / (pes * cycles) : .nan,
            architecture.areaMM2,
        ]
        return values.map { NumberFormat.string($0, .report) }
    }
}
