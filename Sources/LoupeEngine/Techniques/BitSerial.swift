import LoupeModel

/// Bit-serial computation: time proportional to the bits processed
/// (`{kind: bit_serial, tensor: inputs, style: stripes|loom|pragmatic|dynamic, overhead: 0}`,
/// docs/spec.md §5, docs/precision.md).
///
/// The baseline is the bit-parallel array of the evaluation, whose MACs take `w` = the compute
/// level's `word_bits` operands in one cycle. The bit-serial design is taken at the same peak
/// throughput at full precision (Stripes replaces each 16-bit lane by 16 serial lanes), so its
/// compute time is the baseline's times the fraction `f` of the `w` bit-steps it performs:
///
/// | style | `f` | bits read from | source |
/// |---|---|---|---|
/// | `stripes` | `p_s / w` | `p_s` = precision_needed (else layer precision) of the serial tensor | Judd et al., "Stripes: Bit-serial deep neural network computing", MICRO 2016 |
/// | `loom` | `p_i · p_w / w²` | both operands' precision, each as for stripes | Sharify et al., "Loom: exploiting weight and activation precisions …", DAC 2018 |
/// | `pragmatic` | `e_s / w` | `e_s` = stats.effectual_bits of the serial tensor (mean non-zero bits per value) | Albericio et al., "Bit-Pragmatic deep neural network computing", MICRO 2017 |
/// | `dynamic` | `g_s / w` | `g_s` = expected bits of a group's widest value: dynamic_precision `mean_bits`, or the mean of its `bits_histogram` | Delmas et al., "Dynamic Stripes", arXiv 1706.00504, 2017; DPRed, arXiv 1804.06732 |
///
/// Every width is limited to `[0, w]`. A style whose statistic is missing falls back to
/// `stripes` (and says so in the notes).
///
///     effectiveComputeCycles' = effectiveComputeCycles · f
///     E_MAC'                  = E_MAC · f · (1 + overhead)
///
/// Energy: a bit-parallel `w × w` multiplier sums `w` partial-product rows of `w` bits
/// (energy ∝ product of the widths, Horowitz ISSCC 2014); a serial lane computes one such row
/// per cycle (`1 × w` bits; Loom one `1 × 1` bit-product out of `w²`), so a bit-step costs
/// `E_MAC / w` (Loom `E_MAC / w²`) and MAC energy falls with the same `f` as time. `overhead`
/// (default 0) adds the serial design's extra energy per step (operand shift registers,
/// per-lane accumulators): Stripes reports 1.92× speedup but 1.57× energy efficiency over its
/// bit-parallel baseline, about 0.22 of extra energy per step over the whole chip.
/// Memory accesses do not change unless the design's data movement is described — values are
/// still stored at `word_bits`; for packed storage list `precision_scaling` too. Two options
/// describe how a serial design moves data differently from its bit-parallel baseline:
///
/// - `window_reuse: R`: each value of the partner operand read at its innermost keeper (the one
///   that feeds the MACs) is broadcast to `R` windows processed together — Stripes (MICRO 2016
///   §4) feeds each synapse (weight) brick to 16 windows at once, so the synapse buffer is read
///   once per 16 windows where DaDianNao reads it once per window:
///
///       reads' = max(fills, reads / R'),    R' = min(R, N·P·Q windows of the layer)
///
///   (every word that arrives is read at least once; the tile at a level without fills).
///
/// - `serial_access: bit`: the serial operand is read from its innermost keeper one bit per
///   cycle, so its accesses there are costed per bit — `p_s` of the `w` bits of each value:
///   `reads' = reads · f` (word-equivalents; Stripes' NBin delivers 16 windows × 16 lanes × 1 bit
///   per cycle).
///
/// Networks that carry these reads follow them (``Evaluation/rescaleNetworks(before:architecture:geometry:)``). Whichever of the two runs first scales the MAC energy; the
/// other leaves it (`Evaluation.macEnergyFollowsPrecision`). Leakage follows the new cycles
/// (``Evaluation/refresh(architecture:)``).
///
/// Not modelled: Pragmatic's cross-lane synchronisation (lanes in a column wait for the value
/// with most effectual bits; the ideal mean is used), Stripes' lane under-utilisation in layers
/// with fewer than 16 windows, and the time to detect dynamic precisions.
public struct BitSerial: Technique {
    public enum Style: String, CaseIterable, Sendable {
        case stripes, loom, pragmatic, dynamic
    }

    /// How the serial operand is read where it feeds the lanes: a word per value, or a bit per cycle.
    public enum SerialAccess: String, CaseIterable, Sendable {
        case word, bit
    }

    /// The serially processed operand (`inputs` by default; `weights` is allowed).
    public let tensor: TensorKind
    public let style: Style
    /// Extra energy per serial step, as a fraction of the ideal `E_MAC / w`.
    public let overhead: Double
    /// Windows each partner value read at its innermost keeper is broadcast to (1 = the baseline's).
    public let windowReuse: Int
    /// Whether the serial operand's reads at its innermost keeper are costed per bit.
    public let serialBitAccess: Bool
    let wordBits: Int

    public static let kind = "bit_serial"

    public var label: String { "bit_serial(\(style.rawValue) \(tensor))" }

    public init(options o: inout TechniqueOptions, architecture: Architecture) {
        let ts = o.tensors("tensor") ?? [.inputs]
        if ts.count != 1 || ts.first == .outputs {
            o.error("option 'tensor' of technique 'bit_serial' must be one of inputs, weights", at: o.spec["tensor"],
                    hint: "the serial operand is an input or a weight, one of them")
        }
        tensor = ts.first == .weights ? .weights : .inputs
        style = o.choice("style", default: Style.stripes)
        overhead = o.number("overhead", default: 0, in: 0...10)
        windowReuse = o.wholeNumber("window_reuse", in: 1...1_048_576) ?? 1
        serialBitAccess = o.choice("serial_access", default: SerialAccess.word) == .bit
        wordBits = max(1, architecture.compute.wordBits)
    }

    /// The serial tensor's partner operand.
    var other: TensorKind { tensor == .inputs ? .weights : .inputs }

    /// The fraction `f` of the `w` bit-steps per MAC this style performs on `layer`, and how the
    /// figure was obtained.
    public func stepFraction(layer: Layer) -> (fraction: Double, how: String) {
        let w = Double(wordBits)
        let stats = layer.stats
        let static0 = OperandPrecision.clamped(OperandPrecision.bits(tensor, layer: layer), wordBits: wordBits)
        let staticHow = "\(fmt(static0)) b \(tensor)"
            + (stats.precisionNeeded[tensor] != nil ? " (precision_needed)" : " (layer precision)")
        switch style {
        case .stripes:
            return (static0 / w, staticHow)
        case .loom:
            let p2 = OperandPrecision.clamped(OperandPrecision.bits(other, layer: layer), wordBits: wordBits)
            let how2 = "\(fmt(p2)) b \(other)" + (stats.precisionNeeded[other] != nil ? " (precision_needed)" : " (layer precision)")
            return (static0 * p2 / (w * w), staticHow + " × " + how2)
        case .pragmatic:
            if let e = stats.effectualBits[tensor] {
                let b = OperandPrecision.clamped(e, wordBits: wordBits)
                return (b / w, "\(fmt(b)) effectual b per \(tensor) value (effectual_bits)")
            }
            return (static0 / w, staticHow + "; no effectual_bits for \(tensor): stripes timing used")
        case .dynamic:
            if let d = stats.dynamicPrecision[tensor], let g = OperandPrecision.groupBits(d) {
                let b = OperandPrecision.clamped(g, wordBits: wordBits)
                let from = d.meanBits != nil ? "mean_bits" : "bits_histogram"
                return (b / w, "\(fmt(b)) b per group of \(d.group) \(tensor) (dynamic_precision \(from))")
            }
            return (static0 / w, staticHow + "; no dynamic_precision for \(tensor): stripes timing used")
        }
    }

    public func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation {
        var e = evaluation
        let (f, how) = stepFraction(layer: context.layer)
        e.effectiveComputeCycles *= f
        let scaleEnergy = !e.macEnergyFollowsPrecision
        if scaleEnergy {
            e.macEnergy *= f * (1 + overhead)
            e.macEnergyFollowsPrecision = true
        }
        notes.append("bit_serial(\(style.rawValue)): compute cycles × \(fmt(f)) from \(how) against a \(wordBits) b "
            + (scaleEnergy ? "bit-parallel MAC; MAC energy × \(fmt(f * (1 + overhead)))"
                : "bit-parallel MAC; MAC energy already follows the bits (precision_scaling before it), not scaled again")
            + (overhead > 0 ? " (overhead \(fmt(overhead)) per step)" : " (ideal serial lanes, no overhead)")
            + (style == .pragmatic ? "; cross-lane synchronisation not modelled" : ""))
        if windowReuse > 1 || serialBitAccess {
            moveData(&e, fraction: f, layer: context.layer, notes: &notes)
            let g = SparseGeometry(evaluation: evaluation, architecture: context.architecture, layer: context.layer)
            e.rescaleNetworks(before: evaluation, architecture: context.architecture, geometry: g)
        }
        e.refresh(architecture: context.architecture)
        return e
    }
}

extension BitSerial {
    /// The window reuse of the partner operand and the per-bit reads of the serial one, at their
    /// innermost keepers (see the type's formulas).
    func moveData(_ e: inout Evaluation, fraction f: Double, layer: Layer, notes: inout [String]) {
        if windowReuse > 1, let i = e.levels.lastIndex(where: { $0.accesses(other) != nil }),
           let k = e.levels[i].tensors.firstIndex(where: { $0.tensor == other }) {
            let windows = max(1, layer[.N] * layer[.P] * layer[.Q])
            let reuse = Double(min(windowReuse, windows))
            var a = e.levels[i].tensors[k]
            let was = a.reads
            let floor = a.fills > 0 ? a.fills : Double(a.tileWords)
            a.reads = min(a.reads, max(floor, a.reads / reuse))
            e.levels[i].tensors[k] = a
            notes.append("bit_serial(\(style.rawValue)): each \(other) value read at \(e.levels[i].name) serves \(fmt(reuse)) windows: "
                + "reads × \(fmt(was > 0 ? a.reads / was : 1))")
        }
        if serialBitAccess, let i = e.levels.lastIndex(where: { $0.accesses(tensor) != nil }),
           let k = e.levels[i].tensors.firstIndex(where: { $0.tensor == tensor }) {
            e.levels[i].tensors[k].reads *= f
            notes.append("bit_serial(\(style.rawValue)): \(tensor) read bit-serially at \(e.levels[i].name): reads × \(fmt(f)) "
                + "(bits over \(wordBits)-bit words)")
        }
    }
}

private func fmt(_ x: Double) -> String { OperandPrecision.format(x) }
