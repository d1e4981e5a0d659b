import Foundation
import LoupeEngine
import LoupeModel

/// Writes the report files of docs/spec.md §11 for a `NetworkEstimate`.
///
/// Files by format (`mappings.yaml` is always written):
///
/// | format | files |
/// |---|---|
/// | `csv` | `layers.csv`, `accesses.csv`, `energy.csv`, `techniques.csv` (`ReportTables`) |
/// | `md` | `summary.md` (`SummaryMarkdown`) |
/// | `json` | `report.json` (`ReportJSON`) |
/// | `svg` | `energy.svg` + its data `energy_figure.csv`, `techniques.svg` + `techniques_figure.csv` (`ReportFigures`) |
/// | `timeloop` | `timeloop-<layer>.map.yaml` per layer (`TimeloopMappingExport`), for `timeloop-model` |
/// | — | `mappings.yaml` (`MappingsYAML`), re-usable as `--mapping` |
///
/// `roofline.csv` and `roofline.svg` come from the roofline analysis: pass them as
/// `extraFiles` to make them part of the same all-or-nothing set, or write them afterwards
/// with `writeFile` (each file is still whole-or-nothing).
///
/// Numbers: `NumberFormat.Style.report` (integers as integers; other values rounded to 12
/// significant digits, plain decimals, no thousands separators, no exponent; locale-free).
/// The same estimate gives byte-identical files. CSV: RFC 4180 with a header row, `\n`
/// line ends, quoting where needed (`ReportCSV`); the figure data files are the chart types'
/// `csv()` (`Figures/`), written with `ReportCSV` too.
///
/// Atomicity (`ReportDirectory`): the whole set is written into a hidden sibling directory
/// (`.<name>.loupe-<pid>-<random>`) and then swapped in for `directory` in one step, so a
/// failure leaves the previous report exactly as it was and a success leaves only the new
/// one — never a mix. Entries of an existing directory that are not Loupe report files (any
/// name outside `reportFileNames` and the extra files: notes, subfolders, `.git`) are kept:
/// they are moved into the new directory just before the swap (and back on failure). Report
/// files of a previous run that this run does not write (say `energy.svg` after a run without
/// `svg`) are removed, since they would describe a different estimate. When `directory` is
/// the process's working directory it is kept and its files are replaced one by one, all
/// written before any is renamed into place.
public enum ReportWriter {
    // MARK: File names

    public static let layersFile = "layers.csv"
    public static let accessesFile = "accesses.csv"
    public static let energyFile = "energy.csv"
    public static let techniquesFile = "techniques.csv"
    public static let summaryFile = "summary.md"
    public static let jsonFile = "report.json"
    public static let mappingsFile = "mappings.yaml"
    public static let energyFigureFile = "energy.svg"
    public static let energyFigureDataFile = "energy_figure.csv"
    public static let techniquesFigureFile = "techniques.svg"
    public static let techniquesFigureDataFile = "techniques_figure.csv"
    public static let rooflineFile = "roofline.csv"
    public static let rooflineFigureFile = "roofline.svg"
    public static let rooflineFigureDataFile = "roofline_figure.csv"

    /// Every file name a Loupe report directory can hold. When a report replaces an earlier
    /// one, these names belong to the report (they are replaced or removed); all other
    /// entries of the directory are left alone.
    public static let reportFileNames: Set<String> = [
        layersFile, accessesFile, energyFile, techniquesFile, summaryFile, jsonFile, mappingsFile,
        energyFigureFile, energyFigureDataFile, techniquesFigureFile, techniquesFigureDataFile,
        rooflineFile, rooflineFigureFile, rooflineFigureDataFile,
    ]

    // MARK: Writing

    /// Writes the report for `estimate` into `directory` (created with its parents if
    /// missing) and returns the paths written, in the order of `files(for:formats:)`, each
    /// as `directory/name`.
    /// - Throws: `ReportWriteError`; the directory then holds what it held before.
    @discardableResult
    public static func write(_ estimate: NetworkEstimate, to directory: String,
                             formats: Set<ReportFormat>) throws -> [String] {
        try write(estimate, to: directory, formats: formats, extraFiles: [])
    }

    /// `write(_:to:formats:)` plus more files in the same all-or-nothing set, such as
    /// `roofline.csv` and `roofline.svg`: `(name, contents)` pairs, written after the report's
    /// own files in the order given. A name must be a single path component and must not be
    /// one of the files this call writes itself.
    @discardableResult
    public static func write(_ estimate: NetworkEstimate, to directory: String, formats: Set<ReportFormat>,
                             extraFiles: [(name: String, contents: String)]) throws -> [String] {
        try write(estimate, to: directory, formats: formats, extraFiles: extraFiles, fault: nil)
    }

    /// The implementation, with a failure tests can inject.
    static func write(_ estimate: NetworkEstimate, to directory: String, formats: Set<ReportFormat>,
                      extraFiles: [(name: String, contents: String)],
                      fault: ReportDirectory.Fault?) throws(ReportWriteError) -> [String] {
        let files = self.files(for: estimate, formats: formats) + extraFiles
        // Timeloop mapping files of an earlier run are report files too (named per layer).
        let earlier = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter(TimeloopMappingExport.isExportName)
        let owned = reportFileNames.union(extraFiles.map(\.name)).union(earlier)
        try ReportDirectory.replace(directory: directory, with: files, owned: owned, fault: fault)
        return files.map { ReportDirectory.join(directory, $0.name) }
    }

    /// Writes one file whole or not at all: a temporary file in the same directory, then a
    /// rename over `path` (see `ReportDirectory`). The directory must exist. The hook for
    /// files written after the report set, such as the roofline.
    /// - Throws: `ReportWriteError`; `path` then holds what it held before.
    public static func writeFile(_ contents: String, to path: String) throws {
        try ReportDirectory.writeFile(contents, to: path)
    }

    /// Ends the process with exit status `code` once no report file or set is being written
    /// by it (the hook for a SIGINT/SIGTERM handler: nothing half-written or staged is left).
    public static func exitWhenIdle(_ code: Int32) -> Never {
        ReportDirectory.exitWhenIdle(code)
    }

    // MARK: Rendering

    /// The report's files as `(name, contents)`, without touching the disk, in this order:
    /// `layers.csv`, `accesses.csv`, `energy.csv`, `techniques.csv`, `summary.md`,
    /// `report.json`, `mappings.yaml`, `energy.svg`, `energy_figure.csv`, `techniques.svg`,
    /// `techniques_figure.csv` — those of the chosen formats.
    public static func files(for estimate: NetworkEstimate, formats: Set<ReportFormat>) -> [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = []
        if formats.contains(.csv) {
            files.append((layersFile, ReportTables.layers(estimate)))
            files.append((accessesFile, ReportTables.accesses(estimate)))
            files.append((energyFile, ReportTables.energy(estimate)))
            files.append((techniquesFile, ReportTables.techniques(estimate)))
        }
        if formats.contains(.md) {
            files.append((summaryFile, SummaryMarkdown.render(estimate)))
        }
        if formats.contains(.json) {
            files.append((jsonFile, ReportJSON.document(estimate).render()))
        }
        files.append((mappingsFile, MappingsYAML.render(estimate)))
        if formats.contains(.svg) {
            let energy = ReportFigures.energy(estimate)
            files.append((energyFigureFile, energy.svg()))
            files.append((energyFigureDataFile, energy.csv()))
            let techniques = ReportFigures.techniques(estimate)
            files.append((techniquesFigureFile, techniques.svg()))
            files.append((techniquesFigureDataFile, techniques.csv()))
        }
        if formats.contains(.timeloop) {
            files += TimeloopMappingExport.files(estimate)
        }
        return files
    }
}
