import LoupeModel

/// Precision scaling: MAC energy and storage follow the bits each layer actually uses
/// (`{kind: precision_scaling, at: [levels], tensor: [tensors]}`, docs/spec.md §5, docs/precision.md).
///
/// Bits of tensor `t`: `b_t = stats.precision_needed[t]` when given, else the layer's
/// `precision[t]` (per layer in the workload), limited to each level's `word_bits`.
///
/// **Compute** (when the compute level is in `at`), a bit-parallel MAC of word width `w` whose
/// unused high-order bits are gated:
///
///     E_MAC' = E_MAC · [ s·(b_w·b_i)/w² + (1 − s)·(b_w + b_i)/(2w) ],   s = E_mult(w) / (E_mult(w) + E_add(2w))
///
/// multiplier ∝ product of the operand widths, adder ∝ width; `s` from the component library
/// (Horowitz, ISSCC 2014 45 nm table; ≈ 0.89 at 16 bits) — see ``MACPrecisionEnergy``.
/// Cycles do not change: a bit-parallel unit takes one cycle whatever the width (bit-serial
/// time is ``BitSerial``'s).
///
/// **Storage and traffic** (each storage level in `at` that keeps `t`): values are packed, so
/// a level moves `b_t / word_bits` words per value:
///
///     reads', fills', updates' (and gated, skipped counts) = (…) · min(b_t, word_bits) / word_bits
///     bitsPerValue' = (bitsPerValue ?? word_bits) · min(b_t, word_bits) / word_bits
///
/// then energies, bandwidth cycles, the bound and leakage are recomputed
/// (``Evaluation/refresh(architecture:)``); capacity follows the same ratio
/// (``storageRatio(tensor:level:stats:)``). This is the packing of Proteus (Judd et al.,
/// ICS 2016: per-layer precisions cut inter-layer traffic by 43% on average) and of the
/// reduced-precision footprint study of Judd et al. (arXiv 1511.05236).
///
/// With ``BitSerial`` in the same list, whichever runs first scales the MAC energy and the other
/// leaves it (`Evaluation.macEnergyFollowsPrecision`), so the width saving is counted once.
///
/// Not modelled: network (NoC) words keep their energy (unlike ``Compression``, which rescales
/// them with ``Evaluation/rescaleNetworks(before:architecture:geometry:)``); partial sums are stored at the outputs' bits like final outputs; packing and
/// unpacking logic costs nothing.
public struct PrecisionScaling: Technique {
    /// Levels whose accesses or MACs scale; nil = every level, the compute level included.
    public let levels: [String]?
    /// Tensors whose storage scales.
    public let tensors: [TensorKind]
    let computeName: String
    let wordBits: [String: Int]
    let mac: MACPrecisionEnergy

    public static let kind = "precision_scaling"

    public var label: String {
        var parts: [String] = []
        if tensors.count < TensorKind.allCases.count { parts.append(tensors.map(\.description).joined(separator: ",")) }
        if let levels { parts.append("@" + levels.joined(separator: ",")) }
        return parts.isEmpty ? "precision_scaling" : "precision_scaling(" + parts.joined(separator: " ") + ")"
    }

    public init(options o: inout TechniqueOptions, architecture: Architecture) {
        levels = o.anyLevels("at", architecture: architecture)
        tensors = o.tensors("tensor") ?? TensorKind.allCases
        computeName = architecture.compute.name
        var bits: [String: Int] = [:]
        for l in architecture.levels { bits[l.name] = l.wordBits }
        wordBits = bits
        if architecture.technology == nil {
            o.error("precision_scaling needs the architecture's 'technology': the split of a MAC's energy between "
                    + "multiplier and adder comes from the component library (docs/precision.md)")
        }
        mac = MACPrecisionEnergy(technology: architecture.technology ?? .nm45, wordBits: architecture.compute.wordBits)
    }

    func covers(_ level: String) -> Bool { levels?.contains(level) ?? true }

    /// `min(b, word_bits) / word_bits` of one level for bits `b`.
    func packing(bits b: Double, level: String) -> Double {
        let w = max(1, wordBits[level] ?? 16)
        return OperandPrecision.clamped(b, wordBits: w) / Double(w)
    }

    public func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation {
        var e = evaluation
        let layer = context.layer
        var bits: [TensorKind: Double] = [:]
        for t in TensorKind.allCases { bits[t] = OperandPrecision.bits(t, layer: layer) }

        if covers(computeName) && e.macEnergyFollowsPrecision {
            notes.append("precision_scaling: MAC energy already follows the operand bits (bit_serial before it); not scaled again")
        } else if covers(computeName) {
            e.macEnergyFollowsPrecision = true
            let r = mac.ratio(weightBits: bits[.weights]!, inputBits: bits[.inputs]!)
            e.macEnergy *= r
            notes.append("precision_scaling: MAC energy × \(fmt(r)) for \(fmt(bits[.weights]!)) b weights × "
                + "\(fmt(bits[.inputs]!)) b inputs on a \(mac.wordBits) b MAC (multiplier ∝ a·b, adder ∝ width; "
                + "multiplier share \(fmt(mac.multiplierShare)), Horowitz ISSCC'14)")
        }
        for i in e.levels.indices where covers(e.levels[i].name) {
            let name = e.levels[i].name
            for k in e.levels[i].tensors.indices {
                let t = e.levels[i].tensors[k].tensor
                guard tensors.contains(t) else { continue }
                let r = packing(bits: bits[t]!, level: name)
                e.levels[i].tensors[k].reads *= r
                e.levels[i].tensors[k].fills *= r
                e.levels[i].tensors[k].updates *= r
                e.levels[i].tensors[k].gated *= r
                e.levels[i].tensors[k].skipped *= r
                let before = e.levels[i].tensors[k].bitsPerValue ?? Double(wordBits[name] ?? 16)
                e.levels[i].tensors[k].bitsPerValue = before * r
            }
        }
        let source = TensorKind.allCases.map { t in
            "\(t) \(fmt(bits[t]!)) b (" + (layer.stats.precisionNeeded[t] != nil ? "precision_needed" : "layer precision") + ")"
        }.joined(separator: ", ")
        notes.append("precision_scaling: values packed at " + source + "; network transfers not rescaled")
        for t in tensors {
            let widest = e.levels.filter { covers($0.name) && $0.accesses(t) != nil }.compactMap { wordBits[$0.name] }.max() ?? 0
            if widest > 0, bits[t]! > Double(widest) {
                notes.append("precision_scaling: \(t) need \(fmt(bits[t]!)) b, more than a \(widest) b word; counted as one word")
            }
        }
        e.refresh(architecture: context.architecture)
        return e
    }

    /// `min(precision_needed[t], word_bits) / word_bits` at covered levels; 1 where the stats give
    /// no `precision_needed` for `tensor` (the layer's declared precision is not visible here).
    public func storageRatio(tensor: TensorKind, level: String, stats: DataStats) -> Double {
        guard covers(level), level != computeName, tensors.contains(tensor), let b = stats.precisionNeeded[tensor], b > 0 else {
            return 1
        }
        return packing(bits: b, level: level)
    }
}

private func fmt(_ x: Double) -> String { OperandPrecision.format(x) }
