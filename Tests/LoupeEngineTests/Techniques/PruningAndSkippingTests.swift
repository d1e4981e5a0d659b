import Testing
import LoupeModel
@testable import LoupeEngine

/// Layer shapes for the pruning and skipping checks (from nn_dataflow's `alex_net.py`/`vgg_net.py`; AlexNet with its two-GPU groups).
enum PaperNetworks {
    static let alexNetFC: [Layer] = [
        SparseFixture.layer("fc6", [.C: 9216, .K: 4096], type: .fc),
        SparseFixture.layer("fc7", [.C: 4096, .K: 4096], type: .fc),
        SparseFixture.layer("fc8", [.C: 4096, .K: 1000], type: .fc),
    ]
    static var alexNet: [Layer] { AlexNetConv.layers + alexNetFC }

    /// VGG-16's 13 CONV layers: (C, K, output size).
    static let vgg16Conv: [Layer] = [
        (3, 64, 224), (64, 64, 224), (64, 128, 112), (128, 128, 112), (128, 256, 56), (256, 256, 56), (256, 256, 56),
        (256, 512, 28), (512, 512, 28), (512, 512, 28), (512, 512, 14), (512, 512, 14), (512, 512, 14),
    ].enumerated().map { i, s in
        SparseFixture.layer("vgg\(i)", [.C: s.0, .K: s.1, .P: s.2, .Q: s.2, .R: 3, .S: 3])
    }

    /// DRAM → an unbounded buffer → MACs, every loop in the buffer: DRAM reads each weight once.
    static func dramArchitecture(dramWordBits: Int, techniques: [TechniqueSpec]) -> Architecture {
        SparseFixture.architecture([
            SparseFixture.storage("DRAM", class: .dram, wordBits: dramWordBits, read: 200, write: 200),
            SparseFixture.storage("Buffer", read: 6, write: 6),
            SparseFixture.mac(1),
        ], techniques: techniques, name: "dram-buffer")
    }

    static func oneBufferMapping(_ l: Layer) -> Mapping {
        Mapping(levels: [LevelMapping(), LevelMapping(temporal: AlexNetConv.allLoops(l))])
    }
}

@Suite("Pruning, compression and skipping against published figures")
struct PruningAndSkippingTests {
    /// Cnvlutin (Albericio et al., ISCA 2016; `sparse_accelerators.csv`, verified abstract): skipping
    /// zero input neurons speeds DaDianNao's CONV layers up by 1.24×–1.55×, 1.37× on average.
    ///
    /// Loupe: a DaDianNao-like unit — 16 neuron lanes (input channels, X) × 16 filters (Y) —
    /// with `zero_skipping on: inputs at: MAC`. In Cnvlutin each lane works through its own
    /// brick of 16 neurons and the lanes wait for each other before the next bricks, so the
    /// `lanes: 16, lane_values: 16` option charges the busiest lane (``DensityModel``'s expected
    /// maximum of 16 occupancies). Activation densities: Han et al. 2015 Tables 4–5
    /// (`han2015_pruning.csv`, "Act%") for AlexNet and VGG-16 — Cnvlutin's own per-layer
    /// densities are not in the reference set (its "~44% zeros" row is UNVERIFIED). A layer
    /// with fewer than 16 input channels (the image) spreads output rows over the spare lanes.
    /// Loupe: AlexNet 1.42×, VGG-16 1.26×, mean 1.34× (ideal load balance would give 1.97× and
    /// 1.64×: the lock-step lanes are what brings the figure down to Cnvlutin's).
    @Test("Cnvlutin: 1.37× average speedup from skipping zero activations")
    func cnvlutin() throws {
        let alexAct = [0.88, 0.52, 0.37, 0.40, 0.34]
        let vggAct = [0.53, 0.89, 0.80, 0.81, 0.68, 0.70, 0.64, 0.51, 0.45, 0.34, 0.32, 0.29, 0.19]
        func speedup(_ layers: [Layer], _ act: [Double], lanes: Bool) throws -> Double {
            var options = ["on": "inputs", "at": "MAC"]
            if lanes {
                options["lanes"] = "16"
                options["lane_values"] = "16"
            }
            let arch = SparseFixture.architecture([
                SparseFixture.storage("NM", class: .dram, read: 200, write: 200),
                SparseFixture.storage("Buffers", read: 6, write: 6),
                SparseFixture.mac(1, arrayX: 16, arrayY: 16),
            ], techniques: [SparseFixture.technique("zero_skipping", options)], name: "cnvlutin")
            var dense = 0.0
            var sparse = 0.0
            for (layer, d) in zip(layers, act) {
                let l = layer.sparseWith(SparseFixture.stats(density: [.inputs: d]))
                // Input channels across the lanes; a layer with fewer than 16 (the image) spreads
                // output rows over the spare lanes.
                let lanesC = min(16, l[.C])
                let rows = (1...max(1, 16 / lanesC)).last { l[.P] % $0 == 0 } ?? 1
                var temporal = AlexNetConv.allLoops(l, order: [.N, .G]) + [Loop(.K, l[.K] / 16)]
                temporal += [Loop(.P, l[.P] / rows), Loop(.Q, l[.Q]), Loop(.R, l[.R]), Loop(.S, l[.S])]
                if l[.C] / lanesC > 1 { temporal.append(Loop(.C, l[.C] / lanesC)) }
                let mapping = Mapping(levels: [LevelMapping(),
                                               LevelMapping(temporal: temporal.filter { $0.factor > 1 },
                                                            spatialX: [Loop(.C, lanesC), Loop(.P, rows)].filter { $0.factor > 1 },
                                                            spatialY: [Loop(.K, 16)])])
                let r = try SparseFixture.run(arch, l, mapping)
                dense += r.dense.cycles
                sparse += r.final.cycles
            }
            return dense / sparse
        }
        let alex = try speedup(AlexNetConv.layers, alexAct, lanes: true)
        let vgg = try speedup(PaperNetworks.vgg16Conv, vggAct, lanes: true)
        #expect((1.24...1.55).contains(alex))
        #expect((1.24...1.55).contains(vgg))
        #expect(abs((alex + vgg) / 2 - 1.37) < 0.05)
        // Perfectly balanced skipping would overshoot the published range.
        #expect(try speedup(AlexNetConv.layers, alexAct, lanes: false) > 1.55)
    }

    /// Han, Pool, Tran, Dally, NeurIPS 2015 (`han2015_pruning.csv`, Table 4): pruning leaves
    /// 84/38/35/37/37/9/9/25% of AlexNet's weights, 61M → 6.7M (9×); CONV 2.7×, FC 9.9×.
    ///
    /// Loupe: those densities as `stats.density.weights`, weights stored in CSR at DRAM (32-bit
    /// floats). The non-zero values DRAM moves shrink 9.0× (CONV 2.7×, FC 9.9×), as the paper
    /// counts (Loupe: 8.96×, 6.80M; CONV 2.68×, FC 9.88×); with CSR's column indices
    /// (⌈log₂ columns⌉ bits: 9–14) and row pointers the weight traffic shrinks 6.1× — the index
    /// is a third of the compressed bits at 32-bit values.
    @Test("Han 2015: pruned AlexNet 9× fewer weights; CSR indices on top")
    func hanPruning() throws {
        let kept = [0.84, 0.38, 0.35, 0.37, 0.37, 0.09, 0.09, 0.25]
        let csr = SparseFixture.technique("compression", ["tensor": "weights", "format": "csr", "at": "DRAM"])
        let arch = PaperNetworks.dramArchitecture(dramWordBits: 32, techniques: [csr])
        var dense = [0.0, 0.0]       // CONV, FC
        var values = [0.0, 0.0]
        var withIndex = [0.0, 0.0]
        for (k, (layer, d)) in zip(PaperNetworks.alexNet, kept).enumerated() {
            let l = layer.sparseWith(SparseFixture.stats(density: [.weights: d]))
            let r = try SparseFixture.run(arch, l, PaperNetworks.oneBufferMapping(l))
            let before = r.dense.sparseAccesses("DRAM", .weights)!
            let after = r.final.sparseAccesses("DRAM", .weights)!
            let g = k < 5 ? 0 : 1
            dense[g] += before.reads
            values[g] += after.reads
            withIndex[g] += after.reads + after.metadataWords
        }
        #expect(abs(dense[0] / values[0] - 2.70) < 0.05)
        #expect(abs(dense[1] / values[1] - 9.9) < 0.1)
        let total = (dense[0] + dense[1]) / (values[0] + values[1])
        #expect(abs((values[0] + values[1]) / 1e6 - 6.7) < 0.15)      // the table's percentages are whole
        #expect(abs(total - 9.0) < 0.2)
        let csrRatio = (dense[0] + dense[1]) / (withIndex[0] + withIndex[1])
        #expect(csrRatio < total && csrRatio > 5)
    }

    /// Deep Compression (Han, Mao, Dally, ICLR 2016; `deep_compression.csv`, Tables 4 and 7):
    /// pruning + 8-bit (CONV) / 5-bit (FC) shared weights + 4-bit relative indices store AlexNet
    /// in 3.7% of its 32-bit size (27×); Huffman coding of weights and indices brings it to
    /// 2.88% (35×). Relative indices insert a filler zero when a gap exceeds 15.
    ///
    /// Loupe: `rle` with `run_bits: 4, pack_bits: 0`, `level_bits` the weight bits (P+Q), then
    /// the per-layer average Huffman code lengths as `level_bits`/`run_code_bits` (P+Q+H), per
    /// layer densities `weights_pct_P`, plus each layer's codebook (256 or 32 centroids of 32
    /// bits; the format does not count it). Fillers follow the uniform-random model. Loupe: 3.92%
    /// (25.5×) and 3.04% (32.9×) — CONV layers within 2% of the paper's per-layer rates, fc6 and
    /// fc7 7–8% high: pruned FC weights need fewer fillers (≈ 18% per non-zero, from the paper's
    /// own rates) than uniformly random zeros would (28% at 9% density). Index share of the P+Q
    /// storage: 43% — "approximately half" (Sze et al. tutorial, "Compression Overhead").
    @Test("Deep Compression: AlexNet 27× (P+Q) and 35× (P+Q+H)")
    func deepCompression() throws {
        // (density, bits PQ, index PQ, weight bits PQH, index bits PQH, paper rate PQ %, rate PQH %)
        let rows: [(Double, Double, Double, Double, Double, Double, Double)] = [
            (0.84, 8, 4, 6.3, 1.2, 32.6, 20.53), (0.38, 8, 4, 5.5, 2.3, 14.5, 9.43), (0.35, 8, 4, 5.1, 2.6, 13.1, 8.44),
            (0.37, 8, 4, 5.2, 2.5, 14.1, 9.11), (0.37, 8, 4, 5.6, 2.5, 14.0, 9.43), (0.09, 5, 4, 3.9, 3.2, 3.0, 2.39),
            (0.09, 5, 4, 3.6, 3.7, 3.0, 2.46), (0.25, 5, 4, 4.0, 3.2, 7.3, 5.85),
        ]
        var denseBits = 0.0
        var pq = 0.0
        var pqIndex = 0.0
        var pqh = 0.0
        for (k, (layer, row)) in zip(PaperNetworks.alexNet, rows).enumerated() {
            let l = layer.sparseWith(SparseFixture.stats(density: [.weights: row.0]))
            func compress(level: Double, runCode: Double?) throws -> TensorAccesses {
                var options = ["tensor": "weights", "format": "rle", "at": "DRAM", "run_bits": "4", "pack_bits": "0",
                               "level_bits": "\(level)"]
                if let runCode { options["run_code_bits"] = "\(runCode)" }
                let arch = PaperNetworks.dramArchitecture(dramWordBits: 32,
                                                          techniques: [SparseFixture.technique("compression", options)])
                return try SparseFixture.run(arch, l, PaperNetworks.oneBufferMapping(l)).final.sparseAccesses("DRAM", .weights)!
            }
            let size = Double(l.tensorSize(.weights))
            let a = try compress(level: row.1, runCode: nil)
            let b = try compress(level: row.3, runCode: row.4)
            // The codebook of shared weights (2^bits 32-bit centroids) is stored with the layer.
            let codebook = Double(1 << Int(row.1))
            let ratePQ = (a.reads + a.metadataWords + codebook) / size * 100
            let ratePQH = (b.reads + b.metadataWords + codebook) / size * 100
            let tolerance = k < 5 ? 0.04 : 0.10
            #expect(SparseFixture.close(ratePQ, row.5, tolerance))
            #expect(SparseFixture.close(ratePQH, row.6, tolerance))
            denseBits += size * 32
            pq += (a.reads + a.metadataWords + codebook) * 32
            pqIndex += a.metadataWords * 32
            pqh += (b.reads + b.metadataWords + codebook) * 32
        }
        #expect(SparseFixture.close(pq / denseBits, 0.037, 0.08))
        #expect(SparseFixture.close(pqh / denseBits, 0.0288, 0.08))
        let indexShare = pqIndex / pq
        #expect((0.35...0.55).contains(indexShare))
    }
}
