@testable import LoupeEngine
import LoupeModel
import Testing

/// Each fitted component model knows the range of its data, and a figure outside it is flagged
/// (docs/energy.md "Ranges"); a buffer dearer per bit than the level above it is flagged too.
@Suite("Figure ranges")
struct FigureRangeTests {
    /// The SRAM/regfile fit spans 512 bits (regfile 64×8) to 8 Mbit (Horowitz's 1 MB SRAM) and
    /// 8–64-bit accesses: 1 MB × 64-bit is inside, 24 MiB and 128 bits are outside, and so is a
    /// 256-bit access.
    @Test func sramFit() {
        #expect(SRAMArrayModel.rangeNotes(accessBits: 64, capacityBits: 8_388_608).isEmpty)
        #expect(SRAMArrayModel.rangeNotes(accessBits: 8, capacityBits: 512).isEmpty)
        let big = SRAMArrayModel.rangeNotes(accessBits: 8, capacityBits: 24 * 8_388_608)
        #expect(big.count == 1 && big[0].contains("capacity") && big[0].contains("extrapolated"))
        #expect(SRAMArrayModel.rangeNotes(accessBits: 8, capacityBits: 128).count == 1)
        #expect(SRAMArrayModel.rangeNotes(accessBits: 256, capacityBits: 65536) == [SRAMArrayModel.accessRange.note(256)!])
        // Through the library: a 24 MiB sram at 28 nm carries the note, a 64 KiB one does not.
        let ub = ComponentLibrary.storage(class: .sram, technology: .nm28, sizeWords: 24 << 20, wordBits: 8, blockWords: 1,
                                          dram: nil, clockHz: 1e9)
        #expect(ub.rangeNotes.count == 1)
        let glb = ComponentLibrary.storage(class: .sram, technology: .nm28, sizeWords: 64 << 10, wordBits: 8, blockWords: 1,
                                           dram: nil, clockHz: 1e9)
        #expect(glb.rangeNotes.isEmpty)
    }

    /// The flip-flop figure is one 16-bit register's, taken up to 64-bit accesses.
    @Test func flipFlop() {
        let r16 = ComponentLibrary.storage(class: .register, technology: .nm45, sizeWords: 1, wordBits: 16, blockWords: 1,
                                           dram: nil, clockHz: 1e9)
        #expect(r16.rangeNotes.isEmpty)
        let r128 = ComponentLibrary.storage(class: .register, technology: .nm45, sizeWords: 1, wordBits: 128, blockWords: 1,
                                            dram: nil, clockHz: 1e9)
        #expect(r128.rangeNotes == [FlipFlopModel.accessRange.note(128)!])
    }

    /// Horowitz's table: int add 8–32, int mult 8–32, fp add and mult 16–32 bits. A 16-bit int
    /// multiplier is interpolated but inside; 64-bit int and 8-bit fp are outside.
    @Test func horowitzTables() {
        #expect(HorowitzArithmetic.multiplier(bits: 16, float: false).rangeNote == nil)
        #expect(HorowitzArithmetic.multiplier(bits: 64, float: false).rangeNote != nil)
        #expect(HorowitzArithmetic.adder(bits: 8, float: true).rangeNote != nil)
        #expect(HorowitzArithmetic.adder(bits: 32, float: false).rangeNote == nil)
        // A 32-bit-operand integer MAC accumulates in 64 bits: outside the int adder's table.
        let mac32 = ComponentLibrary.mac(technology: .nm45, operandBits: 32, float: false, clockHz: 1e9)
        #expect(mac32.rangeNotes.count == 1 && mac32.rangeNotes[0].contains("int add"))
        #expect(ComponentLibrary.mac(technology: .nm45, operandBits: 8, float: false, clockHz: 1e9).rangeNotes.isEmpty)
    }

    /// `TableInterpolation.range` spans the points' abscissae; `DataRange.note` is nil at both ends.
    @Test func tableRange() {
        let r = TableInterpolation.range("t", [(x: 2, y: 1), (x: 5, y: 3)], unit: "u", source: "s")
        #expect(r.lower == 2 && r.upper == 5)
        #expect(r.note(2) == nil && r.note(5) == nil && r.note(3.5) == nil)
        #expect(r.note(1.9) != nil && r.note(5.1) != nil)
    }

    /// Stillmaker & Baas's table spans 130 nm to 7 nm: every node Loupe names is inside; 5 nm is not.
    @Test func technologyNodes() {
        for t in Technology.allCases { #expect(TechnologyScaling.nodeRange.note(t.nanometres) == nil) }
        #expect(TechnologyScaling.nodeRange.note(5) != nil)
    }

    /// DRAM figures are read per family (no numeric input), so they carry no range note.
    @Test func dramHasNoRange() {
        for t in DRAMType.allCases {
            let f = ComponentLibrary.storage(class: .dram, technology: .nm7, sizeWords: nil, wordBits: 16, blockWords: 4,
                                             dram: t, clockHz: 1e9)
            #expect(f.rangeNotes.isEmpty)
        }
    }

    /// A level carries the library's notes only when it uses the library's energies.
    @Test func resolvedLevelCarriesNotes() {
        let big = Level(name: "Big", levelClass: .sram, sizeWords: 8 << 20, keeps: [.inputs])
        var given = big
        given.specEnergy = ["read": 1, "write": 1, "update": 1, "leak": 0]
        let arch = Architecture(name: "a", technology: .nm45, clockHz: 1e9, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 100, "write": 100, "update": 100, "leak": 0]),
            big, Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ]).resolved()
        #expect(arch.levels[1].energy.rangeNotes.count == 1)
        #expect(arch.figureWarnings().map(\.level) == ["Big"])
        var arch2 = arch
        arch2.levels[1] = given
        #expect(arch2.resolved().levels[1].energy.rangeNotes.isEmpty)
    }

    /// DRAM at 100 pJ per 16-bit word (6.25 pJ/bit) above a buffer at 200 pJ per word
    /// (12.5 pJ/bit): the buffer is flagged; at 50 pJ per word (3.125 pJ/bit) it is not. Per bit,
    /// so a 64-bit-word buffer at 200 pJ (3.125 pJ/bit) is not flagged either.
    @Test func bufferDearerThanItsParent() {
        func arch(bufferRead: Double, bufferBits: Int = 16) -> Architecture {
            Architecture(name: "a", technology: .nm45, clockHz: 1e9, levels: [
                Level(name: "DRAM", levelClass: .dram, wordBits: 16,
                      specEnergy: ["read": 100, "write": 100, "update": 100, "leak": 0]),
                Level(name: "Buffer", levelClass: .sram, wordBits: bufferBits, sizeWords: 1024,
                      specEnergy: ["read": bufferRead, "write": bufferRead, "update": bufferRead, "leak": 0]),
                Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
            ]).resolved()
        }
        let w = arch(bufferRead: 200).figureWarnings()
        #expect(w.count == 1 && w[0].level == "Buffer" && w[0].message.contains("more than a read of DRAM"))
        #expect(arch(bufferRead: 50).figureWarnings().isEmpty)
        #expect(arch(bufferRead: 200, bufferBits: 64).figureWarnings().isEmpty)
    }
}
