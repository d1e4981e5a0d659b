import Testing
@testable import LoupeEngine
import LoupeModel
import LoupeSpec

/// Technique entries as the registry reads them: the loader keeps each entry as its node, and
/// the technique type (and its compression format) reads its own options — typed, located,
/// with did-you-mean.
@Suite("Techniques: options and registry")
struct TechniqueOptionTests {
    static let yaml = """
    version: 1
    architecture:
      name: t
      technology: 45nm
      clock: 1 GHz
      levels:
        - {name: DRAM, class: dram, word_bits: 16, keeps: [weights, inputs, outputs]}
        - {name: WeightSpad, class: regfile, size: 64 words, word_bits: 16, keeps: [weights]}
        - {name: MAC, class: compute, word_bits: 16}
      techniques:
        - {kind: zero_gatting, on: inputs}
        - {kind: zero_skipping, on: input, at: [MAC, WeightSpadd]}
        - {kind: compression, tensor: inputs, format: rlee, fromat: rle, at: DRAM}
        - {kind: compression, tensor: weights, format: rle, run_bit: 4, at: DRAM}
        - {kind: compression, tensor: weights, format: n_of_m, n: 3, m: 2, at: DRAM}
        - {kind: bit_serial, style: strips}
    """

    /// Every problem of every entry at once, each at the value (or key) at fault, in list order.
    /// Columns counted by hand from the lines above (entries start at line 11).
    @Test func loadedSpecErrors() throws {
        let arch = try SpecLoader.loadArchitecture(yaml: Self.yaml, file: "arch.yaml")
        let errors = TechniqueRegistry.problems(architecture: arch)
        let at = errors.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
        #expect(at == ["11:14", "12:33", "12:50", "13:51", "13:57", "14:57", "15:63", "16:33"])
        #expect(errors[0].message == "unknown technique kind 'zero_gatting'")
        #expect(errors[0].hint == "did you mean 'zero_gating'?")
        #expect(errors[1].message.hasPrefix("unknown tensor 'input' in option 'on' of technique 'zero_skipping'"))
        #expect(errors[1].hint?.hasPrefix("did you mean 'inputs'?") == true)
        #expect(errors[2].hint?.hasPrefix("did you mean 'WeightSpad'?") == true)
        #expect(errors[3].message == "unknown compression format 'rlee' in technique 'compression'")
        #expect(errors[3].hint?.hasPrefix("did you mean 'rle'?") == true)
        // With the format unknown, only a key that is no format's option is reported.
        #expect(errors[4].message == "unknown option 'fromat' for technique 'compression'")
        #expect(errors[4].hint?.hasPrefix("did you mean 'format'?") == true)
        // A known format's own options are the only extra keys accepted.
        #expect(errors[5].message == "unknown option 'run_bit' for technique 'compression'")
        #expect(errors[5].hint?.hasPrefix("did you mean 'run_bits'?") == true)
        #expect(errors[6].message.hasPrefix("option 'n' of format 'n_of_m' must be at most 'm' (2)"))
        #expect(errors[7].message == "option 'style' of technique 'bit_serial' must be one of stripes, loom, pragmatic, dynamic, found 'strips'")
        #expect(errors[7].hint == "did you mean 'stripes'?")
        #expect(throws: DiagnosticError.self) { try TechniqueRegistry.makeAll(architecture: arch) }
    }

    /// `makeAll` and `problems` are one parse: what one accepts, the other builds.
    @Test func validateAndEstimateShareTheParse() throws {
        let good = Self.yaml.split(separator: "\n").prefix(10).joined(separator: "\n") + """

            - {kind: zero_gating, on: inputs, at: [MAC, WeightSpad]}
            - {kind: compression, tensor: weights, format: n_of_m, at: [DRAM, WeightSpad]}
        """
        let arch = try SpecLoader.loadArchitecture(yaml: good, file: "arch.yaml")
        #expect(TechniqueRegistry.problems(architecture: arch).isEmpty)
        let built = try TechniqueRegistry.makeAll(architecture: arch)
        #expect(built.map(\.label) == ["zero_gating(inputs @WeightSpad,MAC)", "compression(weights:n_of_m @DRAM,WeightSpad)"])
        #expect(try TechniqueRegistry.makeAll(architecture: arch, disabled: ["compression"]).count == 1)
    }

    /// Kinds and format names are unique, and each is the name its type gives itself.
    @Test func registries() {
        #expect(Set(TechniqueRegistry.kinds).count == TechniqueRegistry.all.count)
        #expect(TechniqueRegistry.kinds == ["zero_gating", "zero_skipping", "compression", "bit_serial", "precision_scaling",
                                            "early_termination", "cropping"])
        #expect(Set(CompressionFormats.names).count == CompressionFormats.all.count)
        #expect(CompressionFormats.optionNames(of: StructuredNMFormat.self) == ["n", "m", "index_bits"])
        #expect(CompressionFormats.optionNames(of: BitmaskFormat.self).isEmpty)
    }

    /// A technique knows exactly the options it reads: an unknown one names them.
    @Test func unknownOptionListsTheKnownOnes() {
        let arch = SparsityInvariantTests.architecture([])
        do {
            _ = try TechniqueRegistry.make(TechniqueSpec(kind: "cropping", options: ["predictor_mac": "0.1"]), architecture: arch)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics[0].hint == "did you mean 'predictor_macs'? its options are 'predictor_macs', 'except', 'from'")
        }
    }

    /// A list option written as one comma-separated word is refused with the list spelled out.
    @Test func commaInOneValue() throws {
        let here = SourceLocation(file: "a.yaml", line: 3, column: 9)
        let spec = TechniqueSpec(kind: "zero_gating", options: [
            SpecNode.Pair(key: "on", keyLocation: here, value: SpecNode(.scalar("inputs", plain: true), at: here)),
            SpecNode.Pair(key: "at", keyLocation: here, value: SpecNode(.scalar("MAC, RF", plain: true), at: here)),
        ], location: here)
        do {
            _ = try TechniqueRegistry.make(spec, architecture: SparsityInvariantTests.architecture([]))
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.hint == "write a list: [MAC, RF]")
            #expect(error.diagnostics.first?.location == here)
        }
    }
}

/// `format: n_of_m` — the worked example of adding a compression format (docs/sparsity.md).
@Suite("Techniques: n_of_m format")
struct StructuredNMFormatTests {
    typealias F = PrecisionFixtures

    /// Hand-derived: of every m values n are kept, each with a ⌈log₂ m⌉-bit position.
    /// 2:4 at 16 bits: data 2/4·16 = 8, metadata 2/4·2 = 1 → 9 bits (Mishra et al. 2021).
    /// 1:4 at 8 bits: data 1/4·8 = 2, metadata 1/4·2 = 0.5. 4:8 with index_bits 4: data 8,
    /// metadata 1/2·4 = 2. The density never enters.
    @Test func bitsPerValue() {
        let layer = Layer(name: "x")
        func bits(_ f: StructuredNMFormat, _ w: Int, density: Double = 0.5) -> CompressedBits {
            f.bitsPerValue(density: density, wordBits: w, tensor: .weights, layer: layer, stats: layer.stats)
        }
        #expect(bits(StructuredNMFormat(), 16) == CompressedBits(dataBits: 8, metadataBits: 1))
        #expect(bits(StructuredNMFormat(), 16, density: 0.1) == CompressedBits(dataBits: 8, metadataBits: 1))
        #expect(bits(StructuredNMFormat(n: 1, m: 4), 8) == CompressedBits(dataBits: 2, metadataBits: 0.5))
        #expect(bits(StructuredNMFormat(n: 4, m: 8, indexBits: 4), 16) == CompressedBits(dataBits: 8, metadataBits: 2))
        #expect(StructuredNMFormat(n: 1, m: 1).positionBits == 0)
    }

    /// Through `compression` at DRAM on DRAM → MAC: every weight read from DRAM moves
    /// 8/16 = 0.5 data words plus 1/16 metadata word (charged at DRAM's read energy, 200 per
    /// word here, as there is no separate metadata store), and DRAM holds 9/16 words per weight.
    @Test func throughCompression() throws {
        var stats = DataStats()
        stats.density = [.weights: 0.5]
        stats.distribution = .structured
        let layer = F.fc("fc", inputs: 64, outputs: 16, stats: stats)
        let spec = TechniqueSpec(kind: "compression", options: ["tensor": "weights", "format": "n_of_m", "at": "DRAM"])
        let arch = F.flatArchitecture()
        let r = try F.run(spec, on: arch, layer)
        let before = try #require(r.dense.level("DRAM")?.accesses(.weights))
        let after = try #require(r.after.level("DRAM")?.accesses(.weights))
        #expect(before.reads == 64 * 16)
        #expect(after.reads == before.reads * 0.5)
        #expect(after.metadataWords == before.reads / 16)
        #expect(F.close(after.energy, before.energy * 9 / 16, 1e-12))
        #expect(F.close(r.after.energy, F.sumOfParts(r.after), 1e-12))
        #expect(r.notes.contains("compression: weights at DRAM as n_of_m: 8 data + 1 metadata bits per 16-bit value (density 0.5)"))
        let t = try Compression(spec: spec, architecture: arch.resolved())
        #expect(t.storageRatio(tensor: .weights, level: "DRAM", stats: stats) == 9.0 / 16)
        #expect(t.label == "compression(weights:n_of_m @DRAM)")
    }

    /// Options are checked: whole numbers, `n ≤ m`.
    @Test func optionErrors() {
        let arch = F.flatArchitecture()
        for bad: [String: String] in [["n": "2.5"], ["m": "0"], ["n": "5", "m": "4"], ["n": "x"]] {
            #expect(throws: DiagnosticError.self) {
                try Compression(spec: TechniqueSpec(kind: "compression", options: ["tensor": "weights", "format": "n_of_m",
                                                                                   "at": "DRAM"].merging(bad) { $1 }),
                                architecture: arch)
            }
        }
    }
}

extension StructuredNMFormatTests {
    /// The format's options belong to it alone (docs/sparsity.md, step 4 of the worked example).
    @Test func optionsBelongToTheFormat() {
        let arch = F.flatArchitecture()
        func problems(_ options: [String: String]) -> [Diagnostic] {
            do {
                _ = try Compression(spec: TechniqueSpec(kind: "compression", options: ["tensor": "weights", "at": "DRAM"]
                    .merging(options) { $1 }), architecture: arch)
                return []
            } catch { return error.diagnostics }
        }
        #expect(problems(["format": "n_of_m", "n": "1", "m": "8", "index_bits": "3"]).isEmpty)
        #expect(problems(["format": "rle", "n": "2"]).map(\.message) == ["unknown option 'n' for technique 'compression'"])
        #expect(problems(["format": "n_of_m", "index_bit": "2"]).first?.hint?.hasPrefix("did you mean 'index_bits'?") == true)
    }
}
