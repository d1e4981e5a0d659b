import Foundation
import LoupeModel
import Testing
@testable import LoupeSpec

/// Spec inputs that were accepted, misreported or unlocated (issue 12): each refused at the
/// offending token, without cascades.
@Suite("hardening: spec loading")
struct HardeningSpecTests {
    /// A small valid architecture with `extra` in place of the Buffer level's last line.
    static func architecture(_ levels: String, top: String = "  clock: 200 MHz", constraints: String = "") -> String {
        """
        version: 1
        architecture:
          name: small
          technology: 65nm
        \(top)
          levels:
        \(levels)
            - {name: MAC, class: compute}
        \(constraints)
        """
    }

    static func problems(_ yaml: String) -> [Diagnostic] {
        do {
            _ = try SpecLoader.loadArchitecture(yaml: yaml, file: "a.yaml")
            return []
        } catch {
            return error.diagnostics
        }
    }

    static func located(_ d: [Diagnostic]) -> [String] { d.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" } }

    /// `clas: sram` is an unknown key (with did-you-mean) at its own token, not only "missing 'class'".
    @Test func misspeltRequiredKey() {
        let d = Self.problems(Self.architecture("""
            - {name: DRAM, class: dram}
            - {name: Buffer, clas: sram, size: 1 KiB}
        """))
        #expect(d.count == 1, "\(Self.located(d))")
        #expect(d.first?.message == "unknown key 'clas' in level 'Buffer'")
        #expect(d.first?.location?.line == 8 && d.first?.location?.column == 22)
        #expect(d.first?.hint?.contains("'class'") == true)
        let n = Self.problems(Self.architecture("""
            - {nmae: DRAM, class: dram}
            - {name: Buffer, class: sram, size: 1 KiB}
        """))
        #expect(n.contains { $0.message.hasPrefix("unknown key 'nmae'") && $0.hint?.contains("'name'") == true }, "\(Self.located(n))")
        #expect(!n.contains { $0.message.contains("missing required key 'name'") })
    }

    /// An error in the outermost level adds no "must keep every tensor" about the next level.
    @Test func noOutermostCascade() {
        let d = Self.problems(Self.architecture("""
            - {name: DRAM, class: dram, size: -4}
            - {name: GlobalBuffer, class: sram, size: 1 KiB, keeps: [inputs]}
        """))
        #expect(!d.isEmpty)
        #expect(!d.contains { $0.message.contains("must keep every tensor") }, "\(Self.located(d))")
    }

    /// A duplicate key is pointed at the duplicate, with the first use in the hint.
    @Test func duplicateKeyAtTheDuplicate() {
        let d = Self.problems("""
        version: 1
        architecture:
          name: a
          clock: 200 MHz
          name: b
        """)
        #expect(d.count == 1)
        #expect(d.first?.location?.line == 5 && d.first?.location?.column == 3, "\(Self.located(d))")
        #expect(d.first?.hint?.contains("3:3") == true)
    }

    /// A bad factor constraint is located at its own term.
    @Test func factorConstraintAtItsToken() {
        let d = Self.problems(Self.architecture("""
            - {name: DRAM, class: dram}
            - {name: Buffer, class: sram, size: 1 KiB}
        """, constraints: """
          constraints:
            Buffer: {factors: "Q=5 K>=3 Z=2"}
        """))
        #expect(d.count == 1)
        // `    Buffer: {factors: "` ends at column 23 (the quote); Z is at offset 9 of the string, column 24 + 9.
        #expect(d.first?.location?.line == 11 && d.first?.location?.column == 33, "\(Self.located(d))")
        #expect(d.first?.message.contains("'Z'") == true)
    }

    /// `Q==5` is refused (it used to read as `Q=5`).
    @Test func doubleEqualsRefused() {
        do {
            _ = try SpecLoader.loadMapping(yaml: "version: 1\nmapping:\n  conv1:\n    - level: DRAM\n      temporal: \"Q==5\"\n", file: "m.yaml")
            Issue.record("Q==5 accepted")
        } catch {
            #expect(error.diagnostics.first?.message.contains("'Q=='") == true)
            #expect(error.diagnostics.first?.location?.line == 5)
        }
    }

    /// Values that would make a total or time non-finite are refused at the key.
    @Test(arguments: [
        ("  clock: 5e-324 Hz", "    - {name: DRAM, class: dram}", 5, "clock"),
        ("  clock: 200 MHz", "    - {name: DRAM, class: dram, energy: {read: 1e308 pJ}}", 7, "energy"),
        ("  clock: 200 MHz", "    - {name: DRAM, class: dram, bandwidth: {shared: 1e-308}}", 7, "bandwidth"),
        ("  clock: 200 MHz", "    - {name: DRAM, class: dram, area: 1e300 um^2}", 7, "area"),
    ])
    func nonFiniteMakersRefused(top: String, level: String, line: Int, word: String) {
        let d = Self.problems(Self.architecture(level + "\n    - {name: Buffer, class: sram, size: 1 KiB}", top: top))
        #expect(d.count == 1, "\(Self.located(d))")
        #expect(d.first?.location?.line == line)
        #expect(d.first?.message.contains(word) == true, "\(Self.located(d))")
    }

    /// A device or a FIFO as input: a proper message, not "permission".
    @Test func deviceAndFIFOInputs() throws {
        do {
            _ = try SpecLoader.loadArchitecture(path: "/dev/zero")
            Issue.record("/dev/zero accepted")
        } catch {
            #expect(error.diagnostics.first?.message.contains("device") == true)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let fifo = dir.path + "/spec"
        #expect(mkfifo(fifo, 0o600) == 0)
        let text = Self.architecture("    - {name: DRAM, class: dram}\n    - {name: Buffer, class: sram, size: 1 KiB}")
        let writer = Thread {
            if let h = FileHandle(forWritingAtPath: fifo) { h.write(Data(text.utf8)); try? h.close() }
        }
        writer.start()
        let a = try SpecLoader.loadArchitecture(path: fifo)
        #expect(a.name == "small")
    }

    /// `technology` may be left out when every energy and area is given; otherwise each level
    /// that needs the component library is an error at the level.
    @Test func technologyOptionalWhenEverythingIsGiven() throws {
        let explicit = """
        version: 1
        architecture:
          name: explicit
          clock: 200 MHz
          levels:
            - {name: DRAM, class: dram, energy: {read: 200, write: 200, leak: 0}, area: 0}
            - {name: Buffer, class: sram, size: 64 KiB, energy: {read: 6, write: 6, leak: 0}, area: 10000}
            - {name: MAC, class: compute, energy: {compute: 1}, area: 500}
        """
        let a = try SpecLoader.loadArchitecture(yaml: explicit, file: "a.yaml")
        #expect(a.technology == nil)
        let missing = explicit.replacingOccurrences(of: ", leak: 0}, area: 10000}", with: "}}")
        let d = Self.problems(missing)
        #expect(d.count == 1, "\(Self.located(d))")
        #expect(d.first?.location?.line == 7 && d.first?.location?.column == 7)
        #expect(d.first?.message == "level 'Buffer' takes its leak energy and area from the component library, which needs the architecture's 'technology'")
    }
}
