/// Joins the `sweep.csv` files of the shards of one sweep (`--shard I/N`) into the file the
/// unsharded run writes, byte for byte (`loupe merge`).
///
/// Rules: every file has the same header, whose first column is `point`; the records are kept
/// exactly as written (only their line ends become `\n`) and ordered by `point`, the records of
/// one point in the order of its file (the layer rows of `--per-layer` follow their network row);
/// a point found in two files is an error (the same shard given twice, or shards of different
/// sweeps); and, unless `allowGaps`, the points must be `0, 1, …, n−1` with none missing (a
/// shard not given, or not finished). Shards may come in any order. A file with only the header
/// (a shard with no points) is fine.
///
/// Each row is checked (`checkRow`), naming `file:line`: its `status` is `ok` (every metric a
/// finite decimal number) or `invalid: …` (every metric empty); an `interrupted` row (a shard
/// stopped by Ctrl-C) or any other status is refused, as is a metric that does not parse.
/// The sweeps' parameters (`SweepParameters`) are compared by the caller.
public enum SweepMerge {
    /// - Parameter files: `(name, text)` of each input; the name is used in errors.
    /// - Parameter expectedPoints: the number of points of the whole sweep, when known: then
    ///   missing points at the end are found too.
    public static func merge(_ files: [(name: String, text: String)], expectedPoints: Int? = nil,
                             allowGaps: Bool = false) throws(SweepFileError) -> String {
        guard let firstName = files.first?.name else { throw SweepFileError(file: "merge", message: "no input files") }
        var header: CSVRecord?
        var headerFile = firstName
        var entries: [(point: Int, file: Int, order: Int, text: String)] = []
        var owner: [Int: String] = [:]
        for (f, file) in files.enumerated() {
            let records: [CSVRecord]
            do { records = try CSVReader.records(file.text) } catch {
                throw SweepFileError(file: file.name, message: "not a CSV file: \(error)")
            }
            guard let h = records.first else { throw SweepFileError(file: file.name, message: "the file is empty (no header)") }
            guard h.fields.first == SweepTable.pointColumn else {
                throw SweepFileError(file: file.name, message: "the first column is '\(h.fields.first ?? "")', not 'point': not a sweep.csv")
            }
            if let first = header {
                guard first.text == h.text else {
                    throw SweepFileError(file: file.name, message: "the header differs from \(headerFile)'s: the files come from different sweeps")
                }
            } else {
                header = h
                headerFile = file.name
            }
            var pointsHere = Set<Int>()
            for (order, r) in records.dropFirst().enumerated() {
                guard r.fields.count == h.fields.count else {
                    throw SweepFileError(file: file.name, message: "line \(r.line): \(r.fields.count) fields, the header has \(h.fields.count)")
                }
                guard let p = Int(r.fields[0]), p >= 0 else {
                    throw SweepFileError(file: file.name, message: "line \(r.line): the point index '\(r.fields[0])' is not a whole number ≥ 0")
                }
                try checkRow(r, header: h, file: file.name)
                if pointsHere.insert(p).inserted {
                    if let other = owner[p] {
                        throw SweepFileError(file: file.name, message: "point \(p) is also in \(other): a shard given twice, or shards of different sweeps")
                    }
                    owner[p] = file.name
                }
                entries.append((p, f, order, r.text))
            }
        }
        let present = Set(entries.map(\.point))
        if !allowGaps {
            let count = max(expectedPoints ?? 0, (present.max() ?? -1) + 1)
            let missing = (0..<count).filter { !present.contains($0) }
            if !missing.isEmpty {
                let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
                throw SweepFileError(file: "merge", message: "\(missing.count) point(s) missing (\(list)): a shard is not given or not finished")
            }
            if let expectedPoints, let last = present.max(), last >= expectedPoints {
                throw SweepFileError(file: owner[last] ?? "merge", message: "point \(last) is beyond the \(expectedPoints) points expected")
            }
        }
        entries.sort { ($0.point, $0.file, $0.order) < ($1.point, $1.file, $1.order) }
        var out = header!.text + "\n"
        for e in entries { out += e.text + "\n" }
        return out
    }

    /// Checks one row against the header (see the type's rules).
    static func checkRow(_ r: CSVRecord, header h: CSVRecord, file: String) throws(SweepFileError) {
        let at = "\(file):\(r.line)"
        guard let statusIndex = h.fields.firstIndex(of: SweepTable.statusColumn) else {
            throw SweepFileError(file: file, message: "the header has no '\(SweepTable.statusColumn)' column: not a sweep.csv")
        }
        let metrics = SweepTable.metricColumns.map { name in (name, h.fields.firstIndex(of: name)) }
        let status = r.fields[statusIndex]
        if status == "ok" {
            for (name, index) in metrics {
                guard let index else { continue }
                let text = r.fields[index]
                guard let value = Double(text), value.isFinite, !text.contains(where: { $0 == " " }) else {
                    throw SweepFileError(file: at, message: "the \(name) of point \(r.fields[0]) is '\(text)', not a finite number")
                }
            }
        } else if status.hasPrefix("invalid: ") {
            for (name, index) in metrics {
                guard let index, !r.fields[index].isEmpty else { continue }
                throw SweepFileError(file: at, message: "point \(r.fields[0]) is marked invalid but has \(name) '\(r.fields[index])'")
            }
        } else if status == "interrupted" {
            throw SweepFileError(file: at, message: "point \(r.fields[0]) was interrupted (status 'interrupted'): re-run its shard to the end")
        } else {
            throw SweepFileError(file: at, message: "point \(r.fields[0]) has status '\(status)'; expected 'ok' or 'invalid: …'")
        }
    }
}
