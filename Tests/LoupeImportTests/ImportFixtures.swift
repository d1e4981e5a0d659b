import Foundation
import LoupeImport
import LoupeModel
import LoupeSpec
import Testing

/// The committed fixtures (made by scripts/onnx/make_fixtures.py, weights stripped) and the
/// repository's own workload files.
enum ImportFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func path(_ name: String) -> String {
        root.appendingPathComponent("Tests/LoupeImportTests/Fixtures/\(name).onnx").path
    }

    /// Imports a fixture.
    static func imported(_ name: String, _ options: ONNXImportOptions = ONNXImportOptions()) throws -> ImportedWorkload {
        try ONNXImporter.importFile(path: path(name), options: options)
    }

    /// Imports a fixture, writes its YAML and reads it back with the spec loader.
    static func workload(_ name: String, _ options: ONNXImportOptions = ONNXImportOptions()) throws -> (ImportedWorkload, Workload) {
        let i = try imported(name, options)
        return (i, try SpecLoader.loadWorkload(yaml: i.yaml, file: name + ".yaml"))
    }

    /// A repository workload file (Workloads/NAME.yaml).
    static func zoo(_ name: String) throws -> Workload {
        try SpecLoader.loadWorkload(path: root.appendingPathComponent("Workloads/\(name).yaml").path)
    }

    /// `[N, G, K, C, P, Q, R, S]` bounds by layer name.
    static func bounds(_ w: Workload) -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: w.layers.map { ($0.name, $0.bounds) })
    }
}
