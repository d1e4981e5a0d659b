import LoupeModel

/// The option reader of the precision, early-termination and cropping models: the same reader
/// as the sparsity techniques' (``SparseTechniqueOptions``: text options, lists joined by ",",
/// every problem collected, an unknown option an error naming the known ones), plus readers
/// with defaults.
typealias PrecisionTechniqueOptions = SparseTechniqueOptions

extension SparseTechniqueOptions {
    /// A number in `range`, or `fallback` when absent (an error when malformed or out of range).
    mutating func number(_ key: String, default fallback: Double, in range: ClosedRange<Double>) -> Double {
        number(key, in: range) ?? fallback
    }

    /// Tensor names; `fallback` when absent.
    mutating func tensors(_ key: String, default fallback: [TensorKind]) -> [TensorKind] {
        tensors(key) ?? fallback
    }

    /// Level names (any level, the compute level included) that must exist in `architecture`;
    /// nil when absent.
    mutating func levels(_ key: String, architecture: Architecture) -> [String]? {
        guard let names = list(key) else { return nil }
        let known = architecture.levels.map(\.name)
        for n in names where !known.contains(n) {
            let guess = SparseTechniqueOptions.closest(n, among: known).map { "did you mean '\($0)'? " } ?? ""
            error("unknown level '\(n)' in option '\(key)' of technique '\(spec.kind)'",
                  hint: guess + "the levels are " + known.joined(separator: ", "))
        }
        return names.filter { known.contains($0) }
    }
}
