import LoupeModel

/// Compressed sparse rows (`format: csr`): row pointers plus a column index per non-zero — the
/// IA/JA arrays of Han et al.'s pruned layers (Han, Mao, Dally, "Deep Compression", ICLR 2016,
/// Fig. "compression overhead": the index is about half the storage of a finely pruned layer).
///
/// The tile's ranks `e_0 … e_k` (outermost first; the loops of the mapping that index the
/// tensor, see ``CompressionTile``) give the rows and columns: the innermost rank is the column,
/// the others the rows. With more than two ranks each outer rank gets its own pointer array
/// (compressed sparse fibers — the chain of offset arrays Sparseloop's `UOP…UOP-CP` builds),
/// which for two ranks is plain CSR:
///
///     pointers per tile  = Σ_{r<k} (Π_{j<r} e_j)·(e_r + 1)        (= rows + 1 for two ranks)
///     data bits          = d·w
///     metadata bits      = d·b_idx + b_ptr·pointers / Π_j e_j
///
/// with `b_idx` = `index_bits` (default `⌈log₂ e_k⌉`, the column count) and `b_ptr` =
/// `pointer_bits` (default `⌈log₂(Π e_j + 1)⌉`, enough to address every entry of the tile).
/// Without a mapping the whole tensor is one tile, `[rows, columns]` in its matrix view
/// (``CompressionTile/wholeTensor(_:layer:)``).
public struct CSRFormat: CompressionFormat {
    public var indexBits: Double?
    public var pointerBits: Double?

    public init(indexBits: Double? = nil, pointerBits: Double? = nil) {
        self.indexBits = indexBits
        self.pointerBits = pointerBits
    }

    public static let name = "csr"

    public init(options: inout TechniqueOptions) {
        self.init(indexBits: options.number("index_bits", in: 0...1_000_000),
                  pointerBits: options.number("pointer_bits", in: 0...1_000_000))
    }

    /// Pointer entries of one tile with ranks `e` (see the type's formula).
    public static func pointerEntries(ranks e: [Int]) -> Int {
        var total = 0
        var fibers = 1
        for r in 0..<max(0, e.count - 1) {
            total += fibers * (e[r] + 1)
            fibers *= e[r]
        }
        return total
    }

    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats) -> CompressedBits {
        bitsPerValue(density: density, wordBits: wordBits, tensor: tensor, layer: layer, stats: stats,
                     tile: CompressionTile.wholeTensor(tensor, layer: layer))
    }

    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats,
                             tile: CompressionTile) -> CompressedBits {
        let d = min(1, max(0, density))
        let ranks = tile.ranks.isEmpty ? [1] : tile.ranks
        let values = Double(ranks.reduce(1, *))
        let bIdx = indexBits ?? Double(CompressionMath.indexBits(ranks[ranks.count - 1]))
        let bPtr = pointerBits ?? Double(CompressionMath.indexBits(ranks.reduce(1, *) + 1))
        let pointers = Double(CSRFormat.pointerEntries(ranks: ranks))
        return CompressedBits(dataBits: d * Double(wordBits), metadataBits: d * bIdx + bPtr * pointers / values)
    }
}
