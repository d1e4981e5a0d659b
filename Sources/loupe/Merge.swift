import ArgumentParser
import Foundation
import LoupeReport

/// `loupe merge OUT.csv IN.csv...`: joins the sweep.csv files of `loupe sweep --shard I/N` runs
/// into the file the unsharded sweep writes, byte for byte (`SweepMerge`; docs/sweeps.md).
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the sweep.csv files of sweep shards into one, in point order.",
        discussion: """
        The inputs must share one header and together hold points 0...n-1, each once; the output is \
        exactly what the unsharded 'loupe sweep' writes. OUT is replaced whole. Exit status 65 when \
        the inputs do not fit together (the message names the file). Then \
        'loupe sweep --figures-only --out DIR' draws sweep.svg from DIR/sweep.csv.
        """)

    @Argument(help: "The merged file to write.") var output: String
    @Argument(help: "The shards' sweep.csv files, in any order.") var inputs: [String] = []
    @Option(parsing: .unconditional, help: "The number of points of the whole sweep (checks that none is missing at the end too).") var expect: Int?
    @Flag(help: "Accept missing points (merge what is there).") var allowGaps = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give the output file and at least one input file") }
        if let expect, expect < 0 { throw ValidationError("--expect must be at least 0") }
        try OutputCheck.file(output)
    }

    func run() throws {
        var files: [(name: String, text: String)] = []
        for path in inputs {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                Terminal.error("\(path): error: cannot read the file")
                throw Terminal.invalidSpec
            }
            files.append((path, text))
        }
        let parameters = try Self.commonParameters(inputs)
        let merged: String
        do { merged = try SweepMerge.merge(files, expectedPoints: expect, allowGaps: allowGaps) } catch {
            Terminal.error(error.description)
            throw Terminal.invalidSpec
        }
        let directory = URL(fileURLWithPath: output).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try ReportWriter.writeFile(merged, to: output)
            if let parameters {
                try ReportWriter.writeFile(parameters.text, to: (directory as NSString).appendingPathComponent(SweepParameters.fileName))
            }
        } catch {
            Terminal.error("error: cannot write \(output): \(error)")
            throw Terminal.internalFailure
        }
        let rows = max(0, ((try? CSVReader.records(merged))?.count ?? 1) - 1)
        print("merged \(inputs.count) file\(inputs.count == 1 ? "" : "s"), \(rows) rows, into \(output)")
    }

    /// The inputs' `sweep.params` (beside each file), which must agree; `nil` when no input has
    /// one (files from an older Loupe, or not from `loupe sweep`). Some inputs with the file and
    /// others without it is an error: their settings cannot be checked against each other.
    static func commonParameters(_ inputs: [String]) throws -> SweepParameters? {
        var first: (file: String, parameters: SweepParameters)?
        var missing: [String] = []
        for input in inputs {
            let path = (URL(fileURLWithPath: input).deletingLastPathComponent().path as NSString)
                .appendingPathComponent(SweepParameters.fileName)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                missing.append(path)
                continue
            }
            let p = SweepParameters(text: text)
            if let first {
                if let (mine, theirs) = p.firstDifference(from: first.parameters) {
                    Terminal.error("\(path): error: this shard was run with '\(mine)', \(first.file) with '\(theirs)': shards of different sweeps")
                    throw Terminal.invalidSpec
                }
            } else {
                first = (path, p)
            }
        }
        if let first, let absent = missing.first {
            Terminal.error("\(absent): error: no sweep settings beside this shard, while \(first.file) has them: shards of different sweeps or Loupe versions")
            throw Terminal.invalidSpec
        }
        return first?.parameters
    }
}
