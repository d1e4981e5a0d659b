import Foundation
import LoupeModel
@testable import LoupeSpec
import Testing

@Suite struct ArchitectureTests {
    @Test func specExampleRoundTrip() throws {
        let a = try Fixtures.architecture()
        #expect(a.name == "eyeriss")
        #expect(a.technology == .nm65)
        #expect(a.clockHz == 200e6)
        #expect(a.levels.map(\.name) == ["DRAM", "GlobalBuffer", "InputSpad", "WeightSpad", "PsumSpad", "MAC"])
        #expect(a.levels.map(\.levelClass) == [.dram, .sram, .regfile, .regfile, .regfile, .compute])
        #expect(a.location == SourceLocation(file: "arch.yaml", line: 3, column: 3))

        let dram = a.levels[0]
        #expect(dram.dram == .LPDDR4)
        #expect(dram.sizeWords == nil)
        #expect(dram.blockWords == 4)
        #expect(dram.bandwidth == Bandwidth(read: 4, write: 4))
        #expect(dram.keeps == [.weights, .inputs, .outputs])
        #expect(dram.location == SourceLocation(file: "arch.yaml", line: 7, column: 7))

        let glb = a.levels[1]
        #expect(glb.sizeWords == 108 * 1024 * 8 / 16)
        #expect(glb.keeps == [.inputs, .outputs])
        #expect(glb.specEnergy == ["read": 18.2, "write": 14.1, "update": 14.1, "leak": 0.005])
        #expect(glb.energy == ActionEnergies(), "the engine fills the resolved energies")

        let spad = a.levels[2]
        #expect((spad.arrayX, spad.arrayY) == (14, 12))
        #expect(spad.networkTransfer == 0.2)
        #expect(spad.sizeWords == 12)
        #expect(a.totalPEs == 168)

        #expect(a.levels[3].wordBits == 16, "word_bits defaults to 16")
        #expect(a.levels[3].blockWords == 1)
        #expect(a.compute.specEnergy == ["compute": 1.0])
        #expect(a.compute.keeps.isEmpty)
        #expect(a.techniques.isEmpty)
        #expect(a.constraints == MapperConstraints())
    }

    @Test func specTechniquesBlock() throws {
        let a = try Fixtures.architecture(Fixtures.eyeriss(tail: Fixtures.techniquesBlock))
        #expect(a.techniques.map(\.kind) == ["zero_gating", "zero_skipping", "compression", "bit_serial", "precision_scaling",
                                                "early_termination", "cropping"])
        // Options are kept as written, lists as lists; `optionText` is their report form.
        func text(_ t: TechniqueSpec) -> [String: String] {
            Dictionary(uniqueKeysWithValues: t.optionText.map { ($0.key, $0.text) })
        }
        #expect(text(a.techniques[0]) == ["on": "inputs", "at": "MAC,WeightSpad"])
        #expect(a.techniques[0]["at"]?.items?.compactMap(\.scalar) == ["MAC", "WeightSpad"])
        #expect(text(a.techniques[2]) == ["tensor": "inputs", "format": "rle", "at": "DRAM"])
        #expect(a.techniques[4].options.isEmpty)
        #expect(text(a.techniques[6]) == ["predictor_macs": "0.01"])
        #expect(a.techniques[0].location?.line == 42)
        #expect(a.techniques[0].kindLocation?.column == 14)
    }

    @Test func constraints() throws {
        let tail = """
          constraints:
            dataflow: row_stationary
            GlobalBuffer:
              spatial: {x: [Q], y: [C, S, R]}
              temporal: {order: "K C"}
              factors: "N=1 C>=4 K<=8"
              keep: [inputs]
              bypass: [weights]
            PsumSpad: {factors: "K = 8, N=1"}

        """
        let a = try Fixtures.architecture(Fixtures.eyeriss(tail: tail))
        #expect(a.constraints.dataflow == .rowStationary)
        let g = try #require(a.constraints.levels["GlobalBuffer"])
        #expect(g.spatialX == [.Q])
        #expect(g.spatialY == [.C, .S, .R])
        #expect(g.temporalOrder == [.K, .C])
        #expect(g.factors == [FactorConstraint(dimension: .N, relation: .equal, value: 1),
                              FactorConstraint(dimension: .C, relation: .atLeast, value: 4),
                              FactorConstraint(dimension: .K, relation: .atMost, value: 8)])
        #expect(g.keep == [.inputs])
        #expect(g.bypass == [.weights])
        #expect(a.constraints.levels["PsumSpad"]?.factors.count == 2)
    }

    @Test func constraintErrors() {
        let tail = """
          constraints:
            dataflow: row_stationery
            GlobalBufer: {factors: "N=1"}
            WeightSpad: {spatial: {x: [Q]}}
            DRAM: {keep: [inputs], bypass: [inputs], factors: "M>=2"}
            MAC: {temporal: {order: "K"}}

        """
        let errors = Fixtures.archErrors(Fixtures.eyeriss(tail: tail))
        let byLine = Dictionary(grouping: errors, by: { $0.location?.line ?? 0 })
        #expect(byLine[42]?.first?.message.contains("unknown dataflow 'row_stationery'") == true)
        #expect(byLine[42]?.first?.hint == "did you mean 'row_stationary'?")
        #expect(byLine[43]?.first?.message == "unknown key 'GlobalBufer' in constraints")
        #expect(byLine[43]?.first?.hint == "did you mean 'GlobalBuffer'?")
        #expect(byLine[44]?.first?.message.contains("has no fanout below it ('PsumSpad' has array [1, 1])") == true)
        #expect(byLine[45]?.contains { $0.message.contains("both keeps and bypasses inputs") } == true)
        #expect(byLine[45]?.contains { $0.message.contains("unknown dimension 'M'") && $0.hint?.contains("'K'") == true } == true)
        #expect(byLine[46]?.first?.message.contains("the compute level 'MAC' takes no loops") == true)
    }

    @Test func bareArrayAndDefaults() throws {
        let yaml = """
        version: 1
        architecture:
          name: tiny
          technology: 7 nm
          clock: 1GHz
          levels:
            - {name: Buf, class: sram, size: 1 MiB, word_bits: 8}
            - {name: PE, class: compute, array: 16, area: 0.001 mm^2, energy: {compute: 250 fJ, gated: 0.01}}
        """
        let a = try Fixtures.architecture(yaml)
        #expect(a.technology == .nm7)
        #expect(a.clockHz == 1e9)
        #expect(a.levels[0].sizeWords == 1024 * 1024)
        #expect(a.levels[0].keeps == Set(TensorKind.allCases))
        #expect((a.levels[1].arrayX, a.levels[1].arrayY) == (16, 1))
        #expect(a.levels[1].specAreaUm2 == 1000)
        #expect(a.levels[1].specEnergy["compute"] == 0.25)
        #expect(a.levels[1].specEnergy["gated"] == 0.01)
    }

    /// `launch` (docs/spec.md §4): seconds in `ns`/`us`/`ms`/`s`, or cycles (bare or `cycles`);
    /// absent is nil; malformed, negative or wrong-kind values are located errors.
    @Test func launchTime() throws {
        func arch(_ launch: String?) -> String {
            """
            version: 1
            architecture:
              name: tiny
              technology: 7 nm
              clock: 2 GHz
            \(launch.map { "  launch: \($0)\n" } ?? "")  levels:
                - {name: Buf, class: sram, size: 1 MiB, word_bits: 8}
                - {name: PE, class: compute}
            """
        }
        #expect(try Fixtures.architecture(arch(nil)).launch == nil)
        #expect(try Fixtures.architecture(arch(nil)).launchCycles == 0)
        #expect(try Fixtures.architecture(arch("3 us")).launch == .seconds(3e-6))
        #expect(try Fixtures.architecture(arch("3 us")).launchCycles == 6000)
        #expect(try Fixtures.architecture(arch("3µs")).launch == .seconds(3e-6))
        #expect(try Fixtures.architecture(arch("250 ns")).launchCycles == 500)
        #expect(try Fixtures.architecture(arch("120")).launch == .cycles(120))
        #expect(try Fixtures.architecture(arch("120 cycles")).launchCycles == 120)
        let unit = Fixtures.archErrors(arch("3 sec"))
        #expect(unit.first?.message.contains("unknown unit 'sec' in '3 sec' for launch (expected ns, us, ms, s or cycles)") == true, "\(unit)")
        #expect(unit.first?.location?.line == 6)
        let negative = Fixtures.archErrors(arch("-1 us"))
        #expect(negative.first?.message.contains("launch must be") == true, "\(negative)")
        let wrongKind = Fixtures.archErrors(arch("3 pJ"))
        #expect(wrongKind.first?.message.contains("unknown unit 'pJ'") == true, "\(wrongKind)")
    }

    /// `multiple_of` and `latency` on a storage level (docs/spec.md §4): read into the level;
    /// absent is none; a multiple of 1 is none; on the compute level, an unknown dimension or a
    /// bad latency, a located error.
    @Test func multipleOfAndLatency() throws {
        func arch(_ buf: String, _ pe: String = "") -> String {
            """
            version: 1
            architecture:
              name: tiny
              technology: 7 nm
              clock: 2 GHz
              levels:
                - {name: DRAM, class: dram\(buf.isEmpty ? "" : ", latency: 100 ns")}
                - {name: Buf, class: sram, size: 1 MiB, word_bits: 8\(buf)}
                - {name: PE, class: compute\(pe)}
            """
        }
        let plain = try Fixtures.architecture(arch(""))
        #expect(plain.levels[1].multipleOf.isEmpty)
        #expect(plain.levels[1].latency == nil)
        #expect(plain.latencyCycles == 0)
        let a = try Fixtures.architecture(arch(", multiple_of: {C: 8, K: 1, P: 2}, latency: 30"))
        #expect(a.levels[1].multipleOf == [.C: 8, .P: 2])
        #expect(a.levels[1].latency == .cycles(30))
        #expect(a.levels[0].latency?.cycles(atClockHz: 2e9) == 200)
        // Fill 200 + 30, drain 200 + 30 (both levels keep every tensor).
        #expect(a.latencyCycles == 460)
        let onCompute = Fixtures.archErrors(arch("", ", multiple_of: {C: 8}"))
        #expect(onCompute.first?.message.contains("a compute level has no tiles to constrain") == true, "\(onCompute)")
        #expect(onCompute.first?.location?.line == 9)
        let unknown = Fixtures.archErrors(arch(", multiple_of: {M: 8}"))
        #expect(unknown.first?.message.contains("'M'") == true, "\(unknown)")
        #expect(unknown.first?.hint?.contains("Loupe calls output channels 'K'") == true, "\(unknown)")
        let zero = Fixtures.archErrors(arch(", multiple_of: {C: 0}"))
        #expect(zero.first?.message.contains("multiple_of C of level 'Buf'") == true, "\(zero)")
        let latency = Fixtures.archErrors(arch(", latency: 3 pJ"))
        #expect(latency.first?.message.contains("unknown unit 'pJ'") == true, "\(latency)")
        let computeLatency = Fixtures.archErrors(arch("", ", latency: 5"))
        #expect(computeLatency.first?.message.contains("'latency' applies to storage levels") == true, "\(computeLatency)")
    }

    @Test func structureErrors() {
        let yaml = """
        version: 1
        architecture:
          name: bad
          technology: 65nm
          clock: 200 MHz
          levels:
            - {name: A, class: compute}
            - {name: A, class: sram, size: 10}
        """
        let errors = Fixtures.archErrors(yaml)
        #expect(errors.map(\.at).sorted() == ["7:7", "8:7", "8:7"])
        #expect(errors[0].message.contains("duplicate level name 'A' (first at 7:7)") || errors.contains {
            $0.message == "duplicate level name 'A' (first at 7:7)"
        })
        #expect(errors.contains { $0.message == "level 'A' is class compute but is not the last level; the compute level comes last" })
        #expect(errors.contains { $0.message == "the last level, 'A', must be class compute (it is sram)" })

        let one = """
        version: 1
        architecture: {name: x, technology: 65nm, clock: 1 GHz, levels: [{name: MAC, class: compute}]}
        """
        #expect(Fixtures.archErrors(one).map(\.message) == ["an architecture needs at least two levels, storage then compute; found 1"])
    }

    @Test func levelKeyErrors() {
        let yaml = """
        version: 1
        architecture:
          name: bad
          technology: 40nm
          clock: 200
          levels:
            - name: Buf
              class: sram
              keep: [inputs]
              size: 101 B
              word_bits: 16
              dram: HBM2
              energy: {read: 2 pJ, compute: 1}
            - name: Reg
              class: regfile
              bandwidth: {read: -1}
              array: [0, 2, 3]
            - name: MAC
              class: compute
              size: 1
              keeps: [weights]
        """
        let errors = Fixtures.archErrors(yaml)
        func find(_ text: String) -> Diagnostic? { errors.first { $0.message.contains(text) } }
        #expect(find("unknown technology '40nm'")?.at == "4:15")
        #expect(find("unknown technology '40nm'")?.hint == "did you mean '45nm'?")
        #expect(find("clock needs a unit")?.at == "5:10")
        #expect(find("unknown key 'keep' in level 'Buf'")?.at == "9:7")
        #expect(find("unknown key 'keep' in level 'Buf'")?.hint == "did you mean 'keeps'?")
        #expect(find("is not a whole number of 16-bit words")?.at == "10:13")
        #expect(find("'dram' applies only to a level of class dram")?.at == "12:13")
        #expect(find("unknown key 'compute' in energy of level 'Buf'")?.hint
                == "a storage level has read, write, update, leak, gated, metadata_read, metadata_write or metadata_update energies")
        #expect(find("missing required key 'size' in level 'Reg' (class regfile needs one)")?.at == "14:7")
        #expect(find("read bandwidth of level 'Reg' must be between 1e-06 and")?.at == "16:25")
        #expect(find("expected [X, Y] or a number for the array of level 'Reg'")?.at == "17:14")
        #expect(find("a compute level has no size")?.at == "20:13")
        #expect(find("a compute level keeps no tensors")?.at == "21:14")
    }

    @Test func wrongTypes() {
        let yaml = """
        version: 1
        architecture:
          name: [a, b]
          technology: 65nm
          clock: {value: 200}
          levels: {DRAM: {class: dram}}
        """
        let errors = Fixtures.archErrors(yaml)
        #expect(errors.map(\.message) == [
            "expected the architecture's name, found a list",
            "expected clock such as '200 MHz', found a mapping",
            "expected a list for levels, found a mapping",
        ])
        #expect(errors.map(\.at) == ["3:9", "5:10", "6:11"])
    }

    /// A level that fails to decode is reported alone (technique options are not read by the
    /// loader; `TechniqueRegistry` reads them once the architecture loads).
    @Test func brokenLevelIsNotAnUnknownTechniqueLevel() {
        let tail = """
          techniques:
            - {kind: zero_gating, on: inputs, at: [GlobalBuffer]}

        """
        let errors = Fixtures.archErrors(Fixtures.eyeriss(replacingLine: 16, with: "      size: 3 B").replacingOccurrences(
            of: "  techniques: []              # hardware capabilities, section 6\n  constraints: {}             # mapper constraints, section 5\n",
            with: tail))
        #expect(errors.map(\.message) == ["size of level 'GlobalBuffer' is not a whole number of 16-bit words: '3 B' is 1.5 words"])
    }

    @Test func techniqueErrors() {
        let tail = """
          techniques:
            - {kind: zero_gatting, on: inputs}
            - {kind: zero_skipping, on: input, at: [MAC, WeightSpadd]}
            - {kind: compression, tensor: inputs, format: rlee, fromat: rle}
            - {on: inputs}
            - zero_gating

        """
        // The loader checks the shape of each entry only; kinds and options are the technique
        // registry's (LoupeEngineTests, TechniqueOptionTests.loadedSpecErrors).
        let errors = Fixtures.archErrors(Fixtures.eyeriss(tail: tail))
        #expect(errors.map(\.at) == ["45:7", "46:7"])
        #expect(errors[0].message == "missing required key 'kind' in technique #4")
        #expect(errors[1].message.hasPrefix("expected a mapping such as {kind: zero_gating, on: inputs} for technique #5"))
    }
}
