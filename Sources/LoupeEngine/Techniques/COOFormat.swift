import LoupeModel

/// Coordinate list (`format: coo`): every non-zero stored with its coordinates, one per tensor
/// axis the tile spans (Sparseloop's `CP` rank on a one-axis tile).
///
///     data bits     = d·w
///     metadata bits = d·Σ_a ⌈log₂ n_a⌉
///
/// over the tile's axes `a` of extent `n_a > 1` (``CompressionTile/axes``; without a mapping,
/// the whole tensor's axes). `index_bits` replaces every `⌈log₂ n_a⌉`.
public struct COOFormat: CompressionFormat {
    public var indexBits: Double?

    public init(indexBits: Double? = nil) { self.indexBits = indexBits }

    public static let name = "coo"

    public init(options: inout TechniqueOptions) {
        self.init(indexBits: options.number("index_bits", in: 0...1_000_000))
    }

    /// Bits of one non-zero's coordinates in a tile with these axis extents.
    public func coordinateBits(axes: [Int]) -> Double {
        let spans = axes.filter { $0 > 1 }
        if spans.isEmpty { return indexBits ?? 1 }
        if let indexBits { return indexBits * Double(spans.count) }
        return Double(spans.reduce(0) { $0 + CompressionMath.indexBits($1) })
    }

    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats) -> CompressedBits {
        bitsPerValue(density: density, wordBits: wordBits, tensor: tensor, layer: layer, stats: stats,
                     tile: CompressionTile.wholeTensor(tensor, layer: layer))
    }

    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats,
                             tile: CompressionTile) -> CompressedBits {
        let d = min(1, max(0, density))
        return CompressedBits(dataBits: d * Double(wordBits), metadataBits: d * coordinateBits(axes: tile.axes))
    }
}
