import LoupeModel

/// N:M structured sparsity (`format: n_of_m`, options `n` (2), `m` (4), `index_bits`
/// (⌈log₂ m⌉)): of every `m` consecutive values at most `n` are non-zero, and the compressed
/// tensor keeps exactly `n` values per group — padding with zeros when a group has fewer — each
/// with the `⌈log₂ m⌉`-bit position it has in its group.
///
/// Source: Mishra et al., "Accelerating Sparse Deep Neural Networks", arXiv 2104.08378, 2021,
/// §2–3 (NVIDIA Ampere's 2:4 sparse Tensor Cores: a compressed matrix keeps the 2 non-zeros of
/// each group of 4 and a 2-bit index for each of them as metadata, so for 16-bit values the
/// indices add 1/8 to the half-size values); NVIDIA A100 Tensor Core GPU architecture
/// whitepaper, 2020, "Fine-grained structured sparsity". Per dense value of `w` bits:
///
///     data bits     = (n/m)·w
///     metadata bits = (n/m)·b_idx,    b_idx = index_bits, default ⌈log₂ m⌉
///
/// 2:4 at 16 bits: 8 data + 1 metadata bits, 9/16 = 0.5625 of the dense size.
///
/// The size does not depend on the density `d`: the pattern is fixed. A tensor must have been
/// pruned to the pattern (`d ≤ n/m`, typically with `distribution: structured`); a denser one
/// cannot be stored this way, and the format does not check it — the layer's statistics are
/// not known when the spec is read.
public struct StructuredNMFormat: CompressionFormat, Hashable {
    public static let name = "n_of_m"

    /// Values kept per group.
    public var n: Int
    /// Values per group.
    public var m: Int
    /// Bits of one kept value's position in its group; nil = `⌈log₂ m⌉`.
    public var indexBits: Double?

    public init(n: Int = 2, m: Int = 4, indexBits: Double? = nil) {
        self.m = max(1, m)
        self.n = min(max(0, n), self.m)
        self.indexBits = indexBits
    }

    public init(options: inout TechniqueOptions) {
        let n = options.wholeNumber("n", in: 0...65_536)
        let m = options.wholeNumber("m", in: 1...65_536)
        let b = options.number("index_bits", in: 0...64)
        if let n, n > (m ?? 4) {
            options.error("option 'n' of format 'n_of_m' must be at most 'm' (\(m ?? 4)), found \(n)", at: options.spec["n"],
                          hint: "n values are kept of every m")
        }
        self.init(n: n ?? 2, m: m ?? 4, indexBits: b)
    }

    /// `⌈log₂ m⌉` (0 for `m = 1`), or `index_bits` when given.
    public var positionBits: Double {
        if let indexBits { return indexBits }
        return m <= 1 ? 0 : Double(CompressionMath.indexBits(m))
    }

    /// `(n/m)·w` data and `(n/m)·b_idx` metadata bits per dense value; the density is not used.
    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats) -> CompressedBits {
        let kept = Double(n) / Double(m)
        return CompressedBits(dataBits: kept * Double(wordBits), metadataBits: kept * positionBits)
    }
}
