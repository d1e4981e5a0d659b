import LoupeModel
/// Small helpers for wording diagnostics.

extension Double {
    /// `16` rather than `16.0`, `0.00001` rather than `1e-05` (`NumberFormat.Style.shortest`).
    var shortText: String { NumberFormat.string(self, .shortest, nonFinite: .spelled) }
}

/// "a, b or c", for lists of allowed values in messages.
func orList(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}

/// "a, b and c".
func andList(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
