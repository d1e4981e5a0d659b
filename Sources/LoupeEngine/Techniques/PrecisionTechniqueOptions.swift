import LoupeModel

/// Reads and checks the text options of one `architecture.techniques` entry for the precision,
/// early-termination and cropping models, collecting every problem before throwing once.
///
/// Options arrive as text (SPEC.md §6; lists joined by ","). An option the model does not know
/// is an error naming the known ones, so a misspelt option never silently does nothing.
struct PrecisionTechniqueOptions {
    let spec: TechniqueSpec
    private(set) var problems: [Diagnostic] = []

    init(_ spec: TechniqueSpec, known: [String]) {
        self.spec = spec
        for key in spec.options.keys.sorted() where !known.contains(key) {
            problems.append(Diagnostic(.error, "unknown option '\(key)' for technique '\(spec.kind)'", at: spec.location,
                                       hint: "its options are " + known.map { "'\($0)'" }.joined(separator: ", ")))
        }
    }

    /// The raw text of `key`, trimmed; nil when absent or empty.
    func text(_ key: String) -> String? {
        guard let raw = spec.options[key] else { return nil }
        let t = raw.trimmedSpaces
        return t.isEmpty ? nil : t
    }

    /// A comma-separated list, each item trimmed; nil when absent.
    func list(_ key: String) -> [String]? {
        guard let t = text(key) else { return nil }
        return t.split(separator: ",").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
    }

    mutating func error(_ message: String, hint: String? = nil) {
        problems.append(Diagnostic(.error, message, at: spec.location, hint: hint))
    }

    /// A number in `range`, or `fallback` when absent (an error when malformed or out of range).
    mutating func number(_ key: String, default fallback: Double, in range: ClosedRange<Double>) -> Double {
        guard let t = text(key) else { return fallback }
        guard let v = Double(t), v.isFinite else {
            error("option '\(key)' of technique '\(spec.kind)' must be a number, found '\(t)'")
            return fallback
        }
        guard range.contains(v) else {
            error("option '\(key)' of technique '\(spec.kind)' must lie in [\(range.lowerBound), \(range.upperBound)], found \(t)")
            return fallback
        }
        return v
    }

    /// An optional number in `range`.
    mutating func optionalNumber(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard text(key) != nil else { return nil }
        return number(key, default: range.lowerBound, in: range)
    }

    /// One word among `choices`, or `fallback` when absent.
    mutating func choice(_ key: String, among choices: [String], default fallback: String) -> String {
        guard let t = text(key) else { return fallback }
        guard choices.contains(t) else {
            error("option '\(key)' of technique '\(spec.kind)' must be one of \(choices.joined(separator: ", ")), found '\(t)'")
            return fallback
        }
        return t
    }

    /// Tensor names; `fallback` when absent.
    mutating func tensors(_ key: String, default fallback: [TensorKind]) -> [TensorKind] {
        guard let names = list(key) else { return fallback }
        var out: [TensorKind] = []
        for n in names {
            if let t = TensorKind(name: n) {
                if !out.contains(t) { out.append(t) }
            } else {
                error("unknown tensor '\(n)' in option '\(key)' of technique '\(spec.kind)'",
                      hint: "the tensors are weights, inputs, outputs")
            }
        }
        return out.sorted()
    }

    /// Level names that must exist in `architecture`; nil when absent.
    mutating func levels(_ key: String, architecture: Architecture) -> [String]? {
        guard let names = list(key) else { return nil }
        let known = architecture.levels.map(\.name)
        for n in names where !known.contains(n) {
            error("unknown level '\(n)' in option '\(key)' of technique '\(spec.kind)'",
                  hint: "the levels are " + known.joined(separator: ", "))
        }
        return names.filter { known.contains($0) }
    }

    /// Throws every problem found, if any.
    func finish() throws(DiagnosticError) {
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }
}

fileprivate extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmedSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
