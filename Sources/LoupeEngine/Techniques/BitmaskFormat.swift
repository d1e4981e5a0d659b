import LoupeModel

/// A presence bit per value plus the non-zeros (`format: bitmask`; Sparseloop's `B` rank,
/// SCNN-style zero-value compression).
///
///     data bits     = d·w
///     metadata bits = 1          (per dense value, whatever the density)
///
/// It pays off when `d·w + 1 < w`, i.e. `d < 1 − 1/w`.
public struct BitmaskFormat: CompressionFormat {
    public static let name = "bitmask"

    public init() {}
    public init(options: inout TechniqueOptions) {}

    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats) -> CompressedBits {
        CompressedBits(dataBits: min(1, max(0, density)) * Double(wordBits), metadataBits: 1)
    }
}
