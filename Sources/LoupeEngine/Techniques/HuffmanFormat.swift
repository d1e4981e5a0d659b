import LoupeModel

/// Entropy (Huffman) coding of values (`format: huffman`).
///
/// Sources: Han, Mao, Dally, "Deep Compression", ICLR 2016 (Huffman coding of quantized
/// weights and sparse indices saves a further 20–30%); Moons et al., VLSI 2016, as in the
/// Sze et al. tutorial slides ("Compression of weights & activations": zero coded as `1'b0`,
/// any other value as `{1'b1, value}`).
///
/// Bits per value, in order of precedence:
/// 1. the `bits` option (the measured average code length);
/// 2. `stats.entropy_bits[t]` — a Huffman code's average length `L̄` satisfies
///    `H ≤ L̄ < H + 1`; the entropy `H` is used as the estimate;
/// 3. otherwise the zero-flag code of the slides: `(1 − d)·1 + d·(1 + w)` bits, i.e. `d·w` data
///    bits plus one flag bit per value (the same size as a bitmask).
///
/// Cases 1 and 2 are all data (no separate metadata); the codebook is not counted.
public struct HuffmanFormat: CompressionFormat {
    public var bits: Double?

    public init(bits: Double? = nil) { self.bits = bits }

    public static let name = "huffman"

    public init(options: inout TechniqueOptions) {
        self.init(bits: options.number("bits", in: 0...1_000_000))
    }

    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats) -> CompressedBits {
        if let bits { return CompressedBits(dataBits: bits, metadataBits: 0) }
        if let h = stats.entropyBits[tensor], h.isFinite, h >= 0 { return CompressedBits(dataBits: h, metadataBits: 0) }
        let d = min(1, max(0, density))
        return CompressedBits(dataBits: d * Double(wordBits), metadataBits: 1)
    }
}
