/// One step of a layer's Eyexam analysis: the performance bound after the step's constraint
/// and what sets it (see `EyexamStep`, `RooflineAnalysis`).
public struct RooflineStep: Sendable, Hashable, CustomStringConvertible {
    public var step: EyexamStep
    /// Upper bound on the layer's throughput after this step, in MACs per cycle (never more
    /// than the previous step's).
    public var bound: Double
    /// What limits `bound`: this step's constraint when it lowered the bound, otherwise the
    /// limiter carried from the previous step. For a step that is not modelled, why not.
    public var limiter: String
    /// Whether the bound was computed (false for step 7, which needs cycle simulation and
    /// carries step 6's bound).
    public var modelled: Bool

    public init(step: EyexamStep, bound: Double, limiter: String, modelled: Bool) {
        self.step = step
        self.bound = bound
        self.limiter = limiter
        self.modelled = modelled
    }

    /// The step name written in `roofline.csv` (`EyexamStep.name`).
    public var name: String { step.name }

    public var description: String { "\(step.number) \(step.name): \(bound) MACs/cycle (\(limiter))" }
}
