/// The kinds of report file `ReportWriter` writes (`--format csv,md,json,svg,timeloop`, docs/spec.md §10).
///
/// - `csv`: `layers.csv`, `accesses.csv`, `energy.csv`, `techniques.csv`
/// - `md`: `summary.md`
/// - `json`: `report.json`
/// - `svg`: `energy.svg` + `energy_figure.csv`, `techniques.svg` + `techniques_figure.csv`
/// - `timeloop`: `timeloop-<layer>.map.yaml` per layer (`TimeloopMappingExport`); not in the default set
///
/// `mappings.yaml` is written whatever the formats.
public enum ReportFormat: String, CaseIterable, Sendable, Hashable {
    case csv, md, json, svg, timeloop
}
