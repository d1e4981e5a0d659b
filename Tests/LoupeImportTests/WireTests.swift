import Foundation
import Testing
@testable import LoupeImport

@Suite("protobuf wire reader")
struct WireTests {
    /// Varint 300 = 0b1_0010_1100 → bytes 0xAC 0x02 (protocol buffers encoding guide, "Base 128 Varints").
    @Test func varint() throws {
        let bytes: [UInt8] = [0xAC, 0x02]
        let v = try bytes.withUnsafeBytes { raw in
            var r = ProtobufWire(raw)
            return try r.varint()
        }
        #expect(v == 300)
    }
}

extension WireTests {
    /// A varint whose continuation bit is set on the last byte runs past the end.
    @Test func truncatedVarint() {
        let bytes: [UInt8] = [0xAC]
        #expect(throws: ProtobufWire.Malformed.self) {
            try bytes.withUnsafeBytes { raw in
                var r = ProtobufWire(raw)
                _ = try r.varint()
            }
        }
    }

    /// Field 9 (raw_data), wire type 2, length 3, then field 8 (name) "w": the skipped
    /// value is stepped over, the next field read. Key bytes: (9 << 3) | 2 = 0x4A, (8 << 3) | 2 = 0x42.
    @Test func skipsLengthDelimited() throws {
        let bytes: [UInt8] = [0x4A, 0x03, 0xFF, 0xFF, 0xFF, 0x42, 0x01, 0x77]
        let (first, second, name) = try bytes.withUnsafeBytes { raw in
            var r = ProtobufWire(raw)
            let a = try r.field()
            _ = try r.lengthDelimited()
            let b = try r.field()
            let n = r.string(try r.lengthDelimited())
            return (a?.number, b?.number, n)
        }
        #expect(first == 9 && second == 8 && name == "w")
    }

    /// A length that runs past the end of the message.
    @Test func lengthPastEnd() {
        let bytes: [UInt8] = [0x42, 0x05, 0x77]
        #expect(throws: ProtobufWire.Malformed.self) {
            try bytes.withUnsafeBytes { raw in
                var r = ProtobufWire(raw)
                _ = try r.field()
                _ = try r.lengthDelimited()
            }
        }
    }
}
