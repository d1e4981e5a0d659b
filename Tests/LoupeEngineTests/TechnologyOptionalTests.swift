import LoupeEngine
import LoupeModel
import LoupeSpec
import Testing

/// An architecture without `technology` (every figure given; docs/spec.md §4): resolved from
/// the spec alone; a technique that needs the component library says so at its entry.
@Suite("technology optional")
struct TechnologyOptionalTests {
    static func yaml(techniques: String = "") -> String {
        """
        version: 1
        architecture:
          name: explicit
          clock: 200 MHz
          levels:
            - {name: DRAM, class: dram, energy: {read: 200, write: 190, leak: 0}, area: 0}
            - {name: Buffer, class: sram, size: 64 KiB, energy: {read: 6, write: 5, leak: 0.5}, area: 10000}
            - {name: MAC, class: compute, energy: {compute: 1.5}, area: 500}
        \(techniques)
        """
    }

    @Test func resolvesFromTheSpecAlone() throws {
        let a = try SpecLoader.loadArchitecture(yaml: Self.yaml(), file: "a.yaml").resolved()
        #expect(a.technology == nil)
        #expect(a.levels[1].energy.read == 6 && a.levels[1].energy.write == 5 && a.levels[1].energy.update == 5)
        #expect(a.levels[1].energy.leak == 0.5 && a.levels[1].energy.source == "spec")
        #expect(a.levels[2].energy.compute == 1.5)
        // 10000 µm² + 500 µm² = 0.0105 mm² (DRAM area 0).
        #expect(abs(a.areaMM2 - 0.0105) < 1e-12)
        #expect(TechniqueRegistry.problems(architecture: a).isEmpty)
    }

    @Test func precisionScalingNeedsATechnology() throws {
        let a = try SpecLoader.loadArchitecture(yaml: Self.yaml(techniques: "  techniques:\n    - {kind: precision_scaling}"), file: "a.yaml")
        let problems = TechniqueRegistry.problems(architecture: a.resolved())
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("'technology'") == true)
        #expect(problems.first?.location?.line == 10)
    }
}
