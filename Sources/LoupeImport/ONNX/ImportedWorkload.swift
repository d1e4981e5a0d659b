/// A workload imported from a model file: the layers in the workload file's forms
/// (docs/spec.md §7), the graph edges between them, and the vector work feeding each.
public struct ImportedWorkload: Sendable {
    public var name: String
    public var batch: Int
    public var layers: [ImportedLayer]
    /// Warnings for the user (`--skip-unsupported`'s skipped nodes), without the file prefix.
    public var warnings: [String]
    /// Vector operations of MAC-free nodes that feed no layer (after the last one).
    public var trailingVectorOps: Int
    /// Header facts: the source file's name, producer, IR version and opset, node count.
    public var source: String
    public var producer: String
    public var irVersion: Int
    public var opset: Int
    public var nodeCount: Int

    /// Σ MACs × repeat, as `Workload.totalMACs` computes it once loaded.
    public var totalMACs: Int { layers.reduce(0) { $0 + $1.macs * $1.repeatCount } }
}

/// One layer: a MAC-bearing node of the graph.
public struct ImportedLayer: Sendable, Equatable {
    /// Rows and columns of a 2-D quantity (stride, padding, dilation, kernel).
    public struct Pair: Sendable, Equatable {
        public var rows: Int
        public var cols: Int
        public init(_ rows: Int, _ cols: Int) { (self.rows, self.cols) = (rows, cols) }
        static let one = Pair(1, 1)
    }

    /// The workload-file form the layer is written in (docs/spec.md §7).
    public enum Form: Sendable, Equatable {
        /// `type: conv` (or `depthwise`) with `input`, `filters`, `kernel`, `stride`, `padding`,
        /// `dilation`, `groups`; `N` is the workload's batch.
        case conv(channels: Int, height: Int, width: Int, filters: Int, kernel: Pair, stride: Pair, padding: Pair,
                  dilation: Pair, groups: Int, depthwise: Bool)
        /// `type: fc`: `C = inputs`, `K = outputs`.
        case fc(inputs: Int, outputs: Int)
        /// `type: matmul`: `P = m`, `K = n`, `C = k`.
        case matmul(m: Int, n: Int, k: Int)
        /// `dims: {…}` with `type`, `stride` and `dilation` (bounds not listed are 1; `N`, when
        /// absent, is the batch).
        case raw(type: String, dims: [String: Int], stride: Pair, dilation: Pair)
    }

    public var name: String
    /// The ONNX node's name and operator.
    public var node: String
    public var op: String
    public var form: Form
    public var repeatCount: Int
    /// The layers whose outputs this one consumes, directly or through MAC-free nodes.
    public var from: [String]
    /// Vector operations of the MAC-free nodes feeding this layer (docs/import.md).
    public var vectorOps: Int
    /// A remark written after the layer, e.g. asymmetric pads.
    public var remark: String?
    /// The eight bounds, by dimension letter (N, G, K, C, P, Q, R, S).
    public var dims: [String: Int]

    /// MACs of one instance: the product of the bounds.
    public var macs: Int { dims.values.reduce(1, *) }
}
