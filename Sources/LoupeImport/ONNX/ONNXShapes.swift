/// A value flowing through the graph: its shape, and its contents when it is a small constant
/// known at import time (shapes, axes, pads, scales; folded through `Shape`, `Gather`,
/// `Concat`, integer arithmetic, …).
struct TensorValue: Sendable {
    var shape: [Int]
    var ints: [Int]? = nil
    var floats: [Double]? = nil

    var count: Int { shape.reduce(1, *) }
    var rank: Int { shape.count }
}

/// Why a node cannot be imported; the importer adds the node's name and operator.
struct NodeProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Output shapes of the operators between layers, for opsets 11–21 (where an operator's
/// signature changed across these opsets, both forms are read: e.g. `Unsqueeze` axes as an
/// attribute before opset 13 and as an input from 13; `Pad` pads as an input from 11).
/// Semantics follow the ONNX operator reference (onnx/docs/Operators.md) of each operator.
struct ShapeInference {
    var values: [String: TensorValue] = [:]
    let opset: Int

    // MARK: Inputs and attributes

    struct NodeView {
        let node: ONNXNode
        let values: [String: TensorValue]

        func input(_ i: Int) -> TensorValue? {
            guard i < node.inputs.count, !node.inputs[i].isEmpty else { return nil }
            return values[node.inputs[i]]
        }
        func has(_ i: Int) -> Bool { i < node.inputs.count && !node.inputs[i].isEmpty }
        func require(_ i: Int) throws(NodeProblem) -> TensorValue {
            guard has(i) else { throw NodeProblem("input #\(i + 1) is missing") }
            guard let v = values[node.inputs[i]] else {
                throw NodeProblem("the shape of input '\(node.inputs[i])' is unknown")
            }
            return v
        }
        /// A constant integer input (an initializer, a `Constant` node or a folded shape).
        func constantInts(_ i: Int, _ what: String) throws(NodeProblem) -> [Int] {
            let v = try require(i)
            guard let ints = v.ints else {
                throw NodeProblem("its \(what) input '\(node.inputs[i])' is not a constant known at import time "
                                  + "(Loupe reads it from initializers, Constant nodes and shape arithmetic)")
            }
            return ints
        }
        func int(_ name: String) -> Int? { node.attributes[name]?.int }
        func int(_ name: String, default d: Int) -> Int { node.attributes[name]?.int ?? d }
        func ints(_ name: String) -> [Int]? { node.attributes[name]?.ints }
        func string(_ name: String) -> String? { node.attributes[name]?.string }
    }

    /// An axis in `-rank..<rank` made non-negative.
    static func axis(_ a: Int, rank: Int) throws(NodeProblem) -> Int {
        let v = a < 0 ? a + rank : a
        guard v >= 0, v < max(rank, 1) else { throw NodeProblem("axis \(a) is out of range for rank \(rank)") }
        return v
    }

    /// Numpy broadcasting of two shapes (ONNX "Broadcasting in ONNX").
    static func broadcast(_ a: [Int], _ b: [Int]) throws(NodeProblem) -> [Int] {
        let n = max(a.count, b.count)
        var out = Array(repeating: 1, count: n)
        for i in 0..<n {
            let x = i < n - a.count ? 1 : a[i - (n - a.count)]
            let y = i < n - b.count ? 1 : b[i - (n - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw NodeProblem("shapes \(a) and \(b) do not broadcast")
            }
            out[i] = x == 1 ? y : x
        }
        return out
    }

    // MARK: Inference

    /// The outputs of a MAC-free node (one per output name; `nil` for an omitted output).
    func infer(_ node: ONNXNode) throws(NodeProblem) -> [TensorValue?] {
        let v = NodeView(node: node, values: values)
        let op = node.opType
        let x: () throws(NodeProblem) -> TensorValue = { () throws(NodeProblem) in try v.require(0) }

        if op == "Constant" { return [try constant(v)] }
        if let _ = ONNXOperators.unary[op] {
            let input = try x()
            var outs: [TensorValue?] = [TensorValue(shape: input.shape, ints: op == "Cast" || op == "Identity" ? input.ints : nil,
                                                    floats: op == "Cast" || op == "Identity" ? input.floats : nil)]
            if op == "Cast", let f = input.floats, outs[0]?.ints == nil { outs[0]?.ints = f.map { Int($0) } }
            if op == "LayerNormalization", node.outputs.count > 1 {
                let axis = try Self.axis(v.int("axis", default: -1), rank: input.rank)
                let reduced = TensorValue(shape: Array(input.shape[..<axis]) + Array(repeating: 1, count: input.rank - axis))
                outs += [reduced, reduced]
            }
            while outs.count < node.outputs.count { outs.append(TensorValue(shape: input.shape)) }
            return outs
        }
        if ONNXOperators.broadcasting.contains(op) { return [try elementwise(v)] }
        if ONNXOperators.pooling.contains(op) {
            let (out, _) = try Self.window(v, input: try x(), kernel: v.ints("kernel_shape") ?? [], channelsOut: nil)
            return Array(repeating: out, count: max(1, node.outputs.count))
        }
        if ONNXOperators.globalPooling.contains(op) {
            let input = try x()
            guard input.rank >= 3 else { throw NodeProblem("expects an input of rank 3 or more, found \(input.shape)") }
            return [TensorValue(shape: Array(input.shape[..<2]) + Array(repeating: 1, count: input.rank - 2))]
        }
        if ONNXOperators.reductions.contains(op) { return [try reduce(v)] }

        switch op {
        case "Shape":
            let input = try x()
            let r = input.rank
            func clamp(_ a: Int) -> Int { min(max(a < 0 ? a + r : a, 0), r) }
            let start = clamp(v.int("start", default: 0))
            let end = clamp(v.int("end", default: r))
            let dims = start < end ? Array(input.shape[start..<end]) : []
            return [TensorValue(shape: [dims.count], ints: dims)]
        case "Size":
            return [TensorValue(shape: [], ints: [try x().count])]
        case "Reshape": return [try reshape(v)]
        case "Flatten":
            let input = try x()
            let a = v.int("axis", default: 1)
            let axis = a < 0 ? a + input.rank : a
            guard axis >= 0, axis <= input.rank else { throw NodeProblem("axis \(a) is out of range for rank \(input.rank)") }
            return [TensorValue(shape: [input.shape[..<axis].reduce(1, *), input.shape[axis...].reduce(1, *)])]
        case "Transpose":
            let input = try x()
            let perm = v.ints("perm") ?? Array((0..<input.rank).reversed())
            guard perm.count == input.rank, Set(perm) == Set(0..<input.rank) else {
                throw NodeProblem("perm \(perm) is not a permutation of the input's \(input.rank) axes")
            }
            return [TensorValue(shape: perm.map { input.shape[$0] })]
        case "Squeeze", "Unsqueeze": return [try squeeze(v, unsqueeze: op == "Unsqueeze")]
        case "Concat": return [try concat(v)]
        case "Split": return try split(v)
        case "Slice": return [try slice(v)]
        case "Pad": return [try pad(v)]
        case "Gather": return [try gather(v)]
        case "GatherElements": return [TensorValue(shape: try v.require(1).shape)]
        case "Expand":
            let input = try x()
            let shape = try v.constantInts(1, "shape")
            return [TensorValue(shape: try Self.broadcast(input.shape, shape))]
        case "Tile":
            let input = try x()
            let repeats = try v.constantInts(1, "repeats")
            guard repeats.count == input.rank else { throw NodeProblem("repeats \(repeats) do not match the input's rank \(input.rank)") }
            return [TensorValue(shape: zip(input.shape, repeats).map(*))]
        case "ConstantOfShape":
            let shape = try v.constantInts(0, "shape")
            guard shape.allSatisfy({ $0 >= 0 }) else { throw NodeProblem("shape \(shape) has a negative dimension") }
            let count = shape.reduce(1, *)
            let fill = v.node.attributes["value"]?.tensor
            var out = TensorValue(shape: shape)
            if count <= ONNXTensor.maxValues {
                if let i = fill?.ints?.first { out.ints = Array(repeating: i, count: count) }
                else if let f = fill?.floats?.first { out.floats = Array(repeating: f, count: count) }
                else if fill == nil { out.floats = Array(repeating: 0, count: count) }
            }
            return [out]
        case "Range":
            let start = try v.constantInts(0, "start"), limit = try v.constantInts(1, "limit"), delta = try v.constantInts(2, "delta")
            guard let s = start.first, let l = limit.first, let d = delta.first, d != 0 else {
                throw NodeProblem("start, limit and delta must be constant numbers, delta not 0")
            }
            let n = max(0, (l - s + d + (d > 0 ? -1 : 1)) / d)
            return [TensorValue(shape: [n], ints: n <= ONNXTensor.maxValues ? (0..<n).map { s + $0 * d } : nil)]
        case "Resize", "Upsample": return [try resize(v)]
        case "DepthToSpace", "SpaceToDepth":
            let input = try x()
            let b = v.int("blocksize", default: 1)
            guard input.rank == 4, b >= 1 else { throw NodeProblem("expects a 4-D input and a blocksize") }
            let s = input.shape
            if op == "DepthToSpace" {
                guard s[1] % (b * b) == 0 else { throw NodeProblem("channels \(s[1]) are not divisible by blocksize² \(b * b)") }
                return [TensorValue(shape: [s[0], s[1] / (b * b), s[2] * b, s[3] * b])]
            }
            guard s[2] % b == 0, s[3] % b == 0 else { throw NodeProblem("height and width are not divisible by blocksize \(b)") }
            return [TensorValue(shape: [s[0], s[1] * b * b, s[2] / b, s[3] / b])]
        case "ArgMax", "ArgMin":
            let input = try x()
            let axis = try Self.axis(v.int("axis", default: 0), rank: input.rank)
            var shape = input.shape
            if v.int("keepdims", default: 1) == 1 { shape[axis] = 1 } else { shape.remove(at: axis) }
            return [TensorValue(shape: shape)]
        default:
            throw NodeProblem("Loupe does not know this operator, so it cannot infer its output shape")
        }
    }

    /// Output shapes of the MAC operators Loupe skips (`--skip-unsupported`), so the graph
    /// after them still imports: `LSTM`/`GRU`/`RNN` (`Y[seq, directions, batch, hidden]`,
    /// `Y_h`/`Y_c[directions, batch, hidden]`, layout 0; swapped for layout 1) and `Einsum` with
    /// an explicit `->` output.
    func skippedOutputs(_ node: ONNXNode) throws(NodeProblem) -> [TensorValue?] {
        let v = NodeView(node: node, values: values)
        switch node.opType {
        case "LSTM", "GRU", "RNN":
            let x = try v.require(0)
            guard x.rank == 3, let hidden = v.int("hidden_size") else { return [] }
            let directions = v.string("direction") == "bidirectional" ? 2 : 1
            let layout = v.int("layout", default: 0)
            let (seq, batch) = layout == 0 ? (x.shape[0], x.shape[1]) : (x.shape[1], x.shape[0])
            let y = layout == 0 ? [seq, directions, batch, hidden] : [batch, seq, directions, hidden]
            let state = layout == 0 ? [directions, batch, hidden] : [batch, directions, hidden]
            return [TensorValue(shape: y), TensorValue(shape: state), TensorValue(shape: state)]
        case "Einsum":
            guard let equation = v.string("equation")?.replacingOccurrences(of: " ", with: ""),
                  let arrow = equation.range(of: "->") else { return [] }
            let operands = equation[..<arrow.lowerBound].split(separator: ",", omittingEmptySubsequences: false)
            var extent: [Character: Int] = [:]
            for (i, letters) in operands.enumerated() {
                let t = try v.require(i)
                guard !letters.contains("."), letters.count == t.rank else { return [] }
                for (letter, d) in zip(letters, t.shape) { extent[letter] = max(extent[letter] ?? 1, d) }
            }
            var shape: [Int] = []
            for letter in equation[arrow.upperBound...] {
                guard let d = extent[letter] else { return [] }
                shape.append(d)
            }
            return [TensorValue(shape: shape)]
        default:
            return []
        }
    }

    // MARK: Operators

    func constant(_ v: NodeView) throws(NodeProblem) -> TensorValue {
        let a = v.node.attributes
        if let t = a["value"]?.tensor { return TensorValue(shape: t.dims, ints: t.ints, floats: t.floats) }
        if let i = a["value_int"]?.int { return TensorValue(shape: [], ints: [i]) }
        if let i = a["value_ints"]?.ints { return TensorValue(shape: [i.count], ints: i) }
        if let f = a["value_float"]?.float { return TensorValue(shape: [], floats: [f]) }
        if case .floats(let f)? = a["value_floats"] { return TensorValue(shape: [f.count], floats: f) }
        throw NodeProblem("has no value Loupe reads (value, value_int(s) or value_float(s))")
    }

    /// Broadcasting element-wise operators; small integer constants are folded (`Add`, `Sub`,
    /// `Mul`, `Div` (truncating, as ONNX integer division), `Mod`, `Equal`, `Where`, `Max`, `Min`).
    func elementwise(_ v: NodeView) throws(NodeProblem) -> TensorValue {
        var inputs: [TensorValue] = []
        for i in 0..<v.node.inputs.count where v.has(i) { inputs.append(try v.require(i)) }
        guard let first = inputs.first else { throw NodeProblem("has no inputs") }
        var shape = first.shape
        for other in inputs.dropFirst() { shape = try Self.broadcast(shape, other.shape) }
        var out = TensorValue(shape: shape)
        let count = shape.reduce(1, *)
        let allInts = inputs.compactMap(\.ints)
        if allInts.count == inputs.count, count <= ONNXTensor.maxValues, inputs.allSatisfy({ $0.count == count || $0.count == 1 }) {
            func at(_ k: Int, _ i: Int) -> Int { allInts[k].count == 1 ? allInts[k][0] : allInts[k][i] }
            var result: [Int] = []
            for i in 0..<count {
                switch v.node.opType {
                case "Add": result.append(at(0, i) + at(1, i))
                case "Sub": result.append(at(0, i) - at(1, i))
                case "Mul": result.append(at(0, i) * at(1, i))
                case "Div":
                    guard at(1, i) != 0 else { return out }
                    result.append(at(0, i) / at(1, i))
                case "Mod":
                    guard at(1, i) != 0 else { return out }
                    var r = at(0, i) % at(1, i)
                    // fmod = 0: the remainder takes the divisor's sign.
                    if r != 0, (r < 0) != (at(1, i) < 0), v.int("fmod", default: 0) == 0 { r += at(1, i) }
                    result.append(r)
                case "Max": result.append(max(at(0, i), at(1, i)))
                case "Min": result.append(min(at(0, i), at(1, i)))
                case "Equal": result.append(at(0, i) == at(1, i) ? 1 : 0)
                case "Where" where inputs.count == 3: result.append(at(0, i) != 0 ? at(1, i) : at(2, i))
                default: return out
                }
            }
            out.ints = result
        }
        return out
    }

    func reshape(_ v: NodeView) throws(NodeProblem) -> TensorValue {
        let input = try v.require(0)
        let target = try v.constantInts(1, "shape")
        let allowZero = v.int("allowzero", default: 0) == 1
        var shape = target
        var inferred: Int?
        for (i, d) in target.enumerated() {
            if d == 0, !allowZero {
                guard i < input.rank else { throw NodeProblem("shape \(target) copies axis \(i), which the input \(input.shape) lacks") }
                shape[i] = input.shape[i]
            } else if d == -1 {
                guard inferred == nil else { throw NodeProblem("shape \(target) has more than one -1") }
                inferred = i
            } else if d < -1 {
                throw NodeProblem("shape \(target) has a negative dimension")
            }
        }
        let known = shape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
        if let inferred {
            guard known > 0, input.count % known == 0 else {
                throw NodeProblem("cannot reshape \(input.shape) (\(input.count) elements) to \(target)")
            }
            shape[inferred] = input.count / known
        } else if known != input.count {
            throw NodeProblem("cannot reshape \(input.shape) (\(input.count) elements) to \(target) (\(known) elements)")
        }
        return TensorValue(shape: shape, ints: input.ints, floats: input.floats)
    }

    func squeeze(_ v: NodeView, unsqueeze: Bool) throws(NodeProblem) -> TensorValue {
        let input = try v.require(0)
        var axes: [Int]? = v.ints("axes")
        if axes == nil, v.has(1) { axes = try v.constantInts(1, "axes") }
        if unsqueeze {
            guard let axes else { throw NodeProblem("has no axes") }
            let rank = input.rank + axes.count
            var normalized: [Int] = []
            for a in axes { normalized.append(try Self.axis(a, rank: rank)) }
            var shape: [Int] = []
            var source = input.shape.makeIterator()
            for i in 0..<rank { shape.append(normalized.contains(i) ? 1 : (source.next() ?? 1)) }
            return TensorValue(shape: shape, ints: input.ints, floats: input.floats)
        }
        var drop = Set<Int>()
        if let axes {
            for a in axes {
                let n = try Self.axis(a, rank: input.rank)
                guard input.shape[n] == 1 else { throw NodeProblem("cannot squeeze axis \(a) of \(input.shape): it is not 1") }
                drop.insert(n)
            }
        } else {
            drop = Set(input.shape.indices.filter { input.shape[$0] == 1 })
        }
        return TensorValue(shape: input.shape.indices.filter { !drop.contains($0) }.map { input.shape[$0] },
                           ints: input.ints, floats: input.floats)
    }

    func concat(_ v: NodeView) throws(NodeProblem) -> TensorValue {
        var inputs: [TensorValue] = []
        for i in 0..<v.node.inputs.count where v.has(i) { inputs.append(try v.require(i)) }
        guard let first = inputs.first else { throw NodeProblem("has no inputs") }
        guard let a = v.int("axis") else { throw NodeProblem("has no axis attribute") }
        let axis = try Self.axis(a, rank: first.rank)
        var shape = first.shape
        shape[axis] = 0
        for t in inputs {
            guard t.rank == first.rank,
                  t.shape.indices.allSatisfy({ $0 == axis || t.shape[$0] == first.shape[$0] }) else {
                throw NodeProblem("inputs \(inputs.map(\.shape)) differ outside axis \(a)")
            }
            shape[axis] += t.shape[axis]
        }
        var out = TensorValue(shape: shape)
        if first.rank == 1 {
            let lists = inputs.compactMap(\.ints)
            if lists.count == inputs.count { out.ints = lists.flatMap { $0 } }
        }
        return out
    }

    func split(_ v: NodeView) throws(NodeProblem) -> [TensorValue?] {
        let input = try v.require(0)
        let axis = try Self.axis(v.int("axis", default: 0), rank: input.rank)
        let n = v.node.outputs.count
        var sizes: [Int]
        if let s = v.ints("split") {
            sizes = s
        } else if v.has(1) {
            sizes = try v.constantInts(1, "split")
        } else {
            let parts = v.int("num_outputs") ?? n
            guard parts >= 1 else { throw NodeProblem("has no outputs") }
            let each = (input.shape[axis] + parts - 1) / parts
            sizes = (0..<parts).map { min(each, max(0, input.shape[axis] - $0 * each)) }
        }
        guard sizes.count == n, sizes.reduce(0, +) == input.shape[axis] else {
            throw NodeProblem("split \(sizes) does not divide axis \(axis) of \(input.shape) into \(n) outputs")
        }
        return sizes.map { s in
            var shape = input.shape
            shape[axis] = s
            return TensorValue(shape: shape)
        }
    }

    func slice(_ v: NodeView) throws(NodeProblem) -> TensorValue {
        let input = try v.require(0)
        let starts: [Int], ends: [Int], axesIn: [Int]?, steps: [Int]?
        if opset < 10 || v.ints("starts") != nil {
            guard let s = v.ints("starts"), let e = v.ints("ends") else { throw NodeProblem("has no starts and ends") }
            (starts, ends, axesIn, steps) = (s, e, v.ints("axes"), nil)
        } else {
            starts = try v.constantInts(1, "starts")
            ends = try v.constantInts(2, "ends")
            axesIn = v.has(3) ? try v.constantInts(3, "axes") : nil
            steps = v.has(4) ? try v.constantInts(4, "steps") : nil
        }
        let axes = axesIn ?? Array(0..<starts.count)
        guard starts.count == ends.count, axes.count == starts.count, (steps?.count ?? starts.count) == starts.count else {
            throw NodeProblem("starts, ends, axes and steps differ in length")
        }
        var shape = input.shape
        var ranges: [Int: (Int, Int, Int)] = [:]
        for (k, a) in axes.enumerated() {
            let axis = try Self.axis(a, rank: input.rank)
            let dim = input.shape[axis]
            let step = steps?[k] ?? 1
            guard step != 0 else { throw NodeProblem("a slice step is 0") }
            func clamp(_ x: Int, _ lo: Int, _ hi: Int) -> Int { min(max(x, lo), hi) }
            var s = starts[k] < 0 ? starts[k] + dim : starts[k]
            var e = ends[k] < 0 ? ends[k] + dim : ends[k]
            if step > 0 {
                s = clamp(s, 0, dim); e = clamp(e, 0, dim)
                shape[axis] = max(0, (e - s + step - 1) / step)
            } else {
                s = clamp(s, 0, dim - 1); e = clamp(e, -1, dim - 1)
                shape[axis] = max(0, (s - e + (-step) - 1) / (-step))
            }
            ranges[axis] = (s, e, step)
        }
        var out = TensorValue(shape: shape)
        if input.rank == 1, let ints = input.ints {
            let (s, _, step) = ranges[0] ?? (0, input.shape[0], 1)
            out.ints = (0..<shape[0]).map { ints[s + $0 * step] }
        }
        return out
    }

    func pad(_ v: NodeView) throws(NodeProblem) -> TensorValue {
        let input = try v.require(0)
        let pads = opset < 11 ? (v.ints("pads") ?? []) : try v.constantInts(1, "pads")
        var axes = Array(0..<input.rank)
        if v.has(3) {
            axes = []
            for a in try v.constantInts(3, "axes") { axes.append(try Self.axis(a, rank: input.rank)) }
        }
        guard pads.count == 2 * axes.count else {
            throw NodeProblem("pads \(pads) do not give a begin and an end for each of \(axes.count) axes")
        }
        var shape = input.shape
        for (k, a) in axes.enumerated() { shape[a] += pads[k] + pads[k + axes.count] }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw NodeProblem("pads \(pads) make \(input.shape) negative") }
        return TensorValue(shape: shape)
    }

    func gather(_ v: NodeView) throws(NodeProblem) -> TensorValue {
        let data = try v.require(0)
        let indices = try v.require(1)
        let axis = try Self.axis(v.int("axis", default: 0), rank: data.rank)
        let shape = Array(data.shape[..<axis]) + indices.shape + Array(data.shape[(axis + 1)...])
        var out = TensorValue(shape: shape)
        if data.rank == 1, let d = data.ints, let idx = indices.ints {
            var picked: [Int] = []
            for i in idx {
                let j = i < 0 ? i + d.count : i
                guard j >= 0, j < d.count else { throw NodeProblem("index \(i) is out of range for \(d.count) values") }
                picked.append(d[j])
            }
            out.ints = picked
        }
        return out
    }

    func reduce(_ v: NodeView) throws(NodeProblem) -> TensorValue {
        let input = try v.require(0)
        var axes: [Int]? = v.ints("axes")
        if axes == nil, v.has(1) { axes = try v.constantInts(1, "axes") }
        let keep = v.int("keepdims", default: 1) == 1
        var reduced: Set<Int>
        if let axes, !axes.isEmpty {
            reduced = []
            for a in axes { reduced.insert(try Self.axis(a, rank: input.rank)) }
        } else if v.int("noop_with_empty_axes", default: 0) == 1 {
            return input
        } else {
            reduced = Set(0..<input.rank)
        }
        var shape: [Int] = []
        for i in 0..<input.rank {
            if reduced.contains(i) { if keep { shape.append(1) } } else { shape.append(input.shape[i]) }
        }
        return TensorValue(shape: shape)
    }

    func resize(_ v: NodeView) throws(NodeProblem) -> TensorValue {
        let input = try v.require(0)
        if v.node.opType == "Resize", v.has(3) {
            let sizes = try v.constantInts(3, "sizes")
            guard sizes.count == input.rank else { throw NodeProblem("sizes \(sizes) do not match rank \(input.rank)") }
            return TensorValue(shape: sizes)
        }
        let scalesIndex = v.node.opType == "Resize" ? 2 : 1
        var scales: [Double]?
        if case .floats(let f)? = v.node.attributes["scales"] { scales = f }
        if scales == nil, v.has(scalesIndex) { scales = try v.require(scalesIndex).floats }
        guard let scales, scales.count == input.rank else {
            throw NodeProblem("its scales are not constants known at import time")
        }
        return TensorValue(shape: zip(input.shape, scales).map { Int((Double($0) * $1).rounded(.down)) })
    }

    // MARK: Windows (pooling and convolution)

    /// Per spatial axis: kernel, stride, dilation, padding at the begin and the end, input and
    /// output extents.
    struct Window: Sendable, Equatable {
        var kernel: [Int], strides: [Int], dilations: [Int], padBegin: [Int], padEnd: [Int], inputs: [Int], outputs: [Int]
    }

    /// The output of a sliding window over `input`'s axes 2… (pooling, convolution), per the
    /// ONNX `Conv`/`MaxPool` output-size rules:
    /// - explicit pads: `out = ⌊(in + pb + pe − d·(k − 1) − 1) / s⌋ + 1` (`⌈…⌉` with `ceil_mode`);
    /// - `VALID`: the same with no padding;
    /// - `SAME_UPPER`/`SAME_LOWER`: `out = ⌈in / s⌉`, total padding
    ///   `max(0, (out − 1)·s + d·(k − 1) + 1 − in)`, the extra element at the end (UPPER) or
    ///   the begin (LOWER).
    /// `channelsOut` replaces axis 1 (convolution's output channels).
    static func window(_ v: NodeView, input: TensorValue, kernel: [Int], channelsOut: Int?) throws(NodeProblem) -> (TensorValue, Window) {
        let n = input.rank - 2
        guard n >= 1 else { throw NodeProblem("expects an input with batch, channel and spatial axes, found \(input.shape)") }
        guard kernel.count == n else { throw NodeProblem("kernel \(kernel) does not match the input's \(n) spatial axes") }
        let strides = v.ints("strides") ?? Array(repeating: 1, count: n)
        let dilations = v.ints("dilations") ?? Array(repeating: 1, count: n)
        var pads = v.ints("pads") ?? Array(repeating: 0, count: 2 * n)
        guard strides.count == n, dilations.count == n, pads.count == 2 * n else {
            throw NodeProblem("strides \(strides), dilations \(dilations) or pads \(pads) do not match \(n) spatial axes")
        }
        guard strides.allSatisfy({ $0 >= 1 }), dilations.allSatisfy({ $0 >= 1 }), pads.allSatisfy({ $0 >= 0 }), kernel.allSatisfy({ $0 >= 1 })
        else { throw NodeProblem("has a stride, dilation or kernel below 1, or a negative pad") }
        let autoPad = v.string("auto_pad") ?? "NOTSET"
        let ceil = v.int("ceil_mode", default: 0) == 1
        var outputs: [Int] = []
        for i in 0..<n {
            let inExtent = input.shape[i + 2]
            let span = dilations[i] * (kernel[i] - 1) + 1
            switch autoPad {
            case "NOTSET", "", "VALID":
                if autoPad == "VALID" { pads[i] = 0; pads[i + n] = 0 }
                let num = inExtent + pads[i] + pads[i + n] - span
                guard num >= 0 else {
                    throw NodeProblem("the kernel's extent \(span) exceeds the padded input \(inExtent + pads[i] + pads[i + n]) on spatial axis \(i + 1)")
                }
                var out = (ceil ? (num + strides[i] - 1) / strides[i] : num / strides[i]) + 1
                // ceil_mode: the last window must start inside the input or its begin padding.
                if ceil, (out - 1) * strides[i] >= inExtent + pads[i] { out -= 1 }
                outputs.append(out)
            case "SAME_UPPER", "SAME_LOWER":
                let out = (inExtent + strides[i] - 1) / strides[i]
                let total = max(0, (out - 1) * strides[i] + span - inExtent)
                let small = total / 2
                (pads[i], pads[i + n]) = autoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small)
                outputs.append(out)
            default:
                throw NodeProblem("auto_pad '\(autoPad)' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID")
            }
        }
        let shape = [input.shape[0], channelsOut ?? input.shape[1]] + outputs
        let w = Window(kernel: kernel, strides: strides, dilations: dilations, padBegin: Array(pads[..<n]),
                       padEnd: Array(pads[n...]), inputs: Array(input.shape[2...]), outputs: outputs)
        return (TensorValue(shape: shape), w)
    }
}
