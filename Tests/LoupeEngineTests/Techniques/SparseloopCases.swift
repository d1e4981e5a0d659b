import LoupeModel
@testable import LoupeEngine

/// The Sparseloop exercise cases (`sparse_0*` of the public Timeloop/Accelergy exercises) re-expressed in Loupe
/// (source: the public Timeloop/Accelergy exercises, `parsed-processed-input.yaml` for the
/// architecture, densities and sparse optimizations, `timeloop-mapper.ERT.yaml` for the
/// energies, `timeloop-mapper.map.txt` for the mapping, `timeloop-mapper.stats.txt` for the
/// results quoted in each case).
///
/// Dimension names: Sparseloop's dot product and matrix multiply reduce over `K`, Loupe over
/// `C`; Sparseloop's `M`/`N` of `Z[m,n] = Σ_k A[m,k]·B[n,k]` are Loupe's `P` and `K`. So
/// `A` → inputs `[C, H=P]`, `B` → weights `[K, C]`, `Z` → outputs `[K, P]`. In the conv1d cases
/// Sparseloop's `S, Q, M` are Loupe's `S, Q, K` (inputs span `Q + S − 1` columns).
///
/// Totals are Sparseloop's `fJ/Compute` × computes (its `Energy: 0.00 uJ` line is rounded).
enum SparseloopCase {
    /// The MAC of every case: `intmac` 8×8 → 16 bits, 0.315 pJ per compute (leakage not counted
    /// by Timeloop's per-compute figure, nor by Loupe).
    static let mac = SparseFixture.mac(0.315)

    // MARK: sparse_01 — dot product Z = Σ_k A[k]·B[k], K = 16, one 64 × 8-bit register file.

    /// `Buffer` regfile: 64 words of 8 bits, read bandwidth 3, write 1 (DUDU, SUDU); the SCDU
    /// variant has a 4-bit metadata store (read 4, write 3).
    static func dotProductArchitecture(compressed: Bool, techniques: [TechniqueSpec]) -> Architecture {
        let buffer = compressed
            ? SparseFixture.storage("Buffer", class: .regfile, words: 64, wordBits: 8, read: 0.582895, write: 0.510895,
                                    leak: 0.002083, metadata: (0.191076, 0.170111),
                                    bandwidth: Bandwidth(read: 4, write: 3))
            : SparseFixture.storage("Buffer", class: .regfile, words: 64, wordBits: 8, read: 1.95808, write: 1.88608,
                                    leak: 0.001606, bandwidth: Bandwidth(read: 3, write: 1))
        return SparseFixture.architecture([buffer, mac], techniques: techniques, name: "dot-product")
    }

    static func dotProductLayer(densityA: Double?) -> Layer {
        var stats = DataStats()
        if let densityA {
            stats.density[.inputs] = densityA
            stats.distribution = .structured
        }
        return SparseFixture.layer("dot", [.C: 16], stats: stats)
    }

    static let dotProductMapping = Mapping(levels: [LevelMapping(temporal: SparseFixture.loops(Dimension.C, 16))])

    // MARK: sparse_02 — spMspM, M = N = K = 8, A 25% and B 50% dense (fixed_structured).

    /// `BackingStorage` (512 × 32-bit SRAM = 2048 words of 8 bits, blocks of 4, 4-bit metadata
    /// store) over `Buffer` (regfile with metadata, 128 words — 64 in the tiled case — bandwidth
    /// 5/5, keeps B and Z; A bypasses it).
    static func matmulArchitecture(tiled: Bool, techniques: [TechniqueSpec]) -> Architecture {
        let backing = SparseFixture.storage("BackingStorage", words: 2048, wordBits: 8, block: 4, read: 2.290882,
                                            write: 2.694173, leak: 0.002378, metadata: (0.373885, 0.726887))
        let buffer = tiled
            ? SparseFixture.storage("Buffer", class: .regfile, words: 64, wordBits: 8, read: 0.582895, write: 0.510895,
                                    leak: 0.002327, metadata: (0.311135, 0.275135),
                                    bandwidth: Bandwidth(read: 5, write: 5), keeps: [.weights, .outputs])
            : SparseFixture.storage("Buffer", class: .regfile, words: 128, wordBits: 8, read: 1.060977, write: 0.988977,
                                    leak: 0.003217, metadata: (0.553457, 0.517458),
                                    bandwidth: Bandwidth(read: 5, write: 5), keeps: [.weights, .outputs])
        return SparseFixture.architecture([backing, buffer, mac], techniques: techniques, name: "spMspM")
    }

    static let matmulLayer = SparseFixture.layer("spMspM", [.P: 8, .K: 8, .C: 8],
                                                 stats: SparseFixture.stats(density: [.inputs: 0.25, .weights: 0.5],
                                                                            distribution: .structured), type: .matmul)

    /// Untiled: `Buffer` runs K8 N8 M8 (Loupe C8 K8 P8). Tiled: `BackingStorage` N4, then `Buffer`
    /// K8 N2 M8.
    static func matmulMapping(tiled: Bool) -> Mapping {
        tiled
            ? Mapping(levels: [LevelMapping(temporal: SparseFixture.loops(Dimension.K, 4)),
                               LevelMapping(temporal: SparseFixture.loops(Dimension.C, 8, Dimension.K, 2, Dimension.P, 8))])
            : Mapping(levels: [LevelMapping(),
                               LevelMapping(temporal: SparseFixture.loops(Dimension.C, 8, Dimension.K, 8, Dimension.P, 8))])
    }

    /// The sparse optimizations of both spMspM cases: A and B in UOP-CP (= CSR) at
    /// `BackingStorage`, B in UOP-CP at `Buffer`; at `Buffer` A skips on B, B on A, Z on A and B.
    /// A, kept only at `BackingStorage`, is read there straight into the MAC, which is where
    /// Sparseloop's skip of A shows, so the `on: weights` entry names both levels.
    static let matmulTechniques: [TechniqueSpec] = [
        SparseFixture.technique("compression", ["tensor": "weights", "format": "csr", "at": "BackingStorage,Buffer",
                                                "index_bits": "4", "pointer_bits": "4", "metadata_word_bits": "4"]),
        SparseFixture.technique("compression", ["tensor": "inputs", "format": "csr", "at": "BackingStorage",
                                                "index_bits": "4", "pointer_bits": "4", "metadata_word_bits": "4"]),
        SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "Buffer"]),
        SparseFixture.technique("zero_skipping", ["on": "weights", "at": "Buffer,BackingStorage"]),
    ]

    // MARK: sparse_03 — conv1d, S = 3, Q = 9 (and M = 16 output channels), weights ≈ 43% dense.

    static func conv1dArchitecture(variant: Int, techniques: [TechniqueSpec]) -> Architecture {
        let backing = SparseFixture.storage("BackingStorage", words: 2048, wordBits: 8, block: 4, read: 2.290882,
                                            write: 2.694173, leak: 0.002378, metadata: (0.373885, 0.726887))
        let buffer: Level
        var macLevel = mac
        switch variant {
        case 1:
            buffer = SparseFixture.storage("Buffer", class: .regfile, words: 64, wordBits: 8, read: 0.582895,
                                           write: 0.510895, leak: 0.001889, metadata: (0.118418, 0.106208))
        case 2:
            buffer = SparseFixture.storage("Buffer", class: .regfile, words: 256, wordBits: 8, read: 2.01058,
                                           write: 1.93858, leak: 0.003738, metadata: (0.220341, 0.196368),
                                           keeps: [.inputs])
        default:
            buffer = SparseFixture.storage("Buffer", class: .regfile, words: 128, wordBits: 8, read: 1.060977,
                                           write: 0.988977, leak: 0.002873, metadata: (0.311135, 0.275135),
                                           keeps: [.inputs, .outputs], arrayX: 4)
            macLevel = SparseFixture.mac(0.315)
        }
        return SparseFixture.architecture([backing, buffer, macLevel], techniques: techniques, name: "conv1d")
    }

    static func conv1dLayer(variant: Int) -> Layer {
        variant == 1
            ? SparseFixture.layer("conv1d", [.S: 3, .Q: 9],
                                  stats: SparseFixture.stats(density: [.weights: 0.43], distribution: .structured))
            : SparseFixture.layer("conv1d+oc", [.S: 3, .Q: 9, .K: 16],
                                  stats: SparseFixture.stats(density: [.weights: 0.4333], distribution: .structured))
    }

    static func conv1dMapping(variant: Int) -> Mapping {
        switch variant {
        case 1:
            return Mapping(levels: [LevelMapping(), LevelMapping(temporal: SparseFixture.loops(Dimension.Q, 9, Dimension.S, 3))])
        case 2:
            return Mapping(levels: [LevelMapping(),
                                    LevelMapping(temporal: SparseFixture.loops(Dimension.Q, 9, Dimension.S, 3, Dimension.K, 16))])
        default:
            return Mapping(levels: [LevelMapping(temporal: SparseFixture.loops(Dimension.K, 4),
                                                 spatialX: SparseFixture.loops(Dimension.K, 4)),
                                    LevelMapping(temporal: SparseFixture.loops(Dimension.Q, 9, Dimension.S, 3))])
        }
    }

    /// conv1d: weights RLE at both levels, inputs and outputs skip on weights at `Buffer`.
    /// conv1d+oc (and its spatial variant): weights UOP-RLE (UOP-UOP-RLE) at `BackingStorage` —
    /// offsets plus one entry per non-zero, which is Loupe's `csr` over the same ranks — and
    /// inputs skip on weights at `Buffer`.
    static func conv1dTechniques(variant: Int) -> [TechniqueSpec] {
        let skip = SparseFixture.technique("zero_skipping", ["on": "weights", "at": "Buffer"])
        if variant == 1 {
            return [SparseFixture.technique("compression", ["tensor": "weights", "format": "rle",
                                                            "at": "BackingStorage,Buffer", "run_bits": "4",
                                                            "pack_bits": "0", "metadata_word_bits": "4"]), skip]
        }
        return [SparseFixture.technique("compression", ["tensor": "weights", "format": "csr", "at": "BackingStorage",
                                                        "index_bits": "4", "pointer_bits": "4",
                                                        "metadata_word_bits": "4"]), skip]
    }
}
