import Foundation
import LoupeModel

/// Options of `loupe import onnx` (docs/import.md).
public struct ONNXImportOptions: Sendable {
    /// The workload's name (default: the file's name without `.onnx`).
    public var name: String?
    /// The batch: replaces the first dimension of every graph input (default: that dimension
    /// when it is a number, else 1).
    public var batch: Int?
    /// Turns a node Loupe cannot map into a warning instead of an error.
    public var skipUnsupported: Bool

    public init(name: String? = nil, batch: Int? = nil, skipUnsupported: Bool = false) {
        self.name = name
        self.batch = batch
        self.skipUnsupported = skipUnsupported
    }
}

/// Turns an ONNX graph into Loupe layers: one per `Conv`, `ConvTranspose`, `Gemm` and
/// `MatMul` node, shapes inferred through the nodes between them (docs/import.md).
public enum ONNXImporter {
    /// Reads and imports the model at `path`. Every problem is a diagnostic located at the
    /// file (`FILE: error: node 'NAME' (OP): …`).
    public static func importFile(path: String, options: ONNXImportOptions = ONNXImportOptions()) throws(DiagnosticError) -> ImportedWorkload {
        let at = SourceLocation(file: path)
        let model: ONNXModel
        do { model = try ONNXDecoder.read(path: path) } catch {
            throw DiagnosticError([Diagnostic(.error, error.message, at: at)])
        }
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        var defaultName = fileName
        if defaultName.lowercased().hasSuffix(".onnx") { defaultName.removeLast(5) }
        do {
            return try importModel(model, source: fileName, defaultName: defaultName, options: options)
        } catch {
            throw DiagnosticError([Diagnostic(.error, error.message, at: at)])
        }
    }

    /// A problem with the graph; `message` names the node (`node 'NAME' (OP): …`).
    public struct Failure: Error, Sendable {
        public var message: String
    }

    /// Imports a decoded model; `source` names the file in the header.
    public static func importModel(_ model: ONNXModel, source: String, defaultName: String,
                                   options: ONNXImportOptions) throws(Failure) -> ImportedWorkload {
        var state = try ImportState(model: model, options: options)
        try state.run()
        guard !state.layerOf.isEmpty else {
            throw Failure(message: "the graph has no Conv, ConvTranspose, Gemm or MatMul node to import as a layer"
                          + (state.warnings.isEmpty ? "" : " (\(state.warnings.count) node(s) skipped)"))
        }
        return ImportedWorkload(
            name: Naming.identifier(options.name ?? defaultName, fallback: "model"),
            batch: state.batch, layers: state.layers(), warnings: state.warnings,
            trailingVectorOps: state.trailingVectorOps, source: source, producer: model.producer,
            irVersion: model.irVersion, opset: model.defaultOpset ?? 0, nodeCount: model.graph.nodes.count)
    }
}

/// The importer's working state over one graph.
struct ImportState {
    let graph: ONNXGraph
    let options: ONNXImportOptions
    let batch: Int
    /// The graph inputs' first dimension as exported, when it is a number.
    let exportedBatch: Int?
    var shapes: ShapeInference
    /// Declared shapes (`value_info`, graph outputs), the batch put in for a symbolic first axis.
    var declared: [String: [Int]] = [:]
    /// Per node: the layer made from it, its vector operations, whether it was skipped.
    var layerOf: [Int: ImportedLayer] = [:]
    var vectorOps: [Int]
    var skipped: [String: String] = [:]
    var warnings: [String] = []
    var producer: [String: Int] = [:]
    /// Values computed from the graph's inputs (activations), as opposed to values computed
    /// from initializers and constants alone.
    var activations = Set<String>()
    var trailingVectorOps = 0

    init(model: ONNXModel, options: ONNXImportOptions) throws(ONNXImporter.Failure) {
        graph = model.graph
        self.options = options
        guard let opset = model.defaultOpset else { throw .init(message: "the model imports no default operator set") }
        shapes = ShapeInference(opset: opset)
        vectorOps = Array(repeating: 0, count: graph.nodes.count)
        if let b = options.batch, b < 1 { throw .init(message: "the batch must be at least 1") }

        var initializerNames = Set<String>()
        for t in graph.initializers {
            initializerNames.insert(t.name)
            shapes.values[t.name] = TensorValue(shape: t.dims, ints: t.ints, floats: t.floats)
        }
        let dataInputs = graph.inputs.filter { !initializerNames.contains($0.name) }
        var first: Int?
        if case .value(let v)? = dataInputs.first?.shape?.first, v >= 1 { first = v }
        batch = options.batch ?? first ?? 1
        exportedBatch = first

        for input in dataInputs {
            guard let dims = input.shape else {
                throw .init(message: "graph input '\(input.name)' has no shape; export the model with its input shapes")
            }
            var shape: [Int] = []
            for (axis, d) in dims.enumerated() {
                switch d {
                case .value(let v): shape.append(axis == 0 && options.batch != nil ? batch : v)
                case .symbol, .unknown:
                    guard axis == 0 else {
                        let what = if case .symbol(let s) = d { "the symbolic dimension '\(s)'" } else { "an unknown dimension" }
                        throw .init(message: "graph input '\(input.name)' has \(what) on axis \(axis); "
                                    + "Loupe needs fixed sizes apart from the batch (export with fixed shapes)")
                    }
                    shape.append(batch)
                }
            }
            shapes.values[input.name] = TensorValue(shape: shape)
            activations.insert(input.name)
        }
        // The symbols the graph inputs use for the batch (`N`, `batch_size`, …): a declared
        // shape with one of them first is at the batch; any other symbol leaves it unknown.
        var batchSymbols = Set<String>()
        for input in dataInputs { if case .symbol(let s)? = input.shape?.first { batchSymbols.insert(s) } }
        for info in graph.valueInfo + graph.outputs {
            guard let dims = info.shape else { continue }
            var shape: [Int] = []
            for (axis, d) in dims.enumerated() {
                switch d {
                case .value(let v): shape.append(v)
                case .symbol(let s) where axis == 0 && batchSymbols.contains(s): shape.append(batch)
                default: break
                }
            }
            if shape.count == dims.count { declared[info.name] = shape }
        }
    }

    static func describe(_ node: ONNXNode, _ index: Int) -> String {
        "node '\(node.name.isEmpty ? "#\(index + 1)" : node.name)' (\(node.opType))"
    }

    mutating func run() throws(ONNXImporter.Failure) {
        for (index, node) in graph.nodes.enumerated() {
            let label = Self.describe(node, index)
            do throws(NodeProblem) {
                try visit(node, index: index)
            } catch {
                var message = error.message
                if let input = node.inputs.first(where: { skipped[$0] != nil && shapes.values[$0] == nil }), let from = skipped[input] {
                    message += " (input '\(input)' comes from the skipped node '\(from)')"
                }
                if let exported = exportedBatch, exported != batch {
                    message += "; the model was exported at batch \(exported), which its constant shapes may fix: "
                        + "export it with a dynamic batch axis, or at batch \(batch)"
                }
                throw .init(message: "\(label): \(message)")
            }
            for o in node.outputs where !o.isEmpty { producer[o] = index }
            if !ONNXOperators.shapeOnly.contains(node.opType), node.inputs.contains(where: activations.contains) {
                activations.formUnion(node.outputs.filter { !$0.isEmpty })
            } else if layerOf[index] == nil {
                vectorOps[index] = 0  // work on constants only, folded before run time
            }
        }
        attributeEdgesAndVectorWork()
    }

    /// Shapes (and, for layers, the layer) of one node.
    mutating func visit(_ node: ONNXNode, index: Int) throws(NodeProblem) {
        let op = node.opType
        let unsupported: String?
        if ONNXOperators.controlFlowOps.contains(op) {
            unsupported = "control flow (a sub-graph) has no Loupe layer form"
        } else if ONNXOperators.unmappableMACOps.contains(op) {
            unsupported = "it multiplies and accumulates, but Loupe has no layer form for it"
        } else if !node.domain.isEmpty, node.domain != "ai.onnx", !ONNXOperators.layerOps.contains(op),
                  ONNXOperators.unary[op] == nil {
            unsupported = "operator of domain '\(node.domain)' is not a standard ONNX operator"
        } else {
            unsupported = nil
        }
        if let unsupported {
            guard options.skipUnsupported else {
                throw NodeProblem(unsupported + " (`loupe import onnx --skip-unsupported` imports the rest of the graph without it)")
            }
            skip(node, index: index, why: unsupported)
            return
        }
        if ONNXOperators.layerOps.contains(op) {
            let view = ShapeInference.NodeView(node: node, values: shapes.values)
            let (layer, output) = try LayerMapping.layer(op: op, view, batch: batch)
            layerOf[index] = layer
            if let o = node.outputs.first {
                try checkDeclared(o, output)
                shapes.values[o] = output
            }
            return
        }
        var outputs: [TensorValue?]
        do throws(NodeProblem) {
            outputs = try shapes.infer(node)
        } catch {
            // An operator Loupe does not know: the model's declared shapes, when complete.
            guard error.message.contains("does not know this operator") else { throw error }
            let known = node.outputs.compactMap { declared[$0] }
            guard known.count == node.outputs.count else {
                guard options.skipUnsupported else {
                    throw NodeProblem(error.message + " and the model declares none (value_info); "
                                      + "`loupe import onnx --skip-unsupported` imports the rest of the graph without it")
                }
                skip(node, index: index, why: "Loupe does not know this operator")
                return
            }
            outputs = known.map { TensorValue(shape: $0) }
        }
        for (name, value) in zip(node.outputs, outputs) where !name.isEmpty {
            if let value {
                try checkDeclared(name, value)
                shapes.values[name] = value
            }
        }
        vectorOps[index] = Self.vectorOps(node, outputs: outputs, inputs: node.inputs.map { shapes.values[$0] })
    }

    /// An inferred shape must agree with the one the model declares (`value_info`, graph
    /// outputs), unless `--batch` changed the batch the declarations were made for.
    func checkDeclared(_ name: String, _ value: TensorValue) throws(NodeProblem) {
        guard let d = declared[name], d != value.shape, options.batch == nil || options.batch == exportedBatch else { return }
        throw NodeProblem("Loupe infers the shape \(value.shape) for '\(name)' but the model declares \(d)")
    }

    mutating func skip(_ node: ONNXNode, index: Int, why: String) {
        let label = Self.describe(node, index)
        warnings.append("\(label): skipped: \(why)")
        let inferred = (try? shapes.skippedOutputs(node)) ?? []
        for (k, o) in node.outputs.enumerated() where !o.isEmpty {
            if let d = declared[o] {
                shapes.values[o] = TensorValue(shape: d)
            } else if k < inferred.count, let v = inferred[k] {
                shapes.values[o] = v
            } else {
                skipped[o] = node.name.isEmpty ? node.opType : node.name
            }
        }
    }

    /// Vector operations of a MAC-free node (docs/import.md, "Vector operations"): per output
    /// element times the operator's steps; pooling per window element; reductions per input
    /// element; none for data movement or for constants folded at import time.
    static func vectorOps(_ node: ONNXNode, outputs: [TensorValue?], inputs: [TensorValue?]) -> Int {
        guard let out = outputs.first ?? nil, out.ints == nil else { return 0 }
        let op = node.opType
        if let per = ONNXOperators.unary[op] { return per * out.count }
        if ONNXOperators.broadcasting.contains(op) {
            let operands = inputs.filter { $0 != nil }.count
            return out.count * max(1, ["Sum", "Max", "Min", "Mean"].contains(op) ? operands - 1 : 1)
        }
        if ONNXOperators.pooling.contains(op) {
            return out.count * (node.attributes["kernel_shape"]?.ints ?? []).reduce(1, *)
        }
        if ONNXOperators.globalPooling.contains(op) || ONNXOperators.reductions.contains(op) || op == "ArgMax" || op == "ArgMin" {
            return (inputs.first ?? nil)?.count ?? 0
        }
        if op == "Resize" || op == "Upsample" { return out.count }
        return 0
    }

    /// The inputs of a MAC-free node that carry activations: data (not shapes, axes or pads)
    /// computed from the graph's inputs (not from initializers and constants alone).
    func computedInputs(_ node: ONNXNode) -> [String] {
        if ONNXOperators.shapeOnly.contains(node.opType) { return [] }
        let data = ONNXOperators.dataInputOnly.contains(node.opType) ? Array(node.inputs.prefix(1)) : node.inputs
        return data.filter { activations.contains($0) && producer[$0] != nil }
    }

    /// The layers a value comes from (docs/import.md, "Graph edges"): walking back through
    /// MAC-free nodes, every layer met is recorded and ends that path. A path crosses at most
    /// two joins (nodes with two or more activation inputs: a residual `Add`, a `Concat`) and
    /// ends at a third, so a layer after a residual join lists the branch's last layer and the
    /// layers of the shortcut one block back, not every layer since the start of the
    /// residual stream.
    func sourceLayers(of inputs: [String]) -> [Int] {
        var found = Set<Int>()
        var visited = Set<[Int]>()
        var stack = inputs.map { ($0, 0) }
        while let (value, joins) = stack.popLast() {
            guard let p = producer[value], visited.insert([p, joins]).inserted else { continue }
            if layerOf[p] != nil { found.insert(p); continue }
            let next = computedInputs(graph.nodes[p])
            if next.count < 2 {
                stack += next.map { ($0, joins) }
            } else if joins < 2 {
                stack += next.map { ($0, joins + 1) }
            }
        }
        return found.sorted()
    }

    /// Names the layers, then for each layer in graph order records its `from` and the vector
    /// operations of the MAC-free nodes feeding it that no earlier layer claimed (each node's
    /// work counts once, for the first layer that needs it).
    mutating func attributeEdgesAndVectorWork() {
        var claimed = Array(repeating: false, count: graph.nodes.count)
        let initializerNames = Set(graph.initializers.map(\.name))
        var names = Naming.unique(graph.nodes.indices.filter { layerOf[$0] != nil }.map { i in
            let node = graph.nodes[i]
            let weight = node.inputs.count > 1 && initializerNames.contains(node.inputs[1]) ? node.inputs[1] : nil
            return Naming.layerName(node, index: i, weight: weight)
        })
        for i in graph.nodes.indices where layerOf[i] != nil {
            layerOf[i]?.name = names.removeFirst()
        }
        for i in graph.nodes.indices where layerOf[i] != nil {
            var stack = graph.nodes[i].inputs
            var ops = 0
            while let value = stack.popLast() {
                guard let p = producer[value], layerOf[p] == nil, !claimed[p] else { continue }
                claimed[p] = true
                ops += vectorOps[p]
                stack += computedInputs(graph.nodes[p])
            }
            let sources = sourceLayers(of: graph.nodes[i].inputs).compactMap { layerOf[$0]?.name }
            layerOf[i]?.from = sources
            layerOf[i]?.vectorOps = ops
        }
        trailingVectorOps = graph.nodes.indices.filter { !claimed[$0] && layerOf[$0] == nil }.reduce(0) { $0 + vectorOps[$1] }
    }

    func layers() -> [ImportedLayer] {
        graph.nodes.indices.compactMap { layerOf[$0] }
    }
}

/// Layer names and the workload name: readable, unique, safe in `--set` paths.
enum Naming {
    /// A node's layer name: its path without the operator suffix, each module once, e.g.
    /// `/layer1/layer1.0/conv1/Conv` → `layer1_0_conv1`, `/attn/MatMul_1` → `attn_matmul_1`,
    /// `/MatMul` → `matmul`. A node whose name is no path (`node_Conv_12`, as PyTorch's
    /// torch.export-based exporter names them) takes its weight's module instead when the
    /// weight is an initializer named `MODULE.weight` (`layer1.0.conv1.weight` →
    /// `layer1_0_conv1`). `op_N` (N the node's index) for an unnamed node.
    static func layerName(_ node: ONNXNode, index: Int, weight: String? = nil) -> String {
        if !node.name.contains("/"), let weight, weight.hasSuffix(".weight"), weight.count > 7 {
            return identifier(String(weight.dropLast(7)), fallback: "\(node.opType.lowercased())_\(index)")
        }
        var parts = node.name.split(separator: "/").map(String.init)
        if let last = parts.last, last == node.opType || last.hasPrefix(node.opType + "_") {
            if last == node.opType, parts.count > 1 { parts.removeLast() } else { parts[parts.count - 1] = last.lowercased() }
        }
        var kept: [String] = []
        for (k, p) in parts.enumerated() {
            // `layer1` followed by `layer1.0`: the second names the first's child.
            if k + 1 < parts.count, parts[k + 1].hasPrefix(p + ".") { continue }
            kept.append(p)
        }
        let joined = kept.joined(separator: "_")
        return identifier(joined, fallback: "\(node.opType.lowercased())_\(index)")
    }

    /// Letters, digits, `_` and `-` (others become `_`), starting with a letter, and not a
    /// word YAML reads as null or a boolean.
    static func identifier(_ text: String, fallback: String) -> String {
        var out = ""
        for ch in text {
            if ch.isASCII, ch.isLetter || ch.isNumber || ch == "-" || ch == "_" { out.append(ch) }
            else if !out.hasSuffix("_") { out.append("_") }
        }
        while out.hasPrefix("_") || out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("_") { out.removeLast() }
        if out.isEmpty { return fallback }
        if !(out.first!.isLetter) { out = "n" + out }
        // Words a YAML reader takes for null or a boolean.
        if ["null", "true", "false", "yes", "no", "on", "off", "y", "n"].contains(out.lowercased()) { out = "layer_" + out }
        return out
    }

    /// Makes names unique by appending `_2`, `_3`, … to repeats.
    static func unique(_ names: [String]) -> [String] {
        var used = Set(names)
        var seen = Set<String>()
        return names.map { n in
            if seen.insert(n).inserted { return n }
            var k = 2
            while used.contains("\(n)_\(k)") { k += 1 }
            used.insert("\(n)_\(k)")
            return "\(n)_\(k)"
        }
    }
}
