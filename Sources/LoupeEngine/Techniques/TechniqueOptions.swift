import LoupeModel

/// Reads the options of one `architecture.techniques` entry as typed values (docs/spec.md §5).
///
/// A technique type reads each option it has with one call (``tensor(_:required:)``,
/// ``levels(_:architecture:allowCompute:)``, ``number(_:in:)``, ``choice(_:default:)``, …);
/// that call is also what declares the option, so the options a technique knows are exactly
/// the ones it reads. Every problem is collected, located at the value (or, for a missing
/// option, at the entry), with a did-you-mean where a near name exists; ``finish()`` then adds
/// one error per key the technique did not read and throws them all at once (exit code 65).
///
/// Values are YAML nodes (``SpecNode``): a list option takes a list or a single value, a
/// null value (`key:` with nothing after it) reads as absent.
public struct TechniqueOptions: Sendable {
    public let spec: TechniqueSpec
    public private(set) var problems: [Diagnostic] = []
    /// The option names the technique has read, in order: what it knows.
    public private(set) var known: [String] = []

    public init(_ spec: TechniqueSpec) { self.spec = spec }

    var kind: String { spec.kind }

    /// An error at `node` (the entry when nil); a value from `--set` says so, as the spec
    /// loader's errors do.
    public mutating func error(_ message: String, at node: SpecNode? = nil, hint: String? = nil) {
        problems.append(Diagnostic(.error, message + Self.fromSet(node), at: node?.location ?? spec.location, hint: hint))
    }

    /// ` (from --set PATH=VALUE)` for a node that came from the command line, else nothing.
    static func fromSet(_ node: SpecNode?) -> String {
        node?.origin.map { " (from --set \($0))" } ?? ""
    }

    /// Declares `keys` as options of the technique without reading them (e.g. the options of
    /// every compression format when the format itself is unknown, so they are not also
    /// reported as unknown).
    public mutating func declare(_ keys: [String]) {
        for key in keys where !known.contains(key) { known.append(key) }
    }

    /// Whether the entry gives `key` a value (does not declare it).
    public func isGiven(_ key: String) -> Bool {
        spec[key].map { !$0.isNull } ?? false
    }

    /// The node of `key`, declaring it; nil when absent or null.
    public mutating func node(_ key: String) -> SpecNode? {
        declare([key])
        guard let n = spec[key], !n.isNull else { return nil }
        return n
    }

    /// One word: a scalar, trimmed; nil (and an error) for a list or a mapping.
    public mutating func word(_ key: String) -> (text: String, node: SpecNode)? {
        guard let n = node(key) else { return nil }
        guard let s = n.scalar else {
            error("option '\(key)' of technique '\(kind)' takes one value, found \(n.found)", at: n)
            return nil
        }
        return (Self.trim(s), n)
    }

    /// The words of a list option (a single value reads as a one-item list); nil when absent.
    public mutating func words(_ key: String) -> [(text: String, node: SpecNode)]? {
        guard let n = node(key) else { return nil }
        let items = n.items ?? [n]
        var out: [(text: String, node: SpecNode)] = []
        for item in items {
            guard let s = item.scalar else {
                error("expected a value in the list for option '\(key)' of technique '\(kind)', found \(item.found)", at: item)
                continue
            }
            let t = Self.trim(s)
            if t.contains(",") {
                error("option '\(key)' of technique '\(kind)' has '\(t)' as one value", at: item,
                      hint: "write a list: [\(t.split(separator: ",").map { Self.trim(String($0)) }.joined(separator: ", "))]")
                continue
            }
            if !t.isEmpty { out.append((t, item)) }
        }
        return out
    }

    /// One tensor name (an error when missing and `required`).
    public mutating func tensor(_ key: String, required: Bool) -> TensorKind? {
        guard let (t, n) = word(key) else {
            if required && !isGiven(key) { error("technique '\(kind)' needs '\(key)': one of weights, inputs, outputs") }
            return nil
        }
        return tensor(named: t, at: n, key: key)
    }

    /// Tensor names, sorted, each once; nil when absent.
    public mutating func tensors(_ key: String) -> [TensorKind]? {
        guard let names = words(key) else { return nil }
        var out: [TensorKind] = []
        for (t, n) in names {
            if let k = tensor(named: t, at: n, key: key), !out.contains(k) { out.append(k) }
        }
        return out.sorted()
    }

    private mutating func tensor(named t: String, at n: SpecNode, key: String) -> TensorKind? {
        if let k = TensorKind(name: t) { return k }
        error("unknown tensor '\(t)' in option '\(key)' of technique '\(kind)'", at: n,
              hint: Self.guess(t, among: TensorKind.allNames) + "the tensors are weights, inputs, outputs")
        return nil
    }

    /// Storage-level names of `architecture` (and the compute level, by its name or the word
    /// `MAC`, when `allowCompute`), each once in the order given; required.
    public mutating func levels(_ key: String, architecture: Architecture, allowCompute: Bool) -> [String] {
        guard let names = words(key), !names.isEmpty else {
            if !isGiven(key) || spec[key]?.items?.isEmpty == true {
                error("technique '\(kind)' needs '\(key)': the levels it acts at",
                      hint: "the levels are " + architecture.levels.map(\.name).joined(separator: ", "))
            }
            return []
        }
        let storage = architecture.storageLevels.map(\.name)
        let compute = architecture.compute.name
        var out: [String] = []
        for (n, node) in names {
            if storage.contains(n) {
                if !out.contains(n) { out.append(n) }
            } else if n == compute || n == "MAC" {
                if allowCompute {
                    if !out.contains(compute) { out.append(compute) }
                } else {
                    error("'\(n)' in option '\(key)' of technique '\(kind)' is the compute level, which stores nothing", at: node,
                          hint: "the storage levels are " + storage.joined(separator: ", "))
                }
            } else {
                let known = allowCompute ? storage + [compute] : storage
                error("unknown level '\(n)' in option '\(key)' of technique '\(kind)'", at: node,
                      hint: Self.guess(n, among: known) + "the levels are " + known.joined(separator: ", "))
            }
        }
        return out
    }

    /// Names of any levels of `architecture`, the compute level included (by its own name);
    /// nil when absent.
    public mutating func anyLevels(_ key: String, architecture: Architecture) -> [String]? {
        guard let names = words(key) else { return nil }
        let known = architecture.levels.map(\.name)
        var out: [String] = []
        for (n, node) in names {
            if known.contains(n) {
                out.append(n)
            } else {
                error("unknown level '\(n)' in option '\(key)' of technique '\(kind)'", at: node,
                      hint: Self.guess(n, among: known) + "the levels are " + known.joined(separator: ", "))
            }
        }
        return out
    }

    /// A number in `range`; nil when absent (an error when malformed or out of range).
    public mutating func number(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let (t, n) = word(key) else { return nil }
        guard let v = Double(t), v.isFinite else {
            error("option '\(key)' of technique '\(kind)' must be a number, found '\(t)'", at: n)
            return nil
        }
        guard range.contains(v) else {
            error("option '\(key)' of technique '\(kind)' must lie in [\(range.lowerBound), \(range.upperBound)], found \(t)", at: n)
            return nil
        }
        return v
    }

    /// A number in `range`, or `fallback` when absent.
    public mutating func number(_ key: String, default fallback: Double, in range: ClosedRange<Double>) -> Double {
        number(key, in: range) ?? fallback
    }

    /// A count in `range` (a number, its fraction dropped); nil when absent.
    public mutating func count(_ key: String, in range: ClosedRange<Double>) -> Int? {
        number(key, in: range).map { Int($0) }
    }

    /// A whole number in `range` (an error when it has a fraction); nil when absent.
    public mutating func wholeNumber(_ key: String, in range: ClosedRange<Double>) -> Int? {
        guard let v = number(key, in: range) else { return nil }
        guard v == v.rounded() else {
            error("option '\(key)' of technique '\(kind)' must be a whole number", at: spec[key])
            return nil
        }
        return Int(v)
    }

    /// One of an enumeration's spellings, or `fallback` when absent.
    public mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, default fallback: E) -> E
        where E.RawValue == String {
        guard let (t, n) = word(key) else { return fallback }
        if let v = E(rawValue: t) { return v }
        let names = E.allCases.map(\.rawValue)
        error("option '\(key)' of technique '\(kind)' must be one of \(names.joined(separator: ", ")), found '\(t)'", at: n,
              hint: DidYouMean.hint(for: t, among: names))
        return fallback
    }

    /// Adds an error for every key the technique did not read, then throws every problem.
    public mutating func finish() throws(DiagnosticError) {
        for pair in spec.options where !known.contains(pair.key) {
            problems.append(Diagnostic(.error, "unknown option '\(pair.key)' for technique '\(kind)'" + Self.fromSet(pair.value),
                                       at: pair.keyLocation,
                                       hint: Self.guess(pair.key, among: known)
                                           + (known.isEmpty ? "it takes no options"
                                               : "its options are " + known.map { "'\($0)'" }.joined(separator: ", "))))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }

    /// `did you mean 'x'? ` (with the trailing space), or nothing.
    static func guess(_ word: String, among candidates: [String]) -> String {
        DidYouMean.suggestion(for: word, among: candidates).map { "did you mean '\($0)'? " } ?? ""
    }

    /// `s` without leading and trailing spaces and tabs.
    static func trim(_ s: String) -> String {
        var t = Substring(s)
        while let f = t.first, f == " " || f == "\t" { t.removeFirst() }
        while let l = t.last, l == " " || l == "\t" { t.removeLast() }
        return String(t)
    }
}
