import Foundation
import LoupeImport
import LoupeModel
import Testing

/// Each fixture's layers with hand-derived bounds (`[N, G, K, C, P, Q, R, S]`), graph edges
/// and vector operations, after a round trip through the workload file.
@Suite("ONNX fixtures")
struct FixtureLayerTests {
    /// resnet_block.onnx (scripts/onnx/make_fixtures.py): stem 3→16 3×3 pad 1 on 8×8; block b1
    /// 16→32 with a stride-2 3×3 conv (8 → ⌊(8 + 2 − 3)/2⌋ + 1 = 4), a 3×3 conv and a 1×1
    /// stride-2 projection; block b2 32→32 identity. Batch norm is folded into the convs by
    /// the exporter.
    @Test func resnetBlock() throws {
        let (i, w) = try ImportFixtures.workload("resnet_block")
        #expect(w.layers.map(\.name) == ["stem", "b1_conv1", "b1_conv2", "b1_downsample_0", "b2_conv1", "b2_conv2"])
        let b = ImportFixtures.bounds(w)
        #expect(b["stem"] == [1, 1, 16, 3, 8, 8, 3, 3])            // 16·3·64·9 = 27,648 MACs
        #expect(b["b1_conv1"] == [1, 1, 32, 16, 4, 4, 3, 3])       // 73,728
        #expect(b["b1_conv2"] == [1, 1, 32, 32, 4, 4, 3, 3])       // 147,456
        #expect(b["b1_downsample_0"] == [1, 1, 32, 16, 4, 4, 1, 1]) // 8,192
        #expect(b["b2_conv1"] == [1, 1, 32, 32, 4, 4, 3, 3])
        #expect(b["b2_conv2"] == [1, 1, 32, 32, 4, 4, 3, 3])
        #expect(w.layers[1].strideRows == 2 && w.layers[3].strideCols == 2)
        #expect(w.totalMACs == 27_648 + 73_728 + 147_456 + 8_192 + 2 * 147_456)
        #expect(i.totalMACs == w.totalMACs)

        // Edges: the projection reads the stem's output; b2 reads b1's residual join.
        let from = Dictionary(uniqueKeysWithValues: w.layers.map { ($0.name, $0.from) })
        #expect(from["stem"] == [])
        #expect(from["b1_downsample_0"] == ["stem"])
        #expect(from["b2_conv1"] == ["b1_conv2", "b1_downsample_0"])
        #expect(from["b2_conv2"] == ["b2_conv1"])

        // Vector operations, one per element: stem ReLU 16·8·8 = 1024 (claimed by b1_conv1,
        // the first layer reading it); b1 ReLU 32·4·4 = 512; b1's Add and ReLU 2·512 = 1024;
        // b2's ReLU 512; b2's Add and ReLU after the last layer.
        #expect(w.layers.map(\.vectorOps) == [0, 1024, 512, 0, 1024, 512])
        #expect(i.trailingVectorOps == 1024)
    }

    /// grouped.onnx on a 1×8×10×10 input: grouped 8→16 (groups 2: C = 4, K = 8), depthwise
    /// 3×3 stride 2 (10 → 5), depthwise with a channel multiplier of 2 (K = 2), pointwise
    /// 32→8, and a 3×3 conv with dilation 2 and padding 2 (5 + 4 − 2·2 − 1 + 1 = 5).
    @Test func groupedAndDepthwise() throws {
        let (i, w) = try ImportFixtures.workload("grouped")
        #expect(w.layers.map(\.type) == [.conv, .depthwise, .depthwise, .conv, .conv])
        let b = ImportFixtures.bounds(w)
        #expect(b["grouped"] == [1, 2, 8, 4, 10, 10, 3, 3])   // 57,600
        #expect(b["dw"] == [1, 16, 1, 1, 5, 5, 3, 3])          // 3,600
        #expect(b["dw2"] == [1, 16, 2, 1, 5, 5, 3, 3])         // 7,200
        #expect(b["pw"] == [1, 1, 8, 32, 5, 5, 1, 1])          // 6,400
        #expect(b["dilated"] == [1, 1, 8, 8, 5, 5, 3, 3])      // 14,400
        #expect(w.layers[4].dilationRows == 2 && w.layers[4].dilationCols == 2)
        #expect(w.totalMACs == 89_200)
        // HardSwish on 16·10·10 = 1600 elements feeds dw; ReLU6 (Clip) on 16·5·5 = 400 feeds dw2.
        #expect(w.layers.map(\.vectorOps) == [0, 1600, 400, 0, 0])
        #expect(i.layers.allSatisfy { $0.remark == nil })
    }

    /// transformer.onnx: one post-norm encoder block, 16 tokens, d = 64, 4 heads (d_k = 16),
    /// FFN 128. Linear layers on [1, 16, 64] are MatMuls with a weight: m = 16 rows. Q·Kᵀ and
    /// A·V multiply two activations [1, 4, 16, 16]: one 16×16×16 product per head, repeat 4.
    @Test func transformerEncoder() throws {
        let (i, w) = try ImportFixtures.workload("transformer")
        #expect(w.layers.map(\.name) == ["q", "k", "v", "matmul", "matmul_1", "o", "ffn1", "ffn2"])
        #expect(w.layers.allSatisfy { $0.type == .matmul })
        let b = ImportFixtures.bounds(w)
        for name in ["q", "k", "v", "o"] { #expect(b[name] == [1, 1, 64, 64, 16, 1, 1, 1]) }   // P = m, K = n, C = k
        #expect(b["matmul"] == [1, 1, 16, 16, 16, 1, 1, 1])
        #expect(b["matmul_1"] == [1, 1, 16, 16, 16, 1, 1, 1])
        #expect(b["ffn1"] == [1, 1, 128, 64, 16, 1, 1, 1])
        #expect(b["ffn2"] == [1, 1, 64, 128, 16, 1, 1, 1])
        #expect(w.layers.map(\.repeatCount) == [1, 1, 1, 4, 4, 1, 1, 1])
        // 4·65,536 + 2·4·4,096 + 2·131,072
        #expect(w.totalMACs == 557_056)

        let from = Dictionary(uniqueKeysWithValues: w.layers.map { ($0.name, $0.from) })
        #expect(from["matmul"] == ["q", "k"])          // Q·Kᵀ
        #expect(from["matmul_1"] == ["v", "matmul"])   // softmax(scores)·V
        #expect(from["ffn1"] == ["o"])                 // through add & norm (the input x is a graph input)

        // Vector operations (1024 = 16·64 elements): q and k bias adds 2·1024 feed Q·Kᵀ; v's bias
        // add 1024, the 1/√d_k Div 4·16·16 = 1024 and Softmax 3·1024 feed A·V; o's bias,
        // the residual add and LayerNorm 5·1024 feed ffn1; ffn1's bias add 2048 and GELU
        // (Div, Erf, Add, Mul, Mul: 5·2048) feed ffn2; ffn2's bias, add and LayerNorm follow it.
        #expect(w.layers.map(\.vectorOps) == [0, 0, 0, 2048, 5120, 0, 7168, 12288])
        #expect(i.trailingVectorOps == 7168)
    }

    /// transformer_shapes.onnx declares all 42 intermediate shapes (ONNX's own shape
    /// inference); every shape Loupe infers must agree with them, and the import is the same.
    @Test func declaredShapesAgree() throws {
        let declared = try ImportFixtures.imported("transformer_shapes")
        let plain = try ImportFixtures.imported("transformer")
        #expect(declared.layers == plain.layers)
    }

    /// classifier.onnx: symbolic batch; conv 3→8 3×3 pad 1 on 8×8, ReLU, global average pool,
    /// flatten, Gemm 8→16 (transB), ReLU, Gemm 16→10, softmax.
    @Test func gemmClassifier() throws {
        let (i, w) = try ImportFixtures.workload("classifier")
        #expect(w.batch == 1)
        #expect(w.layers.map(\.type) == [.conv, .fc, .fc])
        let b = ImportFixtures.bounds(w)
        #expect(b["conv"] == [1, 1, 8, 3, 8, 8, 3, 3])   // 13,824
        #expect(b["fc1"] == [1, 1, 16, 8, 1, 1, 1, 1])   // 128
        #expect(b["fc2"] == [1, 1, 10, 16, 1, 1, 1, 1])  // 160
        #expect(w.totalMACs == 14_112)
        // ReLU 8·64 = 512 and the pool's 512 input elements feed fc1; ReLU 16 feeds fc2; the
        // softmax (3·10) follows the last layer.
        #expect(w.layers.map(\.vectorOps) == [0, 1024, 16])
        #expect(i.trailingVectorOps == 30)

        // --batch 4 puts 4 in the symbolic axis: every layer's N is 4, MACs × 4.
        let (_, w4) = try ImportFixtures.workload("classifier", ONNXImportOptions(batch: 4))
        #expect(w4.batch == 4)
        #expect(w4.layers.allSatisfy { $0[.N] == 4 })
        #expect(w4.totalMACs == 4 * 14_112)
    }

    /// ops_opset11.onnx (built with onnx.helper at opset 11; shapes by hand in the script):
    /// SAME_UPPER padding, Pad/Slice/Unsqueeze/Reshape/Expand from constants, ConvTranspose,
    /// MaxPool with ceil_mode, a 1-D conv, Gemm with transA and transB, broadcast MatMul.
    @Test func operatorsAtOpset11() throws {
        let (i, w) = try ImportFixtures.workload("ops_opset11")
        let b = ImportFixtures.bounds(w)
        // 8×8, 3×3 stride 2 SAME_UPPER: out ⌈8/2⌉ = 4, total pad (4−1)·2 + 3 − 8 = 1 → begin 0,
        // end 1: asymmetric, so the raw `dims` form.
        #expect(b["same_conv"] == [1, 1, 4, 3, 4, 4, 3, 3])
        #expect(i.layers[0].remark?.contains("pads begin [0, 0], end [1, 1]") == true)
        // Pad H by 1+1: 4×4 → 6×4; 3×3 valid: 4×2.
        #expect(b["valid_conv"] == [1, 1, 6, 4, 4, 2, 3, 3])
        // ConvTranspose 6→3, k 2, stride 2 on 4×2, scatter form: P, Q = 4, 2; output 8×4.
        #expect(b["deconv"] == [1, 1, 3, 6, 4, 2, 2, 2])
        // MaxPool 3×3/2 ceil_mode on 8×4: ⌈5/2⌉ + 1 = 4, ⌈1/2⌉ + 1 = 2; reshape [1,3,8];
        // 1-D conv k 3 pad 1 → width 8, one row.
        #expect(b["conv1d"] == [1, 1, 5, 3, 1, 8, 1, 3])
        // Slice 2..6 → [1,5,4]; Unsqueeze; Flatten → [1,20]; Gemm transB [12,20] → 20→12.
        #expect(b["fc"] == [1, 1, 12, 20, 1, 1, 1, 1])
        // Reshape [3,4]; Gemm transA: A is [3,4] read as [4,3]: 4 rows, k 3, n 6.
        #expect(b["gemm_ta"] == [1, 1, 6, 3, 4, 1, 1, 1])
        // Expand [2,4,6] · [6,5]: B unbatched → 8 rows.
        #expect(b["proj"] == [1, 1, 5, 6, 8, 1, 1, 1])
        // [2,4,5] · [2,5,4]: two 4×4×5 products.
        #expect(b["gram"] == [1, 1, 4, 5, 4, 1, 1, 1])
        #expect(w.layers.last?.repeatCount == 2)
        #expect(w.totalMACs == 1728 + 1728 + 576 + 360 + 240 + 72 + 240 + 160)
        // ReLU 4·4·4 = 64 feeds valid_conv; MaxPool 24 outputs × 9 feeds conv1d.
        #expect(w.layers.map(\.vectorOps) == [0, 64, 0, 216, 0, 0, 0, 0])
    }

    /// torchvision models (weights=None, 224×224, stripped): the MAC totals equal Loupe's own
    /// workload files and torchvision's published counts (ResNet-18 1.81 G, ResNet-50 4.09 G,
    /// MobileNet-v2 0.30 G, ViT-B/16 17.56 G multiply-adds; torchvision model tables) within 1 %.
    @Test(arguments: [("resnet18", 1.81e9, "resnet18"), ("resnet50", 4.09e9, "resnet50"),
                      ("mobilenet_v2", 0.30e9, "mobilenet_v2"), ("vit_b_16", 17.56e9, "")])
    func publishedTotals(model: String, published: Double, zoo: String) throws {
        let (i, w) = try ImportFixtures.workload(model)
        #expect(abs(Double(w.totalMACs) / published - 1) < 0.01, "\(model): \(w.totalMACs)")
        #expect(i.totalMACs == w.totalMACs)
        if !zoo.isEmpty { #expect(w.totalMACs == (try ImportFixtures.zoo(zoo)).totalMACs) }
    }

    /// ResNet-18: one layer per conv and the fc, names from the module paths, and the
    /// residual edge of the first block.
    @Test func resnet18Layers() throws {
        let (_, w) = try ImportFixtures.workload("resnet18")
        #expect(w.layers.count == 21)   // 1 + 8·2 + 3 projections + fc
        #expect(w.layers.first?.name == "conv1")
        #expect(w.layers.last?.name == "fc")
        #expect(w.layers.last?.type == .fc)
        let l = w.layers.first { $0.name == "layer1_1_conv1" }
        #expect(l?.from == ["conv1", "layer1_0_conv2"])
    }

    /// ViT-B/16 has 1088 nodes; importing it takes well under a second.
    @Test func importIsFast() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let i = try ImportFixtures.imported("vit_b_16")
        let elapsed = clock.now - start
        #expect(i.nodeCount > 1000)
        #expect(elapsed < .seconds(1), "\(elapsed)")
    }

    /// The same model and options give the same bytes.
    @Test func deterministic() throws {
        #expect(try ImportFixtures.imported("resnet50").yaml == ImportFixtures.imported("resnet50").yaml)
    }
}
