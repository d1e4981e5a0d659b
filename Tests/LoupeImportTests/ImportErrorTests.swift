import Foundation
@testable import LoupeImport
import LoupeModel
import LoupeSpec
import Testing

/// Bad input: every problem is one `FILE: error: …` diagnostic, nothing imported.
@Suite("ONNX import errors")
struct ImportErrorTests {
    static func temporaryFile(_ data: Data, name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-onnx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// The single diagnostic an import throws, rendered as the command line prints it.
    static func failure(_ path: String, _ options: ONNXImportOptions = ONNXImportOptions()) -> String? {
        do {
            _ = try ONNXImporter.importFile(path: path, options: options)
            return nil
        } catch {
            #expect(error.diagnostics.count == 1)
            return error.diagnostics.first?.description
        }
    }

    @Test func notONNX() throws {
        let path = try Self.temporaryFile(Data("version: 1\nworkload:\n  name: x\n".utf8), name: "model.onnx")
        let message = try #require(Self.failure(path))
        #expect(message.hasPrefix("\(path): error: "))
        #expect(message.contains("not an ONNX model"))
    }

    /// Half of a valid model: the graph field runs past the end of the file.
    @Test func truncated() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: ImportFixtures.path("resnet_block")))
        let path = try Self.temporaryFile(data.prefix(data.count / 2), name: "half.onnx")
        let message = try #require(Self.failure(path))
        #expect(message.hasPrefix("\(path): error: the file is truncated"))
    }

    @Test func missingFile() {
        let message = Self.failure("/nonexistent/model.onnx")
        #expect(message?.hasPrefix("/nonexistent/model.onnx: error: cannot read the file") == true)
    }

    /// Einsum multiplies and accumulates but has no Loupe form: `node 'NAME' (OP): …`.
    @Test func unmappableOperator() throws {
        let path = ImportFixtures.path("einsum")
        let message = try #require(Self.failure(path))
        #expect(message.hasPrefix("\(path): error: node 'mix' (Einsum): "))
        #expect(message.contains("--skip-unsupported"))
    }

    /// `--skip-unsupported`: the node becomes a warning, the rest imports; the LSTM's output
    /// shape [5, 1, 1, 4] (seq, directions, batch, hidden) is inferred so the graph after it
    /// still has shapes.
    @Test func skipUnsupported() throws {
        let lstm = try ImportFixtures.imported("lstm", ONNXImportOptions(skipUnsupported: true))
        #expect(lstm.warnings == ["node 'rnn' (LSTM): skipped: it multiplies and accumulates, but Loupe has no layer form for it"])
        #expect(lstm.layers.map(\.name) == ["embed", "head"])
        // head: Reshape [5, 4] · [4, 3]; the first axis of the input (5) is the batch: fc.
        #expect(lstm.layers[1].dims["C"] == 4 && lstm.layers[1].dims["K"] == 3)
        #expect(lstm.yaml.contains("# warning: node 'rnn' (LSTM): skipped"))
        let message = try #require(Self.failure(ImportFixtures.path("lstm")))
        #expect(message.contains("node 'rnn' (LSTM)"))

        let einsum = try ImportFixtures.imported("einsum", ONNXImportOptions(skipUnsupported: true))
        #expect(einsum.layers.map(\.name) == ["before"])
    }

    /// A hand-built graph: x[1, 4] → Reshape with a shape computed at run time.
    static func model(_ nodes: [ONNXNode], inputs: [ONNXValueInfo], initializers: [ONNXTensor] = []) -> ONNXModel {
        var g = ONNXGraph()
        g.nodes = nodes
        g.inputs = inputs
        g.initializers = initializers
        return ONNXModel(irVersion: 8, opsets: ["": 13], producer: "test", graph: g)
    }

    static func node(_ op: String, _ name: String, _ inputs: [String], _ outputs: [String],
                     _ attributes: [String: ONNXAttribute] = [:]) -> ONNXNode {
        var n = ONNXNode()
        (n.opType, n.name, n.inputs, n.outputs, n.attributes) = (op, name, inputs, outputs, attributes)
        return n
    }

    static func input(_ name: String, _ dims: [ONNXValueInfo.Dim]) -> ONNXValueInfo {
        var v = ONNXValueInfo()
        (v.name, v.elementType, v.shape) = (name, 1, dims)
        return v
    }

    static func failure(_ m: ONNXModel, _ options: ONNXImportOptions = ONNXImportOptions()) -> String? {
        do {
            _ = try ONNXImporter.importModel(m, source: "t.onnx", defaultName: "t", options: options)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func uninferableShape() {
        let m = Self.model([
            Self.node("Relu", "act", ["x"], ["r"]),
            Self.node("Reshape", "reshape", ["r", "r"], ["y"]),
        ], inputs: [Self.input("x", [.value(1), .value(4)])])
        let message = Self.failure(m)
        #expect(message?.hasPrefix("node 'reshape' (Reshape): its shape input 'r' is not a constant known at import time") == true)
    }

    /// `--batch` on a model exported at batch 1: ResNet-18 flattens with `Flatten` and takes
    /// any batch (MACs × 4); ViT-B/16 bakes the batch into a `Reshape` constant, and the error
    /// says how to export it instead.
    @Test func batchOverride() throws {
        let r = try ImportFixtures.imported("resnet18", ONNXImportOptions(batch: 4))
        #expect(r.totalMACs == 4 * 1_814_073_344)
        let message = try #require(Self.failure(ImportFixtures.path("vit_b_16"), ONNXImportOptions(batch: 4)))
        #expect(message.contains("node '/Reshape' (Reshape): cannot reshape [4, 768, 14, 14]"))
        #expect(message.contains("the model was exported at batch 1"))
    }

    @Test func badConvChannels() {
        var w = ONNXTensor()
        (w.name, w.dims, w.dataType) = ("w", [8, 3, 3, 3], 1)
        let m = Self.model([Self.node("Conv", "conv", ["x", "w"], ["y"])],
                           inputs: [Self.input("x", [.value(1), .value(4), .value(8), .value(8)])], initializers: [w])
        #expect(Self.failure(m)?.hasPrefix("node 'conv' (Conv): input channels 4, weights [8, 3, 3, 3] and group 1 do not fit together") == true)
    }

    /// A declared shape that disagrees with the inferred one is an error, not silently used.
    @Test func declaredShapeDisagrees() {
        var m = Self.model([Self.node("Relu", "act", ["x"], ["r"]), Self.node("MatMul", "mm", ["r", "r2"], ["y"])],
                           inputs: [Self.input("x", [.value(2), .value(4)]), Self.input("r2", [.value(4), .value(3)])])
        m.graph.valueInfo = [Self.input("r", [.value(2), .value(5)])]
        #expect(Self.failure(m) == "node 'act' (Relu): Loupe infers the shape [2, 4] for 'r' but the model declares [2, 5]")
        // A symbol other than the inputs' batch symbol leaves the declaration unused.
        m.graph.valueInfo = [Self.input("r", [.symbol("n"), .value(4)])]
        #expect(Self.failure(m) == nil)
    }

    @Test func symbolicNonBatchAxis() {
        let m = Self.model([Self.node("Relu", "act", ["x"], ["y"])],
                           inputs: [Self.input("x", [.symbol("batch"), .symbol("seq")])])
        #expect(Self.failure(m)?.contains("graph input 'x' has the symbolic dimension 'seq' on axis 1") == true)
    }

    @Test func unknownOperatorWithoutDeclaredShape() {
        let m = Self.model([Self.node("Relu", "act", ["x"], ["r"]), Self.node("Frobnicate", "f", ["r"], ["y"])],
                           inputs: [Self.input("x", [.value(1), .value(4)])])
        #expect(Self.failure(m)?.hasPrefix("node 'f' (Frobnicate): Loupe does not know this operator") == true)
        // With --skip-unsupported it is skipped; then no layer is left, which is an error too.
        #expect(Self.failure(m, ONNXImportOptions(skipUnsupported: true))
                == "the graph has no Conv, ConvTranspose, Gemm or MatMul node to import as a layer (1 node(s) skipped)")
    }
}

/// The workload keys the importer writes, as the loader checks them.
@Suite("workload graph keys")
struct WorkloadGraphKeyTests {
    static func load(_ layers: String) throws(DiagnosticError) -> Workload {
        try SpecLoader.loadWorkload(yaml: "version: 1\nworkload:\n  name: g\n  layers:\n" + layers, file: "g.yaml")
    }

    @Test func fromAndVectorOps() throws {
        let w = try Self.load("""
            - {name: a, type: fc, inputs: 4, outputs: 4, vector_ops: 0}
            - {name: b, type: fc, inputs: 4, outputs: 4, from: a, vector_ops: 16}
            - {name: c, type: fc, inputs: 4, outputs: 4, from: [a, b]}

        """)
        #expect(w.layers.map(\.from) == [[], ["a"], ["a", "b"]])
        #expect(w.layers.map(\.vectorOps) == [0, 16, nil])
    }

    @Test func fromMustNameAnEarlierLayer() {
        #expect(throws: DiagnosticError.self) {
            try Self.load("    - {name: a, type: fc, inputs: 4, outputs: 4, from: [a]}\n")
        }
        do {
            _ = try Self.load("""
                - {name: conv1, type: fc, inputs: 4, outputs: 4}
                - {name: b, type: fc, inputs: 4, outputs: 4, from: [conv]}

            """)
            Issue.record("expected an error")
        } catch {
            let d = error.diagnostics.first
            #expect(d?.message == "'conv' in from of layer 'b' is not a layer listed before it")
            #expect(d?.hint == "did you mean 'conv1'?")
            #expect(d?.location?.line == 6)
        }
        #expect(throws: DiagnosticError.self) {
            try Self.load("    - {name: a, type: fc, inputs: 4, outputs: 4, vector_ops: -1}\n")
        }
    }
}
