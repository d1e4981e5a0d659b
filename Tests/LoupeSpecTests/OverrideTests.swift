import LoupeModel
@testable import LoupeSpec
import Testing

@Suite struct OverrideTests {
    @Test func parse() throws {
        let o = try Override.parse("architecture.levels.GlobalBuffer.size=64KiB")
        #expect(o == Override(path: "architecture.levels.GlobalBuffer.size", value: "64KiB"))
        #expect(o.components == ["architecture", "levels", "GlobalBuffer", "size"])
        #expect(o.root == "architecture")
        let f = try Override.parse("architecture.constraints.DRAM.factors=N=1 C>=4")
        #expect(f.value == "N=1 C>=4", "split at the first '='")
    }

    @Test(arguments: [
        ("architecture.clock", "expected PATH=VALUE after --set"),
        ("archtecture.clock=1GHz", "a path starts with 'architecture.' or 'workload.', found 'archtecture'"),
        ("workload..batch=4", "has an empty component"),
        ("workload.batch=", "the value is empty"),
        ("workload=x", "the path names a whole file"),
    ])
    func parseErrors(_ c: (String, String)) {
        #expect(throws: DiagnosticError.self) { try Override.parse(c.0) }
        do {
            _ = try Override.parse(c.0)
        } catch {
            #expect(error.diagnostics.first?.message.contains(c.1) == true, "\(error)")
            #expect(error.diagnostics.first?.location == Override.commandLine)
        }
    }

    @Test func rootHint() {
        do {
            _ = try Override.parse("archtecture.clock=1GHz")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.hint == "did you mean 'architecture'?")
        }
    }

    @Test func sizeAndClock() throws {
        let a = try Fixtures.architecture(overrides: [
            Override(path: "architecture.levels.GlobalBuffer.size", value: "64KiB"),
            Override(path: "architecture.clock", value: "400MHz"),
            Override(path: "workload.batch", value: "not for this file"),
            Override(path: "architecture.levels.MAC.array", value: "[2, 2]"),
            Override(path: "architecture.levels.GlobalBuffer.keeps", value: "[weights, inputs, outputs]"),
            Override(path: "architecture.constraints.GlobalBuffer.factors", value: "N=1"),
        ])
        #expect(a.levels[1].sizeWords == 32_768)
        #expect(a.clockHz == 400e6)
        #expect(a.totalPEs == 168 * 4)
        #expect(a.levels[1].keeps.count == 3)
        #expect(a.constraints.levels["GlobalBuffer"]?.factors == [FactorConstraint(dimension: .N, relation: .equal, value: 1)])
    }

    @Test func indexAndKind() throws {
        let a = try Fixtures.architecture(Fixtures.eyeriss(tail: Fixtures.techniquesBlock), overrides: [
            Override(path: "architecture.levels.0.block_words", value: "8"),
            Override(path: "architecture.techniques.compression.format", value: "bitmask"),
        ])
        #expect(a.levels[0].blockWords == 8)
        #expect(a.techniques[2]["format"]?.scalar == "bitmask")
    }

    @Test func workloadOverrides() throws {
        let w = try Fixtures.workload(overrides: [
            Override(path: "workload.layers.conv2.stats.density.inputs", value: "0.5"),
            Override(path: "workload.layers.conv1.stats.density.weights", value: "0.25"),
            Override(path: "workload.stats.density.inputs", value: "0.4"),
            Override(path: "workload.batch", value: "4"),
            Override(path: "architecture.clock", value: "ignored here"),
        ])
        #expect(w.batch == 4)
        #expect(w.layers.allSatisfy { $0[.N] == 4 })
        #expect(w.layers[0].stats.density == [.inputs: 0.4, .weights: 0.25], "stats and density created for conv1")
        #expect(w.layers[1].stats.density == [.inputs: 0.5], "the layer's own value wins")
        #expect(w.layers[2].stats.density == [.inputs: 0.4])
    }

    @Test func overriddenValueIsValidated() {
        let errors = Fixtures.archErrors(Fixtures.eyeriss, overrides: [
            Override(path: "architecture.levels.GlobalBuffer.size", value: "64KiBB"),
            Override(path: "architecture.levels.GlobalBuffer.sise", value: "1"),
        ])
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.location == Override.commandLine })
        let unit = errors.first { $0.message.hasPrefix("unknown unit") }
        #expect(unit?.message == "unknown unit 'KiBB' in '64KiBB' for size of level 'GlobalBuffer' (expected words, B, KB, KiB, MB, MiB, GB or GiB) "
                + "(from --set architecture.levels.GlobalBuffer.size=64KiBB)")
        #expect(unit?.hint == "did you mean 'KiB'?")
        let key = errors.first { $0.message.hasPrefix("unknown key") }
        #expect(key?.message == "unknown key 'sise' in level 'GlobalBuffer' (from --set architecture.levels.GlobalBuffer.sise=1)")
        #expect(key?.hint == "did you mean 'size'?")
        #expect(key?.description.hasPrefix("<command line>:1:1: error: unknown key 'sise'") == true)
    }

    @Test func unknownLevel() {
        let errors = Fixtures.archErrors(Fixtures.eyeriss, overrides: [
            Override(path: "architecture.levels.GlobalBufer.size", value: "64KiB"),
        ])
        #expect(errors.map(\.message) == ["--set architecture.levels.GlobalBufer.size=64KiB: no level named 'GlobalBufer' in 'architecture.levels'"])
        #expect(errors.first?.hint == "did you mean 'GlobalBuffer'?")
        #expect(errors.first?.location == Override.commandLine)
    }

    @Test func unknownLayerAndPathIntoScalar() {
        let errors = Fixtures.workErrors(Fixtures.alexnet, overrides: [
            Override(path: "workload.layers.conv3.repeat", value: "2"),
            Override(path: "workload.batch.size", value: "2"),
        ])
        #expect(errors.map(\.message) == [
            "--set workload.layers.conv3.repeat=2: no layer named 'conv3' in 'workload.layers'",
            "--set workload.batch.size=2: 'workload.batch' is a single value, so it has no 'size'",
        ])
        #expect(errors.first?.hint == "did you mean 'conv1'?")
    }

    @Test func malformedFlowValue() {
        let errors = Fixtures.archErrors(Fixtures.eyeriss, overrides: [
            Override(path: "architecture.levels.MAC.array", value: "[2, 2"),
        ])
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("--set architecture.levels.MAC.array=[2, 2: invalid YAML") == true)
    }
}
