import LoupeModel
import LoupeReport
import Testing

/// `RooflineReport.roofs`: an architecture's compute and bandwidth roofs in physical units
/// (docs/roofline.md, "Roofs").
@Suite("Roofline roofs")
struct RooflineRoofsTests {
    /// 1 GHz, a 4 × 4 MAC array under a Buffer with no limit, under a DRAM of 8-bit words at 4
    /// words per cycle (shared): compute 16 MACs/cycle = 2 · 16 · 1e9 = 32 Gop/s; DRAM 4 words =
    /// 4 · 1e9 · 1 B = 4 GB/s, ridge 16 / 4 = 4 MACs per word = 2 · 16 / 4 = 8 op/B; the
    /// Buffer is unlimited.
    @Test func handDerivedRoofs() {
        let arch = Architecture(name: "toy", technology: .nm45, clockHz: 1e9, levels: [
            Level(name: "DRAM", levelClass: .dram, wordBits: 8, bandwidth: Bandwidth(shared: 4)),
            Level(name: "Buffer", levelClass: .regfile, sizeWords: 64),
            Level(name: "MAC", levelClass: .compute, arrayX: 4, arrayY: 4),
        ])
        let text = RooflineReport.roofs(arch)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "toy roofs at 1 GHz (2 operations per MAC):")
        #expect(lines.contains { $0.contains("compute") && $0.contains("16 MACs") && $0.contains("32 Gop/s") }, "\(text)")
        #expect(lines.contains { $0.contains("DRAM") && $0.contains("4 words") && $0.contains("4 GB/s")
                && $0.contains("4 MACs/word (8 op/B)") }, "\(text)")
        #expect(lines.contains { $0.contains("Buffer") && $0.contains("unlimited") }, "\(text)")
    }
}
