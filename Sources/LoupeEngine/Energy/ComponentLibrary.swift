import LoupeModel

/// The built-in component library: energy per action and area of storage levels, arithmetic
/// units and on-chip networks, by technology node — what a level gets when its spec gives no
/// `energy` or `area` (docs/spec.md §4), in the manner of Accelergy's primitive component tables.
///
/// Every on-chip figure is first expressed at 45 nm and then multiplied by the factors of
/// ``TechnologyScaling`` (Stillmaker & Baas 2017): dynamic energy and leakage by
/// `energyFactor(technology)`, area by `areaFactor(technology)`. Off-chip DRAM is not scaled.
///
/// Leakage is returned per cycle: `leak (pJ) = P (µW) · 10⁶ / clockHz`; 0 when the clock is
/// not positive.
///
/// | component | 45 nm model | type |
/// |---|---|---|
/// | int/fp adder, multiplier | Horowitz ISSCC 2014 table; interpolation laws in ``HorowitzArithmetic`` | ``adder(technology:bits:float:)``, ``multiplier(technology:bits:float:)`` |
/// | MAC | multiplier(bits) + adder(accumulator bits) | ``mac(technology:operandBits:float:clockHz:)`` |
/// | SRAM, regfile | `E = w·(a + b·√C)` fit, ``SRAMArrayModel`` | ``storage(class:technology:sizeWords:wordBits:blockWords:dram:clockHz:)`` |
/// | register | 0.009 pJ/bit flip-flop, ``FlipFlopModel`` | same |
/// | DRAM | pJ/bit by family, ``DRAMModel`` | same |
/// | network | 2 × a 16-bit MAC per 16-bit word (Eyeriss) | ``networkTransfer(technology:wordBits:)`` |
public enum ComponentLibrary {
    /// Storage level figures for one instance.
    ///
    /// A block access moves `w = wordBits × blockWords` bits; the array holds
    /// `C = sizeWords × wordBits` bits (at least one block).
    /// - `dram`: `read = write = update = pJ/bit(dram) × w`, no leakage, no on-chip area
    ///   (``DRAMModel``; LPDDR4 when `dram` is nil). Not scaled with `technology`.
    /// - `sram`: `read = write = update = w·(0.03185 + 4.817·10⁻⁴·√C) pJ × energyFactor`;
    ///   leakage `1.1527 µW + 4.0057·10⁻⁶ µW·C`; area `0.692 µm²·C + 40 µm²·w`
    ///   (``SRAMArrayModel``). A nil `sizeWords` is taken as one block (the smallest array)
    ///   and noted in `source`.
    /// - `regfile`: the same energy and leakage laws at small capacity (the fit includes the
    ///   reference 64×8 register file); area of flip-flop cells, 4.5 µm² per bit.
    /// - `register`: flip-flops: `read = write = update = 0.009 pJ × w`; leakage
    ///   0.046 µW per bit; area 4.5 µm² per bit (``FlipFlopModel``).
    /// - `compute`: an integer MAC of `wordBits` operands, ``mac(technology:operandBits:float:clockHz:)``.
    public static func storage(class levelClass: LevelClass, technology: Technology, sizeWords: Int?, wordBits: Int,
                               blockWords: Int, dram: DRAMType?, clockHz: Double) -> ComponentFigures {
        let wordBits = max(1, wordBits)
        let blockWords = max(1, blockWords)
        let accessBits = Double(wordBits) * Double(blockWords)
        let capacityWords = Double(max(sizeWords ?? blockWords, blockWords))
        let capacityBits = capacityWords * Double(wordBits)
        switch levelClass {
        case .dram:
            return dramFigures(type: dram, accessBits: accessBits)
        case .sram, .regfile:
            return arrayFigures(levelClass: levelClass, technology: technology, accessBits: accessBits,
                                capacityBits: capacityBits, sizeKnown: sizeWords != nil, clockHz: clockHz)
        case .register:
            return registerFigures(technology: technology, accessBits: accessBits, capacityBits: capacityBits,
                                   clockHz: clockHz)
        case .compute:
            return mac(technology: technology, operandBits: wordBits, float: false, clockHz: clockHz)
        }
    }

    /// MAC figures by operand bits: one multiply of two `operandBits` operands plus one
    /// accumulate.
    ///
    ///     compute = (E_mult(bits) + E_add(accBits)) × energyFactor
    ///     area    = (A_mult(bits) + A_add(accBits)) × areaFactor
    ///     leak    = 0.0103 µW/µm² × (A_mult + A_add)₄₅ × energyFactor, per cycle
    ///
    /// The accumulator is `2 × operandBits` wide for integers (a full-precision product) and
    /// `max(operandBits, 32)` for floating point (fp16/bf16 multiply with fp32 accumulate, as in
    /// mixed-precision units). The accumulator register itself is not charged. Always
    /// `estimated` (the leakage is derived; see ``LogicLeakage``).
    public static func mac(technology: Technology, operandBits: Int, float: Bool, clockHz: Double) -> ComponentFigures {
        let bits = max(1, operandBits)
        let accumulatorBits = float ? max(bits, 32) : 2 * bits
        let multiply = HorowitzArithmetic.multiplier(bits: bits, float: float)
        let accumulate = HorowitzArithmetic.adder(bits: accumulatorBits, float: float)
        let area45 = multiply.area + accumulate.area
        let kind = float ? "fp" : "int"
        let leakMicrowatts = LogicLeakage.microwatts(areaUm2: area45) * TechnologyScaling.leakFactor(technology)
        var figures = ComponentFigures(
            leak: LogicLeakage.picojoulesPerCycle(microwatts: leakMicrowatts, clockHz: clockHz),
            compute: (multiply.energy + accumulate.energy) * TechnologyScaling.energyFactor(technology),
            areaUm2: area45 * TechnologyScaling.areaFactor(technology),
            source: "\(ComponentCitation.horowitz): \(kind) mult \(bits)b + \(kind) add \(accumulatorBits)b"
                + (multiply.exact && accumulate.exact ? "" : " (interpolated)")
                + "; leak: \(ComponentCitation.timeloopERT) intmac density (est.)"
                + TechnologyScaling.citation(for: technology),
            estimated: true)
        figures.rangeNotes = [multiply.rangeNote, accumulate.rangeNote].compactMap { $0 } + nodeNotes(technology)
        return figures
    }

    /// The technology-scaling note of a node outside the scaling table (none for the listed nodes).
    static func nodeNotes(_ technology: Technology) -> [String] {
        [TechnologyScaling.nodeRange.note(technology.nanometres)].compactMap { $0 }
    }

    /// Energy (pJ) to deliver one word of `wordBits` over one hop of an on-chip network (the
    /// fanout from a level to the instances below it). No network area is modelled.
    ///
    /// Eyeriss (ISCA 2016, Table IV) normalizes an inter-PE array transfer to 2× a 16-bit MAC;
    /// with this library's 16-bit integer MAC that is
    ///
    ///     E = 2 × E_MAC16(technology) × wordBits / 16      (45 nm: 0.111 pJ/bit; estimated)
    public static func networkTransfer(technology: Technology, wordBits: Int) -> Double {
        let mac16 = mac(technology: technology, operandBits: 16, float: false, clockHz: 0).compute
        return 2 * mac16 * Double(max(1, wordBits)) / 16
    }

    /// Adder figures: Horowitz's 45 nm table (int 8/16/32, fp 16/32 bits), linear in width for
    /// integers and a power law for floating point between and beyond the points
    /// (``HorowitzArithmetic``), × the technology factors. `compute` is pJ per add; no leakage
    /// (no clock is given; a compute level's leakage comes from ``mac(technology:operandBits:float:clockHz:)``).
    /// `estimated` unless the width is a table point at 45 nm.
    public static func adder(technology: Technology, bits: Int, float: Bool) -> ComponentFigures {
        arithmetic(HorowitzArithmetic.adder(bits: bits, float: float), name: float ? "fp add" : "int add",
                   bits: max(1, bits), technology: technology)
    }

    /// Multiplier figures (two `bits`-wide operands): Horowitz's 45 nm table (int 8/32,
    /// fp 16/32 bits), quadratic in width for integers and a power law for floating point
    /// (``HorowitzArithmetic``), × the technology factors. No leakage, as for ``adder(technology:bits:float:)``.
    public static func multiplier(technology: Technology, bits: Int, float: Bool) -> ComponentFigures {
        arithmetic(HorowitzArithmetic.multiplier(bits: bits, float: float), name: float ? "fp mult" : "int mult",
                   bits: max(1, bits), technology: technology)
    }

    // MARK: - Pieces

    static func arithmetic(_ figure: HorowitzArithmetic.Figure, name: String, bits: Int,
                           technology: Technology) -> ComponentFigures {
        var figures = ComponentFigures(
            compute: figure.energy * TechnologyScaling.energyFactor(technology),
            areaUm2: figure.area * TechnologyScaling.areaFactor(technology),
            source: "\(ComponentCitation.horowitz): \(name) \(bits)b" + (figure.exact ? "" : " (interpolated)")
                + TechnologyScaling.citation(for: technology),
            estimated: !figure.exact || technology != .nm45)
        figures.rangeNotes = [figure.rangeNote].compactMap { $0 } + nodeNotes(technology)
        return figures
    }

    static func dramFigures(type: DRAMType?, accessBits: Double) -> ComponentFigures {
        let perBit = DRAMModel.perBit(type ?? DRAMModel.defaultType)
        let energy = perBit.picojoules * accessBits
        return ComponentFigures(
            read: energy, write: energy, update: energy,
            source: perBit.source + (type == nil ? " (no dram type given: LPDDR4 assumed)" : "")
                + "; off-chip, unscaled",
            estimated: perBit.estimated || type == nil)
    }

    static func arrayFigures(levelClass: LevelClass, technology: Technology, accessBits: Double, capacityBits: Double,
                             sizeKnown: Bool, clockHz: Double) -> ComponentFigures {
        let energy = SRAMArrayModel.accessEnergy(accessBits: accessBits, capacityBits: capacityBits)
            * TechnologyScaling.energyFactor(technology)
        let leakMicrowatts = SRAMArrayModel.leakageMicrowatts(capacityBits: capacityBits)
            * TechnologyScaling.leakFactor(technology)
        let area45 = levelClass == .regfile
            ? FlipFlopModel.areaPerBit * capacityBits
            : SRAMArrayModel.sramArea(capacityBits: capacityBits, accessBits: accessBits)
        let areaSource = levelClass == .regfile ? "\(ComponentCitation.nangate45) per bit" : ComponentCitation.mistry45
        var figures = ComponentFigures(
            read: energy, write: energy, update: energy,
            leak: LogicLeakage.picojoulesPerCycle(microwatts: leakMicrowatts, clockHz: clockHz),
            areaUm2: area45 * TechnologyScaling.areaFactor(technology),
            source: "fit E=w(a+b√C) to \(ComponentCitation.horowitz) SRAM + \(ComponentCitation.timeloopERT) (est.); "
                + "area: \(areaSource) (est.)"
                + (sizeKnown ? "" : "; size unknown: one block assumed")
                + TechnologyScaling.citation(for: technology),
            estimated: true)
        figures.rangeNotes = SRAMArrayModel.rangeNotes(accessBits: accessBits, capacityBits: capacityBits) + nodeNotes(technology)
        return figures
    }

    static func registerFigures(technology: Technology, accessBits: Double, capacityBits: Double,
                                clockHz: Double) -> ComponentFigures {
        let energy = FlipFlopModel.energyPerBit * accessBits * TechnologyScaling.energyFactor(technology)
        let leakMicrowatts = FlipFlopModel.leakageMicrowattsPerBit * capacityBits
            * TechnologyScaling.leakFactor(technology)
        var figures = ComponentFigures(
            read: energy, write: energy, update: energy,
            leak: LogicLeakage.picojoulesPerCycle(microwatts: leakMicrowatts, clockHz: clockHz),
            areaUm2: FlipFlopModel.areaPerBit * capacityBits * TechnologyScaling.areaFactor(technology),
            source: "\(ComponentCitation.timeloopERT) Aladdin register 0.009 pJ/bit; area: \(ComponentCitation.nangate45) (est.)"
                + TechnologyScaling.citation(for: technology),
            estimated: true)
        figures.rangeNotes = [FlipFlopModel.accessRange.note(accessBits)].compactMap { $0 } + nodeNotes(technology)
        return figures
    }
}
