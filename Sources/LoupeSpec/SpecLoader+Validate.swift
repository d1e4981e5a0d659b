import LoupeModel

extension SpecLoader {
    /// `loupe validate`: detects the kind of each file by its top-level key (architecture / workload / mapping) and returns every problem.
    ///
    /// When the files include exactly one architecture, each mapping file is also resolved
    /// against it; with exactly one workload as well, every layer's mapping is resolved and its
    /// factors checked, and mapping entries for layers the workload lacks are reported.
    ///
    /// `techniques` reads an architecture's technique entries (docs/spec.md §5) once the rest
    /// of its file has no errors: the loader knows no technique names, so the caller passes the
    /// technique registry's reading (`loupe validate` passes LoupeEngine's
    /// `TechniqueRegistry.problems`, the parse `estimate` uses); its problems are sorted with
    /// the file's.
    public static func validate(paths: [String],
                                techniques: (Architecture) -> [Diagnostic] = { _ in [] }) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var architectures: [Architecture] = []
        var workloads: [Workload] = []
        var mappings: [MappingFile] = []
        for path in paths {
            var reader = SpecReader()
            let text: String
            do {
                text = try readFile(path)
            } catch {
                diagnostics += error.diagnostics
                continue
            }
            guard let root = parseDocument(yaml: text, file: path, reader: &reader) else {
                diagnostics += reader.diagnostics
                continue
            }
            switch kind(of: root) {
            case "architecture":
                if let a = decodeArchitecture(root, reader: &reader), !reader.hasErrors {
                    architectures.append(a)
                    reader.diagnostics += techniques(a)
                }
            case "workload":
                if let w = decodeWorkload(root, reader: &reader), !reader.hasErrors { workloads.append(w) }
            case "mapping":
                if let m = decodeMappingFile(root, file: path, reader: &reader), !reader.hasErrors { mappings.append(m) }
            default:
                let keys = root.pairs?.map(\.key) ?? []
                let near = keys.lazy.compactMap { DidYouMean.suggestion(for: $0, among: fileKinds) }.first
                reader.error("cannot tell what kind of spec this is: expected a top-level key 'architecture', 'workload' or 'mapping'"
                             + (root.pairs == nil ? ", found \(root.found)" : ""),
                             at: root.location, hint: near.map { "did you mean '\($0)'?" })
            }
            diagnostics += SpecReader.sorted(reader.diagnostics)
        }
        if architectures.count == 1 {
            for file in mappings {
                diagnostics += checkMapping(file, architecture: architectures[0], workload: workloads.count == 1 ? workloads[0] : nil)
            }
        }
        return diagnostics
    }

    /// Checks a mapping file against an architecture (every entry resolves) and, when given,
    /// a workload (every entry names one of its layers; every layer's factors multiply to its bounds).
    public static func checkMapping(_ file: MappingFile, architecture: Architecture, workload: Workload? = nil) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var resolved: [String: Mapping] = [:]
        let names = file.layers.keys.sorted {
            (file.layerLocations[$0]?.line ?? 0, $0) < (file.layerLocations[$1]?.line ?? 0, $1)
        }
        for name in names {
            do {
                if let m = try resolveMapping(file, layer: name, architecture: architecture) { resolved[name] = m }
            } catch {
                diagnostics += error.diagnostics
            }
        }
        guard let workload else { return diagnostics }
        let layerNames = workload.layers.map(\.name)
        for name in names where name != defaultMappingName && !layerNames.contains(name) {
            diagnostics.append(Diagnostic(.error, "the mapping names layer '\(name)', which workload '\(workload.name)' does not have",
                                          at: file.layerLocations[name],
                                          hint: DidYouMean.hint(for: name, among: layerNames)))
        }
        for layer in workload.layers {
            let key = file.layers[layer.name] != nil ? layer.name : defaultMappingName
            guard let mapping = resolved[key] else { continue }
            diagnostics += checkFactors(mapping, layer: layer)
        }
        return diagnostics
    }
}
