import LoupeModel
@testable import LoupeSpec
import Testing

@Suite struct WorkloadTests {
    @Test func specExampleRoundTrip() throws {
        let w = try Fixtures.workload()
        #expect(w.name == "alexnet")
        #expect(w.batch == 1)
        #expect(w.layers.map(\.name) == ["conv1", "conv2", "fc6", "qk"])
        #expect(w.layers.map(\.type) == [.conv, .conv, .fc, .matmul])

        // conv1: 227 wide, kernel 11, stride 4 → ⌊(227 − 11)/4⌋ + 1 = 55 (by hand: 216/4 = 54, + 1).
        let conv1 = w.layers[0]
        #expect(conv1.bounds == [1, 1, 96, 3, 55, 55, 11, 11])
        #expect(conv1.strideRows == 4 && conv1.strideCols == 4)
        #expect(conv1.macs == 96 * 3 * 55 * 55 * 11 * 11)
        #expect(conv1.inputRows == 227)
        #expect(conv1.location == SourceLocation(file: "work.yaml", line: 8, column: 7))

        let conv2 = w.layers[1]
        #expect(conv2.bounds == [1, 2, 128, 48, 27, 27, 5, 5])
        #expect(conv2.stats.density == [.inputs: 0.61])
        #expect(conv2.repeatCount == 1)

        let fc6 = w.layers[2]
        #expect(fc6.bounds == [1, 1, 4096, 9216, 1, 1, 1, 1])
        let qk = w.layers[3]
        #expect(qk[.P] == 128 && qk[.K] == 128 && qk[.C] == 64)
        #expect(qk.bounds == [1, 1, 128, 64, 128, 1, 1, 1])
        #expect(w.layers.allSatisfy { $0.precision == Precision() })
    }

    /// The output formula `⌊(H + 2·padding − dilation·(R − 1) − 1)/stride⌋ + 1`.
    @Test(arguments: [
        // height, kernel, stride, padding, dilation, expected P
        (227, 11, 4, 0, 1, 55),
        (224, 7, 2, 3, 1, 112),
        (56, 3, 1, 1, 1, 56),
        (56, 3, 2, 1, 1, 28),
        (7, 3, 1, 0, 2, 3),
        (5, 5, 1, 0, 1, 1),
        (32, 1, 1, 0, 1, 32),
        (8, 3, 3, 0, 1, 2),
    ])
    func outputSize(_ c: (Int, Int, Int, Int, Int, Int)) throws {
        let yaml = Fixtures.workload(layer: """
            - {name: l, type: conv, input: {channels: 4, height: \(c.0), width: \(c.0)}, filters: 8, kernel: \(c.1), stride: \(c.2), padding: \(c.3), dilation: \(c.4)}
        """)
        let l = try #require(try Fixtures.workload(yaml).layers.first)
        #expect(l[.P] == c.5)
        #expect(l[.Q] == c.5)
    }

    @Test func rectangularGroupedAndDepthwise() throws {
        let yaml = Fixtures.workload(layer: """
            - {name: g, input: {channels: 64, height: 30, width: 20}, filters: 128, kernel: [3, 5], stride: [1, 2], padding: [1, 2], groups: 4}
            - {name: dw, type: depthwise, input: {channels: 32, height: 14, width: 14}, kernel: 3, padding: 1}
            - {name: dw2, type: depthwise, input: {channels: 32, height: 14, width: 14}, filters: 64, kernel: 3, stride: 2, padding: 1}
            - {name: raw, dims: {K: 8, C: 8, P: 4}, stride: 2, dilation: [1, 2]}
        """)
        let w = try Fixtures.workload(yaml)
        let g = w.layers[0]
        #expect(g.type == .conv, "type defaults to conv")
        #expect(g.bounds == [1, 4, 32, 16, 30, 10, 3, 5])
        #expect((g.paddingRows, g.paddingCols) == (1, 2))
        #expect(w.layers[1].bounds == [1, 32, 1, 1, 14, 14, 3, 3])
        #expect(w.layers[2].bounds == [1, 32, 2, 1, 7, 7, 3, 3])
        let raw = w.layers[3]
        #expect(raw.bounds == [1, 1, 8, 8, 4, 1, 1, 1])
        #expect((raw.strideRows, raw.strideCols, raw.dilationRows, raw.dilationCols) == (2, 2, 1, 2))
    }

    @Test func batchPrecisionStatsAndRepeat() throws {
        let yaml = """
        version: 1
        workload:
          name: w
          batch: 8
          precision: {weights: 8, inputs: 8}
          stats: {density: {inputs: 0.5, weights: 0.9}, negative_outputs: 0.6}
          layers:
            - {name: a, type: fc, inputs: 10, outputs: 20, repeat: 3, precision: {inputs: 4}, stats: {density: {inputs: 0.25}}}
            - {name: b, dims: {C: 2, N: 2}}
            - {name: c, type: matmul, m: 2, n: 3, k: 4}
        """
        let w = try Fixtures.workload(yaml)
        #expect(w.batch == 8)
        let a = w.layers[0]
        #expect(a[.N] == 8)
        #expect(a.repeatCount == 3)
        #expect(a.precision == Precision(weights: 8, inputs: 4, outputs: 16))
        #expect(a.stats.density == [.inputs: 0.25, .weights: 0.9])
        #expect(a.stats.negativeOutputs == 0.6)
        #expect(w.layers[1][.N] == 2, "dims N wins over the batch")
        #expect(w.layers[2][.N] == 8)
        #expect(w.totalMACs == 3 * 8 * 200 + 2 * 2 + 8 * 24)
    }

    @Test func specStatsBlock() throws {
        let w = try Fixtures.workload(Fixtures.statsWorkload)
        let s = w.layers[0].stats
        #expect(s.density == [.weights: 0.4, .inputs: 0.6, .outputs: 0.5])
        #expect(s.precisionNeeded == [.inputs: 9, .weights: 8])
        #expect(s.dynamicPrecision == [.inputs: DynamicPrecision(group: 16, meanBits: 5.2)])
        #expect(s.effectualBits == [.inputs: 2.1])
        #expect(s.negativeOutputs == 0.61)
        #expect(s.negativeWeights == 0.54)
        #expect(s.crop == CropStats(fraction: 0.25, images: 0.75))
        let b = w.layers[1].stats
        #expect(b.density == [.weights: 0.4, .inputs: 0.3, .outputs: 0.5])
        #expect(b.dynamicPrecision[.weights] == DynamicPrecision(group: 8, bitsHistogram: [4: 0.3, 5: 0.5, 8: 0.2]))
        #expect(b.dynamicPrecision[.inputs]?.meanBits == 5.2)
    }

    @Test func statsErrors() {
        let yaml = """
        version: 1
        workload:
          name: w
          precision: {inputs: 8}
          stats:
            density: {inputs: 0, weights: 1.5, outptus: 0.5, distribution: random}
            precision_needed: {inputs: 9}
            dynamic_precision: {inputs: {group: 16}, weights: {group: 4, bits_histogram: {4: 0.5, x: 0.2}}}
            negative_outputs: 1.2
            crop: {images: 0.5}
            sparsity: 0.5
          layers:
            - {name: a, type: fc, inputs: 1, outputs: 1}
        """
        let errors = Fixtures.workErrors(yaml)
        func find(_ text: String) -> Diagnostic? { errors.first { $0.message.contains(text) } }
        #expect(find("the density of inputs must be in (0, 1], found '0'")?.at == "6:23")
        #expect(find("the density of weights must be in (0, 1], found '1.5'")?.at == "6:35")
        #expect(find("unknown key 'outptus'")?.hint == "did you mean 'outputs'?")
        #expect(find("unknown density distribution 'random'")?.at == "6:68")
        #expect(find("needs mean_bits or bits_histogram")?.at == "8:33")
        #expect(find("a bit width in bits_histogram")?.at == "8:91")
        #expect(find("negative_outputs must be between 0 and 1, found '1.2'")?.at == "9:23")
        #expect(find("missing required key 'fraction' in crop")?.at == "10:11")
        #expect(find("unknown key 'sparsity' in the workload's stats")?.at == "11:5")
        #expect(find("layer 'a' needs 9 bits for inputs (precision_needed) but stores 8")?.at == "13:7")
    }

    /// `channel_density: {tensor: [d, …]}`: densities in (0, 1], merged tensor by tensor.
    @Test func channelDensity() throws {
        let yaml = """
        version: 1
        workload:
          name: w
          stats: {channel_density: {inputs: [0.5, 0.25, 1]}}
          layers:
            - {name: a, type: fc, inputs: 4, outputs: 4}
            - {name: b, type: fc, inputs: 4, outputs: 4, stats: {channel_density: {weights: [0.5]}}}
        """
        let w = try Fixtures.workload(yaml)
        #expect(w.layers[0].stats.channelDensity == [.inputs: [0.5, 0.25, 1]])
        #expect(w.layers[1].stats.channelDensity == [.inputs: [0.5, 0.25, 1], .weights: [0.5]])
        let bad = """
        version: 1
        workload:
          name: w
          stats: {channel_density: {inputs: [0.5, 0], weights: 0.5, outputs: []}}
          layers:
            - {name: a, type: fc, inputs: 4, outputs: 4}
        """
        let errors = Fixtures.workErrors(bad)
        #expect(errors.contains { $0.message.contains("a channel density of inputs must be in (0, 1], found '0'") })
        #expect(errors.contains { $0.message.contains("expected a list for the channel densities of weights") })
        #expect(errors.contains { $0.message.contains("the channel densities of outputs") && $0.message.contains("are empty") })
    }

    @Test func histogramBitWidthTwice() {
        let yaml = Fixtures.workload(layer: """
            - {name: a, type: fc, inputs: 1, outputs: 1, stats: {dynamic_precision: {inputs: {group: 4, bits_histogram: {4: 0.5, 4.0: 0.5}}}}}
        """)
        let errors = Fixtures.workErrors(yaml)
        #expect(errors.map(\.message) == ["the bit width 4 appears twice in bits_histogram of the dynamic precision of inputs"])
    }

    @Test func layerErrors() {
        let yaml = Fixtures.workload(layer: """
            - {name: small, input: {channels: 3, height: 4, width: 4}, filters: 8, kernel: 5}
            - {name: groups, input: {channels: 6, height: 8, width: 8}, filters: 8, kernel: 3, groups: 4}
            - {name: dw, type: depthwise, input: {channels: 3, height: 8, width: 8}, filters: 4, kernel: 3}
            - {name: mix, type: fc, inputs: 4, outputs: 2, m: 3}
            - {name: raw, dims: {M: 4, k: 2, C: 0}, filters: 3}
            - {name: typo, type: cnov}
            - {name: noinput, filters: 4, kernel: 3}
            - {name: small, type: fc, inputs: 1, outputs: 1}
            - name: big
              dims: {K: 2147483648}
            - {name: huge, dims: {K: 2147483647, C: 2147483647, P: 2147483647}}
            - [not, a, mapping]
        """)
        let errors = Fixtures.workErrors(yaml)
        func find(_ text: String) -> Diagnostic? { errors.first { $0.message.contains(text) } }
        #expect(find("layer 'small' has an output height of 0")?.at == "5:7")
        #expect(find("the input channels (6) of layer 'groups' are not divisible by its groups (4)")?.at == "6:96")
        #expect(find("the filters (4) of depthwise layer 'dw' must be a multiple of its input channels (3)")?.at == "7:87")
        #expect(find("unknown key 'm' in layer 'mix'")?.hint == "'m' belongs to a matmul layer; this one is fc")
        #expect(find("unknown key 'M' in the dims of layer 'raw'")?.hint == "Loupe calls output channels 'K' (Timeloop's M)")
        #expect(find("unknown key 'k' in the dims of layer 'raw'")?.hint == "did you mean 'K'?")
        #expect(find("C of layer 'raw' must be at least 1, found 0")?.at == "9:41")
        #expect(find("unknown key 'filters' in layer 'raw'")?.hint == "a layer with 'dims' gives its shape there, not with 'filters'")
        #expect(find("unknown layer type 'cnov' in layer 'typo'")?.hint == "did you mean 'conv'?")
        #expect(find("missing required key 'input' in layer 'noinput'")?.at == "11:7")
        #expect(find("duplicate layer name 'small' (first at 5:7)")?.at == "12:7")
        #expect(find("K of layer 'big' must be at most 2147483648")?.at == nil)
        #expect(errors.contains { $0.message.contains("layer 'huge' is too large: its MAC count overflows") })
        #expect(find("expected a mapping for layer #11, found a list")?.at == "16:7")
    }
}
