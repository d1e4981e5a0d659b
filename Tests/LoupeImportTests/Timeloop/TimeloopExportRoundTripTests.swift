import Foundation
import LoupeEngine
import LoupeImport
import LoupeModel
import LoupeReport
import Testing

/// `--format timeloop` round trip: a reference case imported, its mapping written back as a
/// Timeloop mapping file (TimeloopMappingExport), then imported again in place of the
/// original mapping (with the same Timeloop architecture, problem and ERT) must give the same
/// counts, cycles and energy.
@Suite("Timeloop export: round trip")
struct TimeloopExportRoundTripTests {
    /// Cases and the names of their problem's dimensions: Timeloop's CNN layer (C M R S N P Q,
    /// the export's default), the 1-D exercises (C K R P) and Sparseloop's conv1d (M S Q).
    static let oneD: [LoupeModel.Dimension: String] = [.C: "C", .K: "K", .S: "R", .Q: "P"]
    static let cases: [String: [LoupeModel.Dimension: String]] = [
        "simple_weight_stationary_default": TimeloopMappingExport.cnnLayerNames,
        "simple_output_stationary_default": TimeloopMappingExport.cnnLayerNames,
        "ex04_cp": oneD, "ex04_kp": oneD, "ex05_freebypass": [.K: "K", .S: "R", .Q: "P"],   // ex05: no C
        "sparse_03.2.3-conv1d+oc-spatial": [.K: "M", .S: "S", .Q: "Q"],
    ]

    /// `text` without its top-level `mapping:` block.
    static func withoutMapping(_ text: String) -> String {
        var out: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("mapping:") { skipping = true; continue }
            if skipping, let c = line.first, c != " ", c != "-" { skipping = false }
            if !skipping { out.append(line) }
        }
        return out.joined(separator: "\n")
    }

    @Test("export, import back: same counts", arguments: cases.keys.sorted())
    func roundTrip(_ name: String) throws {
        let c = TimeloopCase.named(name)
        let first = try ImportedSpecs(try TimeloopImporter.importFiles(c.inputs))
        let a = try first.evaluateWithTechniques()
        let exported = TimeloopMappingExport.render(first.mapping!, architecture: first.architecture, layer: first.workload.layers[0],
                                                    names: Self.cases[name]!)
        #expect(exported.hasPrefix("# Dimensions:"))
        // The original inputs without their mapping (parsed-processed-input.yaml's own is dropped).
        let inputs = try c.inputs.filter { !$0.hasSuffix("map.yaml") }.map { path -> (file: String, text: String) in
            (path, Self.withoutMapping(try String(contentsOfFile: path, encoding: .utf8)))
        }
        let second = try ImportedSpecs(try TimeloopImporter.importTexts(inputs + [("exported.map.yaml", exported)]))
        let b = try second.evaluateWithTechniques()
        #expect(a.cycles == b.cycles)
        #expect(a.macs == b.macs)
        #expect(close(a.energy, b.energy, 1e-12))
        for level in a.levels {
            let other = try #require(b.level(level.name))
            for t in TensorKind.allCases {
                #expect(level.accesses(t)?.reads == other.accesses(t)?.reads, "\(level.name) \(t) reads")
                #expect(level.accesses(t)?.fills == other.accesses(t)?.fills, "\(level.name) \(t) fills")
                #expect(level.accesses(t)?.updates == other.accesses(t)?.updates, "\(level.name) \(t) updates")
            }
        }
    }

    /// simple_WS's mapping hand-derived from map.yaml: weight_reg runs P28 (outer) Q4 (inner)
    /// in Timeloop names, i.e. Loupe `Q=28 P=4`, exported back as `permutation: QP…` (Q inner).
    @Test("permutation and split written in Timeloop's convention")
    func conventions() throws {
        let c = TimeloopCase.named("simple_weight_stationary_default")
        let specs = try ImportedSpecs(try TimeloopImporter.importFiles(c.inputs))
        let text = TimeloopMappingExport.render(specs.mapping!, architecture: specs.architecture, layer: specs.workload.layers[0])
        #expect(text.contains("  - target: weight_reg\n    type: temporal\n    factors: N=1 M=1 C=1 Q=4 P=28 S=1 R=1\n    permutation: QPNMCSR\n"))
        // shared_glb's fanout: M4 and C3 on Y (map.yaml split 0) → split: 0.
        #expect(text.contains("  - target: shared_glb\n    type: spatial\n    factors: N=1 M=4 C=3 Q=1 P=1 S=1 R=1\n    permutation: CMNQPSR\n    split: 0\n"))
        #expect(text.contains("  - target: pe_spad\n    type: bypass\n    keep: [Weights]\n    bypass: [Inputs, Outputs]\n"))
    }
}
