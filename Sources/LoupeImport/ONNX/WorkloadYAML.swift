extension ImportedWorkload {
    /// The workload file (docs/spec.md §7): a header comment, then one flow-style line per
    /// layer in graph order, each followed by a comment naming its ONNX node. The same model
    /// and options give the same bytes.
    public var yaml: String {
        var lines: [String] = []
        lines.append("# Imported by `loupe import onnx` from \(source)"
                     + (producer.isEmpty ? "" : " (producer \(producer), IR \(irVersion), opset \(opset))") + ".")
        lines.append("# \(nodeCount) nodes -> \(layers.count) layers (one per Conv, ConvTranspose, Gemm and MatMul node); "
                     + "\(totalMACs) MACs at batch \(batch).")
        lines.append("# `from`: the layers each layer consumes; `vector_ops`: element-wise work of the MAC-free nodes")
        lines.append("# feeding it (docs/import.md). Vector operations after the last layer: \(trailingVectorOps).")
        for w in warnings { lines.append("# warning: \(w)") }
        lines.append("version: 1")
        lines.append("workload:")
        lines.append("  name: \(name)")
        lines.append("  batch: \(batch)")
        lines.append("  layers:")
        for layer in layers {
            lines.append("    - {\(layer.yamlFields)}  # \(layer.node.isEmpty ? "(unnamed)" : layer.node) (\(layer.op))"
                         + (layer.remark.map { "; \($0)" } ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ImportedLayer {
    /// `v` when rows = cols, else `[rows, cols]`.
    static func text(_ p: Pair) -> String { p.rows == p.cols ? "\(p.rows)" : "[\(p.rows), \(p.cols)]" }

    /// The inside of the layer's flow mapping; defaults (stride 1, padding 0, dilation 1,
    /// groups 1, repeat 1) are left out.
    var yamlFields: String {
        var f = ["name: \(name)"]
        switch form {
        case let .conv(channels, height, width, filters, kernel, stride, padding, dilation, groups, depthwise):
            f.append("type: \(depthwise ? "depthwise" : "conv")")
            f.append("input: {channels: \(channels), height: \(height), width: \(width)}")
            f.append("filters: \(filters)")
            f.append("kernel: \(Self.text(kernel))")
            if stride != .one { f.append("stride: \(Self.text(stride))") }
            if padding != Pair(0, 0) { f.append("padding: \(Self.text(padding))") }
            if dilation != .one { f.append("dilation: \(Self.text(dilation))") }
            if groups != 1, !depthwise { f.append("groups: \(groups)") }
        case let .fc(inputs, outputs):
            f.append("type: fc")
            f.append("inputs: \(inputs)")
            f.append("outputs: \(outputs)")
        case let .matmul(m, n, k):
            f.append("type: matmul")
            f.append("m: \(m)")
            f.append("n: \(n)")
            f.append("k: \(k)")
        case let .raw(type, dims, stride, dilation):
            f.append("type: \(type)")
            let order = ["N", "G", "K", "C", "P", "Q", "R", "S"]
            let listed = order.compactMap { d in dims[d].flatMap { $0 == 1 && d != "N" ? nil : "\(d): \($0)" } }
            f.append("dims: {\(listed.joined(separator: ", "))}")
            if stride != .one { f.append("stride: \(Self.text(stride))") }
            if dilation != .one { f.append("dilation: \(Self.text(dilation))") }
        }
        if repeatCount != 1 { f.append("repeat: \(repeatCount)") }
        if !from.isEmpty { f.append("from: [\(from.joined(separator: ", "))]") }
        f.append("vector_ops: \(vectorOps)")
        return f.joined(separator: ", ")
    }
}
