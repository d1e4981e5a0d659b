import Foundation
import LoupeModel
@testable import LoupeSpec
import Testing

@Suite struct DiagnosticsTests {
    @Test func malformedYAMLReportsLibyamlPosition() {
        let errors = Fixtures.archErrors(Fixtures.eyeriss(replacingLine: 19, with: "      keeps: [weights, inputs, outputs"))
        #expect(errors.count == 1)
        #expect(errors[0].message.hasPrefix("invalid YAML: did not find expected ',' or ']'"))
        #expect(errors[0].location?.file == "arch.yaml")
        #expect(errors[0].message.hasSuffix("(while parsing a flow sequence at 19:14)"))
        #expect(errors[0].at == "20:13")
    }

    @Test func badIndentation() {
        let errors = Fixtures.archErrors(Fixtures.eyeriss(replacingLine: 5, with: "   clock: 200 MHz"))
        #expect(errors.count == 1)
        #expect(errors[0].message.hasPrefix("invalid YAML:"))
        #expect(errors[0].at == "5:4")
    }

    @Test func tabs() {
        let errors = Fixtures.archErrors("version: 1\narchitecture:\n\tname: x\n")
        #expect(errors.first?.hint == "YAML indents with spaces, not tabs")
        #expect(errors.first?.at == "3:1")
    }

    @Test(arguments: ["", "   \n", "# only a comment\n"])
    func emptyFile(_ text: String) {
        let errors = Fixtures.archErrors(text)
        #expect(errors.map(\.message) == ["the file is empty; a spec starts with 'version: 1'"])
        #expect(errors.first?.at == "1:1")
    }

    @Test func topLevelShape() {
        #expect(Fixtures.archErrors("- a\n- b\n").map(\.message)
                == ["expected 'version: 1' and 'architecture:' at the top of the file, found a list"])
        #expect(Fixtures.archErrors("just text").map(\.message)
                == ["expected 'version: 1' and 'architecture:' at the top of the file, found 'just text'"])
        #expect(Fixtures.archErrors(Fixtures.alexnet).map(\.message) == ["expected an architecture file, but this is a workload file"])
        let noVersion = Fixtures.archErrors(Fixtures.eyeriss(replacingLine: 1, with: "# no version"))
        #expect(noVersion.map(\.message) == ["missing required key 'version' in the top level of an architecture file"])
        #expect(noVersion.first?.at == "2:1")
        let v2 = Fixtures.archErrors(Fixtures.eyeriss(replacingLine: 1, with: "version: 2"))
        #expect(v2.map(\.message) == ["unsupported version 2; this Loupe reads version 1"])
        #expect(v2.first?.at == "1:10")
        let typo = Fixtures.archErrors(Fixtures.eyeriss(replacingLine: 1, with: "verison: 1"))
        #expect(typo.first?.message == "unknown key 'verison' in the top level of an architecture file")
        #expect(typo.first?.hint == "did you mean 'version'?")
    }

    @Test func missingKeysNameTheEnclosingMapping() {
        let yaml = """
        version: 1
        architecture:
          technology: 65nm
          levels:
            - {class: sram, size: 4}
            - name: MAC
        """
        let errors = Fixtures.archErrors(yaml)
        #expect(errors.map(\.message) == [
            "missing required key 'name' in the architecture",
            "missing required key 'clock' in the architecture",
            "missing required key 'name' in level #1",
            "missing required key 'class' in level 'MAC'",
        ])
        #expect(errors.map(\.at) == ["3:3", "3:3", "5:7", "6:7"])
        #expect(errors[0].description == "arch.yaml:3:3: error: missing required key 'name' in the architecture")
    }

    @Test func duplicateKeys() {
        let errors = Fixtures.archErrors(Fixtures.eyeriss(replacingLine: 17, with: "      size: 64 KiB"))
        #expect(errors.count == 1)
        #expect(errors.first?.message == "duplicate key 'size' in a mapping")
        // At the duplicate (line 17), the first use in the hint.
        #expect(errors.first?.at == "17:7")
        #expect(errors.first?.hint?.contains("16:7") == true)
    }

    @Test func multipleDocuments() {
        let errors = Fixtures.archErrors(Fixtures.eyeriss + "---\nversion: 1\n")
        #expect(errors.count == 1)
        #expect(errors.first?.message == "invalid YAML: a spec file holds one document, but another one starts here")
        #expect(errors.first?.at == "43:1")
    }

    @Test func hugeAndNegativeNumbers() {
        let errors = Fixtures.archErrors(Fixtures.eyeriss(replacingLine: 17, with: "      word_bits: 99999999999999999999999999"))
        #expect(errors.map(\.message) == ["word_bits of level 'GlobalBuffer' is too large: '99999999999999999999999999'"])
        #expect(errors.first?.at == "17:18")
        let neg = Fixtures.archErrors(Fixtures.eyeriss(replacingLine: 18, with: "      block_words: -4"))
        #expect(neg.map(\.message) == ["block_words of level 'GlobalBuffer' must be at least 1, found -4"])
        let w = Fixtures.workErrors(Fixtures.workload(layer: "    - {name: a, type: fc, inputs: 1e300, outputs: 2}"))
        #expect(w.map(\.message) == ["inputs of layer 'a' is too large: '1e300'"])
    }

    @Test func mergeKeysAndAnchors() throws {
        let yaml = """
        version: 1
        architecture:
          name: anchors
          technology: 65nm
          clock: 1 GHz
          levels:
            - {name: DRAM, class: dram}
            - &spad {name: A, class: regfile, size: 16, keeps: [inputs]}
            - {<<: *spad, name: B, keeps: [weights]}
            - {name: MAC, class: compute}
        """
        let a = try Fixtures.architecture(yaml)
        #expect(a.levels[2].name == "B")
        #expect(a.levels[2].sizeWords == 16)
        #expect(a.levels[2].keeps == [.weights])
    }

    @Test func aliasBombIsAnError() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "version: 1\n"
        let errors = Fixtures.archErrors(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("more than 1000000 nodes") == true)
    }

    @Test func aliasBombInAKeyIsRefusedBeforeParsing() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...7 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "? *a7\n: 1\n"
        let errors = Fixtures.archErrors(yaml)
        #expect(errors.map(\.message) == ["a mapping key that is a collection or an alias is not supported in a spec"])
        #expect(errors.first?.at == "9:1")
        #expect(Fixtures.archErrors("x: &k a\n*k : 1\n").first?.at == "2:1")
        #expect(Fixtures.archErrors("x: &k [a]\n[*k]: 1\n").first?.at == "2:4")
        // Quoted text and comments do not count.
        #expect(Fixtures.archErrors("version: 1 # ? *a: x\narchitecture: '*x: [a]: b'\n").first?.message
                == "expected a mapping for the architecture, found '*x: [a]: b'")
        // A collection key without aliases is an ordinary error.
        #expect(Fixtures.archErrors("version: 1\n[a]: 1\n").map(\.message) == ["expected a key name, found a list"])
    }

    @Test func invalidEscapes() {
        let errors = Fixtures.archErrors("version: 1\narchitecture: \"\\uD800\"\n")
        #expect(errors.first?.message.hasPrefix("invalid YAML: found invalid Unicode character escape code") == true)
        #expect(errors.first?.at == "2:18")
    }

    @Test func deepNestingIsAnError() {
        let deep = "version: 1\narchitecture: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let errors = Fixtures.archErrors(deep)
        #expect(errors.count == 1)
        #expect(errors.first?.message == "invalid YAML: the document nests deeper than 1000 levels")
        let fine = "version: 1\narchitecture: " + String(repeating: "[", count: 900) + String(repeating: "]", count: 900) + "\n"
        #expect(Fixtures.archErrors(fine).first?.message == "expected a mapping for the architecture, found a list")
    }

    @Test func files() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let good = dir.appendingPathComponent("eyeriss.yaml")
        try Fixtures.eyeriss.write(to: good, atomically: true, encoding: .utf8)
        #expect(try SpecLoader.loadArchitecture(path: good.path).name == "eyeriss")

        let missing = dir.appendingPathComponent("nope.yaml").path
        do {
            _ = try SpecLoader.loadArchitecture(path: missing)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["error: cannot read \(missing): no such file"])
        }
        do {
            _ = try SpecLoader.loadWorkload(path: dir.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.message == "cannot read \(dir.path): it is a directory")
        }

        let latin1 = dir.appendingPathComponent("latin1.yaml")
        try Data("version: 1\nworkload:\n  name: caf\u{E9}\n".utf8.map { $0 }.prefix(31) + [0xE9, 0x0A]).write(to: latin1)
        do {
            _ = try SpecLoader.loadWorkload(path: latin1.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.message == "the file is not valid UTF-8: byte 0xE9 at offset 31")
            #expect(error.diagnostics.first?.at == "3:11")
        }
    }
}

extension DiagnosticsTests {
    /// Every tensor starts and ends at the outermost level, so it may not bypass any.
    @Test func outermostLevelKeepsEverything() {
        let yaml = """
        version: 1
        architecture:
          name: partial
          technology: 65nm
          clock: 1 GHz
          levels:
            - {name: DRAM, class: dram, keeps: [inputs]}
            - {name: MAC, class: compute}
        """
        let errors = Fixtures.archErrors(yaml)
        #expect(errors.contains { $0.message.contains("outermost level 'DRAM' must keep every tensor") })
    }
}
