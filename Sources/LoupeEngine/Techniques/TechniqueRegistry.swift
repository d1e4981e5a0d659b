import LoupeModel

/// Builds technique models from `architecture.techniques` entries (SPEC.md §6).
public enum TechniqueRegistry {
    /// The technique kinds Loupe knows, for validation and did-you-mean.
    public static let kinds = ["zero_gating", "zero_skipping", "compression", "bit_serial",
                               "precision_scaling", "early_termination", "cropping"]

    /// A technique model for one spec entry, or every problem with it, located.
    public static func make(_ spec: TechniqueSpec, architecture: Architecture) throws(DiagnosticError) -> any Technique {
        switch spec.kind {
        case "zero_gating": return try ZeroGating(spec: spec, architecture: architecture)
        case "zero_skipping": return try ZeroSkipping(spec: spec, architecture: architecture)
        case "compression": return try Compression(spec: spec, architecture: architecture)
        case "bit_serial": return try BitSerial(spec: spec, architecture: architecture)
        case "precision_scaling": return try PrecisionScaling(spec: spec, architecture: architecture)
        case "early_termination": return try EarlyTermination(spec: spec, architecture: architecture)
        case "cropping": return try Cropping(spec: spec, architecture: architecture)
        default:
            throw DiagnosticError([Diagnostic(.error, "unknown technique kind '\(spec.kind)'", at: spec.location,
                                              hint: "known kinds: " + kinds.joined(separator: ", "))])
        }
    }

    /// All techniques of an architecture, skipping kinds in `disabled`; every problem at once.
    public static func makeAll(architecture: Architecture, disabled: Set<String> = []) throws(DiagnosticError) -> [any Technique] {
        var out: [any Technique] = []
        var problems: [Diagnostic] = []
        for spec in architecture.techniques where !disabled.contains(spec.kind) {
            do { out.append(try make(spec, architecture: architecture)) } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return out
    }
}

/// Applies techniques in list order and attributes each one's saving (SPEC.md §6, §8).
public enum TechniquePipeline {
    public static func apply(_ techniques: [any Technique], to dense: Evaluation,
                             context: TechniqueContext) -> (Evaluation, [TechniqueAttribution]) {
        var current = dense
        var rows: [TechniqueAttribution] = []
        for t in techniques {
            var notes: [String] = []
            let next = t.apply(to: current, context: context, notes: &notes)
            rows.append(TechniqueAttribution(layer: dense.layer, technique: t.label,
                                             energyBefore: current.energy, energyAfter: next.energy,
                                             cyclesBefore: current.cycles, cyclesAfter: next.cycles, notes: notes))
            current = next
        }
        return (current, rows)
    }
}
