import LoupeEngine
import LoupeModel
import Testing
@testable import LoupeSearch

/// The mapper on small spaces: exhaustive enumeration, its optimality, constraints, invalid spaces.
@Suite("Mapper search")
struct MapperSearchTests {
    /// Conv1D-with-channels: K = 4, S = 3, Q = 8; DRAM → Buffer (32 words) → MAC.
    static func setup(bufferWords: Int = 32) -> (Architecture, Layer) {
        var b = Array(repeating: 1, count: 8)
        b[Dimension.K.rawValue] = 4
        b[Dimension.S.rawValue] = 3
        b[Dimension.Q.rawValue] = 8
        let layer = Layer(name: "toy", bounds: b)
        let arch = Architecture(name: "toy", technology: .nm45, clockHz: 1e9, levels: [
            Level(name: "DRAM", levelClass: .dram, specEnergy: ["read": 100, "write": 100, "update": 100, "leak": 0]),
            Level(name: "Buffer", levelClass: .regfile, sizeWords: bufferWords, specEnergy: ["read": 1, "write": 1, "update": 1, "leak": 0]),
            Level(name: "MAC", levelClass: .compute, specEnergy: ["compute": 1]),
        ])
        return (Evaluator(architecture: arch).architecture, layer)
    }

    /// The space is small (factor placements × orders × keeps well under the budget), so the
    /// mapper enumerates it; no random mapping of the same space may do better.
    @Test func smallSpacesAreEnumeratedAndOptimal() throws {
        let (arch, layer) = Self.setup()
        let mapper = Mapper(architecture: ResolvedArchitecture(arch), options: MapperOptions(objective: .energy, budget: 50_000, seed: 3, threads: 2))
        let result = try #require(try mapper.searchAll(layers: [layer])[0])
        #expect(result.exhaustive)
        let space = try Mapspace(architecture: arch, layer: layer, constraints: MapperConstraints())
        let kernel = NestKernel(architecture: ResolvedArchitecture(arch), layer: layer)
        var rng = SplitMix64(seed: 99)
        let fit = TileFit(architecture: arch, layer: layer, storageRatios: StorageRatios(levelCount: arch.levels.count))
        var sampled = 0
        for _ in 0..<3000 {
            let m = space.sample(using: &rng, fit: fit)
            guard kernel.analyze(m) else { continue }
            sampled += 1
            #expect(result.cost.energy <= kernel.cost().energy + 1e-9)
        }
        #expect(sampled > 100)
        // The mapping it reports evaluates to the cost it found.
        let e = try Evaluator(architecture: arch).evaluate(layer: layer, mapping: result.mapping)
        #expect(abs(e.energy - result.cost.energy) <= 1e-9 * e.energy)
        #expect(e.cycles == result.cost.cycles)
    }

    /// A launch time (docs/spec.md §4) is the same for every mapping of a layer, so the mapper
    /// leaves it out of its ranking: for each objective it picks the same mapping with or without
    /// one (the Buffer leaks, so the launch also adds leakage to the reported energy), and the
    /// reported cycles are the mapper's plus the launch.
    @Test(arguments: Objective.allCases)
    func launchTimeDoesNotChangeTheSearch(_ objective: Objective) throws {
        var (arch, layer) = Self.setup()
        arch.levels[1].specEnergy["leak"] = 0.25
        var launched = arch
        launched.launch = .cycles(1000)
        let options = MapperOptions(objective: objective, budget: 50_000, seed: 3, threads: 1)
        let a = try #require(try Mapper(architecture: ResolvedArchitecture(arch), options: options).searchAll(layers: [layer])[0])
        let b = try #require(try Mapper(architecture: ResolvedArchitecture(launched), options: options).searchAll(layers: [layer])[0])
        #expect(a.mapping == b.mapping)
        #expect(a.cost == b.cost)
        let e = try Evaluator(architecture: launched).evaluate(layer: layer, mapping: b.mapping)
        #expect(e.cycles == b.cost.cycles + 1000)
    }

    /// With a budget too small to enumerate, the heuristic runs and cannot beat the optimum.
    @Test func heuristicNeverBeatsTheOptimum() throws {
        let (arch, layer) = Self.setup()
        let exact = try #require(try Mapper(architecture: ResolvedArchitecture(arch), options: MapperOptions(objective: .edp, budget: 50_000, threads: 1)).searchAll(layers: [layer])[0])
        let quick = try #require(try Mapper(architecture: ResolvedArchitecture(arch), options: MapperOptions(objective: .edp, budget: 200, threads: 1)).searchAll(layers: [layer])[0])
        #expect(exact.exhaustive)
        #expect(!quick.exhaustive)
        #expect(exact.cost.objective <= quick.cost.objective)
    }

    /// Constraints hold in the result: `K` may not be split spatially / temporally at the Buffer.
    @Test func constraintsAreRespected() throws {
        let (arch, layer) = Self.setup()
        let constraints = MapperConstraints(levels: ["Buffer": LevelConstraints(factors: [FactorConstraint(dimension: .K, relation: .equal, value: 1)],
                                                                                 keep: [.weights])])
        let r = try #require(try Mapper(architecture: ResolvedArchitecture(arch), constraints: constraints, options: MapperOptions(budget: 20_000)).searchAll(layers: [layer])[0])
        let buffer = r.mapping.levels[1]
        #expect(!buffer.temporal.contains { $0.dimension == .K })
        #expect(buffer.keeps == nil || buffer.keeps!.contains(.weights))
    }

    /// A layer that cannot fit anywhere yields no mapping (the pipeline reports it), not a crash.
    @Test func noValidMapping() throws {
        var (arch, layer) = Self.setup(bufferWords: 1)
        arch.levels[0].sizeWords = 4   // even DRAM is too small for the tensors
        let r = try Mapper(architecture: ResolvedArchitecture(arch), options: MapperOptions(budget: 2000)).searchAll(layers: [layer])
        #expect(r[0] == nil)
    }

    /// Factor constraints that cannot divide the bound are reported, located.
    @Test func impossibleConstraintIsAnError() throws {
        let (arch, layer) = Self.setup()
        let constraints = MapperConstraints(levels: ["Buffer": LevelConstraints(factors: [FactorConstraint(dimension: .K, relation: .equal, value: 3)])])
        #expect(throws: DiagnosticError.self) {
            _ = try Mapper(architecture: ResolvedArchitecture(arch), constraints: constraints).searchAll(layers: [layer])
        }
    }

    /// Same seed → same result, for any number of threads.
    @Test func deterministicAcrossThreads() throws {
        let (arch, layer) = Self.setup()
        let a = try Mapper(architecture: ResolvedArchitecture(arch), options: MapperOptions(budget: 600, seed: 5, threads: 1)).searchAll(layers: [layer])[0]
        let b = try Mapper(architecture: ResolvedArchitecture(arch), options: MapperOptions(budget: 600, seed: 5, threads: 2)).searchAll(layers: [layer])[0]
        #expect(a?.compact == b?.compact)
        #expect(a?.cost == b?.cost)
    }
}
