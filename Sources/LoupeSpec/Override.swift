import LoupeModel

/// One `--set PATH=VALUE` from the command line (docs/spec.md §9), e.g.
/// `architecture.levels.GlobalBuffer.size=64KiB` or `workload.layers.conv2.stats.density.inputs=0.5`.
///
/// The path's first component names the file it applies to (`architecture` or `workload`);
/// list entries (levels, layers) are addressed by their `name`, techniques by their `kind`,
/// and any list entry by its 0-based index. Overrides edit the YAML tree before it is
/// decoded, so an overridden value is checked exactly like one written in the file.
public struct Override: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var value: String

    public init(path: String, value: String) {
        self.path = path
        self.value = value
    }

    /// The file kinds a path can start with.
    public static let roots = ["architecture", "workload"]

    /// Where diagnostics about command-line values point.
    public static let commandLine = SourceLocation(file: "<command line>", line: 1, column: 1)

    /// The dot-separated components of `path`.
    public var components: [String] { path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    /// The first component: `architecture` or `workload`.
    public var root: String { components.first ?? "" }

    /// `PATH=VALUE`, as written on the command line.
    public var description: String { "\(path)=\(value)" }

    /// Parses `PATH=VALUE`, splitting at the first `=`.
    public static func parse(_ text: String) throws(DiagnosticError) -> Override {
        guard let eq = text.firstIndex(of: "=") else {
            throw DiagnosticError([Diagnostic(.error, "expected PATH=VALUE after --set, found '\(text)'", at: commandLine,
                                              hint: "e.g. --set architecture.levels.GlobalBuffer.size=64KiB")])
        }
        let override = Override(path: String(text[..<eq]).trimmingSpaces, value: String(text[text.index(after: eq)...]).trimmingSpaces)
        let problems = override.problems()
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return override
    }

    /// What is wrong with the path or value itself, before it meets a file.
    public func problems() -> [Diagnostic] {
        let comps = components
        var result: [Diagnostic] = []
        if value.isEmpty {
            result.append(Diagnostic(.error, "--set \(self): the value is empty", at: Self.commandLine))
        }
        if comps.contains(where: { $0.isEmpty }) {
            result.append(Diagnostic(.error, "--set \(self): the path '\(path)' has an empty component", at: Self.commandLine))
        } else if !Self.roots.contains(root) {
            result.append(Diagnostic(.error, "--set \(self): a path starts with 'architecture.' or 'workload.', found '\(root)'",
                                     at: Self.commandLine, hint: DidYouMean.hint(for: root, among: Self.roots)))
        } else if comps.count < 2 {
            result.append(Diagnostic(.error, "--set \(self): the path names a whole file; name a value inside it, e.g. '\(root).name'",
                                     at: Self.commandLine))
        }
        return result
    }
}
