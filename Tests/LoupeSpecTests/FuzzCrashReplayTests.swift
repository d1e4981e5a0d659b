import Foundation
import LoupeModel
import Testing
@testable import LoupeSpec

/// Every input in FuzzCrashes/ (found by `scripts/fuzz.sh`, or written by hand; docs/fuzzing.md)
/// goes through the fuzz target's calls: each must come back as diagnostics located in the
/// input (or load), never crash. A test fails by crashing the test process.
@Suite("fuzz crash replay")
struct FuzzCrashReplayTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCrashes")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0 != "README.md" }.sorted()
    }

    @Test(arguments: inputs)
    func replay(name: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        let text = String(decoding: data, as: UTF8.self)
        var problems: [Diagnostic] = []
        do { _ = try SpecLoader.loadArchitecture(yaml: text, file: name) } catch { problems += error.diagnostics }
        do { _ = try SpecLoader.loadWorkload(yaml: text, file: name) } catch { problems += error.diagnostics }
        do { _ = try SpecLoader.loadMapping(yaml: text, file: name) } catch { problems += error.diagnostics }
        // Each input is one kind at most: the other two loaders refuse it, located in the input.
        #expect(problems.count >= 2)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        for p in problems {
            let l = try #require(p.location, "\(p)")
            #expect(l.file == name && (1...max(lines, 1)).contains(l.line), "\(p)")
        }
    }

    @Test func thereAreInputs() {
        #expect(Self.inputs.count >= 2)
    }
}
