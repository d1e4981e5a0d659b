import LoupeModel

/// Zero gating (`{kind: zero_gating, on: inputs, at: [MAC, WeightSpad]}`, docs/spec.md §5): when the
/// condition operand is zero, the other operands' accesses at the listed levels and the MAC are
/// clock-gated — they cost the level's `gated` energy (0 unless the spec gives one) but keep
/// their cycles. Energy only.
///
/// Source: Eyeriss (Chen, Krishna, Emer, Sze, JSSC 2017, §V-C): a zero buffer flags zero ifmap
/// values; the filter scratch-pad read and the MAC are gated for them, which saves 45% of the
/// PE power. Model and formulas: ``ZeroCondition`` (Sparseloop's `gating` action optimization).
public struct ZeroGating: Technique {
    let model: ZeroCondition

    public static let kind = "zero_gating"

    public init(options: inout TechniqueOptions, architecture: Architecture) {
        model = ZeroCondition(options: &options, architecture: architecture, action: .gating)
    }

    /// The condition tensor.
    public var condition: TensorKind { model.condition }
    /// The storage levels whose accesses are gated.
    public var levels: [String] { model.levels }

    /// E.g. `zero_gating(inputs @WeightSpad,MAC)`.
    public var label: String { model.label }

    public func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation {
        model.apply(to: evaluation, context: context, notes: &notes)
    }
}
