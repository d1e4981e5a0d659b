/// The three data spaces of a convolution (docs/spec.md §3).
///
/// - `weights` [G,K,C,R,S]
/// - `inputs` [N,G,C,H,W] with H = P·stride + R·dilation (sliding window)
/// - `outputs` [N,G,K,P,Q], the read-write tensor
public enum TensorKind: Int, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case weights = 0, inputs, outputs

    public static func < (lhs: TensorKind, rhs: TensorKind) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .weights: "weights"
        case .inputs: "inputs"
        case .outputs: "outputs"
        }
    }

    public init?(name: String) {
        switch name {
        case "weights": self = .weights
        case "inputs": self = .inputs
        case "outputs": self = .outputs
        default: return nil
        }
    }

    /// Outputs are read-modify-written; the others are read-only.
    public var isReadWrite: Bool { self == .outputs }

    public static let allNames = ["weights", "inputs", "outputs"]
}
