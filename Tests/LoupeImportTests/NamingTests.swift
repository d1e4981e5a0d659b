@testable import LoupeImport
import Testing

/// Layer names from node names (docs/import.md, "Names").
@Suite("layer names")
struct NamingTests {
    static func node(_ name: String, _ op: String) -> ONNXNode {
        var n = ONNXNode()
        (n.name, n.opType) = (name, op)
        return n
    }

    @Test(arguments: [
        // TorchScript exporter paths: the module path, each module once, no operator suffix.
        ("/layer1/layer1.0/conv1/Conv", "Conv", nil, "layer1_0_conv1"),
        ("/encoder/layers/encoder_layer_0/self_attention/MatMul_1", "MatMul", nil,
         "encoder_layers_encoder_layer_0_self_attention_matmul_1"),
        ("/MatMul", "MatMul", nil, "matmul"),
        ("/fc/Gemm", "Gemm", nil, "fc"),
        // torch.export exporter: generic node names; the weight initializer names the module.
        ("node_Conv_292", "Conv", "layer1.0.conv1.weight", "layer1_0_conv1"),
        ("node_MatMul_83", "MatMul", nil, "node_MatMul_83"),
        // Unnamed, or not starting with a letter.
        ("", "Conv", nil, "conv_7"),
        ("0", "Relu", nil, "n0"),
        ("/null/Conv", "Conv", nil, "layer_null"),
    ] as [(String, String, String?, String)])
    func layerName(name: String, op: String, weight: String?, expected: String) {
        #expect(Naming.layerName(Self.node(name, op), index: 7, weight: weight) == expected)
    }

    @Test func uniqueNames() {
        #expect(Naming.unique(["a", "a", "b", "a_2", "a"]) == ["a", "a_3", "b", "a_2", "a_4"])
    }
}
