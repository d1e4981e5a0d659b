import Foundation
import LoupeEngine
import LoupeModel
import LoupeSpec
import Yams

/// A re-expressed reference case: architecture, workload and mapping files plus the figures
/// to check, under `Fixtures/<group>/<case>/`.
struct ReferenceCase {
    let name: String
    let directory: URL

    static func all(in group: String) -> [ReferenceCase] {
        guard let root = Bundle.module.url(forResource: "Fixtures/\(group)", withExtension: nil),
              let items = try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
        else { return [] }
        return items.filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .map { ReferenceCase(name: $0.lastPathComponent, directory: $0) }
            .sorted { $0.name < $1.name }
    }

    static func named(_ name: String, in group: String = "timeloop") -> ReferenceCase {
        all(in: group).first { $0.name == name }!
    }

    func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    /// Loads the three spec files and evaluates the layer under its mapping.
    func evaluate() throws -> (Evaluation, Architecture, Layer) {
        let arch = try SpecLoader.loadArchitecture(path: path("arch.yaml"))
        let workload = try SpecLoader.loadWorkload(path: path("workload.yaml"))
        let mappingFile = try SpecLoader.loadMapping(path: path("mapping.yaml"))
        let layer = workload.layers[0]
        guard let mapping = try SpecLoader.resolveMapping(mappingFile, layer: layer.name, architecture: arch) else {
            throw DiagnosticError([Diagnostic(.error, "no mapping for \(layer.name)")])
        }
        let evaluator = Evaluator(architecture: arch)
        return (try evaluator.evaluate(layer: layer, mapping: mapping), evaluator.architecture, layer)
    }

    /// `expected.yaml` as nested dictionaries.
    func expected() throws -> [String: Any] {
        let text = try String(contentsOfFile: path("expected.yaml"), encoding: .utf8)
        return (try Yams.load(yaml: text) as? [String: Any]) ?? [:]
    }
}

func number(_ v: Any?) -> Double? {
    switch v {
    case let d as Double: d
    case let i as Int: Double(i)
    case let s as String: Double(s)
    default: nil
    }
}
