import LoupeModel

/// DPRed's group-precision encoding (`{kind: compression, format: group_precision, tensor: …,
/// at: DRAM, group: 16}`, docs/spec.md §5, docs/precision.md). Source: Delmas Lascorz et al., "DPRed:
/// Making Typical Activation and Weight Values Matter In Deep Learning Computing",
/// arXiv 1804.06732, 2018.
///
/// Values are cut into groups of `g` (option `group`, default 16). Each group stores a
/// precision header of `h = ⌈log₂ word_bits⌉` bits (option `header_bits` overrides) and then
/// its `g` values at the group's precision — the width of its widest value. Weights' group
/// precisions are chosen offline, activations' by hardware at run time; both are described by
/// the same statistic. With `p̄` the expected group precision of the tensor,
///
///     bits per value  = p̄ + h / g
///     words per value = (p̄ + h/g) / word_bits          (data p̄/word_bits, header h/(g·word_bits))
///
/// `p̄` comes from, in order: `stats.dynamic_precision[t]` (`mean_bits` of the group maximum,
/// or the mean of `bits_histogram`, ``OperandPrecision/groupBits(_:)``); else
/// `stats.precision_needed[t]` (every group at the layer's static precision); else the layer's
/// declared precision. It is limited to `[0, word_bits]`. A statistic measured with another
/// group size is used as given (``groupBits(_:layer:stats:wordBits:)`` says so). The tensor's
/// `density` does not enter: zeros stay in their groups, and what they save shows in the
/// group-precision statistic.
///
/// Effect: the ``Compression`` technique turns these bits into traffic, metadata accesses and
/// capacity at the levels the entry names — off-chip traffic when `at: DRAM`: each access of
/// the tensor there moves `(p̄ + h/g)/word_bits` words per value, headers as metadata, and the
/// level holds `word_bits/(p̄ + h/g)` times more values. With `p̄ = word_bits` the format costs
/// `h/g` bits per value more than none.
///
/// DPRed reports off-chip traffic cut to about 35% and 33% of uncompressed for 16-bit and
/// 8-bit models — e.g. `(5.35 + 4/16)/16 = 0.35` and `(2.45 + 3/16)/8 = 0.33`.
public struct GroupPrecisionFormat: CompressionFormat, Hashable {
    /// Values per group.
    public var group: Int
    /// Header bits per group; nil = `⌈log₂ word_bits⌉`.
    public var headerBits: Int?

    public init(group: Int = 16, headerBits: Int? = nil) {
        self.group = max(1, group)
        self.headerBits = headerBits
    }

    /// Built from a compression entry's options: `group` (values per group, default 16) and
    /// `header_bits` (default `⌈log₂ word_bits⌉`).
    public init(options: inout TechniqueOptions) {
        self.init(group: options.count("group", in: 1...1_000_000) ?? 16,
                  headerBits: options.count("header_bits", in: 0...1_000_000))
    }

    public static let name = "group_precision"

    /// `dataBits = p̄`, `metadataBits = h/g` per value. `density` is not used: zeros are stored
    /// in their groups, and what they save shows in the group-precision statistic.
    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer,
                             stats: DataStats) -> CompressedBits {
        let p = groupBits(tensor, layer: layer, stats: stats, wordBits: wordBits).bits
        return CompressedBits(dataBits: p, metadataBits: Double(header(wordBits: wordBits)) / Double(group))
    }

    /// `⌈log₂ word_bits⌉`, or the `header_bits` given.
    public func header(wordBits: Int) -> Int {
        if let headerBits { return headerBits }
        return wordBits <= 1 ? 0 : CompressionMath.indexBits(wordBits)
    }

    /// The expected group precision `p̄` of `tensor` in `layer` and where it came from.
    public func groupBits(_ tensor: TensorKind, layer: Layer, stats: DataStats, wordBits: Int) -> (bits: Double, source: String) {
        if let d = stats.dynamicPrecision[tensor], let g = OperandPrecision.groupBits(d) {
            let from = d.meanBits != nil ? "dynamic_precision mean_bits" : "dynamic_precision bits_histogram"
            let size = d.group != group ? " (measured with groups of \(d.group), used for groups of \(group))" : ""
            return (OperandPrecision.clamped(g, wordBits: wordBits), from + size)
        }
        if let p = stats.precisionNeeded[tensor], p > 0 {
            return (OperandPrecision.clamped(p, wordBits: wordBits), "precision_needed (static, every group)")
        }
        return (OperandPrecision.clamped(Double(layer.precision[tensor]), wordBits: wordBits), "layer precision")
    }

    /// Data words per dense word, `p̄ / word_bits`.
    public func dataRatio(groupBits p: Double, wordBits: Int) -> Double {
        OperandPrecision.clamped(p, wordBits: wordBits) / Double(max(1, wordBits))
    }

    /// Header (metadata) words per dense word, `h / (g · word_bits)`.
    public func headerRatio(wordBits: Int) -> Double {
        Double(header(wordBits: wordBits)) / (Double(group) * Double(max(1, wordBits)))
    }

    /// Words per dense word, data and headers: `(p̄ + h/g) / word_bits`.
    public func ratio(groupBits p: Double, wordBits: Int) -> Double {
        dataRatio(groupBits: p, wordBits: wordBits) + headerRatio(wordBits: wordBits)
    }

    /// Bits stored per value, `p̄ + h/g`.
    public func bitsPerValue(groupBits p: Double, wordBits: Int) -> Double {
        OperandPrecision.clamped(p, wordBits: wordBits) + Double(header(wordBits: wordBits)) / Double(group)
    }
}
