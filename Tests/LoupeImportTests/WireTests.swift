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
