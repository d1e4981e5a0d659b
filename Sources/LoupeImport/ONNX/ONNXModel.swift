/// The part of an ONNX model Loupe reads: the graph's nodes, attributes, value shapes, the
/// initializers' names and shapes (not their data), and the operator sets. Field numbers are
/// those of the public `onnx.proto` (ModelProto, GraphProto, NodeProto, AttributeProto,
/// ValueInfoProto, TypeProto, TensorShapeProto, TensorProto, OperatorSetIdProto).
public struct ONNXModel: Sendable {
    public var irVersion: Int
    /// `domain → version`; the default domain is `""` (also written `ai.onnx`).
    public var opsets: [String: Int]
    public var producer: String
    public var graph: ONNXGraph

    /// The opset version of the default domain (`""` or `ai.onnx`), or `nil` when none is imported.
    public var defaultOpset: Int? { opsets[""] ?? opsets["ai.onnx"] }
}

public struct ONNXGraph: Sendable {
    public var name = ""
    public var nodes: [ONNXNode] = []
    public var initializers: [ONNXTensor] = []
    public var inputs: [ONNXValueInfo] = []
    public var outputs: [ONNXValueInfo] = []
    public var valueInfo: [ONNXValueInfo] = []
}

/// One node: `op_type` in `domain`, named inputs and outputs (an empty input name is an
/// omitted optional input), attributes by name.
public struct ONNXNode: Sendable {
    public var name = ""
    public var opType = ""
    public var domain = ""
    public var inputs: [String] = []
    public var outputs: [String] = []
    public var attributes: [String: ONNXAttribute] = [:]
}

/// An attribute's value; graphs (If/Loop bodies) are only noted, not read.
public enum ONNXAttribute: Sendable {
    case int(Int)
    case float(Double)
    case string(String)
    case ints([Int])
    case floats([Double])
    case strings([String])
    case tensor(ONNXTensor)
    case graph
    /// An attribute with no value Loupe reads (sparse tensors, type protos, an empty list).
    case other

    public var int: Int? { if case .int(let v) = self { v } else { nil } }
    public var float: Double? {
        switch self {
        case .float(let v): v
        case .int(let v): Double(v)
        default: nil
        }
    }
    public var string: String? { if case .string(let v) = self { v } else { nil } }
    /// The list of ints; an attribute written as an empty list reads as `[]`.
    public var ints: [Int]? {
        switch self {
        case .ints(let v): v
        case .other: []
        default: nil
        }
    }
    public var tensor: ONNXTensor? { if case .tensor(let v) = self { v } else { nil } }
}

/// A tensor's name, element type and shape. The data is read only for small integer and
/// float tensors (at most `ONNXTensor.maxValues` elements: shapes, axes, pads, scales), never
/// for weights.
public struct ONNXTensor: Sendable {
    /// The most elements whose values are read.
    public static let maxValues = 1024

    public var name = ""
    public var dims: [Int] = []
    /// `TensorProto.DataType`: 1 float, 6 int32, 7 int64, 10 float16, 11 double, …
    public var dataType = 0
    /// The values of a small integer tensor, row-major.
    public var ints: [Int]?
    /// The values of a small floating-point tensor, row-major.
    public var floats: [Double]?
    /// Stored in an external file (`data_location = EXTERNAL`); that file is never opened.
    public var isExternal = false
}

/// A value's declared element type and shape (`ValueInfoProto`); `shape` is `nil` when the
/// rank is unknown.
public struct ONNXValueInfo: Sendable {
    public enum Dim: Sendable, Hashable {
        case value(Int)
        case symbol(String)
        case unknown
    }
    public var name = ""
    public var elementType = 0
    public var shape: [Dim]?
}
