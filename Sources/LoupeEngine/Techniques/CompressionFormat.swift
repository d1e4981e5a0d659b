import LoupeModel

/// What a compressed representation costs per dense value: the bits of the values themselves
/// and the bits of the metadata that locates them (indices, run lengths, masks, headers).
public struct CompressedBits: Sendable, Hashable {
    /// Bits of stored values per dense value (e.g. `d·w` when only non-zeros are kept).
    public var dataBits: Double
    /// Bits of metadata per dense value.
    public var metadataBits: Double

    public init(dataBits: Double, metadataBits: Double) {
        self.dataBits = dataBits
        self.metadataBits = metadataBits
    }

    /// `dataBits + metadataBits`.
    public var totalBits: Double { dataBits + metadataBits }
}

/// The shape of the tile a format compresses, when a mapping gives one.
///
/// `ranks` are the extents of the tile's loops that index the tensor, outermost first, in the
/// order the mapping traverses the tile (Sparseloop builds its fibertree ranks the same way);
/// `axes` are the tile's extents along the tensor's own axes (e.g. `[N, G, C, H, W]` for
/// inputs), whatever the loop order. `words` is the tile's dense size.
public struct CompressionTile: Sendable, Hashable {
    public var ranks: [Int]
    public var axes: [Int]
    public var words: Int

    public init(ranks: [Int], axes: [Int], words: Int) {
        self.ranks = ranks.filter { $0 > 1 }
        self.axes = axes.filter { $0 > 1 }
        self.words = max(1, words)
    }

    /// The whole tensor as one tile, ranks and axes in the tensor's own layout:
    /// weights `[G·K, C·R·S]`, inputs `[N·G·C·H, W]`, outputs `[N·G·K·P, Q]` (rows, columns —
    /// the usual matrix view of a filter bank or a feature map).
    public static func wholeTensor(_ tensor: TensorKind, layer: Layer) -> CompressionTile {
        let words = layer.tensorSize(tensor)
        let axes: [Int]
        let columns: Int
        switch tensor {
        case .weights:
            axes = [layer[.G], layer[.K], layer[.C], layer[.R], layer[.S]]
            columns = layer[.C] * layer[.R] * layer[.S]
        case .inputs:
            axes = [layer[.N], layer[.G], layer[.C], layer.inputRows, layer.inputCols]
            columns = layer.inputCols
        case .outputs:
            axes = [layer[.N], layer[.G], layer[.K], layer[.P], layer[.Q]]
            columns = layer[.Q]
        }
        let rows = max(1, words / max(1, columns))
        return CompressionTile(ranks: [rows, columns], axes: axes, words: words)
    }
}

/// A compressed representation of a tensor (`format:` of a `compression` entry, docs/spec.md
/// §5, docs/sparsity.md "Formats").
///
/// A format states what one dense value costs once compressed, as data bits plus metadata bits,
/// given the tensor's density `d`, the bits `w` of one dense value (the word bits of the level
/// that stores it), the layer and its statistics. The ``Compression`` technique turns that into
/// traffic (words moved), metadata accesses and capacity:
///
///     data words per dense word     = dataBits / w
///     metadata words per dense word = metadataBits / w
///
/// A new format is one type conforming to this protocol — its ``name``, its options read in
/// ``init(options:)``, its bits — plus one line in ``CompressionFormats/all`` (docs/sparsity.md,
/// "Adding a technique or a compression format"). Formats whose cost depends on the tile's
/// shape (CSR, COO) also implement the `tile:` variant; the others get it for free.
public protocol CompressionFormat: Sendable {
    /// The name used in specs and reports (`rle`, `csr`, …).
    static var name: String { get }

    /// Reads the format's own options from the compression entry (each read declares the
    /// option; problems are recorded in `options`).
    init(options: inout TechniqueOptions)

    /// Data and metadata bits per dense value of `tensor` at density `density`, for values of
    /// `wordBits` bits, averaged over the whole tensor.
    func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats) -> CompressedBits

    /// The same for one tile of a mapping (the default ignores the tile).
    func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats,
                      tile: CompressionTile) -> CompressedBits
}

extension CompressionFormat {
    /// ``name`` of the format's type.
    public var name: String { Self.name }

    public func bitsPerValue(density: Double, wordBits: Int, tensor: TensorKind, layer: Layer, stats: DataStats,
                             tile: CompressionTile) -> CompressedBits {
        bitsPerValue(density: density, wordBits: wordBits, tensor: tensor, layer: layer, stats: stats)
    }
}

/// Small helpers shared by the built-in formats.
enum CompressionMath {
    /// `⌈log₂ n⌉` for `n ≥ 1`, at least 1: the bits of an index into `n` positions.
    static func indexBits(_ n: Int) -> Int {
        var bits = 0
        while bits < 62 && (1 << bits) < n { bits += 1 }
        return max(1, bits)
    }
}
