/// A reader of the protocol buffers wire format, just enough for the ONNX subset Loupe reads
/// (docs/import.md, "Why a hand-written reader").
///
/// A message is a sequence of fields, each a key `(field number << 3) | wire type` as a
/// varint followed by its value: wire type 0 a varint, 1 eight bytes, 2 a varint length and
/// that many bytes (strings, nested messages, packed repeated scalars), 5 four bytes. Groups
/// (wire types 3 and 4) are obsolete and not used by `onnx.proto`; they are refused. Source:
/// the protocol buffers encoding guide ("Message Structure", "Length-Delimited Records").
///
/// The reader never copies a length-delimited value it skips: an initializer's `raw_data`
/// (the weights) is stepped over, so the weights are never loaded.
struct ProtobufWire {
    /// A wire-format problem: the message ends inside a field, or a field is malformed.
    struct Malformed: Error, Sendable {
        var message: String
        /// Byte offset in the file where the problem was found.
        var offset: Int
    }

    enum WireType: Int {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    let bytes: UnsafeRawBufferPointer
    /// Read position, an offset into `bytes`.
    private(set) var position: Int
    /// One past the last byte of this message.
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
    }

    var atEnd: Bool { position >= end }

    /// A base-128 varint, least significant group first (at most ten bytes).
    mutating func varint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while true {
            guard position < end else { throw Malformed(message: "the file ends inside a number", offset: start) }
            let byte = bytes[position]
            position += 1
            if shift == 63, byte > 1 { throw Malformed(message: "a number is longer than 64 bits", offset: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw Malformed(message: "a number is longer than ten bytes", offset: start) }
        }
    }

    /// The next field's number and wire type, or `nil` at the end of the message.
    mutating func field() throws(Malformed) -> (number: Int, type: WireType)? {
        guard !atEnd else { return nil }
        let start = position
        let key = try varint()
        let number = Int(truncatingIfNeeded: key >> 3)
        guard number >= 1, number <= 536_870_911 else { throw Malformed(message: "a field number is out of range", offset: start) }
        guard let type = WireType(rawValue: Int(key & 7)) else {
            throw Malformed(message: "unknown wire type \(key & 7) for field \(number)", offset: start)
        }
        return (number, type)
    }

    /// The byte range of a length-delimited value; the position moves past it without reading it.
    mutating func lengthDelimited() throws(Malformed) -> Range<Int> {
        let start = position
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw Malformed(message: "a field of \(length) bytes runs past the end of the file", offset: start)
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    /// A reader for the nested message at `range`.
    func message(_ range: Range<Int>) -> ProtobufWire {
        ProtobufWire(bytes, from: range.lowerBound, to: range.upperBound)
    }

    /// The bytes of `range` as UTF-8 text (invalid sequences repaired).
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    mutating func fixed32() throws(Malformed) -> UInt32 {
        guard end - position >= 4 else { throw Malformed(message: "the file ends inside a 4-byte value", offset: position) }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return v
    }

    mutating func fixed64() throws(Malformed) -> UInt64 {
        guard end - position >= 8 else { throw Malformed(message: "the file ends inside an 8-byte value", offset: position) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return v
    }

    /// Steps over a field's value of wire type `type`.
    mutating func skip(_ type: WireType) throws(Malformed) {
        switch type {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        }
    }

    /// An `int64`/`int32` field value: the varint's two's-complement reading.
    mutating func int64() throws(Malformed) -> Int64 { Int64(bitPattern: try varint()) }

    /// A repeated `int64` field, packed (one length-delimited run) or not (one varint), appended to `out`.
    mutating func repeatedInt64(_ type: WireType, into out: inout [Int64]) throws(Malformed) {
        if type == .lengthDelimited {
            var sub = message(try lengthDelimited())
            while !sub.atEnd { out.append(try sub.int64()) }
        } else if type == .varint {
            out.append(try int64())
        } else {
            throw Malformed(message: "an integer list has wire type \(type.rawValue)", offset: position)
        }
    }

    /// A repeated `float` field, packed or not, appended to `out`.
    mutating func repeatedFloat(_ type: WireType, into out: inout [Float]) throws(Malformed) {
        if type == .lengthDelimited {
            var sub = message(try lengthDelimited())
            while !sub.atEnd { out.append(Float(bitPattern: try sub.fixed32())) }
        } else if type == .fixed32 {
            out.append(Float(bitPattern: try fixed32()))
        } else {
            throw Malformed(message: "a float list has wire type \(type.rawValue)", offset: position)
        }
    }

    /// Checks that a field has the wire type its declaration implies.
    func expect(_ type: WireType, _ wanted: WireType, field: String) throws(Malformed) {
        guard type == wanted else {
            throw Malformed(message: "field '\(field)' has wire type \(type.rawValue), expected \(wanted.rawValue)", offset: position)
        }
    }
}
