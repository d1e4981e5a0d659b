/// A flip-flop (register) bit at 45 nm: the `register` class, and the bit cell assumed for the
/// area of a `regfile`.
///
/// - Energy: 0.009 pJ per bit accessed. Timeloop/Accelergy reference table (Aladdin register
///   model, 45 nm), `weight_reg` of the `simple_*_default` exercises: a 1×16-bit register
///   reads for 0.144 pJ → 0.144 / 16 = 0.009 pJ/bit. The same figure is used for a write
///   (estimated: that table charges writes of that register 0).
/// - Area: 4.5 µm² per bit, a NanGate FreePDK45 Open Cell Library `DFF_X1` (about 4.5 µm²;
///   estimated, no mux or clock-tree share).
/// - Leakage: ``LogicLeakage`` density × area, 0.0103 µW/µm² × 4.5 µm² ≈ 0.046 µW per bit (estimated).
enum FlipFlopModel {
    /// The data is one 16-bit register; the per-bit figure is taken as valid from 1 bit to a
    /// 64-bit access (estimated: wider registers have longer clock and select wiring).
    static let accessRange = DataRange("register (flip-flop) figure: access width", 1, 64, unit: "bits",
                                       source: "one 16-bit Aladdin register, taken up to 64")

    /// pJ per bit read or written, 45 nm.
    static let energyPerBit = 0.144 / 16
    /// µm² per bit, 45 nm.
    static let areaPerBit = 4.5
    /// µW of leakage per bit, 45 nm.
    static var leakageMicrowattsPerBit: Double { LogicLeakage.microwatts(areaUm2: areaPerBit) }
}
