import LoupeModel

// PLACEHOLDER — to be replaced by the real model (owned by a technique helper).
public struct ZeroGating: Technique {
    public var label: String { "ZeroGating" }
    public init(spec: TechniqueSpec, architecture: Architecture) throws(DiagnosticError) {
        throw DiagnosticError([Diagnostic(.error, "technique '\(spec.kind)' is not implemented yet", at: spec.location)])
    }
    public func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation { evaluation }
}
