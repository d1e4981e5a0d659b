import Foundation
import LoupeReport
import Testing

/// The `loupe` executable end to end: exit codes, located errors, reports, determinism.
/// The binary is the one SwiftPM built next to the test bundle.
@Suite("loupe command line", .serialized)
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    typealias Result = LoupeProcess.Run

    static func run(_ args: [String]) throws -> Result {
        try LoupeProcess.run(args, in: root)
    }

    static func temporaryDirectory() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-cli-\(UUID().uuidString)")
        return d.path
    }

    static func write(_ text: String, name: String) throws -> String {
        let dir = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func validateAcceptsTheZoo() throws {
        let r = try Self.run(["validate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// A misspelt key: exit 65, `file:line:column: error:` and a did-you-mean.
    @Test func invalidSpecExits65WithLocation() throws {
        let path = try Self.write("""
        version: 1
        architecture:
          name: bad
          technology: 65nm
          clock: 200 MHz
          levels:
            - {name: DRAM, class: dram}
            - {name: Buffer, class: sram, size: 1 KiB, keep: [inputs]}
            - {name: MAC, class: compute}
        """, name: "bad.yaml")
        let r = try Self.run(["validate", path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(path):8:"))
        #expect(r.stderr.contains("error:"))
        #expect(r.stderr.contains("keeps"))
    }

    @Test func badCommandLineExits64() throws {
        let r = try Self.run(["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml", "--objective", "speed"])
        #expect(r.status == 64)
        let u = try Self.run(["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml", "--disable", "zero_gatin"])
        #expect(u.status == 64)
        #expect(u.stderr.contains("zero_gating"))
    }

    @Test func unknownOverrideTargetIsASpecError() throws {
        let r = try Self.run(["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml",
                              "--set", "architecture.levels.GlobalBufer.size=64KiB", "--out", Self.temporaryDirectory()])
        #expect(r.status == 65)
        #expect(r.stderr.contains("GlobalBuffer"))
    }

    /// Same inputs and seed → byte-identical reports with one thread or two; and the mapper line.
    @Test func deterministicAcrossThreads() throws {
        let a = Self.temporaryDirectory(), b = Self.temporaryDirectory()
        let common = ["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml", "--budget", "2000", "--seed", "7"]
        let r1 = try Self.run(common + ["--threads", "1", "--out", a])
        let r2 = try Self.run(common + ["--threads", "2", "--out", b])
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(r1.stderr.contains("mapper: evaluated "))
        for file in ["layers.csv", "accesses.csv", "energy.csv", "techniques.csv", "summary.md", "report.json", "mappings.yaml", "energy.svg"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + file))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + file))
            #expect(x == y, "\(file) differs between 1 and 2 threads")
        }
    }

    /// A mapping file written by one run reproduces the run when read back.
    @Test func mappingsRoundTrip() throws {
        let a = Self.temporaryDirectory(), b = Self.temporaryDirectory()
        let first = try Self.run(["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml", "--budget", "1000", "--out", a])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try Self.run(["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml", "--mapping", a + "/mappings.yaml", "--out", b])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("mapper: evaluated"))
        // Every column but `search_end` (how the search ended; empty for a mapping file's mapping).
        func withoutSearchEnd(_ path: String) throws -> [[String]] {
            let records = try CSVReader.records(String(contentsOfFile: path, encoding: .utf8)).map(\.fields)
            let column = try #require(records.first?.firstIndex(of: "search_end"))
            #expect(records.dropFirst().allSatisfy { ["", "converged", "budget", "time_limit"].contains($0[column]) })
            return records.map { var r = $0; r.remove(at: column); return r }
        }
        #expect(try withoutSearchEnd(a + "/layers.csv") == withoutSearchEnd(b + "/layers.csv"))
    }

    /// Imperfect loops round-trip (docs/spec.md §8): a run given Eyeriss's conv1 as strips
    /// (`P=55/14`) writes them back in `mappings.yaml` and `layers.csv`, and reading that file
    /// again gives the same numbers; without `--imperfect` the mapping is refused (exit 65)
    /// at its entry; `--format timeloop` says why it writes no Timeloop mapping for the layer.
    @Test func imperfectMappingsRoundTrip() throws {
        let strips = try Self.write("""
        version: 1
        mapping:
          conv1:
            - {level: DRAM, temporal: "Q=5"}
            - {level: GlobalBuffer, temporal: "K=24 P=55/14", spatial: {x: "P=14", y: "K=4 C=3"}, keeps: [inputs]}
            - {level: InputSpad, temporal: "Q=11", keeps: []}
            - {level: WeightSpad, temporal: "S=11"}
            - {level: PsumSpad, temporal: "R=11"}
        """, name: "strips.yaml")
        let a = Self.temporaryDirectory(), b = Self.temporaryDirectory()
        let common = ["estimate", "Architectures/eyeriss.yaml", "Workloads/alexnet.yaml", "--budget", "64"]
        let first = try Self.run(common + ["--mapping", strips, "--imperfect", "--format", "csv,timeloop", "--out", a])
        #expect(first.status == 0, "\(first.stderr)")
        let written = try String(contentsOfFile: a + "/mappings.yaml", encoding: .utf8)
        #expect(written.contains("temporal: \"K=24 P=55/14\""))
        let x = try String(contentsOfFile: a + "/layers.csv", encoding: .utf8)
        #expect(x.contains("GlobalBuffer[K24 P55/14 | x:P14 y:K4,C3"))
        let note = try String(contentsOfFile: a + "/timeloop-conv1.map.yaml", encoding: .utf8)
        #expect(note.contains("Not exported: the mapping has imperfect loops (P=55/14)"))
        let second = try Self.run(common + ["--mapping", a + "/mappings.yaml", "--imperfect", "--out", b])
        #expect(second.status == 0, "\(second.stderr)")
        let y = try String(contentsOfFile: b + "/layers.csv", encoding: .utf8)
        // The first run searched the layers the strips file leaves out (`search_end` says how the
        // search ended); the second read every layer from mappings.yaml (`search_end` empty).
        let searchEnds = [",converged,", ",budget,", ",time_limit,"]
        #expect(searchEnds.reduce(x) { $0.replacingOccurrences(of: $1, with: ",,") } == y)
        let off = try Self.run(common + ["--mapping", strips, "--out", Self.temporaryDirectory()])
        #expect(off.status == 65)
        #expect(off.stderr.contains("strips.yaml:5:7"), "\(off.stderr)")
        #expect(off.stderr.contains("imperfect loop P=55/14 at 'GlobalBuffer' needs imperfect factorization on"))
    }

    @Test func energyTableListsEveryLevel() throws {
        let r = try Self.run(["energy-table", "Architectures/eyeriss.yaml", "--format", "csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("level,class,instances") == true)
        #expect(lines.count == 7)   // header + 6 levels
    }

    /// The table form ends with the chip-level figures: Eyeriss's 92 mW at 200 MHz is
    /// 0.092 W × 10¹² pJ/J / 2·10⁸ cycles/s = 460 pJ per cycle; a `launch` of 100 cycles is printed
    /// as given; an architecture with neither prints neither line.
    @Test func energyTableShowsStaticPowerAndLaunch() throws {
        let r = try Self.run(["energy-table", "Architectures/eyeriss.yaml", "--set", "architecture.launch=100"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("static power 92 mW (460 pJ per cycle), charged every cycle"))
        #expect(r.stdout.contains("launch 100 cycles per layer"))
        let plain = try Self.run(["energy-table", "Architectures/simba-like.yaml"])
        #expect(plain.status == 0)
        #expect(!plain.stdout.contains("static power") && !plain.stdout.contains("launch "))
    }

    /// tpu-like's 24 MiB Unified Buffer lies beyond the SRAM fit's data (8 Mbit): energy-table
    /// flags it (table and stderr), and `--strict` turns it into an error, exit 65
    /// (docs/energy.md "Ranges").
    @Test func energyTableFlagsOutOfRangeFigures() throws {
        let r = try Self.run(["energy-table", "Architectures/tpu-like.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("warning: UnifiedBuffer: SRAM/regfile fit: capacity"))
        #expect(r.stderr.contains("tpu-like.yaml:47:7: warning: UnifiedBuffer: SRAM/regfile fit: capacity"))
        let strict = try Self.run(["energy-table", "Architectures/tpu-like.yaml", "--strict"])
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("error: UnifiedBuffer: SRAM/regfile fit: capacity"))
        let clean = try Self.run(["energy-table", "Architectures/simba-like.yaml", "--strict"])
        #expect(clean.status == 0, "\(clean.stderr)")
    }

    @Test func helpListsTheCommands() throws {
        let r = try Self.run(["--help"])
        for c in ["estimate", "validate", "roofline", "sweep", "merge", "energy-table", "bench"] {
            #expect(r.stdout.contains(c), "\(c) missing from --help")
        }
    }
}
