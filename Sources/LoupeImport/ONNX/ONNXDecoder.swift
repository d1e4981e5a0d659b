import Foundation

/// Decodes an ONNX model file (a serialized `ModelProto`) with `ProtobufWire`.
///
/// Field numbers (public `onnx.proto`):
/// - ModelProto: 1 ir_version, 2 producer_name, 3 producer_version, 7 graph, 8 opset_import.
/// - OperatorSetIdProto: 1 domain, 2 version.
/// - GraphProto: 1 node, 2 name, 5 initializer, 11 input, 12 output, 13 value_info.
/// - NodeProto: 1 input, 2 output, 3 name, 4 op_type, 5 attribute, 7 domain.
/// - AttributeProto: 1 name, 2 f, 3 i, 4 s, 5 t, 6 g, 7 floats, 8 ints, 9 strings, 10 tensors, 11 graphs, 20 type.
/// - ValueInfoProto: 1 name, 2 type. TypeProto: 1 tensor_type. TypeProto.Tensor: 1 elem_type, 2 shape.
///   TensorShapeProto: 1 dim. Dimension: 1 dim_value, 2 dim_param.
/// - TensorProto: 1 dims, 2 data_type, 4 float_data, 5 int32_data, 7 int64_data, 8 name,
///   9 raw_data, 10 double_data, 14 data_location (1 = external).
/// Every other field is skipped without being read.
public enum ONNXDecoder {
    /// Why a file is not a readable ONNX model.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads the model at `path`, memory-mapped (`mmap`, read-only) so that the pages of
    /// skipped weights are never read from disk.
    public static func read(path: String) throws(Failure) -> ONNXModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(message: "cannot read the file: no such file")
        }
        guard !isDirectory.boolValue else { throw Failure(message: "cannot read the file: it is a directory") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Failure(message: "cannot read the file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(message: "cannot read the file: \(String(cString: strerror(errno)))") }
        let size = Int(info.st_size)
        guard size > 0 else { throw Failure(message: "not an ONNX model: the file is empty") }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw Failure(message: "cannot read the file: \(String(cString: strerror(errno)))")
        }
        defer { munmap(base, size) }
        // Only the pages holding the fields read are wanted: no read-ahead into the weights.
        _ = madvise(base, size, MADV_RANDOM)
        return try decode(UnsafeRawBufferPointer(start: base, count: size))
    }

    /// Decodes a serialized `ModelProto`.
    public static func decode(_ data: Data) throws(Failure) -> ONNXModel {
        let result: Result<ONNXModel, Failure> = data.withUnsafeBytes { raw in
            do throws(Failure) { return .success(try decode(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes the bytes of a serialized `ModelProto`.
    static func decode(_ raw: UnsafeRawBufferPointer) throws(Failure) -> ONNXModel {
        let result: Result<ONNXModel, ProtobufWire.Malformed>
        do throws(ProtobufWire.Malformed) {
            result = .success(try model(ProtobufWire(raw)))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let m):
            guard m.irVersion > 0 else { throw Failure(message: "not an ONNX model: it has no IR version") }
            guard !m.graph.nodes.isEmpty else { throw Failure(message: "not an ONNX model, or an empty one: its graph has no nodes") }
            guard m.defaultOpset != nil else {
                throw Failure(message: "the model imports no version of the default ONNX operator set (opset_import)")
            }
            return m
        case .failure(let e):
            if e.message.contains("past the end") || e.message.contains("ends inside") {
                throw Failure(message: "the file is truncated or not an ONNX model: \(e.message) (at byte \(e.offset))")
            }
            throw Failure(message: "not an ONNX model: \(e.message) (at byte \(e.offset))")
        }
    }

    /// The fields of `ModelProto` a valid model may carry; another number at the top level
    /// means the file is something else.
    static let modelFields: Set<Int> = [1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25]

    static func model(_ r: ProtobufWire) throws(ProtobufWire.Malformed) -> ONNXModel {
        var r = r
        var m = ONNXModel(irVersion: 0, opsets: [:], producer: "", graph: ONNXGraph())
        var producerVersion = ""
        var hasGraph = false
        while let (n, t) = try r.field() {
            guard modelFields.contains(n) else {
                throw ProtobufWire.Malformed(message: "field \(n) is not part of an ONNX ModelProto", offset: r.position)
            }
            switch n {
            case 1: try r.expect(t, .varint, field: "ir_version"); m.irVersion = Int(try r.int64())
            case 2: try r.expect(t, .lengthDelimited, field: "producer_name"); m.producer = r.string(try r.lengthDelimited())
            case 3: try r.expect(t, .lengthDelimited, field: "producer_version"); producerVersion = r.string(try r.lengthDelimited())
            case 7:
                try r.expect(t, .lengthDelimited, field: "graph")
                m.graph = try graph(r.message(try r.lengthDelimited()))
                hasGraph = true
            case 8:
                try r.expect(t, .lengthDelimited, field: "opset_import")
                var s = r.message(try r.lengthDelimited())
                var domain = ""
                var version = 0
                while let (f, ft) = try s.field() {
                    switch (f, ft) {
                    case (1, .lengthDelimited): domain = s.string(try s.lengthDelimited())
                    case (2, .varint): version = Int(try s.int64())
                    default: try s.skip(ft)
                    }
                }
                m.opsets[domain] = version
            default: try r.skip(t)
            }
        }
        if !producerVersion.isEmpty { m.producer += m.producer.isEmpty ? producerVersion : " " + producerVersion }
        if !hasGraph { m.graph.nodes = [] }
        return m
    }

    static func graph(_ r: ProtobufWire) throws(ProtobufWire.Malformed) -> ONNXGraph {
        var r = r
        var g = ONNXGraph()
        while let (n, t) = try r.field() {
            switch (n, t) {
            case (1, .lengthDelimited): g.nodes.append(try node(r.message(try r.lengthDelimited())))
            case (2, .lengthDelimited): g.name = r.string(try r.lengthDelimited())
            case (5, .lengthDelimited): g.initializers.append(try tensor(r.message(try r.lengthDelimited())))
            case (11, .lengthDelimited): g.inputs.append(try valueInfo(r.message(try r.lengthDelimited())))
            case (12, .lengthDelimited): g.outputs.append(try valueInfo(r.message(try r.lengthDelimited())))
            case (13, .lengthDelimited): g.valueInfo.append(try valueInfo(r.message(try r.lengthDelimited())))
            default: try r.skip(t)
            }
        }
        return g
    }

    static func node(_ r: ProtobufWire) throws(ProtobufWire.Malformed) -> ONNXNode {
        var r = r
        var node = ONNXNode()
        while let (n, t) = try r.field() {
            switch (n, t) {
            case (1, .lengthDelimited): node.inputs.append(r.string(try r.lengthDelimited()))
            case (2, .lengthDelimited): node.outputs.append(r.string(try r.lengthDelimited()))
            case (3, .lengthDelimited): node.name = r.string(try r.lengthDelimited())
            case (4, .lengthDelimited): node.opType = r.string(try r.lengthDelimited())
            case (7, .lengthDelimited): node.domain = r.string(try r.lengthDelimited())
            case (5, .lengthDelimited):
                let (name, value) = try attribute(r.message(try r.lengthDelimited()))
                node.attributes[name] = value
            default: try r.skip(t)
            }
        }
        return node
    }

    static func attribute(_ r: ProtobufWire) throws(ProtobufWire.Malformed) -> (String, ONNXAttribute) {
        var r = r
        var name = ""
        var value = ONNXAttribute.other
        var ints: [Int64] = []
        var floats: [Float] = []
        var strings: [String] = []
        while let (n, t) = try r.field() {
            switch (n, t) {
            case (1, .lengthDelimited): name = r.string(try r.lengthDelimited())
            case (2, .fixed32): value = .float(Double(Float(bitPattern: try r.fixed32())))
            case (3, .varint): value = .int(Int(try r.int64()))
            case (4, .lengthDelimited): value = .string(r.string(try r.lengthDelimited()))
            case (5, .lengthDelimited): value = .tensor(try tensor(r.message(try r.lengthDelimited())))
            case (6, .lengthDelimited): _ = try r.lengthDelimited(); value = .graph
            case (7, _): try r.repeatedFloat(t, into: &floats)
            case (8, _): try r.repeatedInt64(t, into: &ints)
            case (9, .lengthDelimited): strings.append(r.string(try r.lengthDelimited()))
            case (11, .lengthDelimited): _ = try r.lengthDelimited(); value = .graph
            default: try r.skip(t)
            }
        }
        if !ints.isEmpty { value = .ints(ints.map { Int($0) }) }
        if !floats.isEmpty { value = .floats(floats.map { Double($0) }) }
        if !strings.isEmpty { value = .strings(strings) }
        return (name, value)
    }

    /// Integer element types whose values Loupe reads from `raw_data`: size in bytes.
    static let integerTypes: [Int: Int] = [7: 8, 6: 4, 3: 1, 2: 1, 5: 2, 4: 2, 9: 1, 12: 4, 13: 8]
    /// Floating-point element types read: 1 float, 11 double.
    static let floatTypes: [Int: Int] = [1: 4, 11: 8]

    static func tensor(_ r: ProtobufWire) throws(ProtobufWire.Malformed) -> ONNXTensor {
        var r = r
        var tensor = ONNXTensor()
        var dims: [Int64] = []
        var int64s: [Int64] = []
        var floats: [Float] = []
        var raw: Range<Int>?
        while let (n, t) = try r.field() {
            switch (n, t) {
            case (1, _): try r.repeatedInt64(t, into: &dims)
            case (2, .varint): tensor.dataType = Int(try r.int64())
            case (4, _): try r.repeatedFloat(t, into: &floats)
            case (5, _), (7, _): try r.repeatedInt64(t, into: &int64s)
            case (8, .lengthDelimited): tensor.name = r.string(try r.lengthDelimited())
            case (9, .lengthDelimited): raw = try r.lengthDelimited()  // located, not copied
            case (14, .varint): tensor.isExternal = try r.int64() == 1
            default: try r.skip(t)
            }
        }
        tensor.dims = dims.map { Int($0) }
        let count = tensor.dims.reduce(1) { $0 &* max($1, 0) }
        guard count <= ONNXTensor.maxValues else { return tensor }
        if let size = integerTypes[tensor.dataType] {
            if !int64s.isEmpty {
                tensor.ints = int64s.map { Int($0) }
            } else if let raw, raw.count == count * size {
                tensor.ints = littleEndianIntegers(r.bytes, raw, size: size, signed: ![2, 4, 9, 12, 13].contains(tensor.dataType))
            }
        } else if let size = floatTypes[tensor.dataType] {
            if !floats.isEmpty {
                tensor.floats = floats.map { Double($0) }
            } else if let raw, raw.count == count * size {
                tensor.floats = littleEndianIntegers(r.bytes, raw, size: size, signed: false).map {
                    size == 4 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) : Double(bitPattern: UInt64(bitPattern: Int64($0)))
                }
            }
        }
        return tensor
    }

    /// The little-endian integers of `size` bytes each in `range`.
    static func littleEndianIntegers(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, size: Int, signed: Bool) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(range.count / size)
        var i = range.lowerBound
        while i + size <= range.upperBound {
            var v: UInt64 = 0
            for b in 0..<size { v |= UInt64(bytes[i + b]) << (8 * UInt64(b)) }
            if signed, size < 8, v & (1 << (UInt64(size) * 8 - 1)) != 0 { v |= ~0 << (UInt64(size) * 8) }
            out.append(Int(truncatingIfNeeded: v))
            i += size
        }
        return out
    }

    static func valueInfo(_ r: ProtobufWire) throws(ProtobufWire.Malformed) -> ONNXValueInfo {
        var r = r
        var info = ONNXValueInfo()
        while let (n, t) = try r.field() {
            switch (n, t) {
            case (1, .lengthDelimited): info.name = r.string(try r.lengthDelimited())
            case (2, .lengthDelimited):
                var type = r.message(try r.lengthDelimited())
                while let (f, ft) = try type.field() {
                    guard f == 1, ft == .lengthDelimited else { try type.skip(ft); continue }
                    var tensorType = type.message(try type.lengthDelimited())
                    while let (g, gt) = try tensorType.field() {
                        switch (g, gt) {
                        case (1, .varint): info.elementType = Int(try tensorType.int64())
                        case (2, .lengthDelimited):
                            var shape = tensorType.message(try tensorType.lengthDelimited())
                            var dims: [ONNXValueInfo.Dim] = []
                            while let (h, ht) = try shape.field() {
                                guard h == 1, ht == .lengthDelimited else { try shape.skip(ht); continue }
                                var dim = shape.message(try shape.lengthDelimited())
                                var d = ONNXValueInfo.Dim.unknown
                                while let (k, kt) = try dim.field() {
                                    switch (k, kt) {
                                    case (1, .varint): d = .value(Int(try dim.int64()))
                                    case (2, .lengthDelimited): d = .symbol(dim.string(try dim.lengthDelimited()))
                                    default: try dim.skip(kt)
                                    }
                                }
                                dims.append(d)
                            }
                            info.shape = dims
                        default: try tensorType.skip(gt)
                        }
                    }
                }
            default: try r.skip(t)
            }
        }
        return info
    }
}
