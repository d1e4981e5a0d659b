import Foundation
import LoupeModel
import LoupeValidation
import Testing

/// The repository root, from this file's path (Tests/LoupeValidationTests/…).
private let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

@Suite struct ValidationSuiteTests {
    /// docs/validation.md's generated section is what the case files in Validation/ give now:
    /// every published-vs-Loupe table stays true as the model changes (regenerate with
    /// `loupe validation --write docs/validation.md`).
    @Test func generatedSectionIsUpToDate() throws {
        let runner = ValidationRunner(root: repositoryRoot)
        var results: [ValidationSectionResult] = []
        for file in try ValidationCaseLoader.caseFiles(in: repositoryRoot + "/Validation") {
            let relative = String(file.dropFirst(repositoryRoot.count + 1))
            results.append(try runner.run(try ValidationCaseLoader.load(path: relative, root: repositoryRoot)))
        }
        let generated = ValidationMarkdown.render(results)
        let document = try String(contentsOfFile: repositoryRoot + "/docs/validation.md", encoding: .utf8)
        let section = try #require(ValidationMarkdown.section(of: document), "docs/validation.md lacks the generated section's markers")
        #expect(section == generated, "docs/validation.md is out of date: run `loupe validation --write docs/validation.md`")
    }

    /// A one-PE machine, hand-derived: an fc layer of 10 × 20 = 200 MACs at 1 MAC per cycle and
    /// 1 MHz takes 200 cycles = 0.2 ms. Published 0.25 ms: error 0.2 / 0.25 − 1 = −20%, a miss at
    /// ±15% and within at ±25%. With weights at density 0.5, skipping halves the MACs: speedup
    /// 200 / 100 = 2.0 against the run with skipping disabled.
    @Test func handDerivedRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-validation-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        version: 1
        architecture:
          name: one
          technology: 45nm
          clock: 1 MHz
          levels:
            - {name: DRAM, class: dram, dram: LPDDR4, word_bits: 16, keeps: [weights, inputs, outputs]}
            - {name: MAC, class: compute, word_bits: 16}
          techniques:
            - {kind: zero_skipping, on: weights, at: [MAC]}
        """.write(toFile: dir + "/arch.yaml", atomically: true, encoding: .utf8)
        try """
        version: 1
        workload:
          name: w
          layers:
            - {name: fc, type: fc, inputs: 10, outputs: 20, stats: {density: {weights: 0.5}}}
        """.write(toFile: dir + "/work.yaml", atomically: true, encoding: .utf8)
        let cases = """
        version: 1
        validation:
          title: hand
          runs:
            - {name: dense, architecture: arch.yaml, workload: work.yaml, disable: [zero_skipping]}
            - {name: sparse, architecture: arch.yaml, workload: work.yaml}
          rows:
            - {figure: tight, published: 0.25, metric: latency_ms, run: dense, target: 15%, source: hand}
            - {figure: loose, published: 0.25, metric: latency_ms, run: dense, target: 25%, source: hand}
            - {figure: speedup, published: [1.5, 3], metric: speedup, run: sparse, baseline: dense, target: 10%, source: hand}
            - {figure: later, published: 2, metric: speedup, run: sparse, baseline: dense, target: 10%, source: hand, pending: not yet}
        """
        let section = try ValidationCaseLoader.load(yaml: cases, file: "cases.yaml")
        let result = try ValidationRunner(root: dir).run(section)
        let r = result.results
        #expect(abs(r[0].loupe! - 0.2) < 1e-12)
        #expect(abs(r[0].error! - (-0.2)) < 1e-12)
        #expect(r[0].status == .miss)
        #expect(r[1].status == .within)
        #expect(abs(r[2].loupe! - 2.0) < 1e-12)
        #expect(r[2].error == 0 && r[2].status == .within)  // inside the published range
        #expect(r[3].status == .pending && r[3].loupe == nil)
        let markdown = ValidationMarkdown.render([result])
        #expect(markdown.hasPrefix("**2 of 3 computed rows within target**; 1 pending"))
        #expect(markdown.contains("| 1 | tight | 0.250 ms | 0.200 ms | −20.0% | ±15% | **miss** | hand | `dense` |"))
        #expect(markdown.contains("loupe estimate arch.yaml work.yaml --disable zero_skipping --budget 30000 --seed 1"))
    }

    /// A range's error is 0 inside it and relative to the nearer end outside.
    @Test func rangeError() {
        let f = PublishedFigure(low: 1.4, high: 2.5)
        #expect(f.error(of: 2.0) == 0)
        #expect(abs(f.error(of: 1.05) - (1.05 / 1.4 - 1)) < 1e-12)
        #expect(abs(f.error(of: 3.0) - (3.0 / 2.5 - 1)) < 1e-12)
    }

    /// Mistakes in a case file are located, with a did-you-mean.
    @Test func caseFileErrors() {
        let yaml = """
        version: 1
        validation:
          title: t
          runs:
            - {name: base, architecture: a.yaml, workload: w.yaml, disable: [zero_gatin]}
          rows:
            - {figure: f, published: 1, metric: speedup, run: bse, target: 10%, source: s}
            - {figure: g, published: 1, metric: latency_ms, run: base, target: 10%, source: s, levle: DRAM}
        """
        var messages: [String] = []
        do { _ = try ValidationCaseLoader.load(yaml: yaml, file: "c.yaml") } catch { messages = error.diagnostics.map(\.description) }
        #expect(messages.contains { $0.hasPrefix("c.yaml:5:") && $0.contains("unknown technique 'zero_gatin'") && $0.contains("zero_gating") })
        #expect(messages.contains { $0.hasPrefix("c.yaml:7:") && $0.contains("unknown run 'bse'") && $0.contains("base") })
        #expect(messages.contains { $0.hasPrefix("c.yaml:7:") && $0.contains("needs 'baseline:'") })
        #expect(messages.contains { $0.hasPrefix("c.yaml:8:") && $0.contains("unknown key 'levle'") && $0.contains("level") })
    }
}
