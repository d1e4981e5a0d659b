import Foundation
import Testing

/// Hostile or mistaken inputs (issue 12): refused clearly with the documented exit code,
/// nothing written where it should not be (docs/spec.md §10).
@Suite("hardening: command line and outputs", .serialized)
struct HardeningTests {
    typealias Run = LoupeProcess.Run
    static let root = CLITests.root
    static let arch = root.path + "/Architectures/eyeriss.yaml"
    static let work = root.path + "/Workloads/alexnet.yaml"

    static func scratch() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-harden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A mapping file for every alexnet layer on eyeriss (a short search), so later runs are quick.
    static func mappingFile(in dir: URL) throws -> String {
        let r = try LoupeProcess.run(["estimate", arch, work, "--budget", "200", "--out", dir.path + "/m"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir.path + "/m/mappings.yaml"
    }

    // MARK: Names from specs never escape Reports/

    @Test(arguments: ["../../escaped", "/../../tmp/x", "a/b", "..", "", "x\u{07}y\nz", String(repeating: "n", count: 400)])
    func specNameStaysUnderReports(name: String) throws {
        let dir = try Self.scratch()
        let text = try String(contentsOfFile: Self.arch, encoding: .utf8)
        // The architecture's own `name:` is its first line of the form `  name: …`.
        var lines = text.components(separatedBy: "\n")
        let i = try #require(lines.firstIndex { $0.hasPrefix("  name: ") })
        let quoted = "\"" + name.unicodeScalars.map { $0.value < 0x20 ? String(format: "\\x%02X", $0.value) : String($0) }.joined() + "\""
        lines[i] = "  name: " + quoted
        let arch = dir.path + "/arch.yaml"
        try lines.joined(separator: "\n").write(toFile: arch, atomically: true, encoding: .utf8)
        let work = dir.appendingPathComponent("deep/er")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let r = try LoupeProcess.run(["estimate", arch, Self.work, "--budget", "50"], in: work)
        if r.status == 65 { return }  // a name the loader refuses is fine too; it wrote nothing
        #expect(r.status == 0, "\(r.stderr)")
        // Everything written lies in deep/er/Reports/<one component>/.
        let reports = try FileManager.default.contentsOfDirectory(atPath: work.path + "/Reports")
        #expect(reports.count == 1)
        let entry = try #require(reports.first)
        #expect(!entry.contains("/") && !entry.hasPrefix(".") && entry.utf8.count <= 120)
        #expect(FileManager.default.fileExists(atPath: work.path + "/Reports/\(entry)/layers.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["Reports"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["arch.yaml", "deep"])
    }

    // MARK: Mapping files

    @Test func estimateRefusesAMappingEntryForAMissingLayer() throws {
        let dir = try Self.scratch()
        let good = try Self.mappingFile(in: dir)
        let text = try String(contentsOfFile: good, encoding: .utf8)
        let bad = dir.path + "/bad.yaml"
        try text.replacingOccurrences(of: "  conv5:", with: "  conv9:").write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try LoupeProcess.run(["estimate", Self.arch, Self.work, "--mapping", bad, "--out", dir.path + "/o"], in: dir)
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(bad):"))
        #expect(r.stderr.contains("conv9"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/o"))
    }

    @Test func estimateRefusesAnInvalidDefaultEntry() throws {
        let dir = try Self.scratch()
        let good = try Self.mappingFile(in: dir)
        let text = try String(contentsOfFile: good, encoding: .utf8)
        let bad = dir.path + "/bad.yaml"
        try (text + "  default:\n    - level: GlobalBufr\n      temporal: \"K=2\"\n").write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try LoupeProcess.run(["estimate", Self.arch, Self.work, "--mapping", bad, "--out", dir.path + "/o"], in: dir)
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(bad):"))
        #expect(r.stderr.contains("GlobalBufr"))
    }

    // MARK: Command-line values, checked before any spec is loaded

    @Test(arguments: [
        ["--budget", "-5"], ["--threads", "-1"], ["--seed", "-5"], ["--format", ""], ["--out", ""],
    ])
    func badValuesExit64BeforeLoading(extra: [String]) throws {
        let dir = try Self.scratch()
        // The specs do not exist: a value checked first exits 64, not 65.
        let r = try LoupeProcess.run(["estimate", "missing-arch.yaml", "missing-work.yaml"] + extra, in: dir)
        #expect(r.status == 64, "\(extra): \(r.stderr)")
        #expect(!r.stderr.contains("Missing value"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func outPointingAtAFileIsRefused() throws {
        let dir = try Self.scratch()
        let file = dir.path + "/taken"
        try "mine".write(toFile: file, atomically: true, encoding: .utf8)
        for out in [file, file + "/sub"] {
            let r = try LoupeProcess.run(["estimate", Self.arch, Self.work, "--out", out], in: dir)
            #expect(r.status == 64, "\(r.stderr)")
            #expect(r.stderr.contains("taken"))
            #expect(!r.stderr.contains("mapper: evaluated"), "refused before the search")
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "mine")
    }

    @Test func negativeShardAndBenchSecondsAreRefused() throws {
        let dir = try Self.scratch()
        let s = try LoupeProcess.run(["sweep", Self.arch, Self.work, "--vary", "architecture.levels.GlobalBuffer.size=64KiB",
                                      "--shard", "-1/2", "--out", dir.path + "/s"], in: dir)
        #expect(s.status == 64)
        #expect(!s.stderr.contains("Missing value"))
        #expect(s.stderr.contains("-1/2"))
        for seconds in ["inf", "nan", "0", "-1"] {
            let b = try LoupeProcess.run(["bench", "--seconds", seconds], in: dir)
            #expect(b.status == 64, "--seconds \(seconds)")
            #expect(b.stderr.contains("--seconds"))
        }
    }

    @Test func misspeltCommandGetsADidYouMean() throws {
        let r = try LoupeProcess.run(["estimat", Self.arch, Self.work], in: try Self.scratch())
        #expect(r.status == 64)
        #expect(r.stderr.contains("did you mean 'estimate'"))
    }

    // MARK: Concurrent runs on one --out

    /// Two runs at once into one directory holding a user's file: both succeed, the report is
    /// one run's whole set, the user's file is untouched, and no staging directory is left.
    @Test func concurrentRunsOnOneOut() throws {
        let dir = try Self.scratch()
        let mapping = try Self.mappingFile(in: dir)
        let out = dir.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "notes".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        for _ in 0..<12 {
            let group = DispatchGroup()
            let results = Results()
            for formats in ["csv,md,json,svg", "csv"] {
                group.enter()
                DispatchQueue.global().async {
                    let r = try? LoupeProcess.run(["estimate", Self.arch, Self.work, "--mapping", mapping,
                                                   "--format", formats, "--out", out], in: dir)
                    results.append(r?.status ?? -1, r?.stderr ?? "")
                    group.leave()
                }
            }
            group.wait()
            for (status, stderr) in results.all { #expect(status == 0, "\(stderr)") }
            #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "notes")
            let names = Set(try FileManager.default.contentsOfDirectory(atPath: out))
            // One run's whole set: the csv-only run writes no summary.md; the other writes all.
            let full = names.contains("summary.md")
            #expect(names.contains("report.json") == full && names.contains("energy.svg") == full)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.contains(".loupe-") })
        }
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(Int32, String)] = []
        func append(_ status: Int32, _ stderr: String) { lock.withLock { items.append((status, stderr)) } }
        var all: [(Int32, String)] { lock.withLock { items } }
    }

    /// A staging directory left by a killed run (its process gone) is cleaned up by the next
    /// run; the user's file it held goes back into the report directory.
    @Test func staleStagingDirectoryIsCleanedUp() throws {
        let dir = try Self.scratch()
        let mapping = try Self.mappingFile(in: dir)
        let out = dir.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // pid 2^22 - 1 is beyond Linux's default pid_max; no process has it.
        let stale = dir.path + "/.out.loupe-4194303-abc"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
        try "old".write(toFile: stale + "/layers.csv", atomically: true, encoding: .utf8)
        try "mine".write(toFile: stale + "/notes.txt", atomically: true, encoding: .utf8)
        let r = try LoupeProcess.run(["estimate", Self.arch, Self.work, "--mapping", mapping, "--out", out], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "mine")
    }

    /// SIGTERM during a run: the process ends and leaves no staging directory or temporary file.
    @Test func sigtermLeavesNoStagingDirectory() throws {
        let dir = try Self.scratch()
        let out = dir.path + "/out"
        for delay in [0.05, 0.2, 0.4] {
            let p = Process()
            p.executableURL = LoupeProcess.binary
            p.arguments = ["estimate", Self.arch, Self.work, "--budget", "300", "--out", out]
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            p.terminate()
            p.waitUntilExit()
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
            #expect(left.isEmpty, "left behind: \(left)")
            if FileManager.default.fileExists(atPath: out) {
                #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".") })
            }
        }
    }

    // MARK: merge

    static func sweepShards(in dir: URL, set: [String] = [], shard: String, out: String) throws -> Run {
        try LoupeProcess.run(["sweep", Self.arch, Self.work, "--vary", "architecture.levels.GlobalBuffer.size=64KiB,128KiB",
                              "--budget", "50", "--shard", shard, "--out", out] + set, in: dir)
    }

    @Test func mergeRefusesInterruptedAndNonNumericRows() throws {
        let dir = try Self.scratch()
        let r = try Self.sweepShards(in: dir, shard: "0/1", out: dir.path + "/s0")
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOfFile: dir.path + "/s0/sweep.csv", encoding: .utf8)
        var lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        // Point 1 interrupted (numbers emptied), in a copy.
        let fields = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let interrupted = ([fields[0], fields[1]] + Array(repeating: "", count: 7) + ["interrupted"]).joined(separator: ",")
        var a = lines
        a[2] = interrupted
        try (a.joined(separator: "\n") + "\n").write(toFile: dir.path + "/a.csv", atomically: true, encoding: .utf8)
        let m1 = try LoupeProcess.run(["merge", dir.path + "/m1.csv", dir.path + "/a.csv", "--expect", "2"], in: dir)
        #expect(m1.status == 65)
        #expect(m1.stderr.contains("a.csv:3"))
        #expect(m1.stderr.contains("interrupted"))
        // A number field that reads `abc`.
        var numbers = fields
        numbers[2] = "abc"
        lines[2] = numbers.joined(separator: ",")
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.path + "/b.csv", atomically: true, encoding: .utf8)
        let m2 = try LoupeProcess.run(["merge", dir.path + "/m2.csv", dir.path + "/b.csv"], in: dir)
        #expect(m2.status == 65)
        #expect(m2.stderr.contains("b.csv:3"))
        #expect(m2.stderr.contains("abc"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/m1.csv"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/m2.csv"))
    }

    @Test func mergeRefusesShardsOfDifferentSweeps() throws {
        let dir = try Self.scratch()
        let a = try Self.sweepShards(in: dir, shard: "0/2", out: dir.path + "/s0")
        let b = try Self.sweepShards(in: dir, set: ["--set", "architecture.levels.GlobalBuffer.size=32KiB"],
                                     shard: "1/2", out: dir.path + "/s1")
        #expect(a.status == 0 && b.status == 0)
        let m = try LoupeProcess.run(["merge", dir.path + "/m/sweep.csv", dir.path + "/s0/sweep.csv", dir.path + "/s1/sweep.csv"], in: dir)
        #expect(m.status == 65)
        #expect(m.stderr.contains("set: architecture.levels.GlobalBuffer.size=32KiB"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/m/sweep.csv"))
    }

    /// A search stopped by Ctrl-C says so in the report; a full one does not.
    @Test func interruptedSearchIsMarked() throws {
        let dir = try Self.scratch()
        let p = Process()
        p.executableURL = LoupeProcess.binary
        p.arguments = ["estimate", Self.arch, Self.work, "--budget", "100000000", "--threads", "1", "--out", dir.path + "/o"]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 3.0)  // well into the search (a budget of 10⁸ takes minutes)
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let summary = try String(contentsOfFile: dir.path + "/o/summary.md", encoding: .utf8)
        #expect(summary.contains("INTERRUPTED"))
        let full = try LoupeProcess.run(["estimate", Self.arch, Self.work, "--budget", "100", "--out", dir.path + "/f"], in: dir)
        #expect(full.status == 0)
        #expect(!(try String(contentsOfFile: dir.path + "/f/summary.md", encoding: .utf8)).contains("INTERRUPTED"))
    }

    /// The most extreme values the loader accepts still give finite reports: no `inf`/`nan`.
    @Test func extremeValuesGiveFiniteReports() throws {
        let dir = try Self.scratch()
        let r = try LoupeProcess.run(["estimate", Self.arch, Self.work, "--budget", "200", "--out", dir.path + "/o",
                                      "--set", "architecture.clock=1Hz",
                                      "--set", "architecture.levels.DRAM.bandwidth.shared=0.000001",
                                      "--set", "architecture.levels.DRAM.energy.read=1e12pJ",
                                      "--set", "architecture.levels.GlobalBuffer.energy.write=1e12"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let bad = try NSRegularExpression(pattern: "\\b(inf|infinity|nan)\\b", options: .caseInsensitive)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path + "/o") {
            let text = try String(contentsOfFile: dir.path + "/o/" + name, encoding: .utf8)
            #expect(bad.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil, "\(name)")
        }
        #expect(!r.stdout.contains("inf"))
    }
}
