import LoupeModel

extension SpecLoader {
    /// Reads a workload file (docs/spec.md §7), applying the `workload.*` overrides.
    public static func loadWorkload(path: String, overrides: [Override] = []) throws(DiagnosticError) -> Workload {
        try loadWorkload(yaml: readFile(path), file: path, overrides: overrides)
    }

    /// Reads workload YAML text; `file` names it in diagnostics.
    public static func loadWorkload(yaml: String, file: String, overrides: [Override] = []) throws(DiagnosticError) -> Workload {
        var reader = SpecReader()
        var workload: Workload?
        if var root = parseDocument(yaml: yaml, file: file, reader: &reader) {
            Override.apply(overrides, root: "workload", to: &root, reader: &reader)
            workload = decodeWorkload(root, reader: &reader)
        }
        return try result(workload, reader, file: file)
    }

    static let workloadKeys = ["name", "batch", "precision", "stats", "layers"]
    /// The widest value precision accepted, in bits.
    static let maxBits = 64

    /// Decodes a parsed workload document.
    static func decodeWorkload(_ root: SpecNode, reader: inout SpecReader) -> Workload? {
        guard let body = body(of: root, kind: "workload", reader: &reader),
              let f = reader.fields(body, "the workload", allowed: workloadKeys, nullIsEmpty: false)
        else { return nil }
        let before = reader.diagnostics.count
        let name = reader.require(f, "name").flatMap { reader.name($0, "the workload's name") }
        let batch = f["batch"].map { reader.int($0, "batch", min: 1, max: 1 << 31) } ?? 1
        let precision = f["precision"].map { decodePrecision($0, base: Precision(), "the workload's precision", reader: &reader) }
            ?? Precision()
        let stats = f["stats"].map { decodeStats($0, "the workload's stats", reader: &reader) } ?? DataStats()

        var layers: [Layer] = []
        if let node = reader.require(f, "layers"), let items = reader.list(node, "layers") {
            if items.isEmpty { reader.error("a workload needs at least one layer", at: node) }
            var seen: [String: SourceLocation] = [:]
            for item in items {
                guard let name = item["name"]?.scalar?.trimmingSpaces, !name.isEmpty else { continue }
                if let first = seen[name] {
                    reader.error("duplicate layer name '\(name)' (first at \(first.line):\(first.column))", at: item)
                } else {
                    seen[name] = item.location
                }
            }
            var totalMACs = 0
            var totalOK = true
            for (i, item) in items.enumerated() {
                guard let layer = decodeLayer(item, index: i, batch: batch ?? 1, precision: precision, stats: stats, reader: &reader)
                else { continue }
                // `Workload.totalMACs` adds every layer's MACs × repeat: keep the sum in range.
                let (sum, overflow) = totalMACs.addingReportingOverflow(layer.macs * layer.repeatCount)
                if overflow, totalOK {
                    reader.error("the workload's MAC count overflows a 64-bit integer at layer '\(layer.name)'", at: item)
                    totalOK = false
                }
                totalMACs = sum
                checkFrom(layer, item, earlier: layers.map(\.name), reader: &reader)
                layers.append(layer)
            }
        }
        guard let name, let batch, reader.diagnostics.count == before else { return nil }
        return Workload(name: name, batch: batch, layers: layers, location: body.location)
    }

    /// A layer's `from` names earlier layers of the workload (graphs are acyclic and listed in
    /// order; docs/import.md).
    static func checkFrom(_ layer: Layer, _ node: SpecNode, earlier: [String], reader: inout SpecReader) {
        for source in layer.from where !earlier.contains(source) {
            let at = node["from"] ?? node
            if source == layer.name {
                reader.error("layer '\(layer.name)' lists itself in from", at: at)
            } else {
                let hint = DidYouMean.suggestion(for: source, among: earlier).map { "did you mean '\($0)'?" }
                reader.error("'\(source)' in from of layer '\(layer.name)' is not a layer listed before it", at: at, hint: hint)
            }
        }
    }

    /// `{weights: 16, inputs: 8, outputs: 16}`: the given tensors replace `base`'s.
    static func decodePrecision(_ node: SpecNode, base: Precision, _ context: String, reader: inout SpecReader) -> Precision {
        var p = base
        guard let f = reader.fields(node, context, allowed: TensorKind.allNames) else { return p }
        for t in TensorKind.allCases {
            if let n = f[t.description], let bits = reader.int(n, "\(t) bits in \(context)", min: 1, max: maxBits) { p[t] = bits }
        }
        return p
    }
}
