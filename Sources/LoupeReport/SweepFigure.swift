/// `sweep.svg`: the first varied value against network energy (left axis) and latency (right
/// axis, dashed), drawn from a `sweep.csv` (`SweepTable`) — the same code for a fresh sweep and
/// for `--figures-only`, so both give the same bytes. The chart's data file (`sweep_figure.csv`)
/// is `LineFigure.csv()`: `series,axis,x,y` in the plotted units.
///
/// - x: the values of the first varied column. When every value is a number (with units that
///   convert to the first value's unit, see `numericX`), x is that number and the axis is titled
///   `path (unit)`; a logarithmic axis is used when the values are positive and span a factor of
///   100 or more. Otherwise (names, lists) x is the value's position 1, 2, … in sweep order.
/// - y: network rows with status `ok` only (invalid and interrupted points are left out; with
///   `--per-layer`, the `(network)` rows); energy in pJ, nJ, µJ, mJ or J and latency in ns, µs,
///   ms or s, whichever puts the largest value in [1, 1000).
/// - Other varied columns: one energy and one latency series per combination of their values
///   when there are at most `maximumGroups` combinations; otherwise only the points where they
///   take their values of the first estimated point are drawn, and the title names that slice.
public enum SweepFigure {
    public static let figureFile = "sweep.svg"
    public static let figureDataFile = "sweep_figure.csv"
    /// Most combinations of the other varied values drawn as separate series.
    public static let maximumGroups = 3

    /// Builds the chart from `sweep.csv` text.
    /// - Parameter numericX: the numbers of a list of values and their unit, or `nil` when the
    ///   values are not all numbers (LoupeSearch's `SweepQuantity.numericAxis`); by default plain
    ///   numbers only.
    public static func make(csv: String, file: String = "sweep.csv",
                            numericX: ([String]) -> (values: [Double], unit: String)? = plainNumbers)
        throws(SweepFileError) -> LineFigure {
        let records: [CSVRecord]
        do { records = try CSVReader.records(csv) } catch { throw SweepFileError(file: file, message: "not a CSV file: \(error)") }
        guard let header = records.first?.fields, header.first == SweepTable.pointColumn else {
            throw SweepFileError(file: file, message: "not a sweep.csv (its first column is not 'point')")
        }
        let layerColumn = header.firstIndex(of: SweepTable.layerColumn)
        guard let energyColumn = header.firstIndex(of: "energy_pj"), let latencyColumn = header.firstIndex(of: "latency_s"),
              let statusColumn = header.firstIndex(of: SweepTable.statusColumn) else {
            throw SweepFileError(file: file, message: "not a sweep.csv (no energy_pj, latency_s or status column)")
        }
        let firstMetric = layerColumn ?? energyColumn
        guard firstMetric > 1 else { throw SweepFileError(file: file, message: "the file has no varied column") }
        let paths = Array(header[1..<firstMetric])

        struct Row { var point: Int; var values: [String]; var energy: Double; var latency: Double }
        var rows: [Row] = []
        var xValuesInOrder: [String] = []
        for r in records.dropFirst() {
            guard r.fields.count == header.count else {
                throw SweepFileError(file: file, message: "line \(r.line): \(r.fields.count) fields, the header has \(header.count)")
            }
            if let layerColumn, r.fields[layerColumn] != SweepTable.networkLayer { continue }
            let values = Array(r.fields[1..<firstMetric])
            if !xValuesInOrder.contains(values[0]) { xValuesInOrder.append(values[0]) }
            guard r.fields[statusColumn] == "ok", let e = Double(r.fields[energyColumn]), let l = Double(r.fields[latencyColumn]) else { continue }
            rows.append(Row(point: Int(r.fields[0]) ?? rows.count, values: values, energy: e, latency: l))
        }
        rows.sort { $0.point < $1.point }

        // x.
        var xOf: [String: Double] = [:]
        var xLabel = paths[0]
        var logX = false
        if let numeric = numericX(xValuesInOrder), numeric.values.count == xValuesInOrder.count {
            for (v, x) in zip(xValuesInOrder, numeric.values) { xOf[v] = x }
            if !numeric.unit.isEmpty { xLabel += " (\(numeric.unit))" }
            let xs = numeric.values
            if let lo = xs.min(), let hi = xs.max(), lo > 0, hi / lo >= 100 { logX = true }
        } else {
            for (i, v) in xValuesInOrder.enumerated() { xOf[v] = Double(i + 1) }
            let legend = xValuesInOrder.enumerated().map { "\($0.offset + 1) = \($0.element)" }.joined(separator: ", ")
            xLabel += legend.count <= 70 ? " (\(legend))" : " (value number, in sweep order)"
        }

        // Groups of the other varied values.
        var groups: [[String]] = []
        for r in rows where !groups.contains(Array(r.values.dropFirst())) { groups.append(Array(r.values.dropFirst())) }
        var title = "Energy and latency vs \(short(paths[0]))"
        if groups.count > maximumGroups {
            let keep = groups[0]
            groups = [keep]
            // The x axis names the swept path; the title names the slice.
            title = "Energy and latency at " + zip(paths.dropFirst(), keep).map { "\(short($0, components: 1))=\($1)" }.joined(separator: ", ")
        }

        let energyUnit = unit(for: rows.map(\.energy).max() ?? 0, choices: [("pJ", 1), ("nJ", 1e3), ("µJ", 1e6), ("mJ", 1e9), ("J", 1e12)])
        let latencyUnit = unit(for: rows.map(\.latency).max() ?? 0, choices: [("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3), ("s", 1)])
        var energySeries: [LineFigure.Series] = []
        var latencySeries: [LineFigure.Series] = []
        for g in groups {
            let members = rows.filter { Array($0.values.dropFirst()) == g }
            let suffix = paths.count > 1 && groups.count > 1
                ? " (" + zip(paths.dropFirst(), g).map { "\(short($0, components: 1))=\($1)" }.joined(separator: ", ") + ")" : ""
            energySeries.append(LineFigure.Series(
                name: "energy" + suffix, axis: .left,
                points: members.map { LineFigure.Point(x: xOf[$0.values[0]] ?? .nan, y: ReportFigures.rounded($0.energy / energyUnit.scale)) }))
            latencySeries.append(LineFigure.Series(
                name: "latency" + suffix, axis: .right,
                points: members.map { LineFigure.Point(x: xOf[$0.values[0]] ?? .nan, y: ReportFigures.rounded($0.latency / latencyUnit.scale)) }))
        }
        if groups.isEmpty {
            energySeries = [LineFigure.Series(name: "energy", axis: .left, points: [])]
            latencySeries = [LineFigure.Series(name: "latency", axis: .right, points: [])]
        }
        return LineFigure(title: title, xLabel: xLabel, leftLabel: "Energy (\(energyUnit.name))",
                          rightLabel: "Latency (\(latencyUnit.name))", logX: logX, series: energySeries + latencySeries)
    }

    /// `sweep.svg` and `sweep_figure.csv` for a `sweep.csv` text.
    public static func files(csv: String, file: String = "sweep.csv",
                             numericX: ([String]) -> (values: [Double], unit: String)? = plainNumbers)
        throws(SweepFileError) -> [(name: String, contents: String)] {
        let figure = try make(csv: csv, file: file, numericX: numericX)
        return [(figureFile, figure.svg()), (figureDataFile, figure.csv())]
    }

    /// Values that are all plain numbers (no units).
    public static func plainNumbers(_ values: [String]) -> (values: [Double], unit: String)? {
        var out: [Double] = []
        for v in values {
            guard let d = Double(v), d.isFinite else { return nil }
            out.append(d)
        }
        return (out, "")
    }

    /// The last components of a path (`GlobalBuffer.size`).
    static func short(_ path: String, components: Int = 2) -> String {
        path.split(separator: ".").suffix(components).joined(separator: ".")
    }

    /// The largest unit whose scale is at most `maximum` (the smallest one for 0).
    static func unit(for maximum: Double, choices: [(name: String, scale: Double)]) -> (name: String, scale: Double) {
        var pick = choices[0]
        for c in choices where maximum >= c.scale { pick = c }
        return pick
    }
}
