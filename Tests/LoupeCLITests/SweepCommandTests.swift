import Foundation
import Testing

/// `loupe sweep`, `loupe merge` and `loupe roofline` end to end, with the binary SwiftPM built
/// next to the test bundle.
@Suite("loupe sweep, merge and roofline", .serialized)
struct SweepCommandTests {
    typealias Run = LoupeProcess.Run

    static func loupe(_ args: [String], in directory: String) throws -> Run {
        try LoupeProcess.run(args, in: URL(fileURLWithPath: directory))
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    static let sweepArgs = ["sweep", "arch.yaml", "work.yaml", "--budget", "300", "--seed", "3",
                            "--vary", "architecture.levels.Buffer.size=2KiB:8KiB:2KiB,-1KiB",
                            "--vary", "architecture.levels.DRAM.bandwidth.read=1,4", "--per-layer"]

    @Test func shardsThenMergeEqualTheUnshardedRun() throws {
        let dir = try SweepFixtures.directory()
        let whole = try Self.loupe(Self.sweepArgs + ["--out", "whole", "--threads", "2"], in: dir)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stderr.components(separatedBy: "sweep: point ").count - 1 == 2, "one line per invalid point: \(whole.stderr)")
        for name in ["sweep.csv", "sweep.svg", "sweep_figure.csv"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/whole/\(name)"), "\(name)")
        }
        for i in 0..<3 {
            let r = try Self.loupe(Self.sweepArgs + ["--shard", "\(i)/3", "--out", "shard\(i)", "--threads", "1"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/shard\(i)/sweep.svg"), "a shard draws no figure")
        }
        let m = try Self.loupe(["merge", "merged/sweep.csv", "shard2/sweep.csv", "shard0/sweep.csv", "shard1/sweep.csv",
                                "--expect", "10"], in: dir)
        #expect(m.status == 0, "\(m.stderr)")
        #expect(try Self.read("\(dir)/merged/sweep.csv") == Self.read("\(dir)/whole/sweep.csv"))
        // --figures-only redraws the same figure from the merged file.
        let f = try Self.loupe(["sweep", "--figures-only", "--out", "merged"], in: dir)
        #expect(f.status == 0, "\(f.stderr)")
        #expect(try Self.read("\(dir)/merged/sweep.svg") == Self.read("\(dir)/whole/sweep.svg"))
        #expect(try Self.read("\(dir)/merged/sweep_figure.csv") == Self.read("\(dir)/whole/sweep_figure.csv"))
        // A missing shard is an error that names the problem.
        let bad = try Self.loupe(["merge", "bad.csv", "shard0/sweep.csv", "shard2/sweep.csv"], in: dir)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("missing"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/bad.csv"))
    }

    @Test func commandLineErrors() throws {
        let dir = try SweepFixtures.directory()
        let noVary = try Self.loupe(["sweep", "arch.yaml", "work.yaml"], in: dir)
        #expect(noVary.status == 64)
        let badRange = try Self.loupe(["sweep", "arch.yaml", "work.yaml", "--vary", "architecture.levels.Buffer.size=8KiB:2KiB:2KiB"], in: dir)
        #expect(badRange.status == 64)
        #expect(badRange.stderr.contains("never reaches"))
        let badShard = try Self.loupe(["sweep", "arch.yaml", "work.yaml", "--vary", "architecture.levels.Buffer.size=2KiB", "--shard", "2/2"], in: dir)
        #expect(badShard.status == 64)
        let badPath = try Self.loupe(["sweep", "arch.yaml", "work.yaml", "--vary", "arch.levels.Buffer.size=2KiB"], in: dir)
        #expect(badPath.status == 65)
        // Every point invalid: 65; --fail-fast stops and writes nothing.
        let allBad = try Self.loupe(["sweep", "arch.yaml", "work.yaml", "--vary", "architecture.levels.Buffer.size=-1KiB,-2KiB",
                                     "--out", "allbad"], in: dir)
        #expect(allBad.status == 65)
        let failFast = try Self.loupe(Self.sweepArgs + ["--fail-fast", "--out", "ff"], in: dir)
        #expect(failFast.status == 65)
        #expect(failFast.stderr.contains("error:"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/ff/sweep.csv"))
        // --dry-run lists the points without evaluating.
        let dry = try Self.loupe(Self.sweepArgs + ["--dry-run", "--shard", "1/4"], in: dir)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("3 of 10 points"))
    }

    @Test func rooflineCommandAndEstimateWriteTheRooflineFiles() throws {
        let dir = try SweepFixtures.directory()
        let r = try Self.loupe(["roofline", "arch.yaml", "work.yaml", "--budget", "300", "--out", "roof"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("c1") && r.stdout.contains("limited by"))
        for name in ["roofline.csv", "roofline.svg", "roofline_figure.csv"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/roof/\(name)"), "\(name)")
        }
        #expect(try Self.read("\(dir)/roof/roofline.csv").hasPrefix("layer,step,bound_macs_per_cycle,limiter\nc1,layer_shape,"))
        let e = try Self.loupe(["estimate", "arch.yaml", "work.yaml", "--budget", "300", "--out", "est"], in: dir)
        #expect(e.status == 0, "\(e.stderr)")
        #expect(try Self.read("\(dir)/est/roofline.csv") == Self.read("\(dir)/roof/roofline.csv"))
        #expect(try Self.read("\(dir)/est/roofline.svg") == Self.read("\(dir)/roof/roofline.svg"))
    }
}
