/// One loop of the operation space (docs/spec.md §3).
///
/// `N` batch, `G` groups, `K` output channels per group, `C` input channels per group,
/// `P` output rows, `Q` output columns, `R` filter rows, `S` filter columns.
public enum Dimension: Int, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case N = 0, G, K, C, P, Q, R, S

    public static func < (lhs: Dimension, rhs: Dimension) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { Dimension.names[rawValue] }

    static let names = ["N", "G", "K", "C", "P", "Q", "R", "S"]

    /// Parses a dimension letter (`"K"`), case-sensitively.
    public init?(name: String) {
        guard let i = Dimension.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: i)
    }

    /// The dimension names, in canonical order.
    public static var allNames: [String] { names }
}
