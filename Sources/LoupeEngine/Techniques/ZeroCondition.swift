import LoupeModel

/// The shared model of ``ZeroGating`` and ``ZeroSkipping``: accesses and MACs that a zero of
/// the condition tensor makes useless.
///
/// Spec: `{kind: zero_gating | zero_skipping, on: C, at: [levels and/or MAC], targets: [T…]}`
/// (docs/spec.md §5, docs/sparsity.md). `C` is `weights` or `inputs`; the targets default to every other tensor.
/// Semantics follow Sparseloop's action optimizations (Wu, Tsai, Parashar, Sze, Emer,
/// "Sparseloop: An Analytical Approach to Sparse Tensor Accelerator Modeling", MICRO 2022, §4):
///
/// **Storage** — at each listed level `L` and for each target `T ≠ C` kept there, the accesses
/// that serve the inner side (reads; and updates of partial sums) are useless when every value of
/// `C` they are used with is zero. One access meets `m` values of `C`
/// (``SparseGeometry/coIteration(target:condition:level:)``: 1 at the level that feeds the MACs
/// one operand per MAC; the product of the child tile's and the fanout's extents of the
/// dimensions `C` has and `T` lacks otherwise), so with the ``DensityModel`` of `C`
///
///     p        = P(a tile of m values of C is empty)     (1 − d_C when m = 1)
///     reads'   = reads·(1 − p),   updates' = updates·(1 − p)    (metadata reads/updates alike)
///
/// and the removed accesses become `gated` (gating: the level's `gated` energy, 0 unless the
/// spec gives it, but still a bandwidth slot) or `skipped` (skipping: no energy, no slot). Fills
/// are not conditioned: the tile arrives whole. The condition tensor's own reads are not
/// conditioned either — its zeros must be read to be seen — unless it is compressed there
/// (``Compression`` then removes them).
///
/// **MACs** — when the compute level (`MAC`) is listed, or when a listed level is the innermost
/// keeper of a target (an operand that is not delivered cannot be multiplied; Sparseloop infers
/// the same), a MAC whose `C` operand is zero is gated or skipped:
///
///     effectual MACs' = effectual MACs · d_C
///     MAC energy'     = MAC energy · d_C + gated MACs · E_gated(compute)       (gating)
///     compute cycles' = compute cycles · d_C                                    (skipping)
///
/// so that effectual MACs = algorithmic MACs × Π (densities exploited). Skipping with `sync:`
/// (`cycle`, `tile`, `layer`; `lanes: m, lane_values: n` alone mean `cycle`) models units that
/// wait for each other — Cnvlutin's neuron lanes (Albericio et al., ISCA 2016), SCNN's PEs, EIE's
/// PEs: a step takes as long as the busiest unit,
///
///     compute cycles' = compute cycles · min(1, d_C · imbalance),   imbalance = E[max_j X_j] / E[X]
///
/// (``LoadImbalance``), which is at least `d_C`; the factor is recorded in
/// ``Evaluation/imbalance``. The entry's `machinery` (``SparseMachinery``) is then costed on the
/// result — also at density 1 or without a density, where nothing is saved.
///
/// The same condition exploited twice on the same accesses (two entries `on: inputs` covering
/// one level) counts once. Network words follow the accesses that feed them
/// (``Evaluation/rescaleNetworks(before:architecture:geometry:)``); energies, bandwidth cycles,
/// bound and leak are recomputed (``Evaluation/refresh(architecture:)``).
struct ZeroCondition: Sendable {
    enum Action: String, Sendable { case gating, skipping }

    let action: Action
    let kind: String
    let condition: TensorKind
    /// Storage levels listed, in spec order.
    let levels: [String]
    /// Whether the compute level was listed.
    let includesCompute: Bool
    /// Targets; nil = every tensor but the condition.
    let targets: [TensorKind]?
    /// Skipping only: the units that synchronise and how often (``LoadImbalance``); nil = not
    /// said (perfect balance).
    let imbalance: LoadImbalance?
    /// The hardware the technique needs, costed by part (``SparseMachinery``).
    let machinery: SparseMachinery
    let computeName: String

    init(options o: inout TechniqueOptions, architecture: Architecture, action: Action) {
        self.action = action
        kind = action == .gating ? ZeroGating.kind : ZeroSkipping.kind
        let c = o.tensor("on", required: true)
        if c == .outputs {
            o.error("technique '\(kind)' conditions on an operand: 'on' must be weights or inputs, found outputs", at: o.spec["on"])
        }
        let all = o.levels("at", architecture: architecture, allowCompute: true)
        let t = o.tensors("targets")
        if let t, let c, t.contains(c) {
            o.error("'targets' of technique '\(kind)' cannot include its condition tensor '\(c)'", at: o.spec["targets"])
        }
        imbalance = action == .skipping ? LoadImbalance.read(&o, kind: kind) : nil
        machinery = SparseMachinery.read(&o, kind: kind)
        condition = c ?? .inputs
        computeName = architecture.compute.name
        levels = all.filter { $0 != architecture.compute.name }
        includesCompute = all.contains(architecture.compute.name)
        targets = t
    }

    var label: String {
        var places = levels
        if includesCompute { places.append(computeName) }
        var s = "\(kind)(\(condition)"
        if let targets { s += "→" + targets.map(\.description).joined(separator: ",") }
        s += " @" + places.joined(separator: ",")
        if let imbalance { s += imbalance.label }
        return s + ")"
    }

    func isTarget(_ t: TensorKind) -> Bool { t != condition && (targets?.contains(t) ?? true) }

    func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation {
        var e = exploit(evaluation, context: context, notes: &notes)
        guard !machinery.items.isEmpty || (imbalance != nil && e.imbalance == nil) else { return e }
        if imbalance != nil && e.imbalance == nil { e.imbalance = 1 }
        if !machinery.items.isEmpty {
            let model = DensityModel(tensor: condition, layer: context.layer)
            machinery.apply(to: &e, before: evaluation, kind: kind, condition: condition, density: model.density,
                            distribution: context.stats.distribution ?? .uniform, notes: &notes)
            e.refresh(architecture: context.architecture)
        }
        return e
    }

    /// The zeros' saving, without the machinery's cost.
    func exploit(_ evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation {
        let layer = context.layer
        let stats = context.stats
        guard let d = stats.density[condition] else {
            notes.append("\(kind): no density given for \(condition) in \(layer.name); taken as dense, nothing to \(verb)")
            return evaluation
        }
        if d >= 1 {
            notes.append("\(kind): \(condition) of \(layer.name) are dense (density 1); nothing to \(verb)")
            return evaluation
        }
        let model = DensityModel(tensor: condition, layer: layer)
        if stats.distribution == nil {
            notes.append("\(kind): density of \(condition) (\(fmt(model.density))) assumed uniform-random (no distribution given)")
        }
        var e = evaluation
        let g = SparseGeometry(evaluation: evaluation, architecture: context.architecture, layer: layer)
        var feedsCompute = false
        for name in levels {
            guard let i = g.index(of: name), let li = e.levels.firstIndex(where: { $0.name == name }) else { continue }
            var kept = false
            for k in e.levels[li].tensors.indices where isTarget(e.levels[li].tensors[k].tensor) {
                let t = e.levels[li].tensors[k].tensor
                kept = true
                if g.innermostKeeper(t) == i { feedsCompute = true }
                if e.levels[li].tensors[k].sparsityConditions.contains(condition) {
                    notes.append("\(kind): \(t) at \(name) already conditioned on \(condition) by an earlier technique; not counted twice")
                    continue
                }
                let m = g.coIteration(target: t, condition: condition, level: i)
                let p = model.probabilityEmpty(tile: m)
                removeUseless(&e.levels[li].tensors[k], probability: p)
                if m > 1 {
                    notes.append("\(kind): each access of \(t) at \(name) meets \(m) \(condition) values; "
                        + "P(all zero) = \(fmt(p)) (\(model.distribution.rawValue) model)")
                }
            }
            if !kept {
                notes.append("\(kind): no \(targetWords) kept at \(name); nothing to \(verb) there")
            }
        }
        if includesCompute || feedsCompute {
            if e.computeConditions.contains(condition) {
                notes.append("\(kind): MACs already conditioned on \(condition) by an earlier technique; not counted twice")
            } else {
                conditionCompute(&e, density: model.density, model: model, context: context, notes: &notes)
            }
        }
        e.rescaleNetworks(before: evaluation, architecture: context.architecture, geometry: g)
        e.refresh(architecture: context.architecture)
        return e
    }

    var verb: String { action == .gating ? "gate" : "skip" }

    var targetWords: String {
        if let targets { return targets.map(\.description).joined(separator: " or ") }
        return TensorKind.allCases.filter { $0 != condition }.map(\.description).joined(separator: " or ")
    }

    /// Removes a share `p` of the inner-side accesses of `a` (reads, updates and their metadata).
    func removeUseless(_ a: inout TensorAccesses, probability p: Double) {
        let keep = 1 - p
        // Partial-sum reads that remain are whole reads per instance, rounded down (Sparseloop's
        // count: sparse_01.2.2 reads ⌊15 × 0.25⌋ = 3 partial sums, 12 gated); other counts stay
        // expectations.
        let keptReads = a.tensor == .outputs ? (a.reads * keep + 1e-9).rounded(.down) : a.reads * keep
        let removedReads = a.reads - keptReads
        let removedUpdates = a.updates * p
        a.reads = keptReads
        a.updates *= keep
        if a.metadataWords > 0 {
            let fills = a.metadataWords * a.metadataFillShare
            let updates = a.metadataWords * a.metadataUpdateShare
            let reads = max(0, a.metadataWords - fills - updates)
            let total = fills + (updates + reads) * keep
            if total > 0 {
                a.metadataFillShare = fills / total
                a.metadataUpdateShare = updates * keep / total
            }
            a.metadataWords = total
        }
        switch action {
        case .gating:
            let writes = a.gated * a.gatedWriteShare + removedUpdates
            a.gated += removedReads + removedUpdates
            a.gatedWriteShare = a.gated > 0 ? writes / a.gated : 0
        case .skipping:
            a.skipped += removedReads + removedUpdates
        }
        a.sparsityConditions.insert(condition)
    }

    /// MACs with a zero `condition` operand: gated or skipped.
    func conditionCompute(_ e: inout Evaluation, density d: Double, model: DensityModel, context: TechniqueContext,
                          notes: inout [String]) {
        let gatedEnergy = context.architecture.compute.energy.gated
        let active = e.effectualMACs
        guard active > 0 else { return }
        let perMAC = max(0, e.macEnergy - e.gatedMACs * gatedEnergy) / active
        let removed = active * (1 - d)
        e.effectualMACs = active - removed
        e.macEnergy -= removed * perMAC
        switch action {
        case .gating:
            e.gatedMACs += removed
            e.macEnergy += removed * gatedEnergy
            notes.append("\(kind): \(fmt((1 - d) * 100))% of MACs gated on zero \(condition); they keep their cycles")
        case .skipping:
            e.skippedMACs += removed
            var timeFactor = d
            if let imbalance {
                let g = SparseGeometry(evaluation: e, architecture: context.architecture, layer: context.layer)
                if let (m, n) = imbalance.shape(condition: condition, evaluation: e, geometry: g, layer: context.layer) {
                    let channels = context.stats.channelDensity[condition]
                    let (f, busiest, mean) = imbalance.factor(units: m, values: n, model: model, channels: channels)
                    timeFactor = min(1, d * f)
                    e.imbalance = (e.imbalance ?? 1) * (d > 0 ? timeFactor / d : 1)
                    notes.append("\(kind): \(m) units synchronising every \(imbalance.sync == .cycle ? "step" : imbalance.sync.rawValue) over "
                        + "\(n) \(condition) values each: the busiest holds \(fmt(busiest)) non-zeros on average against a mean of "
                        + "\(fmt(mean)) (" + (imbalance.histogram != nil ? "measured histogram"
                            : channels != nil ? "\(channels?.count ?? 0) channel densities" : "\(model.distribution.rawValue) model")
                        + "), so compute time × \(fmt(timeFactor)) (ideal \(fmt(d)); imbalance \(fmt(d > 0 ? timeFactor / d : 1)))")
                } else {
                    e.imbalance = e.imbalance ?? 1
                    notes.append("\(kind): sync none: the units stay balanced")
                }
            }
            e.effectiveComputeCycles *= timeFactor
            notes.append("\(kind): \(fmt((1 - d) * 100))% of MACs skipped on zero \(condition)")
        }
        e.computeConditions.insert(condition)
    }
}

/// A short decimal for notes: up to 4 significant digits (4 decimals below 1), trailing zeros
/// dropped, no exponent; rounded in binary as `NumberFormat`'s `.binaryScaled` rounding does.
func sparseFormat(_ x: Double) -> String {
    if x == 0 { return "0" }
    let magnitude = abs(x)
    let decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : magnitude >= 1 ? 3 : 4
    return NumberFormat.string(x, .upTo(fractionDigits: decimals), rounding: .binaryScaled, nonFinite: .spelled)
}

private func fmt(_ x: Double) -> String { sparseFormat(x) }
