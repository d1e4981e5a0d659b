import Foundation
import Testing

/// Runs the `loupe` binary SwiftPM built next to the test bundle, for the end-to-end tests.
enum LoupeProcess {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable beside the test bundle (searched a few folders up), if any.
    static var binary: URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("loupe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs `loupe args…` in `directory` and collects its exit status and output.
    static func run(_ args: [String], in directory: URL) throws -> Run {
        guard let executable = binary else {
            Issue.record("no loupe binary next to the test bundle")
            throw CocoaError(.fileNoSuchFile)
        }
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                   stderr: String(decoding: e, as: UTF8.self))
    }
}
