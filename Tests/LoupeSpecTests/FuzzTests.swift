import Foundation
import LoupeModel
@testable import LoupeSpec
import Testing

/// Truncated and garbled versions of valid files must give located diagnostics, never a trap.
@Suite struct FuzzTests {

    enum Kind: String, CaseIterable { case architecture, workload, stats, mapping }

    static func source(_ kind: Kind) -> String {
        switch kind {
        case .architecture: Fixtures.eyeriss(tail: Fixtures.techniquesBlock)
        case .workload: Fixtures.alexnet
        case .stats: Fixtures.statsWorkload
        case .mapping: Fixtures.mapping
        }
    }

    /// Loads `text` as `kind`; returns the diagnostics (empty on success) after checking that
    /// each is located in the file (or on the command line) at a 1-based position.
    @discardableResult
    static func load(_ text: String, _ kind: Kind, overrides: [Override] = []) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        do {
            switch kind {
            case .architecture: _ = try SpecLoader.loadArchitecture(yaml: text, file: "f.yaml", overrides: overrides)
            case .workload, .stats: _ = try SpecLoader.loadWorkload(yaml: text, file: "f.yaml", overrides: overrides)
            case .mapping: _ = try SpecLoader.loadMapping(yaml: text, file: "f.yaml")
            }
        } catch {
            diagnostics = error.diagnostics
            #expect(!diagnostics.isEmpty, "a thrown error carries diagnostics")
        }
        for d in diagnostics {
            #expect(d.severity == .error)
            #expect(!d.message.isEmpty)
            guard let l = d.location else {
                Issue.record("unlocated diagnostic: \(d)")
                continue
            }
            #expect(l.file == "f.yaml" || l == Override.commandLine, "\(d)")
            #expect(l.line >= 1 && l.column >= 1, "\(d)")
        }
        return diagnostics
    }

    @Test(arguments: Kind.allCases)
    func validSourceLoads(_ kind: Kind) {
        #expect(Self.load(Self.source(kind), kind).isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func truncations(_ kind: Kind) {
        let text = Self.source(kind)
        let scalars = Array(text.unicodeScalars)
        for end in stride(from: 0, to: scalars.count, by: 3) {
            var prefix = ""
            prefix.unicodeScalars.append(contentsOf: scalars[..<end])
            Self.load(prefix, kind)
        }
        // Every truncation at a line end that leaves out a required part is an error.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!Self.load(lines.prefix(2).joined(separator: "\n"), kind).isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func garbled(_ kind: Kind) {
        let text = Self.source(kind)
        var rng = SplitMix64(seed: UInt64(kind.rawValue.count) * 7919)
        let junk: [Unicode.Scalar] = ["[", "]", "{", "}", ":", "-", ",", " ", "\n", "\t", "#", "&", "*", "!", "|", ">", "'", "\"",
                                      "0", "9", "e", "-", ".", "%", "@", "`", "\u{0}", "\u{FEFF}", "é", "→", "\u{1F600}"]
        for _ in 0..<400 {
            var scalars = Array(text.unicodeScalars)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<scalars.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: scalars[i] = junk.randomElement(using: &rng)!
                case 1: scalars.remove(at: i)
                case 2: scalars.insert(junk.randomElement(using: &rng)!, at: i)
                case 3: scalars.insert(contentsOf: scalars[i..<min(i + 12, scalars.count)], at: i)
                default:
                    let j = Int.random(in: 0..<scalars.count, using: &rng)
                    scalars.swapAt(i, j)
                }
                if scalars.isEmpty { break }
            }
            var s = ""
            s.unicodeScalars.append(contentsOf: scalars)
            Self.load(s, kind)
        }
    }

    @Test func shuffledLines() {
        var rng = SplitMix64(seed: 42)
        for kind in Kind.allCases {
            let lines = Self.source(kind).split(separator: "\n", omittingEmptySubsequences: false)
            for _ in 0..<100 {
                var l = lines
                let i = Int.random(in: 0..<l.count, using: &rng), j = Int.random(in: 0..<l.count, using: &rng)
                l.swapAt(i, j)
                if Bool.random(using: &rng) { l.remove(at: Int.random(in: 0..<l.count, using: &rng)) }
                Self.load(l.joined(separator: "\n"), kind)
            }
        }
    }

    @Test func randomOverrides() {
        var rng = SplitMix64(seed: 7)
        let paths = ["architecture.clock", "architecture.levels.GlobalBuffer.size", "architecture.levels.DRAM",
                     "architecture.levels.MAC.array", "architecture.techniques", "architecture.techniques.0.at",
                     "architecture.constraints.GlobalBuffer.spatial.x", "architecture.name.x", "architecture.levels.Nope.size",
                     "workload.batch", "workload.layers.conv1.input.height", "workload.layers.conv2.stats.density.inputs",
                     "workload.layers", "workload.stats.crop.fraction", "workload.layers.qk.m.n"]
        let values = ["1", "0", "-1", "64KiB", "400MHz", "[1, 2]", "{a: 1}", "[", "{", "abc", "1e400", "0.5", "[MAC]", "~", "'x'"]
        for _ in 0..<300 {
            let o = Override(path: paths.randomElement(using: &rng)!, value: values.randomElement(using: &rng)!)
            Self.load(Self.source(.architecture), .architecture, overrides: [o])
            Self.load(Self.source(.workload), .workload, overrides: [o])
        }
    }
}
