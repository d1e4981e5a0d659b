import Foundation
import LoupeModel

/// Run-length coding of zeros, Eyeriss's RLC (`format: rle`).
///
/// Source: Chen, Krishna, Emer, Sze, "Eyeriss: An Energy-Efficient Reconfigurable Accelerator
/// for Deep Convolutional Neural Networks", JSSC 52(1), 2017, §IV-B (and ISSCC 2016): each
/// non-zero is stored as a (run, level) pair — a 5-bit count of the zeros before it and its
/// 16-bit value — and three pairs plus one termination bit fill a 64-bit word.
///
/// With `r` = `run_bits` (default 5), `ℓ` = `level_bits` (default the value's word bits `w`),
/// `P` = `pack_bits` (default 64; 0 = pairs not packed), pairs per packed word
/// `k = ⌊(P − 1)/(r + ℓ)⌋`, and `L = 2^r`:
///
///     pairs per dense value  p = d·(1 + f)
///     bits per pair          b = P/k            (r + ℓ when not packed)
///     data bits              = p·ℓ
///     metadata bits          = p·(b − ℓ)        (runs, the termination bit, unused bits)
///
/// `f` counts filler pairs: a run of `z ≥ L` zeros needs `⌊z/L⌋` extra pairs that store a zero
/// as their level. For uniform-random zeros the run before a non-zero is geometric,
/// `P(z ≥ j) = (1 − d)^j`, so `f = Σ_{m≥1} (1−d)^{mL} = q^L/(1 − q^L)` with `q = 1 − d`; as
/// `d → 0`, `p → 1/L`. For structured zeros the runs are even, `z = (1 − d)/d` and
/// `f = ⌊z/L⌋`. Eyeriss at `d = 0.4`: `p = 0.4`, `b = 21.33` → 8.53 bits per 16-bit value.
///
/// Sparseloop's RLE rank (one run per non-zero, no packing) is `run_bits: 4, pack_bits: 0`
/// with `level_bits` = the data word. Deep Compression's relative indices (Han, Mao, Dally,
/// ICLR 2016: 4-bit index gaps, a filler zero when a gap exceeds 15) are `run_bits: 4,
/// pack_bits: 0` with `level_bits` the quantized weight bits; when runs and levels are then
/// Huffman-coded, `run_code_bits` and `level_bits` give the average code lengths (the alphabet,
/// and so the fillers, still follow `run_bits`; unpacked pairs cost `run_code_bits + ℓ`).
public struct RunLengthFormat: CompressionFormat {
    /// Bits of the run field: runs up to `2^r − 1` zeros fit one pair.
    public var runBits: Int
    /// Bits of a stored value; nil = the value's word bits.
    public var levelBits: Double?
    /// Pairs are packed `k` to a word of this many bits plus a termination bit; 0 = unpacked.
    public var packBits: Int
    /// Average bits of a coded run (entropy-coded runs); nil = `runBits`. Unpacked pairs only.
    public var runCodeBits: Double?

    public init(runBits: Int = 5, levelBits: Double? = nil, packBits: Int = 64, runCodeBits: Double? = nil) {
        self.runBits = max(1, min(30, runBits))
        self.levelBits = levelBits
        self.packBits = max(0, packBits)
        self.runCodeBits = runCodeBits
    }

    public static let name = "rle"

    /// Counts (`run_bits`, `pack_bits`) drop a fraction, as the memberwise initializer's
    /// clamping does for out-of-range widths.
    public init(options: inout TechniqueOptions) {
        self.init(runBits: options.count("run_bits", in: 0...1_000_000) ?? 5,
                  levelBits: options.number("level_bits", in: 0...1_000_000),
                  packBits: options.count("pack_bits", in: 0...1_000_000) ?? 64,
                  runCodeBits: options.number("run_code_bits", in: 0...1_000_000))
    }

    /// Filler pairs per non-zero, `f` (see the type's formula).
    public func fillersPerNonZero(density d: Double, distribution: DensityDistribution) -> Double {
        let maxRun = Double(1 << runBits)
        guard d > 0, d < 1 else { return 0 }
        switch distribution {
        case .structured:
            return ((1 - d) / d / maxRun).rounded(.down)
        case .uniform:
            let qL = Foundation.pow(1 - d, maxRun)
            return qL / (1 - qL)
        }
    }

    /// Pairs per dense value, `p = d·(1 + f)`; `1/L` at `d = 0`.
    public func pairsPerValue(density d: Double, distribution: DensityDistribution) -> Double {
        if d <= 0 { return 1 / Double(1 << runBits) }
        return d * (1 + fillersPerNonZero(density: d, distribution: distribution))
    }

    /// Bits one pair occupies, `P/k` (or `r + ℓ` unpacked, with `r` the coded run length).
    public func bitsPerPair(level: Double) -> Double {
        let pair = Double(runBits) + level
        if packBits > 0 {
            let perWord = Int((Double(packBits - 1) / pair).rounded(.down))
            if perWord >= 1 { return Double(packBits) / Double(perWord) }
        }
        return (runCodeBits ?? Double(runBits)) + level
    }

    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats) -> CompressedBits {
        let level = levelBits ?? Double(wordBits)
        let p = pairsPerValue(density: min(1, max(0, density)), distribution: stats.distribution ?? .uniform)
        let perPair = bitsPerPair(level: level)
        return CompressedBits(dataBits: p * level, metadataBits: p * (perPair - level))
    }
}
