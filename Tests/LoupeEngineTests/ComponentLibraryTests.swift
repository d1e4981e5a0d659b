import Testing
@testable import LoupeEngine
import LoupeModel

/// Relative closeness, |actual − expected| ≤ tolerance · |expected|.
private func isClose(_ actual: Double, _ expected: Double, within tolerance: Double) -> Bool {
    abs(actual - expected) <= tolerance * abs(expected)
}

/// Technologies from the largest node to the smallest.
private let nodesLargestFirst = Technology.allCases.sorted { $0.nanometres > $1.nanometres }

private func sram(_ technology: Technology = .nm45, words: Int?, wordBits: Int = 16, blockWords: Int = 1,
                  clockHz: Double = 1e9, levelClass: LevelClass = .sram) -> ComponentFigures {
    ComponentLibrary.storage(class: levelClass, technology: technology, sizeWords: words, wordBits: wordBits,
                             blockWords: blockWords, dram: nil, clockHz: clockHz)
}

@Suite("Built-in component library: published reference points")
struct ComponentLibraryReferenceTests {
    // Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014,
    // 45 nm / 0.9 V table of energy per operation: 32-bit int add 0.1 pJ,
    // 8-bit int mult 0.2 pJ, 32-bit fp mult 3.7 pJ.
    @Test("Horowitz 45 nm: 32-bit int add 0.1 pJ")
    func intAdd32() {
        let add = ComponentLibrary.adder(technology: .nm45, bits: 32, float: false)
        #expect(isClose(add.compute, 0.1, within: 0.01))
        #expect(!add.estimated)
    }

    @Test("Horowitz 45 nm: 8-bit int mult 0.2 pJ")
    func intMult8() {
        let mult = ComponentLibrary.multiplier(technology: .nm45, bits: 8, float: false)
        #expect(isClose(mult.compute, 0.2, within: 0.01))
        #expect(!mult.estimated)
    }

    @Test("Horowitz 45 nm: 32-bit fp mult 3.7 pJ")
    func fpMult32() {
        let mult = ComponentLibrary.multiplier(technology: .nm45, bits: 32, float: true)
        #expect(isClose(mult.compute, 3.7, within: 0.01))
        #expect(!mult.estimated)
    }

    // The rest of Horowitz's 45 nm arithmetic table, energy (pJ) and area (µm²):
    // int add 8/16 b 0.03/0.05 pJ, 36/67 µm²; int add 32 b 137 µm²; int mult 32 b 3.1 pJ, 3495 µm²;
    // int mult 8 b 282 µm²; fp add 16/32 b 0.4/0.9 pJ, 1360/4184 µm²; fp mult 16 b 1.1 pJ, 1640 µm²;
    // fp mult 32 b 7700 µm².
    @Test("Horowitz 45 nm: every arithmetic table point, energy and area within 1 %",
          arguments: [
              ("add", false, 8, 0.03, 36.0), ("add", false, 16, 0.05, 67), ("add", false, 32, 0.1, 137),
              ("add", true, 16, 0.4, 1360), ("add", true, 32, 0.9, 4184),
              ("mult", false, 8, 0.2, 282), ("mult", false, 32, 3.1, 3495),
              ("mult", true, 16, 1.1, 1640), ("mult", true, 32, 3.7, 7700),
          ] as [(String, Bool, Int, Double, Double)])
    func arithmeticTable(_ row: (String, Bool, Int, Double, Double)) {
        let (op, float, bits, energy, area) = row
        let figures = op == "add"
            ? ComponentLibrary.adder(technology: .nm45, bits: bits, float: float)
            : ComponentLibrary.multiplier(technology: .nm45, bits: bits, float: float)
        #expect(isClose(figures.compute, energy, within: 0.01))
        #expect(isClose(figures.areaUm2, area, within: 0.01))
        #expect(!figures.estimated)
    }

    // Horowitz ISSCC 2014, 45 nm: an 8 KB SRAM 64-bit read costs 10 pJ. The fitted law
    // E = w·(a + b·√C) reproduces it to −0.7 % (SRAMArrayModel); the test allows 5 %.
    @Test("Horowitz 45 nm: 8 KB SRAM 64-bit read ≈ 10 pJ")
    func sram8KB() {
        let figures = sram(words: 1024, wordBits: 64)
        #expect(isClose(figures.read, 10, within: 0.05))
        #expect(figures.estimated)
    }

    // Horowitz ISSCC 2014, 45 nm: 32 KB → 20 pJ, 1 MB → 100 pJ per 64-bit read. Stated fit
    // tolerance on Horowitz's points: ±11 %.
    @Test("Horowitz 45 nm: 32 KB and 1 MB SRAM 64-bit reads within the fit's ±11 %",
          arguments: [(4096, 20.0), (131_072, 100.0)])
    func sramLarger(_ point: (words: Int, picojoules: Double)) {
        #expect(isClose(sram(words: point.words, wordBits: 64).read, point.picojoules, within: 0.11))
    }

    // Every array point the fit used (Horowitz's SRAM reads and the CACTI points of the
    // Timeloop/Accelergy reference tables, e.g. a 32768×64 SRAM at 40 nm reads for 43.35 pJ,
    // a 64×8 regfile for 0.4256 pJ) is within the fit's stated ±40 %.
    @Test("Fit reproduces every calibration point it used within ±40 %")
    func calibrationPoints() {
        let used = SRAMArrayModel.calibrationPoints.filter(\.usedInFit)
        #expect(used.count == 7)
        for point in used {
            let fitted = sram(words: point.depth, wordBits: point.widthBits).read
            #expect(isClose(fitted, point.read, within: 0.40), "\(point.label): \(fitted) vs \(point.read) pJ")
        }
    }

    // Timeloop reference tables (simple_*_default): an LPDDR4 DRAM of 64-bit width costs
    // 512 pJ per access (8 pJ/bit).
    @Test("LPDDR4 64-bit access = 512 pJ (Timeloop/Accelergy reference table)")
    func lpddr4Block() {
        let dram = ComponentLibrary.storage(class: .dram, technology: .nm45, sizeWords: nil, wordBits: 16,
                                            blockWords: 4, dram: .LPDDR4, clockHz: 1e9)
        #expect(isClose(dram.read, 512, within: 1e-9))
        #expect(dram.write == dram.read && dram.update == dram.read)
        #expect(dram.leak == 0 && dram.areaUm2 == 0)
    }

    // Timeloop reference table (simple_*_default): a 1×16-bit Aladdin register reads for 0.144 pJ at 45 nm.
    @Test("Register 16 bits at 45 nm reads for 0.144 pJ (Timeloop/Accelergy reference table)")
    func register16() {
        let reg = ComponentLibrary.storage(class: .register, technology: .nm45, sizeWords: 1, wordBits: 16,
                                           blockWords: 1, dram: nil, clockHz: 1e9)
        #expect(isClose(reg.read, 0.144, within: 1e-9))
    }

    // Stillmaker & Baas (2017) energy polynomials compared at 0.8 V:
    // 65 nm (3.755·0.64 − 4.398·0.8 + 1.975) / 45 nm (1.103·0.64 − 0.362·0.8 + 0.2767) = 1.2407;
    // area factors from 45 nm: 65 nm 1.5, 32 nm 0.46, 16 nm 0.19, 7 nm 0.059.
    @Test("Technology factors follow the Stillmaker & Baas table")
    func scalingTable() {
        #expect(TechnologyScaling.energyFactor(.nm45) == 1)
        #expect(TechnologyScaling.areaFactor(.nm45) == 1)
        #expect(isClose(TechnologyScaling.energyFactor(.nm65), 1.2407, within: 0.001))
        #expect(isClose(TechnologyScaling.areaFactor(.nm65), 1.5, within: 1e-9))
        #expect(isClose(TechnologyScaling.areaFactor(.nm32), 0.46, within: 1e-9))
        #expect(isClose(TechnologyScaling.areaFactor(.nm16), 0.19, within: 1e-9))
        #expect(isClose(TechnologyScaling.areaFactor(.nm7), 0.059, within: 1e-9))
        let add65 = ComponentLibrary.adder(technology: .nm65, bits: 32, float: false)
        #expect(isClose(add65.compute, 0.1 * TechnologyScaling.energyFactor(.nm65), within: 1e-9))
        #expect(add65.estimated)
    }
}

@Suite("Built-in component library: invariants")
struct ComponentLibraryInvariantTests {
    // Model law E = w·(a + b·√C): energy per access grows with capacity C.
    @Test("SRAM and regfile energy, leakage and area grow with capacity", arguments: nodesLargestFirst)
    func capacityMonotone(_ technology: Technology) {
        for levelClass in [LevelClass.sram, .regfile] {
            let sizes = [1, 4, 12, 24, 64, 224, 1024, 8192, 55_296, 1 << 20, 1 << 24]
            let figures = sizes.map { sram(technology, words: $0, levelClass: levelClass) }
            for (smaller, larger) in zip(figures, figures.dropFirst()) {
                #expect(larger.read > smaller.read)
                #expect(larger.write > smaller.write)
                #expect(larger.leak > smaller.leak)
                #expect(larger.areaUm2 > smaller.areaUm2)
            }
        }
    }

    // E = w·(a + b·√C): wider blocks (more words or more bits per word) cost more per access.
    @Test("SRAM energy grows with access width", arguments: nodesLargestFirst)
    func widthMonotone(_ technology: Technology) {
        let byBlock = [1, 2, 4, 8, 16].map { sram(technology, words: 4096, blockWords: $0).read }
        #expect(zip(byBlock, byBlock.dropFirst()).allSatisfy { $0 < $1 })
        let byWordBits = [4, 8, 16, 32, 64].map { sram(technology, words: 4096, wordBits: $0).read }
        #expect(zip(byWordBits, byWordBits.dropFirst()).allSatisfy { $0 < $1 })
    }

    // Horowitz's laws: adders grow with width, multipliers quadratically, so MACs too.
    @Test("Arithmetic energy and area grow with operand bits", arguments: [false, true])
    func bitsMonotone(_ float: Bool) {
        let widths = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64]
        for technology in nodesLargestFirst {
            let adds = widths.map { ComponentLibrary.adder(technology: technology, bits: $0, float: float) }
            let mults = widths.map { ComponentLibrary.multiplier(technology: technology, bits: $0, float: float) }
            let macs = widths.map { ComponentLibrary.mac(technology: technology, operandBits: $0, float: float,
                                                         clockHz: 1e9) }
            for series in [adds, mults, macs] {
                for (narrow, wide) in zip(series, series.dropFirst()) {
                    #expect(wide.compute > narrow.compute)
                    #expect(wide.areaUm2 > narrow.areaUm2)
                }
            }
        }
        // Quadratic law between the table points: 16-bit int mult ≈ 4 × 8-bit (0.2 pJ) within 2 %.
        if !float {
            let mult16 = ComponentLibrary.multiplier(technology: .nm45, bits: 16, float: false).compute
            #expect(isClose(mult16, 4 * 0.2, within: 0.02))
        }
    }

    // A MAC is one multiply plus one accumulate in a 2×-wide integer adder.
    @Test("Integer MAC = multiplier(bits) + adder(2 × bits)")
    func macComposition() {
        for bits in [4, 8, 16] {
            let mac = ComponentLibrary.mac(technology: .nm45, operandBits: bits, float: false, clockHz: 1e9)
            let parts = ComponentLibrary.multiplier(technology: .nm45, bits: bits, float: false).compute
                + ComponentLibrary.adder(technology: .nm45, bits: 2 * bits, float: false).compute
            #expect(isClose(mac.compute, parts, within: 1e-12))
        }
        // Horowitz 45 nm: 8-bit int mult 0.2 pJ + 16-bit int add 0.05 pJ.
        #expect(isClose(ComponentLibrary.mac(technology: .nm45, operandBits: 8, float: false, clockHz: 1e9).compute,
                        0.25, within: 1e-9))
    }

    // Stillmaker & Baas: energy, leakage and area all fall from 65 nm to 7 nm.
    @Test("Smaller nodes cost less")
    func smallerNodesCostLess() {
        let perNode = nodesLargestFirst.map { technology in
            [
                ComponentLibrary.mac(technology: technology, operandBits: 16, float: false, clockHz: 2e8),
                ComponentLibrary.mac(technology: technology, operandBits: 16, float: true, clockHz: 2e8),
                sram(technology, words: 55_296, blockWords: 4, clockHz: 2e8),
                sram(technology, words: 224, clockHz: 2e8, levelClass: .regfile),
                sram(technology, words: 1, clockHz: 2e8, levelClass: .register),
            ]
        }
        for (larger, smaller) in zip(perNode, perNode.dropFirst()) {
            for (big, small) in zip(larger, smaller) {
                #expect(small.read < big.read || (small.read == 0 && big.read == 0))
                #expect(small.compute < big.compute || (small.compute == 0 && big.compute == 0))
                #expect(small.leak < big.leak)
                #expect(small.areaUm2 < big.areaUm2)
            }
        }
        let network = nodesLargestFirst.map { ComponentLibrary.networkTransfer(technology: $0, wordBits: 16) }
        #expect(zip(network, network.dropFirst()).allSatisfy { $0 > $1 })
    }

    // Off-chip DRAM energy is set by the DRAM part and its interface: no technology scaling.
    @Test("DRAM figures do not scale with the accelerator's technology", arguments: DRAMType.allCases)
    func dramUnscaled(_ type: DRAMType) {
        let figures = nodesLargestFirst.map {
            ComponentLibrary.storage(class: .dram, technology: $0, sizeWords: nil, wordBits: 16, blockWords: 4,
                                     dram: type, clockHz: 2e8)
        }
        #expect(Set(figures.map(\.read)).count == 1)
    }

    // Cited per-bit figures: HBM2 3.9 (O'Connor MICRO'17) < GDDR6 7.5 (Micron) < LPDDR4 8
    // (Timeloop/Accelergy table) < DDR4 20.3 (Horowitz ISSCC'14, 1.3 nJ per 64 bits).
    @Test("DRAM energy per bit: HBM2 < GDDR6 < LPDDR4 < DDR4")
    func dramOrdering() {
        let perBit = [DRAMType.HBM2, .GDDR6, .LPDDR4, .DDR4].map {
            ComponentLibrary.storage(class: .dram, technology: .nm45, sizeWords: nil, wordBits: 1, blockWords: 1,
                                     dram: $0, clockHz: 1e9).read
        }
        #expect(zip(perBit, perBit.dropFirst()).allSatisfy { $0 < $1 })
        #expect(isClose(perBit[0], 3.9, within: 1e-9))
        #expect(isClose(perBit[3], 1300.0 / 64.0, within: 1e-9))
    }

    // leak (pJ/cycle) = P (µW) · 10⁶ / f: halving the clock doubles it; no clock, no figure.
    @Test("Leakage per cycle is inversely proportional to the clock")
    func leakageClock() {
        let slow = sram(words: 4096, clockHz: 1e8)
        let fast = sram(words: 4096, clockHz: 2e8)
        #expect(isClose(slow.leak, 2 * fast.leak, within: 1e-12))
        #expect(sram(words: 4096, clockHz: 0).leak == 0)
        // Timeloop reference: 16384×64 SRAM at 45 nm leaks 0.005353 pJ per 1 ns cycle (fit point).
        #expect(isClose(sram(words: 16384, wordBits: 64, clockHz: 1e9).leak, 0.005353, within: 0.01))
    }

    @Test("Every figure is finite and ≥ 0 and carries a source", arguments: nodesLargestFirst)
    func figuresWellFormed(_ technology: Technology) {
        var all: [ComponentFigures] = []
        for levelClass in LevelClass.allCases {
            for words in [nil, 0, 1, 12, 224, 55_296, 1 << 26] as [Int?] {
                for wordBits in [0, 1, 8, 16, 64] {
                    for blockWords in [0, 1, 4] {
                        for dram in [nil] + DRAMType.allCases.map(Optional.some) {
                            for clockHz in [0, 2e8, 1e9] {
                                all.append(ComponentLibrary.storage(
                                    class: levelClass, technology: technology, sizeWords: words,
                                    wordBits: wordBits, blockWords: blockWords, dram: dram, clockHz: clockHz))
                            }
                        }
                    }
                }
            }
        }
        for bits in [0, 1, 3, 8, 16, 32, 64, 128] {
            for float in [false, true] {
                all.append(ComponentLibrary.adder(technology: technology, bits: bits, float: float))
                all.append(ComponentLibrary.multiplier(technology: technology, bits: bits, float: float))
                all.append(ComponentLibrary.mac(technology: technology, operandBits: bits, float: float, clockHz: 1e9))
            }
            let network = ComponentLibrary.networkTransfer(technology: technology, wordBits: bits)
            #expect(network.isFinite && network > 0)
        }
        for figures in all {
            #expect(figures.allFigures.allSatisfy { $0.isFinite && $0 >= 0 }, "\(figures)")
            #expect(!figures.source.isEmpty)
        }
    }
}
