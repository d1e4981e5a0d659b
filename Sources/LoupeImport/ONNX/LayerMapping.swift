/// How each MAC-bearing ONNX node becomes a Loupe layer (docs/import.md, "Layers"). Bounds
/// follow docs/spec.md §3: `N` batch, `G` groups, `K` output channels per group, `C` input
/// channels per group, `P`/`Q` output rows/columns, `R`/`S` filter rows/columns.
enum LayerMapping {
    typealias Pair = ImportedLayer.Pair

    static func layer(op: String, _ v: ShapeInference.NodeView, batch: Int) throws(NodeProblem) -> (ImportedLayer, TensorValue) {
        switch op {
        case "Conv": return try conv(v, batch: batch)
        case "ConvTranspose": return try convTranspose(v, batch: batch)
        case "Gemm": return try gemm(v, batch: batch)
        default: return try matmul(v, batch: batch)
        }
    }

    static func make(_ v: ShapeInference.NodeView, _ form: ImportedLayer.Form, dims: [String: Int], repeatCount: Int = 1,
                     remark: String? = nil) -> ImportedLayer {
        var all = ["N": 1, "G": 1, "K": 1, "C": 1, "P": 1, "Q": 1, "R": 1, "S": 1]
        for (k, d) in dims { all[k] = d }
        return ImportedLayer(name: "", node: v.node.name, op: v.node.opType, form: form, repeatCount: repeatCount,
                             from: [], vectorOps: 0, remark: remark, dims: all)
    }

    /// `Conv`: `X[N, C_in, H, W]`, `W[M, C_in/group, kH, kW]` → `G = group`,
    /// `C = C_in/group`, `K = M/group`, `R, S = kH, kW`, `P, Q` by `ShapeInference.window`.
    /// A 1-D convolution is the 2-D one with height 1. Written in the `conv` form (or
    /// `depthwise` when `group = C_in` and each group has one input channel) when its pads
    /// are symmetric and its batch is the workload's, otherwise in the raw `dims` form.
    static func conv(_ v: ShapeInference.NodeView, batch: Int) throws(NodeProblem) -> (ImportedLayer, TensorValue) {
        let x = try v.require(0)
        let w = try v.require(1)
        guard x.rank == 3 || x.rank == 4 else {
            throw NodeProblem(x.rank == 5 ? "a 3-D convolution has no Loupe layer form (Loupe layers have two spatial axes)"
                              : "expects a 1-D or 2-D convolution input [N, C, (H,) W], found \(x.shape)")
        }
        guard w.rank == x.rank else { throw NodeProblem("weights \(w.shape) do not match the input \(x.shape)") }
        let group = v.int("group", default: 1)
        let m = w.shape[0], cPerGroup = w.shape[1]
        guard group >= 1, x.shape[1] == cPerGroup * group, m % group == 0 else {
            throw NodeProblem("input channels \(x.shape[1]), weights \(w.shape) and group \(group) do not fit together")
        }
        let kernel = v.ints("kernel_shape") ?? Array(w.shape[2...])
        let (out, win) = try ShapeInference.window(v, input: x, kernel: kernel, channelsOut: m)
        let two = lift(win)
        let n = x.shape[0]
        let dims = ["N": n, "G": group, "K": m / group, "C": cPerGroup, "P": two.outputs.rows, "Q": two.outputs.cols,
                    "R": two.kernel.rows, "S": two.kernel.cols]
        let symmetric = two.padBegin == two.padEnd
        let depthwise = group > 1 && cPerGroup == 1
        if symmetric, n == batch {
            let form = ImportedLayer.Form.conv(channels: x.shape[1], height: two.inputs.rows, width: two.inputs.cols, filters: m,
                                               kernel: two.kernel, stride: two.strides, padding: two.padBegin,
                                               dilation: two.dilations, groups: group, depthwise: depthwise)
            return (make(v, form, dims: dims), out)
        }
        var raw = dims
        if n == batch { raw["N"] = nil }
        let remark = symmetric ? nil
            : "pads begin \(pair(two.padBegin)), end \(pair(two.padEnd)); input \(two.inputs.rows)x\(two.inputs.cols)"
        return (make(v, .raw(type: depthwise ? "depthwise" : "conv", dims: raw, stride: two.strides, dilation: two.dilations),
                     dims: dims, remark: remark), out)
    }

    static func pair(_ p: Pair) -> String { "[\(p.rows), \(p.cols)]" }

    /// A window's per-axis figures as rows and columns (a 1-D window has one row).
    struct TwoD {
        var kernel, strides, dilations, padBegin, padEnd, inputs, outputs: Pair
    }

    static func lift(_ w: ShapeInference.Window) -> TwoD {
        func p(_ a: [Int], _ one: Int) -> Pair { a.count == 2 ? Pair(a[0], a[1]) : Pair(one, a[0]) }
        return TwoD(kernel: p(w.kernel, 1), strides: p(w.strides, 1), dilations: p(w.dilations, 1), padBegin: p(w.padBegin, 0),
                    padEnd: p(w.padEnd, 0), inputs: p(w.inputs, 1), outputs: p(w.outputs, 1))
    }

    /// `ConvTranspose`: `X[N, C_in, H, W]`, `W[C_in, M/group, kH, kW]`. Each input pixel is
    /// multiplied by every tap of its group's filters, so the MACs are
    /// `N·C_in·H·W·(M/group)·kH·kW`; the layer is written in that scatter form, raw `dims` with
    /// `P, Q = H, W` (the input extent) and stride 1. Output extent (ONNX `ConvTranspose`):
    /// `s·(in − 1) + output_padding + d·(k − 1) + 1 − pb − pe`, or `output_shape`, or
    /// `in·s` with `SAME_*` padding.
    static func convTranspose(_ v: ShapeInference.NodeView, batch: Int) throws(NodeProblem) -> (ImportedLayer, TensorValue) {
        let x = try v.require(0)
        let w = try v.require(1)
        guard x.rank == 3 || x.rank == 4, w.rank == x.rank else {
            throw NodeProblem("expects a 1-D or 2-D input [N, C, (H,) W] and matching weights, found \(x.shape) and \(w.shape)")
        }
        let group = v.int("group", default: 1)
        guard group >= 1, w.shape[0] == x.shape[1], x.shape[1] % group == 0 else {
            throw NodeProblem("input channels \(x.shape[1]), weights \(w.shape) and group \(group) do not fit together")
        }
        let spatial = x.rank - 2
        let kernel = v.ints("kernel_shape") ?? Array(w.shape[2...])
        let strides = v.ints("strides") ?? Array(repeating: 1, count: spatial)
        let dilations = v.ints("dilations") ?? Array(repeating: 1, count: spatial)
        let pads = v.ints("pads") ?? Array(repeating: 0, count: 2 * spatial)
        let outputPadding = v.ints("output_padding") ?? Array(repeating: 0, count: spatial)
        guard kernel.count == spatial, strides.count == spatial, dilations.count == spatial, pads.count == 2 * spatial,
              outputPadding.count == spatial else {
            throw NodeProblem("kernel, strides, dilations, pads or output_padding do not match \(spatial) spatial axes")
        }
        let autoPad = v.string("auto_pad") ?? "NOTSET"
        var outExtent: [Int] = []
        for i in 0..<spatial {
            if let shape = v.ints("output_shape") {
                guard shape.count >= spatial else { throw NodeProblem("output_shape \(shape) has fewer than \(spatial) axes") }
                outExtent.append(shape[shape.count - spatial + i])
            } else if autoPad.hasPrefix("SAME") {
                outExtent.append(x.shape[i + 2] * strides[i])
            } else {
                outExtent.append(strides[i] * (x.shape[i + 2] - 1) + outputPadding[i] + dilations[i] * (kernel[i] - 1) + 1
                                 - pads[i] - pads[i + spatial])
            }
        }
        guard outExtent.allSatisfy({ $0 >= 1 }) else { throw NodeProblem("its output extent \(outExtent) is below 1") }
        let m = w.shape[1] * group
        let out = TensorValue(shape: [x.shape[0], m] + outExtent)
        let two = spatial == 2
        let dims = ["N": x.shape[0], "G": group, "K": m / group, "C": x.shape[1] / group,
                    "P": two ? x.shape[2] : 1, "Q": x.shape[x.rank - 1], "R": two ? kernel[0] : 1, "S": kernel[spatial - 1]]
        var raw = dims
        if x.shape[0] == batch { raw["N"] = nil }
        let dilation = two ? Pair(dilations[0], dilations[1]) : Pair(1, dilations[0])
        let outText = outExtent.map(String.init).joined(separator: "x")
        return (make(v, .raw(type: "conv", dims: raw, stride: .one, dilation: dilation), dims: dims,
                     remark: "transposed convolution in scatter form: P, Q = input extent; output \(outText)"), out)
    }

    /// `Gemm`: `Y = A·B (+ C)`, `A[M, K]` (`[K, M]` with `transA`), `B[K, N]` (`[N, K]` with
    /// `transB`): a matrix product of `M` rows.
    static func gemm(_ v: ShapeInference.NodeView, batch: Int) throws(NodeProblem) -> (ImportedLayer, TensorValue) {
        let a = try v.require(0)
        let b = try v.require(1)
        guard a.rank == 2, b.rank == 2 else { throw NodeProblem("expects two matrices, found \(a.shape) and \(b.shape)") }
        let (m, k) = v.int("transA", default: 0) == 1 ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = v.int("transB", default: 0) == 1 ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == k2 else { throw NodeProblem("inner dimensions differ: A gives \(k), B gives \(k2)") }
        return (matrix(v, rows: m, n: n, k: k, batch: batch), TensorValue(shape: [m, n]))
    }

    /// `MatMul` with numpy semantics: `A[…, M, K]·B[…, K, N]` over broadcast batch axes (a
    /// 1-D `A` is a row, a 1-D `B` a column). When `B` has no batch axes of its own (a weight,
    /// or an activation shared by every batch entry) the batch axes of `A` become rows; when
    /// both operands are batched (attention's `Q·Kᵀ` and `A·V`) each batch entry is one
    /// `M × N × K` product, counted with `repeat`.
    static func matmul(_ v: ShapeInference.NodeView, batch: Int) throws(NodeProblem) -> (ImportedLayer, TensorValue) {
        let a0 = try v.require(0)
        let b0 = try v.require(1)
        guard a0.rank >= 1, b0.rank >= 1 else { throw NodeProblem("expects operands of rank 1 or more, found \(a0.shape) and \(b0.shape)") }
        let a = a0.rank == 1 ? [1] + a0.shape : a0.shape
        let b = b0.rank == 1 ? b0.shape + [1] : b0.shape
        let (m, k) = (a[a.count - 2], a[a.count - 1])
        let (k2, n) = (b[b.count - 2], b[b.count - 1])
        guard k == k2 else { throw NodeProblem("inner dimensions differ: \(a0.shape) · \(b0.shape)") }
        let aBatch = Array(a.dropLast(2)), bBatch = Array(b.dropLast(2))
        let batchAxes = try ShapeInference.broadcast(aBatch, bBatch)
        var outShape = batchAxes
        if a0.rank > 1 { outShape.append(m) }
        if b0.rank > 1 { outShape.append(n) }
        let out = TensorValue(shape: outShape)
        let entries = batchAxes.reduce(1, *)
        if bBatch.reduce(1, *) == 1 {
            return (matrix(v, rows: entries * m, n: n, k: k, batch: batch), out)
        }
        if entries % batch == 0 {
            return (make(v, .matmul(m: m, n: n, k: k), dims: ["N": batch, "P": m, "K": n, "C": k], repeatCount: entries / batch), out)
        }
        return (make(v, .raw(type: "matmul", dims: ["N": 1, "P": m, "K": n, "C": k], stride: .one, dilation: .one),
                     dims: ["N": 1, "P": m, "K": n, "C": k], repeatCount: entries), out)
    }

    /// A product of `rows × k` by `k × n`: `fc` when there is one row per batch entry,
    /// `matmul` with `m = rows / batch` when the rows divide evenly, raw `dims` with `N = 1`
    /// otherwise.
    static func matrix(_ v: ShapeInference.NodeView, rows: Int, n: Int, k: Int, batch: Int) -> ImportedLayer {
        if rows == batch { return make(v, .fc(inputs: k, outputs: n), dims: ["N": batch, "C": k, "K": n]) }
        if rows % batch == 0 { return make(v, .matmul(m: rows / batch, n: n, k: k), dims: ["N": batch, "P": rows / batch, "K": n, "C": k]) }
        let dims = ["N": 1, "P": rows, "K": n, "C": k]
        return make(v, .raw(type: "matmul", dims: dims, stride: .one, dilation: .one), dims: dims)
    }
}
