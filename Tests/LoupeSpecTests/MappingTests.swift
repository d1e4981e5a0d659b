import LoupeModel
@testable import LoupeSpec
import Testing

@Suite struct MappingTests {
    /// Timeloop's Eyeriss-like reference layer (fixture `timeloop/eyeriss_like` of LoupeEngineTests).
    static let referenceLayer = Layer(name: "conv1", bounds: [1, 1, 32, 3, 112, 112, 3, 3], strideRows: 2, strideCols: 2)

    @Test func specExampleResolves() throws {
        let file = try SpecLoader.loadMapping(yaml: Fixtures.mapping, file: "map.yaml")
        #expect(file.file == "map.yaml")
        #expect(file.layers.keys.sorted() == ["conv1"])
        #expect(file.layerLocations["conv1"] == SourceLocation(file: "map.yaml", line: 3, column: 3))
        let entries = try #require(file.layers["conv1"])
        #expect(entries.map(\.level) == ["DRAM", "GlobalBuffer", "WeightSpad", "PsumSpad"])
        #expect(entries[0].mapping.temporal == [Loop(.P, 8), Loop(.Q, 2), Loop(.K, 4)])
        #expect(entries[1].mapping.spatialX == [Loop(.Q, 14)])
        #expect(entries[1].mapping.spatialY == [Loop(.C, 3), Loop(.S, 3)])
        #expect(entries[1].mapping.keeps == [.inputs, .outputs])
        #expect(entries[1].mapping.location == SourceLocation(file: "map.yaml", line: 6, column: 7))

        let arch = try Fixtures.architecture()
        let mapping = try #require(try SpecLoader.resolveMapping(file, layer: "conv1", architecture: arch))
        #expect(mapping.levels.count == 5)
        #expect(mapping.levels[2].temporal.isEmpty, "InputSpad is absent from the file")
        #expect(mapping.levels[3].temporal == [Loop(.R, 3)])
        #expect(mapping.levels[4].temporal == [Loop(.K, 8)])
        #expect(mapping.product(of: .P) == 112)
        #expect(SpecLoader.checkFactors(mapping, layer: Self.referenceLayer).isEmpty)

        #expect(try SpecLoader.resolveMapping(file, layer: "conv2", architecture: arch) == nil, "no entry and no default")
    }

    @Test func defaultAndOwnEntry() throws {
        let yaml = """
        version: 1
        mapping:
          default:
            - {level: DRAM, temporal: "K=32 C=3 P=112 Q=112 R=3 S=3"}
          conv1:
            - {level: PsumSpad, temporal: "K=2"}
        """
        let file = try SpecLoader.loadMapping(yaml: yaml, file: "map.yaml")
        let arch = try Fixtures.architecture()
        let own = try #require(try SpecLoader.resolveMapping(file, layer: "conv1", architecture: arch))
        #expect(own.levels[4].temporal == [Loop(.K, 2)])
        #expect(own.levels[0].temporal.isEmpty)
        let other = try #require(try SpecLoader.resolveMapping(file, layer: "conv9", architecture: arch))
        #expect(other.levels[0].temporal.count == 6)
        #expect(SpecLoader.checkFactors(other, layer: Self.referenceLayer).isEmpty)
    }

    @Test func checkFactorsMessages() throws {
        let mapping = Mapping(levels: [
            LevelMapping(temporal: [Loop(.K, 16), Loop(.C, 3)], location: SourceLocation(file: "m", line: 4, column: 7)),
            LevelMapping(temporal: [Loop(.P, 112), Loop(.Q, 112), Loop(.R, 3), Loop(.S, 3)]),
        ])
        let d = SpecLoader.checkFactors(mapping, layer: Self.referenceLayer)
        #expect(d.map(\.message) == ["factors of K multiply to 16, but the layer has K=32"])
        #expect(d.first?.location == SourceLocation(file: "m", line: 4, column: 7))
        let big = Mapping(levels: [LevelMapping(temporal: [Loop(.K, Int.max)]), LevelMapping(temporal: [Loop(.K, 4)])])
        #expect(SpecLoader.checkFactors(big, layer: Self.referenceLayer).first?.message.contains("more than 2^63") == true)
    }

    @Test func resolveErrors() throws {
        let yaml = """
        version: 1
        mapping:
          conv1:
            - {level: DRAMM, temporal: "K=2"}
            - {level: MAC, temporal: "K=2"}
            - {level: WeightSpad, spatial: {x: "K=2"}}
            - {level: GlobalBuffer, spatial: {x: "Q=16", y: "C=3 S=3"}, keeps: [weights]}
            - {level: PsumSpad, temporal: "K=4"}
            - {level: PsumSpad, temporal: "K=2"}
        """
        let file = try SpecLoader.loadMapping(yaml: yaml, file: "map.yaml")
        let arch = try Fixtures.architecture()
        var errors: [Diagnostic] = []
        do { _ = try SpecLoader.resolveMapping(file, layer: "conv1", architecture: arch) } catch { errors = error.diagnostics }
        #expect(errors.map(\.at) == ["4:7", "5:7", "6:7", "7:7", "7:7", "9:7"])
        #expect(errors[0].message == "unknown level 'DRAMM' in the mapping of layer 'conv1'")
        #expect(errors[0].hint == "did you mean 'DRAM'?")
        #expect(errors[1].message == "the compute level 'MAC' takes no loops; put them on a storage level")
        #expect(errors[2].message == "level 'WeightSpad' has no fanout below it ('PsumSpad' has array [1, 1]), so it takes no spatial loops")
        #expect(errors[3].message == "the spatial x loops of level 'GlobalBuffer' (Q=16) need 16 instances, but the array below it ('InputSpad') is 14 wide in X")
        #expect(errors[4].message == "level 'GlobalBuffer' cannot keep weights in the mapping of layer 'conv1': the architecture lets it keep inputs and outputs")
        #expect(errors[5].message == "level 'PsumSpad' appears twice in the mapping of layer 'conv1' (first at 8:7)")
    }

    @Test func loadErrors() {
        let yaml = """
        version: 1
        mapping:
          conv1:
            - {level: DRAM, temporal: "P=8 M=2 K=0"}
            - {level: GlobalBuffer, temporal: "P=8 Q", spatial: {x: "Q=2 Q=7", z: "C=3"}}
            - {temporal: "K=2"}
            - {level: PsumSpad, temporal: "K>=2", keeps: [psums]}
            - {level: WeightSpad, temporal: "p=2 K=1.5", tmporal: "R=3"}
          conv2: {level: DRAM}
        """
        let errors = Fixtures.mapErrors(yaml)
        func find(_ text: String) -> Diagnostic? { errors.first { $0.message.contains(text) } }
        // Located at the term itself: the string starts at column 31 (its quote), `M=2` at offset 4.
        #expect(find("unknown dimension 'M'")?.at == "4:36")
        #expect(find("the factor of K in the temporal loops of the entry for level 'DRAM' in the mapping of layer 'conv1' must be at least 1")?.at
                == "4:40")
        #expect(find("cannot read 'P=8 Q' as loops")?.message.contains("expected '=' after 'Q'") == true)
        #expect(find("dimension Q appears twice")?.at == "5:61")
        #expect(find("unknown key 'z' in the spatial loops")?.at == "5:72")
        #expect(find("missing required key 'level' in entry #3 of the mapping of layer 'conv1'")?.at == "6:7")
        #expect(find("a mapping gives exact factors; found 'K>=2'")?.at == "7:35")
        #expect(find("unknown tensor 'psums'")?.at == "7:51")
        #expect(find("unknown dimension 'p'")?.hint == "did you mean 'P'?")
        #expect(find("expected a whole number for the factor of K")?.message.contains("'1.5'") == true)
        #expect(find("unknown key 'tmporal'")?.hint == "did you mean 'temporal'?")
        #expect(find("expected a list for the mapping of layer 'conv2', found a mapping")?.at == "9:10")
    }
    /// Imperfect loops (docs/spec.md §8): `P=55/8` reads as span 55, step 8 (7 iterations);
    /// a step not below its span, or a step that is not a whole number, is an error at the term.
    @Test func imperfectLoops() throws {
        let good = try SpecLoader.loadMapping(yaml: """
        version: 1
        mapping:
          conv1:
            - {level: DRAM, temporal: "K=2 P=55/8", spatial: {x: "Q=1000/16"}}
        """, file: "map.yaml")
        let loops = try #require(good.layers["conv1"]?.first?.mapping)
        #expect(loops.temporal == [Loop(.K, 2), Loop(.P, span: 55, step: 8)])
        #expect(loops.temporal[1].factor == 7)
        #expect(loops.temporal[1].description == "P=55/8")
        #expect(loops.spatialX == [Loop(.Q, span: 1000, step: 16)])
        #expect(loops.spatialX[0].factor == 63)
        let errors = Fixtures.mapErrors("""
        version: 1
        mapping:
          conv1:
            - {level: DRAM, temporal: "K=2 P=8/8"}
            - {level: GlobalBuffer, temporal: "P=8/55 Q=7/x"}
        """)
        func find(_ text: String) -> Diagnostic? { errors.first { $0.message.contains(text) } }
        // The string starts at column 31 (its quote); `P=8/8` at offset 4, `P=8/55` at 1.
        #expect(find("'P=8/8' in the temporal loops of the entry for level 'DRAM'")?.at == "4:36")
        #expect(find("'P=8/8'")?.hint == "write 'P=1' (or leave the loop out)")
        #expect(find("'P=8/55'")?.at == "5:40")
        #expect(find("'P=8/55'")?.hint == "write the span first: 'P=55/8'")
        // The step's own column: `Q=7/x` starts at offset 8, its step at 4 more.
        #expect(find("expected a whole number for the step of Q")?.at == "5:51")
    }
}
