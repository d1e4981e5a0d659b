import Foundation
import LoupeEngine
import LoupeImport
import LoupeModel
import LoupeSpec
import Yams

/// A Timeloop reference case (a run of the public Timeloop/Accelergy exercises) kept in
/// `Fixtures/timeloop/<case>/`: Timeloop's merged input (`parsed-processed-input.yaml`), the
/// Accelergy ERT, the mapper's `map.yaml` where Timeloop searched, and (dense cases) the
/// `expected.yaml` of the hand conversion in LoupeEngineTests' fixtures.
struct TimeloopCase {
    let name: String
    let directory: URL

    static var root: URL? { Bundle.module.url(forResource: "Fixtures/timeloop", withExtension: nil) }

    static func all() -> [TimeloopCase] {
        guard let root, let items = try? FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil) else { return [] }
        return items.filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .map { TimeloopCase(name: $0.lastPathComponent, directory: $0) }
            .sorted { $0.name < $1.name }
    }

    static func named(_ name: String) -> TimeloopCase { all().first { $0.name == name }! }

    /// The Timeloop inputs, as a user passes them to timeloop-model (expected.yaml excluded).
    var inputs: [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return items.filter { $0.hasSuffix(".yaml") && $0 != "expected.yaml" }.sorted().map { directory.appendingPathComponent($0).path }
    }

    var hasExpected: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("expected.yaml").path) }

    func expected() throws -> [String: Any] {
        let text = try String(contentsOf: directory.appendingPathComponent("expected.yaml"), encoding: .utf8)
        return (try Yams.load(yaml: text) as? [String: Any]) ?? [:]
    }
}

/// Loaded import results.
struct ImportedSpecs {
    var architecture: Architecture
    var workload: Workload
    var mapping: Mapping?
    var result: TimeloopImportResult

    init(_ result: TimeloopImportResult) throws {
        self.result = result
        func text(_ name: String) -> String? { result.files.first { $0.name == name }?.contents }
        architecture = try SpecLoader.loadArchitecture(yaml: text("architecture.yaml")!, file: "architecture.yaml")
        workload = try SpecLoader.loadWorkload(yaml: text("workload.yaml")!, file: "workload.yaml")
        if let m = text("mapping.yaml") {
            let file = try SpecLoader.loadMapping(yaml: m, file: "mapping.yaml")
            mapping = try SpecLoader.resolveMapping(file, layer: workload.layers[0].name, architecture: architecture)
        }
    }

    /// Dense evaluation of the single layer under the imported mapping.
    func evaluate() throws -> Evaluation {
        try Evaluator(architecture: architecture).evaluate(layer: workload.layers[0], mapping: mapping!)
    }

    /// Dense evaluation, then the architecture's techniques in order.
    func evaluateWithTechniques() throws -> Evaluation {
        let evaluator = Evaluator(architecture: architecture)
        let dense = try evaluator.evaluate(layer: workload.layers[0], mapping: mapping!)
        let techniques = try TechniqueRegistry.makeAll(architecture: evaluator.architecture)
        let context = TechniqueContext(architecture: evaluator.architecture, layer: workload.layers[0])
        return TechniquePipeline.apply(techniques, to: dense, context: context).0
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

/// `|a − b| ≤ tolerance·|b|`.
func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * max(abs(b), 1e-12)
}
