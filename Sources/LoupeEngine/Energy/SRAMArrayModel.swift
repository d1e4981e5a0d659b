/// Access energy, leakage and area of an on-chip SRAM or register-file array at 45 nm, fitted
/// to published points (all figures estimated).
///
/// **Dynamic energy** (read; write and update charged the same), per access of `w` bits to an
/// array of `C` bits:
///
///     E(w, C) = w · (a + b·√C)       a = 0.03185 pJ/bit,  b = 4.817·10⁻⁴ pJ/bit/√bit
///
/// the published-style "energy per bit grows with the square root of capacity" law (word- and
/// bit-line length ∝ √C), with a floor `a` for the periphery of small arrays. The constants
/// are a least-squares fit of log(E/w) to the seven array points of ``calibrationPoints``
/// marked `usedInFit` (Horowitz's three 64-bit SRAM reads and four CACTI points from the
/// Timeloop/Accelergy reference tables; 40 nm points taken as 45 nm). Residuals:
/// Horowitz 8 KB −0.7 %, 32 KB −10.9 %, 1 MB −8.7 %; CACTI 256 KB +7.7 %, 128 KB +3.8 %,
/// 192×16 +37.7 %, regfile 64×8 −19.7 % (with the rounded constants above). Stated
/// tolerance: ±11 % on Horowitz's points, ±40 % on all seven. The array is taken as one
/// unbanked array: a heavily banked buffer costs less per access than this law says.
///
/// Write = read: Horowitz gives only reads, and the CACTI write/read ratios in the reference
/// tables go both ways (0.71 and 0.81 for the 256 KB and 128 KB SRAMs, 2.33 for the 192×16 one).
///
/// **Leakage** at 45 nm, a line through the two 45 nm CACTI SRAM points of the reference
/// tables (192×16: 1.165 µW; 16384×64: 5.353 µW):
///
///     P(C) = 1.1527 µW + 4.0057·10⁻⁶ µW/bit · C
///
/// (checks: 32768×64 at 40 nm 7.97 µW vs 9.55 fitted; regfile 64×8 at 40 nm 0.861 µW vs 1.155).
///
/// **Area** of an SRAM: a 6T cell of 0.346 µm² at 45 nm (Mistry et al., IEDM 2007) at an
/// assumed 50 % array efficiency, plus an assumed 40 µm² of column periphery (sense amplifier,
/// write driver, mux) per bit of access width:
///
///     A(w, C) = 0.692 µm² · C + 40 µm² · w
///
/// A register file uses flip-flop bit cells instead (``FlipFlopModel``: 4.5 µm²/bit).
enum SRAMArrayModel {
    /// Floor of the per-bit access energy, pJ/bit (45 nm).
    static let energyFloorPerBit = 0.03185
    /// √capacity coefficient of the per-bit access energy, pJ/bit/√bit (45 nm).
    static let energyPerBitPerRootBit = 4.817e-4
    /// Leakage fit: fixed µW per array and µW per bit (45 nm).
    static let leakageFixedMicrowatts = 1.1527
    static let leakageMicrowattsPerBit = 4.0057e-6
    /// 6T cell area at 45 nm, µm², and the assumed array efficiency.
    static let cellAreaUm2 = 0.346
    static let arrayEfficiency = 0.5
    /// Assumed column periphery per bit of access width, µm².
    static let peripheryUm2PerAccessBit = 40.0

    /// The capacities the dynamic-energy fit spans: the reference 64×8 register file (512 bits)
    /// to Horowitz's 1 MB SRAM (8 Mbit).
    static let capacityRange = DataRange("SRAM/regfile fit: capacity", 512, 8_388_608, unit: "bits",
                                         source: "regfile 64×8 to SRAM 1 MB")
    /// The access widths of the fitted points: 8 to 64 bits.
    static let accessRange = DataRange("SRAM/regfile fit: access width", 8, 64, unit: "bits",
                                       source: "regfile 64×8 to SRAM ×64")

    /// The range notes of an array of `capacityBits` accessed `accessBits` at a time.
    static func rangeNotes(accessBits: Double, capacityBits: Double) -> [String] {
        [capacityRange.note(capacityBits), accessRange.note(accessBits)].compactMap { $0 }
    }

    /// pJ per bit accessed in an array of `capacityBits` (45 nm).
    static func energyPerBit(capacityBits: Double) -> Double {
        energyFloorPerBit + energyPerBitPerRootBit * max(capacityBits, 1).squareRoot()
    }

    /// pJ per access of `accessBits` to an array of `capacityBits` (45 nm).
    static func accessEnergy(accessBits: Double, capacityBits: Double) -> Double {
        accessBits * energyPerBit(capacityBits: capacityBits)
    }

    /// Leakage power, µW, of an array of `capacityBits` (45 nm).
    static func leakageMicrowatts(capacityBits: Double) -> Double {
        leakageFixedMicrowatts + leakageMicrowattsPerBit * capacityBits
    }

    /// Area, µm², of an SRAM of `capacityBits` accessed `accessBits` at a time (45 nm).
    static func sramArea(capacityBits: Double, accessBits: Double) -> Double {
        cellAreaUm2 / arrayEfficiency * capacityBits + peripheryUm2PerAccessBit * accessBits
    }

    /// A published access-energy point of an on-chip array.
    struct CalibrationPoint: Sendable {
        var label: String
        var nanometres: Double
        /// Entries × bits per entry (one access reads one entry).
        var depth: Int
        var widthBits: Int
        /// pJ per access.
        var read: Double
        var write: Double?
        /// µW (Timeloop's leak per 1 ns cycle × 1000), when the table gives one.
        var leakMicrowatts: Double?
        var source: String
        /// Whether the dynamic-energy fit used this point.
        var usedInFit: Bool

        var capacityBits: Double { Double(depth * widthBits) }
    }

    /// Every array point considered: Horowitz's SRAM reads and every distinct storage entry of
    /// the Timeloop/Accelergy exercise reference tables (`*.ERT.yaml` + `parsed-processed-input.yaml`).
    static let calibrationPoints: [CalibrationPoint] = [
        CalibrationPoint(label: "SRAM 8 KB", nanometres: 45, depth: 1024, widthBits: 64, read: 10,
                         source: ComponentCitation.horowitz, usedInFit: true),
        CalibrationPoint(label: "SRAM 32 KB", nanometres: 45, depth: 4096, widthBits: 64, read: 20,
                         source: ComponentCitation.horowitz, usedInFit: true),
        CalibrationPoint(label: "SRAM 1 MB", nanometres: 45, depth: 131_072, widthBits: 64, read: 100,
                         source: ComponentCitation.horowitz, usedInFit: true),
        // ex01–ex05 MainMemory / GlobalBuffer: class SRAM, 2 banks, 40 nm.
        CalibrationPoint(label: "SRAM 32768×64", nanometres: 40, depth: 32768, widthBits: 64, read: 43.353054,
                         write: 30.878292, leakMicrowatts: 7.972, source: ComponentCitation.timeloopERT, usedInFit: true),
        // simple_*_default shared_glb: smartbuffer_SRAM (CACTI SRAM + address generator), 32 banks, 45 nm.
        CalibrationPoint(label: "SRAM 16384×64", nanometres: 45, depth: 16384, widthBits: 64, read: 32.377775,
                         write: 26.156875, leakMicrowatts: 5.353, source: ComponentCitation.timeloopERT, usedInFit: true),
        // simple_output_stationary_default pe_spad: smartbuffer_SRAM, 45 nm.
        CalibrationPoint(label: "SRAM 192×16", nanometres: 45, depth: 192, widthBits: 16, read: 0.680237,
                         write: 1.582678, leakMicrowatts: 1.165, source: ComponentCitation.timeloopERT, usedInFit: true),
        // ex01–ex05 Buffer / RegisterFile: class regfile, 40 nm.
        CalibrationPoint(label: "regfile 64×8", nanometres: 40, depth: 64, widthBits: 8, read: 0.42564,
                         write: 0.42564, leakMicrowatts: 0.861, source: ComponentCitation.timeloopERT, usedInFit: true),
        // sparse_01.2.1 Buffer: regfile built of Aladdin registers plus a comparator per entry
        // (an associative model, energy ∝ depth), 45 nm. Not used in the fit.
        CalibrationPoint(label: "assoc. regfile 64×8", nanometres: 45, depth: 64, widthBits: 8, read: 1.95808,
                         write: 1.88608, leakMicrowatts: 1.606, source: ComponentCitation.timeloopERT, usedInFit: false),
        // sparse_* smartbuffer_RF data storage (same associative model, scaled down from a 64×32
        // minimum, + address generator), 45 nm. Not used in the fit.
        CalibrationPoint(label: "smartbuffer_RF 64×8", nanometres: 45, depth: 64, widthBits: 8, read: 0.582895,
                         write: 0.510895, source: ComponentCitation.timeloopERT, usedInFit: false),
        CalibrationPoint(label: "smartbuffer_RF 128×8", nanometres: 45, depth: 128, widthBits: 8, read: 1.060977,
                         write: 0.988977, source: ComponentCitation.timeloopERT, usedInFit: false),
        CalibrationPoint(label: "smartbuffer_RF 256×8", nanometres: 45, depth: 256, widthBits: 8, read: 2.01058,
                         write: 1.93858, source: ComponentCitation.timeloopERT, usedInFit: false),
    ]
}
