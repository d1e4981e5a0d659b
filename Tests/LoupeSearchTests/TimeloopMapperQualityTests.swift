import Testing
import Foundation
import Yams
@testable import LoupeSearch
import LoupeEngine
import LoupeSpec
import LoupeModel

// Quality check of the mapper against Timeloop's mapper (issue "Mapper: ... at least as good as
// Timeloop's reference result on the same objective"). Each case under `Fixtures/<case>/` holds
// the architecture with Timeloop's mapspace constraints re-expressed as Loupe `constraints:`
// (arch.yaml, every line commented with its Timeloop source), the workload, and Timeloop's mapper
// result (expected.yaml: energy, cycles, EDP and the optimization metric it used). The per-action
// energies are Timeloop's own ERT figures, so Loupe's objective value is directly comparable.

/// One mapper case under `Fixtures/<name>/`.
struct MapperCase {
    let name: String
    let directory: URL

    static func named(_ name: String) throws -> MapperCase {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil),
                               "missing test fixture Fixtures/\(name)")
        return MapperCase(name: name, directory: url)
    }

    func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    /// The architecture (with its `constraints:`) and the workload's single layer.
    func load() throws -> (Architecture, Layer) {
        let arch = try SpecLoader.loadArchitecture(path: path("arch.yaml"))
        let workload = try SpecLoader.loadWorkload(path: path("workload.yaml"))
        return (arch, try #require(workload.layers.first))
    }

    /// `expected.yaml` as a dictionary.
    func expected() throws -> [String: Any] {
        let text = try String(contentsOfFile: path("expected.yaml"), encoding: .utf8)
        return (try Yams.load(yaml: text) as? [String: Any]) ?? [:]
    }
}

func searchNumber(_ v: Any?) -> Double? {
    switch v {
    case let d as Double: d
    case let i as Int: Double(i)
    case let s as String: Double(s)
    default: nil
    }
}

/// `a` and `b` equal within `tolerance`, relative.
func relativelyEqual(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300)
}

/// Runs the mapper the way the command line does: the architecture resolved by an `Evaluator`,
/// its own constraints unless others are given.
func runMapper(_ arch: Architecture, _ layer: Layer, objective: Objective, budget: Int, seed: UInt64 = 1,
               threads: Int, constraints: MapperConstraints? = nil) throws -> (LayerSearchResult, Duration) {
    let mapper = Mapper(architecture: Evaluator(architecture: arch).resolved, constraints: constraints ?? arch.constraints,
                        options: MapperOptions(objective: objective, budget: budget, seed: seed, threads: threads))
    let clock = ContinuousClock()
    let start = clock.now
    let results = try mapper.searchAll(layers: [layer])
    let elapsed = clock.now - start
    let result = try #require(results.first ?? nil, "the mapper found no valid mapping for \(layer.name)")
    return (result, elapsed)
}

/// Every way `m` breaks `constraints` (after expanding a named dataflow), as readable lines.
///
/// `strictOrder`: the level's full loop order (factor-1 loops included, as the mapper stores it)
/// must end with the constrained dimensions; otherwise only loops with a factor > 1 are compared
/// (factor-1 loops are no-ops, and a mapping file does not place them). Levels in `ignoringOrderAt`
/// are not checked for order.
func constraintViolations(_ m: CompactMapping, architecture: Architecture, constraints: MapperConstraints,
                          strictOrder: Bool = true, ignoringOrderAt: Set<String> = []) -> [String] {
    let expanded = constraints.expanded(for: architecture)
    var out: [String] = []
    for (name, c) in expanded.levels.sorted(by: { $0.key < $1.key }) {
        guard let i = architecture.levelIndex(named: name), i < m.levels else {
            out.append("constraints name unknown storage level \(name)")
            continue
        }
        for d in Dimension.allCases {
            let x = m.spatialX[i * 8 + d.rawValue], y = m.spatialY[i * 8 + d.rawValue]
            if x > 1, let allowed = c.spatialX, !allowed.contains(d) { out.append("\(name): spatial X \(d)=\(x), allowed \(allowed)") }
            if y > 1, let allowed = c.spatialY, !allowed.contains(d) { out.append("\(name): spatial Y \(d)=\(y), allowed \(allowed)") }
        }
        if let fixedInner = c.temporalOrder, !ignoringOrderAt.contains(name) {
            let used = { (d: LoupeModel.Dimension) in strictOrder || m.temporal[i * 8 + d.rawValue] > 1 }
            let order = m.order[(i * 8)..<(i * 8 + 8)].map { Dimension(rawValue: Int($0))! }.filter(used)
            let inner = fixedInner.filter(used)
            if Array(order.suffix(inner.count)) != inner {
                out.append("\(name): loop order (outer -> inner) \(order) does not end with \(inner)")
            }
        }
        for f in c.factors {
            let v = m.temporal[i * 8 + f.dimension.rawValue]
            let ok = switch f.relation {
            case .equal: v == f.value
            case .atLeast: v >= f.value
            case .atMost: v <= f.value
            }
            if !ok { out.append("\(name): temporal \(f.dimension)=\(v) breaks \(f.relation) \(f.value)") }
        }
        for t in TensorKind.allCases {
            let kept = m.keeps(i, t.rawValue)
            if c.keep?.contains(t) == true && !kept { out.append("\(name) must keep \(t)") }
            if c.bypass?.contains(t) == true && kept { out.append("\(name) must bypass \(t)") }
        }
    }
    return out
}

@Suite("Loupe's mapper vs Timeloop's mapper")
struct TimeloopMapperQualityTests {
    static let cases = ["ex05_baked", "ex05_freebypass", "simple_weight_stationary_default", "simple_output_stationary_default"]
    /// Mapping evaluations per case: a few 10^4, split over the mapper's 8 streams.
    static let budget = 40_000

    @Test("at least as good as Timeloop on Timeloop's objective, same constraints", arguments: cases)
    func atLeastAsGoodAsTimeloop(_ name: String) throws {
        let fixture = try MapperCase.named(name)
        let (arch, layer) = try fixture.load()
        let expected = try fixture.expected()
        let objective = try #require(Objective(rawValue: expected["loupe_objective"] as? String ?? ""))
        let tlEnergy = try #require(searchNumber(expected["energy_pj"]))
        let tlCycles = try #require(searchNumber(expected["cycles"]))
        let tlEDP = try #require(searchNumber(expected["edp"]))
        #expect(relativelyEqual(tlEDP, tlEnergy * tlCycles), "expected.yaml: edp is not energy_pj x cycles")
        let tlObjective = objective.value(energy: tlEnergy, cycles: tlCycles)

        let (result, elapsed) = try runMapper(arch, layer, objective: objective, budget: Self.budget, threads: 2)
        let cost = result.cost
        print("""
            [mapper-quality] \(name) objective \(objective.rawValue): Timeloop \(tlObjective) \
            (energy \(tlEnergy) pJ, cycles \(tlCycles), edp \(tlEDP)); Loupe \(cost.objective) \
            (energy \(cost.energy) pJ, cycles \(cost.cycles), edp \(cost.energy * cost.cycles)); \
            Loupe/Timeloop \(cost.objective / tlObjective); search \(elapsed) for \(result.evaluated) \
            candidates (\(result.valid) valid); mapping \(result.mapping.levels.map { "\($0.temporal) X\($0.spatialX) Y\($0.spatialY) keeps \($0.keeps.map { $0.sorted() }.map(String.init(describing:)) ?? "all")" })
            """)

        // Same objective, same energies: Loupe's best is no worse than Timeloop's.
        #expect(cost.objective <= tlObjective * (1 + 1e-9),
                "\(name): Loupe's \(objective.rawValue) \(cost.objective) is worse than Timeloop's \(tlObjective)")
        if let metrics = expected["timeloop_optimization_metrics"] as? [String], metrics == ["delay", "energy"] {
            // Timeloop ranked by delay, then energy: Loupe must be no worse on either.
            #expect(cost.cycles <= tlCycles, "\(name): cycles \(cost.cycles) > Timeloop's \(tlCycles)")
            #expect(cost.energy <= tlEnergy * (1 + 1e-9), "\(name): energy \(cost.energy) > Timeloop's \(tlEnergy)")
        }

        // The mapping is valid and the evaluator counts it exactly as the mapper did.
        let evaluator = Evaluator(architecture: arch)
        let evaluation = try evaluator.evaluate(layer: layer, mapping: result.mapping)
        #expect(relativelyEqual(evaluation.energy, cost.energy), "\(name): evaluator energy \(evaluation.energy) != mapper \(cost.energy)")
        #expect(relativelyEqual(evaluation.cycles, cost.cycles), "\(name): evaluator cycles \(evaluation.cycles) != mapper \(cost.cycles)")
        #expect(relativelyEqual(objective.value(energy: evaluation.energy, cycles: evaluation.cycles), cost.objective))

        // And it stays inside the constrained mapspace.
        let violations = constraintViolations(result.compact, architecture: evaluator.architecture, constraints: arch.constraints)
        #expect(violations.isEmpty, "\(name): \(violations)")
    }

    /// Timeloop's own result lies inside the constrained mapspace of arch.yaml (so Loupe's search
    /// could have found it: the comparison is fair), and Loupe counts it exactly as Timeloop did (so
    /// the objective values are comparable).
    @Test("Timeloop's mapping is in the constrained mapspace and costs what Timeloop printed", arguments: cases)
    func timeloopMappingInsideMapspace(_ name: String) throws {
        let fixture = try MapperCase.named(name)
        let (arch, layer) = try fixture.load()
        let expected = try fixture.expected()
        let file = try SpecLoader.loadMapping(path: fixture.path("timeloop-mapping.yaml"))
        let mapping = try #require(try SpecLoader.resolveMapping(file, layer: layer.name, architecture: arch))
        let evaluator = Evaluator(architecture: arch)
        let evaluation = try evaluator.evaluate(layer: layer, mapping: mapping)
        let tlEnergy = try #require(searchNumber(expected["energy_pj"]))
        let tlCycles = try #require(searchNumber(expected["cycles"]))
        #expect(relativelyEqual(evaluation.energy, tlEnergy, 1e-9), "\(name): Loupe counts \(evaluation.energy) pJ, Timeloop \(tlEnergy)")
        #expect(evaluation.cycles == tlCycles)

        let resolved = evaluator.architecture
        let keeps = (0..<(resolved.levels.count - 1)).map { i in
            TensorKind.allCases.map { t in
                resolved.levels[i].keeps.contains(t) && (i < mapping.levels.count ? mapping.levels[i].keeps?.contains(t) ?? true : true)
            }
        }
        let compact = try #require(CompactMapping(mapping, keeps: keeps))
        // Timeloop ignores a permutation constraint at its innermost temporal level (see arch.yaml);
        // in these cases that is the innermost storage level.
        let innermost = resolved.levels[resolved.levels.count - 2].name
        let violations = constraintViolations(compact, architecture: resolved, constraints: arch.constraints,
                                              strictOrder: false, ignoringOrderAt: [innermost])
        #expect(violations.isEmpty, "\(name): Timeloop's mapping breaks the re-expressed constraints: \(violations)")
    }

    @Test("the fixtures' constraints are read as written")
    func constraintsLoaded() throws {
        let (ws, _) = try MapperCase.named("simple_weight_stationary_default").load()
        let glb = try #require(ws.constraints.levels["shared_glb"])
        #expect(glb.spatialX == [.N])
        #expect(glb.spatialY == [.C, .K])
        let pe = try #require(ws.constraints.levels["pe_spad"])
        #expect(pe.temporalOrder == [.R, .S, .P, .Q, .N])
        #expect(pe.keep == [.weights])
        #expect(pe.bypass == [.inputs, .outputs])
        #expect(ws.constraints.levels["weight_reg"]?.factors.count == 4)

        let (baked, _) = try MapperCase.named("ex05_baked").load()
        let gb = try #require(baked.constraints.levels["GlobalBuffer"])
        #expect(Set(gb.factors.map { "\($0.dimension)\($0.relation)\($0.value)" }).count == 3)
        #expect(gb.factors.contains(FactorConstraint(dimension: .Q, relation: .equal, value: 16)))
        #expect(gb.keep == Set(TensorKind.allCases))
        let (free, _) = try MapperCase.named("ex05_freebypass").load()
        #expect(free.constraints.levels["GlobalBuffer"]?.keep == nil)
    }
}

@Suite("Mapper determinism and constraints")
struct MapperDeterminismTests {
    @Test("1 and 2 threads give the same mapping and cost", arguments: ["simple_weight_stationary_default", "ex05_freebypass"])
    func threadCountDoesNotMatter(_ name: String) throws {
        let (arch, layer) = try MapperCase.named(name).load()
        let (one, _) = try runMapper(arch, layer, objective: .edp, budget: 8_000, seed: 7, threads: 1)
        let (two, _) = try runMapper(arch, layer, objective: .edp, budget: 8_000, seed: 7, threads: 2)
        let (again, _) = try runMapper(arch, layer, objective: .edp, budget: 8_000, seed: 7, threads: 2)
        #expect(one.compact == two.compact)
        #expect(one.mapping == two.mapping)
        #expect(one.cost == two.cost)
        #expect(one.evaluated == two.evaluated)
        #expect(one.valid == two.valid)
        #expect(two.compact == again.compact)
        #expect(two.cost == again.cost)
    }

    @Test("several identical layers in one search share one result, for any thread count")
    func repeatedLayers() throws {
        let (arch, layer) = try MapperCase.named("simple_output_stationary_default").load()
        var other = layer
        other.name = "copy"
        let options = { (threads: Int) in MapperOptions(objective: .energy, budget: 4_000, seed: 3, threads: threads) }
        let resolved = Evaluator(architecture: arch).architecture
        let a = try Mapper(architecture: ResolvedArchitecture(resolved), constraints: arch.constraints, options: options(1)).searchAll(layers: [layer, other])
        let b = try Mapper(architecture: ResolvedArchitecture(resolved), constraints: arch.constraints, options: options(2)).searchAll(layers: [layer, other])
        #expect(a.count == 2 && b.count == 2)
        #expect(a[0]?.compact == b[0]?.compact)
        #expect(a[0]?.compact == a[1]?.compact)
        #expect(a[0]?.cost == b[1]?.cost)
    }

    /// The simple_weight_stationary architecture with its explicit constraints replaced by
    /// `constraints: {dataflow: <name>}`, read through the spec loader.
    static func architecture(dataflow: Dataflow) throws -> Architecture {
        let text = try String(contentsOfFile: MapperCase.named("simple_weight_stationary_default").path("arch.yaml"), encoding: .utf8)
        let cut = try #require(text.range(of: "  # Mapper constraints:"))
        let yaml = String(text[..<cut.lowerBound]) + "  constraints: {dataflow: \(dataflow.rawValue)}\n"
        return try SpecLoader.loadArchitecture(yaml: yaml, file: "dataflow-\(dataflow.rawValue).yaml")
    }

    @Test("a named dataflow's expanded constraints hold in the mapping found", arguments: Dataflow.allCases)
    func dataflowRespected(_ dataflow: Dataflow) throws {
        let arch = try Self.architecture(dataflow: dataflow)
        #expect(arch.constraints.dataflow == dataflow)
        let layer = try MapperCase.named("simple_weight_stationary_default").load().1
        let (result, _) = try runMapper(arch, layer, objective: .edp, budget: 6_000, threads: 2)
        let resolved = Evaluator(architecture: arch).architecture
        let expanded = arch.constraints.expanded(for: resolved)
        #expect(expanded.dataflow == nil)
        let violations = constraintViolations(result.compact, architecture: resolved, constraints: arch.constraints)
        #expect(violations.isEmpty, "\(dataflow.rawValue): \(violations)")

        // The spatial loops of the mapping (the form users see) use allowed dimensions only.
        let glb = try #require(resolved.levelIndex(named: "shared_glb"))
        let c = expanded.levels["shared_glb"]
        for loop in result.mapping.levels[glb].spatialX {
            #expect(c?.spatialX.map { $0.contains(loop.dimension) } ?? true, "\(dataflow.rawValue): X \(loop)")
        }
        for loop in result.mapping.levels[glb].spatialY {
            #expect(c?.spatialY.map { $0.contains(loop.dimension) } ?? true, "\(dataflow.rawValue): Y \(loop)")
        }
        switch dataflow {
        case .weightStationary:
            #expect(c?.spatialX == [.K])
            #expect(c?.spatialY == [.C, .R, .S])
            #expect(expanded.levels["weight_reg"]?.temporalOrder == [.N, .P, .Q])
        case .outputStationary:
            #expect(c?.spatialX == [.Q, .P, .N])
            #expect(expanded.levels["output_activation_reg"]?.temporalOrder == [.C, .R, .S])
        case .inputStationary:
            #expect(c?.spatialX == [.C])
            #expect(expanded.levels["input_activation_reg"]?.temporalOrder == [.K])
        case .rowStationary:
            #expect(c?.spatialX == [.P, .K])
            #expect(c?.spatialY == [.R, .C, .K, .P])
            #expect(expanded.levels["output_activation_reg"]?.temporalOrder == [.S])
        case .noLocalReuse:
            for name in ["pe_spad", "weight_reg", "input_activation_reg", "output_activation_reg"] {
                #expect(expanded.levels[name]?.bypass == Set(TensorKind.allCases))
                let i = try #require(resolved.levelIndex(named: name))
                #expect(result.compact.keeps[i] == 0, "\(name) keeps something under no_local_reuse")
            }
        }
        // Valid, and counted the same by the evaluator.
        let evaluation = try Evaluator(architecture: arch).evaluate(layer: layer, mapping: result.mapping)
        #expect(relativelyEqual(evaluation.energy, result.cost.energy))
        #expect(relativelyEqual(evaluation.cycles, result.cost.cycles))
    }

    @Test("explicit constraints win over the dataflow's, field by field")
    func explicitOverridesDataflow() throws {
        var arch = try Self.architecture(dataflow: .weightStationary)
        arch.constraints.levels["shared_glb"] = LevelConstraints(spatialY: [.C])
        let resolved = Evaluator(architecture: arch).architecture
        let expanded = arch.constraints.expanded(for: resolved)
        #expect(expanded.levels["shared_glb"]?.spatialX == [.K])
        #expect(expanded.levels["shared_glb"]?.spatialY == [.C])
        let layer = try MapperCase.named("simple_weight_stationary_default").load().1
        let (result, _) = try runMapper(arch, layer, objective: .edp, budget: 4_000, threads: 2)
        #expect(constraintViolations(result.compact, architecture: resolved, constraints: arch.constraints).isEmpty)
    }
}
