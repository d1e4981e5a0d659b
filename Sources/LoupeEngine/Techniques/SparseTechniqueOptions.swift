import LoupeModel

/// Reads and checks the text options of one `architecture.techniques` entry (SPEC.md §6: every
/// key but `kind`, lists joined by ","), collecting every problem before throwing once. An
/// unknown option is an error naming the known ones, so a misspelt option never silently does
/// nothing. Used by every technique (``PrecisionTechniqueOptions`` adds readers with defaults).
struct SparseTechniqueOptions {
    let spec: TechniqueSpec
    private(set) var problems: [Diagnostic] = []

    init(_ spec: TechniqueSpec, known: [String]?) {
        self.spec = spec
        guard let known else { return }
        for key in spec.options.keys.sorted() where !known.contains(key) {
            let guess = SparseTechniqueOptions.closest(key, among: known).map { "did you mean '\($0)'? " } ?? ""
            problems.append(Diagnostic(.error, "unknown option '\(key)' for technique '\(spec.kind)'", at: spec.location,
                                       hint: guess + "its options are " + known.map { "'\($0)'" }.joined(separator: ", ")))
        }
    }

    mutating func error(_ message: String, hint: String? = nil) {
        problems.append(Diagnostic(.error, message, at: spec.location, hint: hint))
    }

    /// The trimmed text of `key`; nil when absent or empty.
    func text(_ key: String) -> String? {
        guard let raw = spec.options[key] else { return nil }
        let t = CompressionMath.trim(raw)
        return t.isEmpty ? nil : t
    }

    /// A comma-separated list (brackets tolerated), items trimmed; nil when absent.
    func list(_ key: String) -> [String]? {
        guard var t = text(key) else { return nil }
        if t.hasPrefix("[") && t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
        return t.split(separator: ",").map { CompressionMath.trim(String($0)) }.filter { !$0.isEmpty }
    }

    /// One tensor name (required when `required`).
    mutating func tensor(_ key: String, required: Bool) -> TensorKind? {
        guard let t = text(key) else {
            if required { error("technique '\(spec.kind)' needs '\(key)': one of weights, inputs, outputs") }
            return nil
        }
        guard let k = TensorKind(name: t) else {
            error("unknown tensor '\(t)' in option '\(key)' of technique '\(spec.kind)'",
                  hint: "the tensors are weights, inputs, outputs")
            return nil
        }
        return k
    }

    /// Tensor names; nil when absent.
    mutating func tensors(_ key: String) -> [TensorKind]? {
        guard let names = list(key) else { return nil }
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

    /// Level names of `architecture` (storage levels, and the compute level or the word `MAC`
    /// for it when `allowCompute`); required.
    mutating func levels(_ key: String, architecture: Architecture, allowCompute: Bool) -> [String] {
        guard let names = list(key), !names.isEmpty else {
            error("technique '\(spec.kind)' needs '\(key)': the levels it acts at",
                  hint: "the levels are " + architecture.levels.map(\.name).joined(separator: ", "))
            return []
        }
        let storage = architecture.storageLevels.map(\.name)
        let compute = architecture.compute.name
        var out: [String] = []
        for n in names {
            if storage.contains(n) {
                out.append(n)
            } else if n == compute || n == "MAC" {
                if allowCompute {
                    out.append(compute)
                } else {
                    error("'\(n)' in option '\(key)' of technique '\(spec.kind)' is the compute level, which stores nothing",
                          hint: "the storage levels are " + storage.joined(separator: ", "))
                }
            } else {
                let known = allowCompute ? storage + [compute] : storage
                let guess = SparseTechniqueOptions.closest(n, among: known).map { "did you mean '\($0)'? " } ?? ""
                error("unknown level '\(n)' in option '\(key)' of technique '\(spec.kind)'",
                      hint: guess + "the levels are " + known.joined(separator: ", "))
            }
        }
        var unique: [String] = []
        for n in out where !unique.contains(n) { unique.append(n) }
        return unique
    }

    /// A number in `range` (nil when absent; an error when malformed or out of range).
    mutating func number(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let t = text(key) else { return nil }
        guard let v = Double(t), v.isFinite else {
            error("option '\(key)' of technique '\(spec.kind)' must be a number, found '\(t)'")
            return nil
        }
        guard range.contains(v) else {
            error("option '\(key)' of technique '\(spec.kind)' must lie in [\(range.lowerBound), \(range.upperBound)], found \(t)")
            return nil
        }
        return v
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

    /// Throws every problem found, if any.
    func finish() throws(DiagnosticError) {
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }

    /// The candidate within edit distance 2 of `word` (the closest), if any.
    static func closest(_ word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = editDistance(Array(word.lowercased()), Array(c.lowercased()))
            if d <= 2, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
