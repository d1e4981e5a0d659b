import LoupeModel

/// SnaPEA early termination of convolutions whose output ReLU will zero
/// (`{kind: early_termination, mode: exact|predictive, speculation_ops: N, threshold: X}`,
/// docs/spec.md §5, docs/precision.md). Source: Akhlaghi, Yazdanbakhsh, Samadi, Gupta, Esmaeilzadeh,
/// "SnaPEA: Predictive Early Activation for Reducing Computation in Deep Convolutional Neural
/// Networks", ISCA 2018.
///
/// **Exact mode — derivation.** An output is a dot product of `n = C·R·S` terms (the kernel
/// size; `C` for fc layers). Its inputs come out of a ReLU, so `x ≥ 0`. The weights are
/// reordered sign-first: after the positive ones the partial sum is `S⁺ ≥ 0`, and each negative
/// weight can only lower it. Once it is below zero it stays there, the output will be zeroed,
/// and the remaining MACs are skipped. With `ν` = `stats.negative_outputs` (share of pre-ReLU
/// outputs below zero) and `ω` = `stats.negative_weights` (share of weights below zero), only
/// negative outputs stop early, and they stop after a fraction `x` of their `ω·n` negative-weight
/// MACs, where the negative terms consumed so far reach `τ = S⁺ / S⁻ ∈ (0, 1)` of their total
/// `S⁻`. The share of MACs skipped is
///
///     s = ν · ω · (1 − x̄)
///
/// with `x̄ = E[x]` under two stated assumptions: (A1) `τ` is uniform on (0, 1) over negative
/// outputs; (A2) a negative term's contribution is proportional to `|w|`, and `|w|` is
/// half-normal. Then, by the order of the negative weights (`negative_order`):
/// - `descending` (default; largest magnitudes first, the order that stops soonest): the top
///   fraction `x = 2(1 − Φ(t))` of magnitudes holds `e^(−t²/2)` of their sum, so
///   `x̄ = ∫₀¹ 2(1 − Φ(√(−2 ln τ))) dτ = 1 − 1/√2 ≈ 0.293` and `s = ν·ω/√2`;
/// - `unordered`: the sum falls linearly in expectation, `x̄ = 1/2`;
/// - `ascending` (smallest magnitudes first): `x̄ = 1/√2 ≈ 0.707`.
/// `stop_fraction` sets `x̄` directly. With the slides' averages (`ν` = 0.61, `ω` = 0.54) the
/// default gives `s` = 0.233, a 1.30× compute speedup; SnaPEA reports 1.28× on average.
///
/// **Predictive mode.** The `N = speculation_ops` largest-magnitude weights go first; if the
/// partial sum is then below `threshold` the output is predicted negative and stops after `N`
/// MACs. The share `π` of outputs predicted negative is a profiled statistic: the option
/// `predicted_negative`, else `stats.extra["predicted_negative"]`, else `π = ν` (the predictor
/// flags exactly the negative outputs — noted as assumed). The other outputs finish in exact
/// mode over their remaining `n − N` MACs, a share `ν_r = max(0, ν − π)/(1 − π)` of them
/// negative:
///
///     1 − s = π·q + (1 − π)·(q + (1 − q)·(1 − ν_r·ω·(1 − x̄))),   q = min(1, N/n)
///
/// `threshold` is what produced `π`; it enters no formula. **The accuracy lost by
/// mispredicted outputs is not modelled** (the notes say so); SnaPEA tunes `(N, threshold)`
/// per kernel to bound it.
///
/// **Where the saving shows:** MACs, MAC energy and compute cycles × `(1 − s)`; at the
/// innermost keeper of each tensor (the one that feeds the MACs), weight and input reads and
/// output updates (and the reads that go with them) × `(1 − s)`, counted as `skipped`. Outer
/// levels still deliver every tile: the skipped MACs differ from output to output.
///
/// **Overhead:** the reordered weights carry the index of the input each one multiplies,
/// `index_bits = ⌈log₂ n⌉` bits per weight (option `index_bits` overrides), moved with the
/// weights at the levels where the architecture keeps it — `at: [levels]` (e.g. the on-chip
/// weight buffers, where SnaPEA generates and stores the reordered index), every level that keeps
/// weights when `at` is absent: `metadataWords += (reads + fills + updates) ·
/// index_bits / word_bits`, as reads and fills in that proportion (charged by
/// ``Evaluation/refresh(architecture:)`` at the level's metadata or data energies). The sign and threshold checks (the
/// PAU) cost nothing here. Lanes that stop early are assumed to take new work at once (no load
/// imbalance).
///
/// The monotone argument needs non-negative inputs: list layers fed by signed values (the
/// first layer, often) or not followed by a ReLU in `except`. Layers without
/// `negative_outputs` and `negative_weights` statistics are left unchanged.
public struct EarlyTermination: Technique {
    public enum Mode: String, CaseIterable, Sendable { case exact, predictive }
    public enum NegativeOrder: String, CaseIterable, Sendable { case descending, unordered, ascending }

    public let mode: Mode
    public let speculationOps: Int?
    public let threshold: Double?
    public let negativeOrder: NegativeOrder
    /// `x̄` given directly, overriding `negativeOrder`.
    public let stopFraction: Double?
    public let indexBits: Int?
    public let predictedNegative: Double?
    /// Layers left unchanged.
    public let except: Set<String>
    /// The levels where the weight index lives and moves (`at:`); nil = every level that keeps
    /// weights.
    public let indexLevels: [String]?
    let wordBits: [String: Int]

    public static let kind = "early_termination"

    public var label: String {
        switch mode {
        case .exact: "early_termination(exact)"
        case .predictive:
            "early_termination(predictive N=\(speculationOps.map(String.init) ?? "?")"
                + (threshold.map { " th=\(fmt($0))" } ?? "") + ")"
        }
    }

    public init(options o: inout TechniqueOptions, architecture: Architecture) {
        mode = o.choice("mode", default: Mode.exact)
        speculationOps = o.wholeNumber("speculation_ops", in: 1...1e12)
        threshold = o.number("threshold", in: -1e300...1e300)
        negativeOrder = o.choice("negative_order", default: NegativeOrder.descending)
        stopFraction = o.number("stop_fraction", in: 0...1)
        indexBits = o.wholeNumber("index_bits", in: 0...64)
        predictedNegative = o.number("predicted_negative", in: 0...1)
        except = Set((o.words("except") ?? []).map(\.text))
        if o.isGiven("at") {
            indexLevels = o.levels("at", architecture: architecture, allowCompute: false)
        } else {
            o.declare(["at"])
            indexLevels = nil
        }
        if mode == .predictive && speculationOps == nil && !o.isGiven("speculation_ops") {
            o.error("technique 'early_termination' in predictive mode needs 'speculation_ops'",
                    hint: "the number of largest-magnitude weights processed before the prediction, e.g. speculation_ops: 8")
        }
        if mode == .exact {
            for key in ["speculation_ops", "threshold", "predicted_negative"] where o.isGiven(key) {
                o.error("option '\(key)' of technique 'early_termination' applies to mode: predictive only", at: o.spec[key])
            }
        }
        var bits: [String: Int] = [:]
        for l in architecture.levels { bits[l.name] = l.wordBits }
        wordBits = bits
    }

    /// `x̄`: the expected fraction of its negative-weight MACs a negative output performs
    /// before its partial sum turns negative.
    public var meanStopFraction: Double {
        if let stopFraction { return stopFraction }
        switch negativeOrder {
        case .descending: return 1 - 1 / 2.0.squareRoot()
        case .unordered: return 0.5
        case .ascending: return 1 / 2.0.squareRoot()
        }
    }

    /// Terms of one output's dot product: `C·R·S`.
    public static func kernelSize(_ layer: Layer) -> Int { max(1, layer[.C] * layer[.R] * layer[.S]) }

    /// `⌈log₂ n⌉` bits of index per reordered weight, or the `index_bits` option.
    public func indexBits(for layer: Layer) -> Int {
        if let indexBits { return indexBits }
        let n = Self.kernelSize(layer)
        return n <= 1 ? 0 : CompressionMath.indexBits(n)
    }

    /// The share `s` of MACs skipped on `layer`, with a description of the inputs used; nil
    /// (and the reason) when the layer's statistics do not allow the model.
    public func skippedShare(layer: Layer) -> (share: Double?, how: String) {
        let stats = layer.stats
        guard let nu0 = stats.negativeOutputs else { return (nil, "no negative_outputs statistic") }
        guard let omega0 = stats.negativeWeights else { return (nil, "no negative_weights statistic") }
        let nu = min(max(nu0, 0), 1)
        let omega = min(max(omega0, 0), 1)
        let x = meanStopFraction
        let xHow = stopFraction != nil ? "stop_fraction \(fmt(x))"
            : "stopping point x̄ = \(fmt(x)) (τ = S⁺/S⁻ uniform, half-normal |w|, \(negativeOrder.rawValue) negatives)"
        switch mode {
        case .exact:
            return (nu * omega * (1 - x), "negative_outputs \(fmt(nu)), negative_weights \(fmt(omega)), " + xHow)
        case .predictive:
            let n = Double(Self.kernelSize(layer))
            let q = min(1, Double(speculationOps ?? 0) / n)
            var piHow: String
            let pi: Double
            if let p = predictedNegative {
                pi = p
                piHow = "predicted_negative \(fmt(p)) (option)"
            } else if let p = stats.extra["predicted_negative"] {
                pi = min(max(p, 0), 1)
                piHow = "predicted_negative \(fmt(pi)) (stats)"
            } else {
                pi = nu
                piHow = "predicted_negative assumed = negative_outputs \(fmt(nu))"
            }
            let nuRest = pi < 1 ? max(0, nu - pi) / (1 - pi) : 0
            let executed = pi * q + (1 - pi) * (q + (1 - q) * (1 - nuRest * omega * (1 - x)))
            piHow += ", speculation \(speculationOps ?? 0) of \(Int(n)) MACs"
            return (1 - executed, piHow + ", negative_weights \(fmt(omega)), " + xHow)
        }
    }

    public func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation {
        let layer = context.layer
        if except.contains(layer.name) {
            notes.append("early_termination: layer left unchanged (listed in except)")
            return evaluation
        }
        let (share, how) = skippedShare(layer: layer)
        guard let s = share else {
            notes.append("early_termination: layer left unchanged (\(how))")
            return evaluation
        }
        var e = evaluation
        let keep = 1 - s
        e.effectualMACs *= keep
        e.macEnergy *= keep
        e.effectiveComputeCycles *= keep
        for t in TensorKind.allCases {
            guard let i = e.levels.lastIndex(where: { $0.accesses(t) != nil }),
                  let k = e.levels[i].tensors.firstIndex(where: { $0.tensor == t }) else { continue }
            var a = e.levels[i].tensors[k]
            if t.isReadWrite {
                let removed = a.updates * s
                let removedReads = min(a.reads, removed)
                a.updates -= removed
                a.reads -= removedReads
                a.skipped += removed + removedReads
            } else {
                let removed = a.reads * s
                a.reads -= removed
                a.skipped += removed
            }
            e.levels[i].tensors[k] = a
        }
        let bits = indexBits(for: layer)
        if bits > 0 {
            for i in e.levels.indices where indexLevels?.contains(e.levels[i].name) ?? true {
                guard let k = e.levels[i].tensors.firstIndex(where: { $0.tensor == .weights }) else { continue }
                let w = Double(max(1, wordBits[e.levels[i].name] ?? 16))
                e.levels[i].tensors[k].addMetadata(perWord: Double(bits) / w)
            }
        }
        notes.append("early_termination(\(mode.rawValue)): \(fmt(s * 100))% of MACs skipped from " + how
            + "; weight index \(bits) b per weight" + (indexBits == nil ? " (⌈log₂ \(Self.kernelSize(layer))⌉)" : "")
            + (indexLevels.map { " at " + $0.joined(separator: ", ") } ?? " at every weight level") + "; no load imbalance assumed")
        if mode == .predictive {
            notes.append("early_termination(predictive): the accuracy cost of mispredicted outputs is not modelled")
        }
        e.refresh(architecture: context.architecture)
        return e
    }

    /// `1 + index_bits / word_bits` for weights when `index_bits` is given; 1 otherwise (the
    /// default index width depends on the layer's kernel size, which is not visible here).
    public func storageRatio(tensor: TensorKind, level: String, stats: DataStats) -> Double {
        guard tensor == .weights, let indexBits, let w = wordBits[level], w > 0,
              indexLevels?.contains(level) ?? true else { return 1 }
        return 1 + Double(indexBits) / Double(w)
    }
}

private func fmt(_ x: Double) -> String { OperandPrecision.format(x) }
