import Foundation
import LoupeImport
import LoupeModel
import Testing

/// Bad Timeloop inputs: every problem located at file:line:column, nothing produced; split
/// files in any order give the same specs as one merged file.
@Suite("Timeloop import: inputs and diagnostics")
struct TimeloopImportDiagnosticsTests {
    /// A small hand-written v0.4 input, split the way the Timeloop exercises split it:
    /// ex04-style 1-D convolution (C=2, K=4, R=3, P=8) on DRAM → Buffer[1..4] → MAC[1..4].
    static let arch = """
    architecture:
      version: 0.4
      subtree:
        - name: System
          attributes:
            technology: 45nm
          local:
            - name: DRAM
              class: DRAM
              attributes: {width: 64, datawidth: 8}
          subtree:
            - name: PE[0..3]
              local:
                - name: Buffer
                  class: SRAM
                  attributes: {depth: 64, width: 8, datawidth: 8, meshX: 4}
                - name: MAC
                  class: intmac
                  attributes: {datawidth: 8, meshX: 4}
    """
    static let problem = """
    problem:
      shape:
        name: Conv1D
        dimensions: [C, K, R, P]
        data_spaces:
          - name: Weights
            projection: [[[C]], [[K]], [[R]]]
          - name: Inputs
            projection: [[[C]], [[R], [P]]]
          - name: Outputs
            projection: [[[K]], [[P]]]
            read_write: True
      instance: {C: 2, K: 4, R: 3, P: 8}
    """
    static let mapping = """
    mapping:
      - target: DRAM
        type: temporal
        factors: C=2 K=1 R=1 P=1
        permutation: PRKC
      - target: DRAM
        type: spatial
        factors: K=4
      - target: Buffer
        type: temporal
        factors: C=1 K=1 R=3 P=8
        permutation: RPCK
    """
    static let ert = """
    ERT:
      version: 0.4
      tables:
        - name: System.DRAM[1..1]
          actions:
            - {name: read, energy: 512}
            - {name: write, energy: 512}
            - {name: update, energy: 512}
            - {name: leak, energy: 0}
        - name: System.PE[0..3].Buffer
          actions:
            - {name: read, energy: 1.5}
            - {name: read, arguments: {address_delta: 0}, energy: 1.25}
            - {name: write, energy: 2}
            - {name: leak, energy: 0.01}
            - {name: idle, energy: 0.5}
        - name: System.PE[0..3].MAC
          actions:
            - {name: compute, energy: 0.5}
            - {name: leak, energy: 0.001}
    """
    static let art = """
    ART:
      tables:
        - {name: "System.PE[0..3].Buffer", area: 1200.5}
    """

    func importing(_ files: [(String, String)]) throws(DiagnosticError) -> TimeloopImportResult {
        try TimeloopImporter.importTexts(files.map { (file: $0.0, text: $0.1) })
    }

    func errors(_ files: [(String, String)]) -> [Diagnostic] {
        do {
            _ = try importing(files)
            Issue.record("expected the import to fail")
            return []
        } catch {
            return error.diagnostics
        }
    }

    func file(_ result: TimeloopImportResult, _ name: String) -> String {
        result.files.first { $0.name == name }?.contents ?? ""
    }

    @Test("split files in any order give the same specs as one merged file")
    func splitAndMerged() throws {
        let split = try importing([("arch.yaml", Self.arch), ("problem.yaml", Self.problem), ("map.yaml", Self.mapping),
                                   ("ERT.yaml", Self.ert), ("ART.yaml", Self.art)])
        let shuffled = try importing([("ERT.yaml", Self.ert), ("map.yaml", Self.mapping), ("ART.yaml", Self.art),
                                      ("problem.yaml", Self.problem), ("arch.yaml", Self.arch)])
        let merged = try importing([("all.yaml", [Self.arch, Self.problem, Self.mapping, Self.ert, Self.art].joined(separator: "\n"))])
        func body(_ r: TimeloopImportResult) -> [String] {
            r.files.map { $0.contents.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n") }
        }
        #expect(body(split) == body(merged))
        #expect(body(split) == body(shuffled))
        let specs = try ImportedSpecs(split)
        // Buffer[…] inside PE[0..3]: 4 instances in X under one DRAM.
        #expect(specs.architecture.levels[1].arrayX == 4)
        // ERT figures written explicitly: the larger of the two `read` entries; area from the ART.
        let a = file(split, "architecture.yaml")
        #expect(a.contains("energy: {read: 1.5 pJ, write: 2 pJ, leak: 0.01 pJ}"))
        #expect(a.contains("area: 1200.5 um^2"))
        #expect(a.contains("energy: {compute: 0.5 pJ}"))
        // The unknown non-zero action is named in a warning.
        #expect(split.warnings.contains { $0.message.contains("'idle'") })
        // Dimensions renamed: R → S, P → Q; permutations reversed (RPCK: K outermost … R innermost).
        #expect(file(split, "workload.yaml").contains("dims: {K: 4, C: 2, Q: 8, S: 3}"))
        #expect(file(split, "mapping.yaml").contains("{level: DRAM, temporal: \"C=2\", spatial: {x: \"K=4\"}}"))
        #expect(file(split, "mapping.yaml").contains("{level: Buffer, temporal: \"Q=8 S=3\"}"))
        // 2·4·3·8 = 192 MACs over 4 PEs: 48 cycles.
        let e = try specs.evaluate()
        #expect(e.macs == 192)
        #expect(e.cycles == 48)
    }

    @Test("a misspelt mapping target: located, with did-you-mean")
    func misspeltTarget() {
        let bad = Self.mapping.replacingOccurrences(of: "target: Buffer", with: "target: Bufer")
        let d = errors([("arch.yaml", Self.arch), ("problem.yaml", Self.problem), ("map.yaml", bad)])
        let hit = d.first { $0.message.contains("'Bufer'") }
        #expect(hit?.location == SourceLocation(file: "map.yaml", line: 9, column: 13))
        #expect(hit?.hint == "did you mean 'Buffer'?")
    }

    @Test("factors that do not multiply to the bound")
    func wrongFactors() {
        let bad = Self.mapping.replacingOccurrences(of: "R=3 P=8", with: "R=3 P=4")
        let d = errors([("arch.yaml", Self.arch), ("problem.yaml", Self.problem), ("map.yaml", bad)])
        #expect(d.contains { $0.message.contains("'P' multiply to 4, but its bound is 8") && $0.location?.file == "map.yaml" })
    }

    @Test("unknown data space in a bypass list, unknown dimension in factors")
    func unknownNames() {
        // `X=1` goes into DRAM's own (first) temporal entry: a second entry would be refused as a
        // duplicate before its factors are read.
        let bad = Self.mapping.replacingOccurrences(of: "R=3 P=8", with: "R=3 P=8 X=1")
            + "\n  - {target: Buffer, type: bypass, bypass: [Input]}\n"
        let d = errors([("arch.yaml", Self.arch), ("problem.yaml", Self.problem), ("map.yaml", bad)])
        #expect(d.contains { $0.message.contains("'Input' is not a data space") && $0.hint == "did you mean 'Inputs'?" && $0.location?.line == 13 })
        #expect(d.contains { $0.message.contains("names no dimension") && $0.location?.file == "map.yaml" })
    }

    @Test("a key given in two files names both places; an empty mapping yields")
    func duplicates() throws {
        let d = errors([("a.yaml", Self.arch), ("b.yaml", Self.arch), ("p.yaml", Self.problem)])
        #expect(d.contains { $0.message.contains("'architecture' is given twice; it was first given at a.yaml:") && $0.location?.file == "b.yaml" })
        let r = try importing([("a.yaml", Self.arch + "\nmapping: []\n"), ("p.yaml", Self.problem), ("m.yaml", Self.mapping)])
        #expect(r.files.count == 3)
    }

    @Test("missing problem, invalid YAML, an expression attribute")
    func badFiles() {
        let missing = errors([("arch.yaml", Self.arch)])
        #expect(missing.first?.message == "none of the files has a 'problem'")
        let syntax = errors([("arch.yaml", Self.arch + "\n  bad: [unclosed\n"), ("problem.yaml", Self.problem)])
        #expect(syntax.first?.location?.file == "arch.yaml")
        #expect(syntax.first?.message.hasPrefix("invalid YAML") == true)
        let expr = errors([("arch.yaml", Self.arch.replacingOccurrences(of: "depth: 64", with: "depth: 2*32")), ("problem.yaml", Self.problem)])
        #expect(expr.contains { $0.message.contains("'2*32', an expression") && $0.location?.line == 16 })
    }

    @Test("a problem with three operands is refused, located at its data spaces")
    func threeOperands() {
        let bad = Self.problem.replacingOccurrences(of: "read_write: True", with: "read_write: False")
        let d = errors([("arch.yaml", Self.arch), ("problem.yaml", bad)])
        #expect(d.contains { $0.message.contains("3 read-only and 0 read-write") && $0.location?.file == "problem.yaml" })
    }

    /// simple_weight_stationary_default's architecture_constraints: pe_spad's `permutation:
    /// NPQRS` (inner → outer, Timeloop names) is Loupe's `order: "R S P Q N"` (outer → inner,
    /// N innermost); the dummy level's spatial permutation `NQPSRCM` with `split: 1` and
    /// R, S, P, Q fixed to 1 allows N on X and C, M (Loupe K) on Y at shared_glb.
    @Test("constraints become the architecture's constraints")
    func constraints() throws {
        let c = TimeloopCase.named("simple_weight_stationary_default")
        let r = try TimeloopImporter.importFiles(c.inputs)
        let a = file(r, "architecture.yaml")
        #expect(a.contains("    shared_glb: {spatial: {x: [N], y: [C, K]}, temporal: {order: \"N\"}}\n"))
        #expect(a.contains("    pe_spad: {temporal: {order: \"R S P Q N\"}, keep: [weights], bypass: [inputs, outputs]}\n"))
        let specs = try ImportedSpecs(r)
        #expect(specs.architecture.constraints.levels["pe_spad"]?.keep == [.weights])
    }

    @Test("an unknown class and an unknown top-level key are warnings")
    func unknowns() throws {
        let arch = Self.arch.replacingOccurrences(of: "class: SRAM", with: "class: mystery_store")
        let r = try importing([("arch.yaml", arch), ("problem.yaml", Self.problem + "\narchitecure: {}\n")])
        #expect(r.warnings.contains { $0.message.contains("class 'mystery_store' of 'Buffer' is not one Loupe knows; imported as sram") })
        #expect(r.warnings.contains { $0.message.contains("'architecure' is not a Timeloop input") && $0.hint == "did you mean 'architecture'?" })
        #expect(r.warnings.contains { $0.message.contains("no Accelergy ERT") })
        // A file with nothing Timeloop in it: one warning for the file, not one per key.
        let notes = try importing([("arch.yaml", Self.arch), ("problem.yaml", Self.problem), ("notes.yaml", "macs: 1\ncycles: 2\n")])
        #expect(notes.warnings.filter { $0.location?.file == "notes.yaml" }.map(\.message)
                == ["notes.yaml holds no Timeloop or Accelergy input (architecture:, problem:, mapping:, ERT:, …); ignored"])
        #expect(file(r, "architecture.yaml").contains("class: sram"))
    }

    @Test("bounds written next to the shape (older inputs) read as the instance")
    func bareInstance() throws {
        let older = Self.problem.replacingOccurrences(of: "  instance: {C: 2, K: 4, R: 3, P: 8}", with: "  C: 2\n  K: 4\n  R: 3\n  P: 8")
        #expect(older != Self.problem)
        let a = try importing([("arch.yaml", Self.arch), ("problem.yaml", Self.problem)])
        let b = try importing([("arch.yaml", Self.arch), ("problem.yaml", older)])
        #expect(file(a, "workload.yaml") == file(b, "workload.yaml"))
    }
}
