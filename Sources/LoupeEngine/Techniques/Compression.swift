import LoupeModel

/// Compressed storage and traffic of one tensor at one or more levels
/// (`{kind: compression, tensor: T, format: F, at: LEVEL | [LEVELS]}`, docs/spec.md §5, docs/sparsity.md).
///
/// The format (``CompressionFormat``, looked up in ``CompressionFormats``)
/// gives data bits `D` and metadata bits `M` per dense value of `T` at its density `d`, on the
/// tile the level holds under the mapping (``SparseGeometry/tile(_:level:words:)``). With `w`
/// the level's word bits and `v` the bits of one dense value there (`bitsPerValue`, `w` unless
/// a precision technique packed the values), every access of `T` at the level moves
///
///     data words     × D / v        (reads, fills, updates — and gated/skipped counts alike)
///     metadata words + (reads + fills + updates) · M / v    (in data words, `metadataWords`)
///
/// Metadata accesses are charged by ``Evaluation/refresh(architecture:)``: per metadata access
/// of `metadata_word_bits` (option; default the level's word) at the level's `metadata_read` /
/// `metadata_write` / `metadata_update` energies when the spec gives them (a separate metadata
/// store, as in Sparseloop), else at the data energy of that slice of a block. Bandwidth counts
/// data and metadata words alike. Zeros of `T` then cost nothing at that level — this is how a
/// compressed condition operand's own zero reads disappear (Sparseloop's SCDU case).
///
/// Capacity: ``storageRatio(tensor:level:stats:)`` is `(D + M)/w` at the listed levels, so a
/// mapper fits compressed tiles.
///
/// `fallback: raw` (default) keeps a tensor uncompressed at a level where the format would not
/// shrink it (`D + M ≥ v`, e.g. RLC on a dense first-layer image: Eyeriss reads the image as
/// is), as an encoder with a raw mode does; `fallback: none` charges the expansion.
///
/// Assumptions (listed in the notes): the density is the tensor's (`stats.density`, 1 when not
/// given), uniform-random unless `distribution` says otherwise; partial sums of outputs are
/// assumed to have the final outputs' density; (de)compression logic costs nothing.
public struct Compression: Technique {
    public let tensor: TensorKind
    public let format: any CompressionFormat
    /// Storage levels where the tensor is kept compressed.
    public let levels: [String]
    /// Bits of one metadata access; nil = the level's word bits.
    public let metadataWordBits: Double?
    /// Keep the tensor raw where compression would not shrink it.
    public let rawFallback: Bool
    let wordBits: [String: Int]

    public static let kind = "compression"

    /// `fallback:` — keep a tensor raw where the format would not shrink it, or charge the expansion.
    public enum Fallback: String, CaseIterable, Sendable { case raw, none }

    public init(options o: inout TechniqueOptions, architecture: Architecture) {
        let t = o.tensor("tensor", required: true)
        var built: (any CompressionFormat)?
        if let (name, node) = o.word("format") {
            built = CompressionFormats.make(named: name, options: &o)
            if built == nil {
                o.error("unknown compression format '\(name)' in technique '\(Self.kind)'", at: node,
                        hint: TechniqueOptions.guess(name, among: CompressionFormats.names)
                            + "the formats are " + CompressionFormats.names.joined(separator: ", "))
            }
        } else if !o.isGiven("format") {
            o.error("technique '\(Self.kind)' needs 'format': one of " + CompressionFormats.names.joined(separator: ", "))
        }
        if built == nil {
            // The format is unknown: its options cannot be told from misspellings.
            for type in CompressionFormats.all { o.declare(CompressionFormats.optionNames(of: type)) }
        }
        let at = o.levels("at", architecture: architecture, allowCompute: false)
        let mbits = o.number("metadata_word_bits", in: 1...4096)
        let fallback = o.choice("fallback", default: Fallback.raw)
        if let t {
            for name in at where architecture.levels.first(where: { $0.name == name })?.keeps.contains(t) == false {
                o.error("technique '\(Self.kind)' compresses \(t) at '\(name)', which does not keep \(t)", at: o.spec["at"])
            }
        }
        tensor = t ?? .inputs
        format = built ?? BitmaskFormat()
        levels = at
        metadataWordBits = mbits
        rawFallback = fallback == .raw
        var bits: [String: Int] = [:]
        for l in architecture.levels { bits[l.name] = l.wordBits }
        wordBits = bits
    }

    /// E.g. `compression(inputs:rle @DRAM)`.
    public var label: String { "compression(\(tensor):\(format.name) @\(levels.joined(separator: ",")))" }

    public func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation {
        let layer = context.layer
        let stats = context.stats
        let density = stats.densityOf(tensor)
        if stats.density[tensor] == nil {
            notes.append("compression: no density given for \(tensor) in \(layer.name); taken as dense (1)")
        } else if stats.distribution == nil && density < 1 {
            notes.append("compression: density of \(tensor) (\(fmt(density))) assumed uniform-random (no distribution given)")
        }
        var e = evaluation
        let g = SparseGeometry(evaluation: evaluation, architecture: context.architecture, layer: layer)
        for name in levels {
            guard let i = g.index(of: name), let li = e.levels.firstIndex(where: { $0.name == name }),
                  let k = e.levels[li].tensors.firstIndex(where: { $0.tensor == tensor }) else {
                notes.append("compression: \(tensor) bypass \(name) under this mapping; nothing to compress there")
                continue
            }
            var a = e.levels[li].tensors[k]
            if let previous = a.compressionFormat {
                notes.append("compression: \(tensor) at \(name) already compressed as \(previous); \(format.name) not applied")
                continue
            }
            let w = Double(max(1, wordBits[name] ?? 16))
            let v = max(1e-9, a.bitsPerValue ?? w)
            let tile = g.tile(tensor, level: i, words: a.tileWords)
            let bits = format.bitsPerValue(density: density, wordBits: Int(v.rounded()), tensor: tensor, layer: layer,
                                           stats: stats, tile: tile)
            if rawFallback && bits.totalBits >= v {
                notes.append("compression: \(format.name) would not shrink \(tensor) at \(name) (\(fmt(bits.totalBits)) bits "
                    + "per \(fmt(v))-bit value at density \(fmt(density))); kept raw")
                continue
            }
            apply(bits, perValue: v, to: &a)
            e.levels[li].tensors[k] = a
            notes.append("compression: \(tensor) at \(name) as \(format.name): \(fmt(bits.dataBits)) data + "
                + "\(fmt(bits.metadataBits)) metadata bits per \(fmt(v))-bit value (density \(fmt(density)))")
            if tensor == .outputs && a.reads > 0 {
                notes.append("compression: partial sums of outputs at \(name) assumed to have the outputs' density")
            }
        }
        e.rescaleNetworks(before: evaluation, architecture: context.architecture, geometry: g)
        e.refresh(architecture: context.architecture)
        return e
    }

    /// Scales `a`'s data accesses by `D/v` and adds `M/v` metadata words per accessed word.
    func apply(_ bits: CompressedBits, perValue v: Double, to a: inout TensorAccesses) {
        let dataScale = bits.dataBits / v
        a.addMetadata(perWord: bits.metadataBits / v)
        if let metadataWordBits { a.metadataWordBits = metadataWordBits }
        a.reads *= dataScale
        a.fills *= dataScale
        a.updates *= dataScale
        a.gated *= dataScale
        a.skipped *= dataScale
        a.bitsPerValue = bits.dataBits
        a.compressionFormat = format.name
    }

    /// `(D + M)/w` at the listed levels for `tensor` (1 elsewhere, and where `fallback: raw`
    /// keeps it raw). Without the layer the whole-tensor shape is unknown: formats that index
    /// positions (csr, coo) get 16-bit indices unless `index_bits` is given — a bound for
    /// dimensions up to 65,536, so capacity is never overestimated for them.
    public func storageRatio(tensor: TensorKind, level: String, stats: DataStats) -> Double {
        guard tensor == self.tensor, levels.contains(level) else { return 1 }
        let w = max(1, wordBits[level] ?? 16)
        let unknown = CompressionTile(ranks: [1 << 16], axes: [1 << 16], words: 1 << 16)
        let bits = format.bitsPerValue(density: stats.densityOf(tensor), wordBits: w, tensor: tensor,
                                       layer: Layer(name: "", stats: stats), stats: stats, tile: unknown)
        return ratio(bits, wordBits: w)
    }

    /// `(D + M)/w` for `layer`'s whole tensor (its matrix view, ``CompressionTile/wholeTensor(_:layer:)``).
    public func storageRatio(tensor: TensorKind, level: String, layer: Layer) -> Double {
        guard tensor == self.tensor, levels.contains(level) else { return 1 }
        let w = max(1, wordBits[level] ?? 16)
        let bits = format.bitsPerValue(density: layer.stats.densityOf(tensor), wordBits: w, tensor: tensor, layer: layer,
                                       stats: layer.stats, tile: CompressionTile.wholeTensor(tensor, layer: layer))
        return ratio(bits, wordBits: w)
    }

    func ratio(_ bits: CompressedBits, wordBits w: Int) -> Double {
        let r = bits.totalBits / Double(w)
        return rawFallback ? min(1, r) : r
    }
}

extension TensorAccesses {
    /// Adds `scale` metadata words per data word of the current reads, fills and updates, each
    /// on its own side, so that the read/fill/update split of `metadataWords` stays right
    /// (``Evaluation/refresh(architecture:)`` charges them by it).
    mutating func addMetadata(perWord scale: Double) {
        let total = metadataWords + (reads + fills + updates) * scale
        if total > 0 {
            metadataFillShare = (metadataWords * metadataFillShare + fills * scale) / total
            metadataUpdateShare = (metadataWords * metadataUpdateShare + updates * scale) / total
        }
        metadataWords = total
    }
}

private func fmt(_ x: Double) -> String { sparseFormat(x) }
