import ArgumentParser
import LoupeReport

/// Checks of command-line values made in `validate()`, before any spec is loaded or any
/// search begins, so that a bad value costs nothing and exits 64 (docs/spec.md §10).
enum OutputCheck {
    /// `--out DIR` (or, without it, the `Reports/` directory the default one goes into) must
    /// be a directory Loupe can write, or creatable.
    static func directory(_ out: String?, option: String = "--out") throws {
        if let out {
            if let problem = ReportPaths.outputProblem(directory: out) { throw ValidationError("\(option): \(problem)") }
        } else if let problem = ReportPaths.outputProblem(directory: ReportPaths.reportsRoot) {
            throw ValidationError("the default report directory: \(problem); give --out DIR")
        }
    }

    /// An output file (`merge OUT.csv`).
    static func file(_ path: String) throws {
        if let problem = ReportPaths.outputFileProblem(path) { throw ValidationError(problem) }
    }
}
