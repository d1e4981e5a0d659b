import LoupeModel

/// Off-chip DRAM energy per bit transferred, by DRAM family, including the device and its I/O.
/// Never scaled with the accelerator's technology; leakage (background/refresh) and on-chip
/// area are not counted (0), as in Timeloop's reference tables.
///
/// | type | pJ/bit | source |
/// |---|---|---|
/// | HBM2 | 3.9 | O'Connor et al., "Fine-Grained DRAM", MICRO 2017 (HBM2 baseline) |
/// | GDDR6 | 7.5 | Micron, "Ultra-Bandwidth Solutions" memory comparison: average device power 7.5 pJ/bit |
/// | LPDDR4 | 8.0 | Timeloop/Accelergy reference table (`simple_*_default`, LPDDR4, 64-bit access = 512 pJ) |
/// | DDR4 | 20.3 | Horowitz ISSCC 2014: DRAM 64-bit read 1.3–2.6 nJ; lower end 1300/64 (estimated: a generic DDR3-era figure used for DDR4) |
///
/// A block access moves `wordBits × blockWords` bits, so `E_block = pJ/bit × wordBits × blockWords`.
/// Reads, writes and updates cost the same.
enum DRAMModel {
    struct PerBit {
        var picojoules: Double
        var source: String
        var estimated: Bool
    }

    /// The family used when a DRAM level names none.
    static let defaultType: DRAMType = .LPDDR4

    static func perBit(_ type: DRAMType) -> PerBit {
        switch type {
        case .HBM2: PerBit(picojoules: 3.9, source: "\(ComponentCitation.oconnor): HBM2 3.9 pJ/bit", estimated: false)
        case .GDDR6: PerBit(picojoules: 7.5, source: "\(ComponentCitation.micronGDDR6): 7.5 pJ/bit", estimated: false)
        case .LPDDR4: PerBit(picojoules: 8.0, source: "\(ComponentCitation.timeloopERT): LPDDR4 512 pJ/64 b = 8 pJ/bit",
                             estimated: false)
        case .DDR4: PerBit(picojoules: 1300.0 / 64.0,
                           source: "\(ComponentCitation.horowitz): DRAM 1.3 nJ/64 b = 20.3 pJ/bit (used for DDR4)",
                           estimated: true)
        }
    }
}
