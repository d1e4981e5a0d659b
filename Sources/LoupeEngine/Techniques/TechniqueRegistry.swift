import LoupeModel

/// The techniques Loupe knows, and how a spec entry becomes one (docs/spec.md §5).
///
/// Adding a technique: write one type conforming to ``Technique`` (its `kind`, its options
/// read in `init(options:architecture:)`, its `apply`) and add it to ``all`` — nothing else
/// names techniques (docs/sparsity.md, "Adding a technique or a compression format").
public enum TechniqueRegistry {
    /// Every technique type, in the order `--disable` and error messages list them.
    public static let all: [any Technique.Type] = [
        ZeroGating.self,
        ZeroSkipping.self,
        Compression.self,
        BitSerial.self,
        PrecisionScaling.self,
        EarlyTermination.self,
        Cropping.self,
    ]

    /// The technique kinds Loupe knows, for `--disable` and did-you-mean.
    public static let kinds: [String] = all.map { $0.kind }

    /// A technique model for one spec entry, or every problem with it, located.
    public static func make(_ spec: TechniqueSpec, architecture: Architecture) throws(DiagnosticError) -> any Technique {
        guard let type = all.first(where: { $0.kind == spec.kind }) else {
            throw DiagnosticError([Diagnostic(.error, "unknown technique kind '\(spec.kind)'", at: spec.kindLocation ?? spec.location,
                                              hint: DidYouMean.hint(for: spec.kind, among: kinds)
                                                  ?? "known kinds: " + kinds.joined(separator: ", "))])
        }
        return try build(type, spec, architecture)
    }

    private static func build<T: Technique>(_ type: T.Type, _ spec: TechniqueSpec,
                                            _ architecture: Architecture) throws(DiagnosticError) -> T {
        try T(spec: spec, architecture: architecture)
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

    /// Every problem with an architecture's technique entries (empty when they all parse): the
    /// same parse ``makeAll(architecture:disabled:)`` does, for `loupe validate`.
    public static func problems(architecture: Architecture) -> [Diagnostic] {
        do { _ = try makeAll(architecture: architecture) } catch { return error.diagnostics }
        return []
    }
}

/// Applies techniques in list order and attributes each one's saving (docs/spec.md §5, §11).
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
