import Foundation
import LoupeEngine
import LoupeModel
import Testing
@testable import LoupeSpec

/// Structured mutations of every zoo file (issue 12): every key of every file in Architectures/
/// and Workloads/ deleted, duplicated, misspelt and given a value of the wrong type. Each
/// mutant must be refused with every problem located inside the file (what `loupe validate`
/// turns into exit 65), never accepted when it is wrong, and never crash; a deleted optional
/// key may load. In-process through the loader and, for architectures, the technique
/// registry's reading of the technique entries (what `loupe validate` runs), so the thousands of
/// mutants take seconds.
@Suite("zoo mutations")
struct ZooMutationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var zooFiles: [String] {
        ["Architectures", "Workloads"].flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(dir)/\($0)" }
        }
    }

    /// A step from a node to a child: the `i`-th pair of a mapping or item of a sequence.
    enum Step: Hashable { case pair(Int), item(Int) }

    /// Every pair of every mapping in the tree: (path to the mapping, index of the pair).
    static func keys(_ node: SpecNode, _ path: [Step] = []) -> [(path: [Step], index: Int)] {
        switch node.value {
        case .scalar: return []
        case .mapping(let pairs):
            return pairs.indices.flatMap { i in [(path, i)] + keys(pairs[i].value, path + [.pair(i)]) }
        case .sequence(let items):
            return items.indices.flatMap { i in keys(items[i], path + [.item(i)]) }
        }
    }

    /// `node` with the mapping at `path` changed by `change`.
    static func edit(_ node: SpecNode, _ path: ArraySlice<Step>, _ change: (inout [SpecNode.Pair]) -> Void) -> SpecNode {
        var copy = node
        guard let step = path.first else {
            if case .mapping(var pairs) = node.value { change(&pairs); copy.value = .mapping(pairs) }
            return copy
        }
        switch (step, node.value) {
        case (.pair(let i), .mapping(var pairs)):
            pairs[i].value = edit(pairs[i].value, path.dropFirst(), change)
            copy.value = .mapping(pairs)
        case (.item(let i), .sequence(var items)):
            items[i] = edit(items[i], path.dropFirst(), change)
            copy.value = .sequence(items)
        default: break
        }
        return copy
    }

    /// Decodes a (mutated) tree as the file's kind; the diagnostics, or `[]` when it loads.
    static func problems(_ root: SpecNode, architecture: Bool, file: String) -> [Diagnostic] {
        var reader = SpecReader()
        do {
            if architecture {
                let a = try SpecLoader.result(SpecLoader.decodeArchitecture(root, reader: &reader), reader, file: file)
                return TechniqueRegistry.problems(architecture: a.resolved()).filter { $0.severity == .error }
            } else {
                _ = try SpecLoader.result(SpecLoader.decodeWorkload(root, reader: &reader), reader, file: file)
            }
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Keys whose names are the user's own (a misspelling is just another name), by parent key.
    static let freeNamedParents: Set<String> = ["extra"]

    struct Tally { var mutants = 0, refused = 0, loaded = 0 }

    @Test(arguments: zooFiles)
    func everyKeyMutated(file: String) throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent(file).path, encoding: .utf8)
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let isArchitecture = file.hasPrefix("Architectures/")
        var reader = SpecReader()
        let root = try #require(SpecLoader.parseDocument(yaml: text, file: file, reader: &reader))
        #expect(Self.problems(root, architecture: isArchitecture, file: file).isEmpty, "the zoo file itself loads")
        var tally = Tally()

        func expectLocated(_ d: [Diagnostic], _ what: String) {
            #expect(!d.isEmpty, "\(file): \(what) was accepted")
            for p in d {
                guard let l = p.location else { Issue.record("\(file): \(what): unlocated '\(p.message)'"); continue }
                #expect(l.file == file && (1...lineCount).contains(l.line), "\(file): \(what): \(p)")
            }
        }

        for (path, index) in Self.keys(root) {
            var parentKey = ""
            var pair: SpecNode.Pair?
            _ = Self.edit(root, path[...]) { pairs in pair = pairs[index] }
            if case .pair(let i)? = path.last {
                _ = Self.edit(root, path.dropLast()[...]) { pairs in parentKey = pairs[i].key }
            }
            guard let pair else { continue }
            let at = "key '\(pair.key)' at \(pair.keyLocation.line):\(pair.keyLocation.column)"

            // Deleted: loads (an optional key) or is refused, located.
            let deleted = Self.problems(Self.edit(root, path[...]) { $0.remove(at: index) }, architecture: isArchitecture, file: file)
            tally.mutants += 1
            if deleted.isEmpty { tally.loaded += 1 } else { tally.refused += 1; expectLocated(deleted, "\(at) deleted") }

            // Misspelt: refused at the key itself.
            if !Self.freeNamedParents.contains(parentKey) {
                let misspelt = Self.problems(Self.edit(root, path[...]) { $0[index].key += "x" }, architecture: isArchitecture, file: file)
                tally.mutants += 1
                tally.refused += 1
                expectLocated(misspelt, "\(at) misspelt")
                #expect(misspelt.contains { $0.location?.line == pair.keyLocation.line }, "\(file): \(at) misspelt: \(misspelt)")
            }

            // The wrong type: a scalar becomes a mapping, a mapping or list becomes a word.
            let wrong: SpecNode.Value = pair.value.scalar != nil || pair.value.isNull
                ? .mapping([SpecNode.Pair(key: "zzz", keyLocation: pair.value.location, value: SpecNode(.scalar("1", plain: true), at: pair.value.location))])
                : .scalar("zzz", plain: true)
            let typed = Self.problems(Self.edit(root, path[...]) { $0[index].value.value = wrong }, architecture: isArchitecture, file: file)
            tally.mutants += 1
            tally.refused += 1
            expectLocated(typed, "\(at) given the wrong type")

            // Duplicated (in the text, since a tree cannot hold a duplicate): refused at the duplicate.
            if let duplicated = Self.duplicate(pair, in: text) {
                do {
                    if isArchitecture { _ = try SpecLoader.loadArchitecture(yaml: duplicated.text, file: file) }
                    else { _ = try SpecLoader.loadWorkload(yaml: duplicated.text, file: file) }
                    Issue.record("\(file): \(at) duplicated was accepted")
                } catch {
                    tally.mutants += 1
                    tally.refused += 1
                    #expect(error.diagnostics.first?.message.contains("duplicate key '\(pair.key)'") == true, "\(file): \(at): \(error.diagnostics)")
                    #expect(error.diagnostics.first?.location?.line == duplicated.line, "\(file): \(at) duplicated: \(error.diagnostics)")
                }
            }
        }
        #expect(tally.mutants >= 3 * Self.keys(root).count)
    }

    /// The text with `pair` written a second time right after it (a new line at the same column
    /// for a block mapping, `key: 1, ` before it in a flow mapping), and the duplicate's line;
    /// `nil` when the pair's value does not sit on its key's line as one scalar.
    static func duplicate(_ pair: SpecNode.Pair, in text: String) -> (text: String, line: Int)? {
        guard let value = pair.value.scalar, !value.contains("\n"), pair.value.location.line == pair.keyLocation.line else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let l = pair.keyLocation.line - 1, c = pair.keyLocation.column - 1
        guard l < lines.count else { return nil }
        let scalars = Array(lines[l].unicodeScalars)
        guard c <= scalars.count else { return nil }
        let before = scalars[..<c].reversed().first { $0 != " " }
        if before == "{" || before == "," {
            var s = String.UnicodeScalarView(scalars[..<c])
            s.append(contentsOf: "\(pair.key): 1, ".unicodeScalars)
            s.append(contentsOf: scalars[c...])
            lines[l] = String(s)
            return (lines.joined(separator: "\n"), l + 1)
        }
        lines.insert(String(repeating: " ", count: c) + "\(pair.key): 1", at: l + 1)
        return (lines.joined(separator: "\n"), l + 2)
    }
}
