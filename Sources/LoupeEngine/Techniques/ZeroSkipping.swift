import LoupeModel

/// Zero skipping (`{kind: zero_skipping, on: inputs, at: [MAC]}`, docs/spec.md §5): when the condition
/// operand is zero, the other operands' accesses at the listed levels and the MAC are not
/// performed at all — no energy and no cycles. Compute cycles shrink with the effectual MACs
/// (`× d_C`, or the busiest lane's share with `lanes`/`lane_values`), and each level's bandwidth
/// cycles follow what it still moves.
///
/// Source: Cnvlutin (Albericio et al., "Cnvlutin: Ineffectual-Neuron-Free Deep Neural Network
/// Computing", ISCA 2016: zero input neurons are skipped, 1.37× average speedup over
/// DaDianNao); Sparseloop's `skipping` action optimization (Wu et al., MICRO 2022). Model and
/// formulas: ``ZeroCondition``.
public struct ZeroSkipping: Technique {
    let model: ZeroCondition

    public static let kind = "zero_skipping"

    public init(options: inout TechniqueOptions, architecture: Architecture) {
        model = ZeroCondition(options: &options, architecture: architecture, action: .skipping)
    }

    /// The condition tensor.
    public var condition: TensorKind { model.condition }
    /// The storage levels whose accesses are skipped.
    public var levels: [String] { model.levels }

    /// E.g. `zero_skipping(inputs @MAC)`.
    public var label: String { model.label }

    public func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation {
        model.apply(to: evaluation, context: context, notes: &notes)
    }
}
