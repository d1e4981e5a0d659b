import Foundation
import Testing
import LoupeModel
@testable import LoupeEngine

/// The density model, the built-in formats and the option checks, each against a hand
/// computation (formulas in `DensityModel.swift` and the format files).
@Suite("Density model and compression formats")
struct SparseModelUnitTests {
    // MARK: DensityModel

    /// Hypergeometric: N = 8, K = 2 non-zeros, tiles of 2: P(empty) = C(6,2)/C(8,2) = 15/28.
    @Test func hypergeometricEmptyTile() {
        let m = DensityModel(density: 0.25, distribution: .uniform, tensorSize: 8)
        #expect(SparseFixture.close(m.probabilityEmpty(tile: 2), 15.0 / 28.0, 1e-12))
        let p = m.occupancyDistribution(tile: 2)
        #expect(SparseFixture.close(p[1], 12.0 / 28.0, 1e-12))        // C(2,1)·C(6,1)/C(8,2)
        #expect(SparseFixture.close(p[2], 1.0 / 28.0, 1e-12))
        #expect(m.probabilityEmpty(tile: 7) == 0)                     // 6 zeros cannot fill 7 slots
    }

    /// Big tensors: the binomial `(1 − d)^n`; the hypergeometric of a large N agrees with it.
    @Test func binomialApproximation() {
        let big = DensityModel(density: 0.3, distribution: .uniform, tensorSize: 10_000_000)
        #expect(big.usesBinomial)
        #expect(SparseFixture.close(big.probabilityEmpty(tile: 5), 0.7 * 0.7 * 0.7 * 0.7 * 0.7, 1e-12))
        let mid = DensityModel(density: 0.3, distribution: .uniform, tensorSize: 1_000_000)
        #expect(!mid.usesBinomial)
        #expect(SparseFixture.close(mid.probabilityEmpty(tile: 5), 0.16807, 1e-4))
    }

    /// Structured: every tile holds ⌊d·n⌋ or ⌈d·n⌉ non-zeros, mean d·n; empty only when d·n < 1.
    @Test func structuredOccupancy() {
        let m = DensityModel(density: 0.5, distribution: .structured, tensorSize: 64)
        #expect(m.probabilityEmpty(tile: 4) == 0)                     // 2:4
        #expect(m.probabilityEmpty(tile: 1) == 0.5)
        let s = DensityModel(density: 0.43, distribution: .structured, tensorSize: 48)
        #expect(s.occupancyQuantile(tile: 3, probability: 0.999) == 2)   // ⌈1.29⌉
        let p = s.occupancyDistribution(tile: 3)
        #expect(SparseFixture.close(p[1], 0.71, 1e-12) && SparseFixture.close(p[2], 0.29, 1e-12))
    }

    @Test("distributions sum to 1 with mean d·n", arguments: [(0.1, 16), (0.5, 33), (0.77, 200), (0.3, 5000)])
    func moments(d: Double, n: Int) {
        for dist in DensityDistribution.allCases {
            for size in [4 * n, 50_000_000] {
                let m = DensityModel(density: d, distribution: dist, tensorSize: size)
                let p = m.occupancyDistribution(tile: n)
                let total = p.reduce(0, +)
                let mean = p.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
                #expect(abs(total - 1) < 1e-6)
                // E[X] = n·K/N with K = round(d·N) (uniform), d·n (structured).
                let exact = dist == .uniform && !m.usesBinomial
                    ? Double(n) * Double(m.nonZeros) / Double(size) : d * Double(n)
                #expect(abs(mean - exact) < 1e-3 * Double(n) * d + 1e-6)
                #expect(SparseFixture.close(m.expectedMaxOccupancy(tile: n, tiles: 1), mean, 1e-6))
                #expect(m.expectedMaxOccupancy(tile: n, tiles: 16) >= mean - 1e-9)
            }
        }
    }

    // MARK: Formats

    /// Eyeriss RLC at d = 0.4, 16-bit values: 0.4 pairs of 64/3 bits = 8.53 bits, 6.4 of them data.
    @Test func eyerissRunLength() {
        let f = RunLengthFormat()
        let stats = SparseFixture.stats(density: [.inputs: 0.4])
        let b = f.bitsPerValue(density: 0.4, wordBits: 16, tensor: .inputs, layer: Layer(name: "x"), stats: stats)
        #expect(SparseFixture.close(b.totalBits, 0.4 * 64 / 3, 1e-6))
        #expect(SparseFixture.close(b.dataBits, 6.4, 1e-6))
        // All zeros: one filler pair per 32 values.
        #expect(SparseFixture.close(f.pairsPerValue(density: 0, distribution: .uniform), 1.0 / 32, 1e-12))
        #expect(SparseFixture.close(f.pairsPerValue(density: 1e-9, distribution: .uniform), 1.0 / 32, 1e-6))
        // d = 0.1 uniform: fillers q^32/(1 − q^32) per non-zero, q = 0.9.
        let q32 = pow(0.9, 32.0)
        #expect(SparseFixture.close(f.pairsPerValue(density: 0.1, distribution: .uniform), 0.1 * (1 + q32 / (1 - q32)), 1e-12))
        // Structured d = 0.01: runs of 99 zeros need ⌊99/32⌋ = 3 fillers.
        #expect(SparseFixture.close(f.pairsPerValue(density: 0.01, distribution: .structured), 0.04, 1e-12))
    }

    @Test func bitmaskCooCsrHuffman() {
        let layer = SparseFixture.layer("fc", [.C: 9216, .K: 4096], type: .fc)
        let stats = DataStats()
        let bm = BitmaskFormat().bitsPerValue(density: 0.25, wordBits: 8, tensor: .weights, layer: layer, stats: stats)
        #expect(bm.dataBits == 2 && bm.metadataBits == 1)
        // COO on the whole fc weight matrix: ⌈log₂ 4096⌉ + ⌈log₂ 9216⌉ = 12 + 14 bits per non-zero.
        let coo = COOFormat().bitsPerValue(density: 0.1, wordBits: 16, tensor: .weights, layer: layer, stats: stats)
        #expect(SparseFixture.close(coo.metadataBits, 0.1 * 26, 1e-12))
        // CSR on it: 14-bit column indices, 4097 row pointers of ⌈log₂(37748737)⌉ = 26 bits.
        let csr = CSRFormat().bitsPerValue(density: 0.1, wordBits: 16, tensor: .weights, layer: layer, stats: stats)
        let pointerBits: Double = 26.0 * 4097 / 37_748_736
        #expect(SparseFixture.close(csr.metadataBits, 0.1 * 14 + pointerBits, 1e-12))
        #expect(CSRFormat.pointerEntries(ranks: [8, 8]) == 9)
        #expect(CSRFormat.pointerEntries(ranks: [4, 8, 2]) == 5 + 36)
        #expect(CSRFormat.pointerEntries(ranks: [16]) == 0)
        // Huffman: option, then entropy statistic, then the zero-flag code of the slides.
        #expect(HuffmanFormat(bits: 3.2).bitsPerValue(density: 0.5, wordBits: 16, tensor: .inputs, layer: layer,
                                                      stats: stats).totalBits == 3.2)
        let entropy = SparseFixture.stats(entropy: [.inputs: 4.5])
        #expect(HuffmanFormat().bitsPerValue(density: 0.5, wordBits: 16, tensor: .inputs, layer: layer,
                                             stats: entropy).totalBits == 4.5)
        #expect(HuffmanFormat().bitsPerValue(density: 0.5, wordBits: 16, tensor: .inputs, layer: layer,
                                             stats: stats).totalBits == 9)
    }

    @Test func registry() {
        for name in CompressionFormats.names { #expect(CompressionFormats.type(named: name)?.name == name) }
        #expect(CompressionFormats.type(named: "zip") == nil)
        var options = TechniqueOptions(TechniqueSpec(kind: "compression", options: ["run_bits": "4", "pack_bits": "0", "level_bits": "8"]))
        let rle = CompressionFormats.make(named: "rle", options: &options)
        #expect(options.problems.isEmpty && options.known == ["run_bits", "level_bits", "pack_bits", "run_code_bits"])
        let bits = rle?.bitsPerValue(density: 0.5, wordBits: 8, tensor: .weights, layer: Layer(name: "x"), stats: DataStats())
        #expect(SparseFixture.close(bits?.totalBits ?? 0, 6, 1e-4))     // 0.5 pairs of 4 + 8 bits, fillers ~1e-5
    }

    /// Capacity: Eyeriss RLC at density 0.4 stores 8.53 of 16 bits; csr without a layer assumes
    /// 16-bit indices (a bound), with the layer its real column count.
    @Test func storageRatio() throws {
        let arch = SparsityInvariantTests.architecture([])
        let rle = try Compression(spec: SparseFixture.technique("compression", ["tensor": "inputs", "format": "rle",
                                                                               "at": "DRAM"]), architecture: arch)
        let stats = SparseFixture.stats(density: [.inputs: 0.4, .weights: 0.1])
        #expect(SparseFixture.close(rle.storageRatio(tensor: .inputs, level: "DRAM", stats: stats), 0.4 * 64 / 3 / 16, 1e-6))
        #expect(rle.storageRatio(tensor: .inputs, level: "GLB", stats: stats) == 1)
        #expect(rle.storageRatio(tensor: .weights, level: "DRAM", stats: stats) == 1)
        #expect(rle.storageRatio(tensor: .inputs, level: "DRAM", stats: DataStats()) == 1)   // dense: kept raw
        let csr = try Compression(spec: SparseFixture.technique("compression", ["tensor": "weights", "format": "csr",
                                                                               "at": "DRAM"]), architecture: arch)
        #expect(SparseFixture.close(csr.storageRatio(tensor: .weights, level: "DRAM", stats: stats), 0.1 * (16 + 16) / 16, 1e-9))
        var fc = SparseFixture.layer("fc", [.C: 9216, .K: 4096], type: .fc)
        fc.stats = stats
        let exact = csr.storageRatio(tensor: .weights, level: "DRAM", layer: fc)
        let pointers: Double = 26.0 * 4097 / 37_748_736
        let expected: Double = (0.1 * 16 + 0.1 * 14 + pointers) / 16
        #expect(SparseFixture.close(exact, expected, 1e-9))
    }

    // MARK: Options and labels

    static func problems(_ kind: String, _ options: [String: String]) -> [String] {
        do {
            _ = try TechniqueRegistry.make(SparseFixture.technique(kind, options),
                                           architecture: SparsityInvariantTests.architecture([]))
            return []
        } catch {
            return error.diagnostics.map { $0.description }
        }
    }

    @Test func optionErrors() {
        #expect(Self.problems("zero_gating", ["on": "inputs", "at": "RF"]).isEmpty)
        #expect(Self.problems("zero_gating", ["on": "inputs", "at": "RF", "lanes": "4"]).contains { $0.contains("unknown option 'lanes'") })
        #expect(Self.problems("zero_skipping", ["on": "inputs", "at": "RF", "lanes": "4"]).contains { $0.contains("both") })
        #expect(Self.problems("zero_gating", ["on": "outputs", "at": "RF"]).contains { $0.contains("weights or inputs") })
        #expect(Self.problems("zero_gating", ["at": "RF"]).contains { $0.contains("needs 'on'") })
        #expect(Self.problems("zero_gating", ["on": "inputs"]).contains { $0.contains("needs 'at'") })
        #expect(Self.problems("zero_gating", ["on": "inputs", "at": "GBL"]).contains { $0.contains("did you mean 'GLB'") })
        #expect(Self.problems("zero_skipping", ["on": "inputs", "at": "RF", "tagets": "weights"])
            .contains { $0.contains("did you mean 'targets'") })
        #expect(Self.problems("compression", ["tensor": "inputs", "format": "rel", "at": "DRAM"])
            .contains { $0.contains("did you mean 'rle'") })
        #expect(Self.problems("compression", ["tensor": "weights", "format": "rle", "at": "GLB"])
            .contains { $0.contains("does not keep weights") })
        #expect(Self.problems("compression", ["tensor": "inputs", "format": "rle", "at": "MAC"])
            .contains { $0.contains("compute level") })
        #expect(Self.problems("compression", ["tensor": "inputs", "format": "rle", "at": "DRAM", "run_bits": "x"])
            .contains { $0.contains("must be a number") })
        #expect(Self.problems("compression", ["tensor": "inputs", "format": "rle", "at": "DRAM", "index_bits": "4"])
            .contains { $0.contains("unknown option 'index_bits'") })
    }

    @Test func labels() throws {
        let arch = SparsityInvariantTests.architecture([])
        #expect(try TechniqueRegistry.make(SparseFixture.technique("zero_gating", ["on": "inputs", "at": "MAC,RF"]),
                                           architecture: arch).label == "zero_gating(inputs @RF,MAC)")
        #expect(try TechniqueRegistry.make(SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "MAC", "lanes": "16",
                                                                                     "lane_values": "16"]),
                                           architecture: arch).label == "zero_skipping(inputs @MAC lanes 16×16)")
        #expect(try TechniqueRegistry.make(SparseFixture.technique("compression", ["tensor": "inputs", "format": "rle",
                                                                                   "at": "DRAM,GLB"]),
                                           architecture: arch).label == "compression(inputs:rle @DRAM,GLB)")
    }

    /// The notes state what was assumed.
    @Test func notes() throws {
        let r = try SparsityInvariantTests.run([SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "GLB,RF"])],
                                               SparseFixture.stats(density: [.inputs: 0.5]))
        #expect(r.notes.contains("zero_skipping: density of inputs (0.5) assumed uniform-random (no distribution given)"))
        #expect(r.notes.contains { $0.contains("each access of outputs at GLB meets") })
    }
}
