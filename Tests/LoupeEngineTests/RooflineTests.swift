import Foundation
import LoupeEngine
import LoupeModel
import LoupeSpec
import Testing

/// Eyexam's seven-step bounds (`RooflineAnalysis`) and the classic roofline.
@Suite("Roofline (Eyexam steps)")
struct RooflineTests {
    /// The Eyeriss-like reference case (fixture `timeloop/eyeriss_like`, its figures in `expected.yaml`), with
    /// DRAM bandwidth `bandwidth` words/cycle for reads and for writes (none when nil).
    static func eyerissLike(dramBandwidth: Double?) throws -> (LayerEstimate, Architecture) {
        let c = ReferenceCase.named("eyeriss_like")
        var arch = try SpecLoader.loadArchitecture(path: c.path("arch.yaml"))
        if let b = dramBandwidth { arch.levels[0].bandwidth = Bandwidth(read: b, write: b) }
        let workload = try SpecLoader.loadWorkload(path: c.path("workload.yaml"))
        let layer = workload.layers[0]
        let file = try SpecLoader.loadMapping(path: c.path("mapping.yaml"))
        let mapping = try #require(try SpecLoader.resolveMapping(file, layer: layer.name, architecture: arch))
        let evaluator = Evaluator(architecture: arch)
        let ev = try evaluator.evaluate(layer: layer, mapping: mapping)
        return (LayerEstimate(layer: layer, dense: ev, final: ev), evaluator.architecture)
    }

    /// Hand derivation (C=3 K=32 R=S=3 P=Q=112 stride 2, M = 3·32·3·3·112·112 = 10,838,016 MACs;
    /// 168 PEs as 14×12; mapping DRAM P8 Q2 K4 → GLB P14 Q4, spatial x Q14 / y C3 S3 → WeightSpad
    /// R3 → PsumSpad K8; DRAM read = write bandwidth 4 words/cycle):
    /// 1. B₁ = M = 10,838,016.
    /// 2. Spatial dimensions {Q, C, S}: W = Q·C·S = 112·3·3 = 1,008.
    /// 3. 1,008 on 168 PEs: ⌈1008/168⌉ = 6 passes → 1008/6 = 168.
    /// 4. x (14 wide) holds Q: 112/⌈112/14⌉ = 112/8 = 14; y (12 high) holds C·S = 9:
    ///    9/⌈9/12⌉ = 9 → 14·9 = 126.
    /// 5. The mapping keeps 14·9 = 126 PEs busy → 126 (= M / 86,016 compute cycles).
    /// 6. DRAM per instance (fixture `eyeriss_like`): reads 13,824 weights + 157,296 inputs = 171,120, writes
    ///    401,408 output updates; cycles ≥ max(171,120/4, 401,408/4) = 100,352 →
    ///    M / 100,352 = 108 (exactly: 100,352 · 108 = 10,838,016). No other level is limited.
    /// 7. Not modelled: 108 carried.
    /// The evaluation: cycles = max(86,016, 100,352) = 100,352 → 108 MACs/cycle = the last bound.
    @Test func handDerivedEyerissLike() throws {
        let (estimate, arch) = try Self.eyerissLike(dramBandwidth: 4)
        let steps = RooflineAnalysis.steps(for: estimate, architecture: arch)
        #expect(steps.map(\.step) == EyexamStep.allCases)
        #expect(steps.map(\.name) == ["layer_shape", "dataflow", "pe_count", "pe_array_shape", "storage_capacity",
                                      "data_bandwidth", "access_patterns"])
        let expected: [Double] = [10_838_016, 1008, 168, 126, 126, 108, 108]
        for (s, want) in zip(steps, expected) {
            #expect(abs(s.bound - want) <= 1e-9 * want, "\(s)")
        }
        #expect(steps.map(\.modelled) == [true, true, true, true, true, true, false])
        #expect(steps[1].limiter.hasPrefix("dataflow: spatial C Q S"))
        #expect(steps[2].limiter == "PEs: 168")
        #expect(steps[3].limiter.hasPrefix("PE array: InputSpad 14x12 (x Q / y C S)"))
        #expect(steps[4].limiter == "PE array: InputSpad 14x12 (x Q / y C S)", "storage does not lower 126: limiter carried")
        #expect(steps[5].limiter == "bandwidth: DRAM")
        #expect(steps[6].limiter.hasPrefix("not modelled"))
        #expect(estimate.dense.cycles == 100_352)
        let actual = Double(estimate.dense.macs) / estimate.dense.cycles
        #expect(abs(actual - 108) < 1e-9)
        #expect(actual <= steps.last!.bound * (1 + 1e-12))
    }

    /// Without bandwidth limits step 6 changes nothing: 126 MACs/cycle = 75% of 168 (fixture `eyeriss_like`).
    @Test func unlimitedBandwidthCarriesStepFive() throws {
        let (estimate, arch) = try Self.eyerissLike(dramBandwidth: nil)
        let steps = RooflineAnalysis.steps(for: estimate, architecture: arch)
        #expect(steps[5].bound == 126)
        #expect(steps[5].limiter == steps[4].limiter)
        #expect(Double(estimate.dense.macs) / estimate.dense.cycles == 126)
    }

    @Test func fragmentation() {
        // 13 jobs on 12 units: 2 passes, 6.5 busy on average; 24 on 12: exactly 12.
        #expect(RooflineAnalysis.fragmented(13, over: 12) == 6.5)
        #expect(RooflineAnalysis.fragmented(24, over: 12) == 12)
        #expect(RooflineAnalysis.fragmented(5, over: 12) == 5)
    }

    /// Seeded random valid mappings of the Eyeriss-like layer on the fixture with DRAM and GLB
    /// bandwidth limits: the bounds never increase from one step to the next, the evaluation's
    /// MACs/cycle never exceeds the last bound, and the classic roofline's point lies under every
    /// ceiling.
    @Test func monotoneAndAboveTheEstimateForRandomMappings() throws {
        let c = ReferenceCase.named("eyeriss_like")
        var arch = try SpecLoader.loadArchitecture(path: c.path("arch.yaml"))
        arch.levels[0].bandwidth = Bandwidth(read: 2, write: 2)
        arch.levels[1].bandwidth = Bandwidth(read: 16, write: 8)
        let layer = try SpecLoader.loadWorkload(path: c.path("workload.yaml")).layers[0]
        let evaluator = Evaluator(architecture: arch)
        let resolved = evaluator.architecture
        var rng = SplitMix64(seed: 0x0E7E_4A11)
        var checked = 0
        var tries = 0
        var seenLimiters = Set<String>()
        while checked < 60 && tries < 200_000 {
            tries += 1
            let mapping = Self.randomMapping(layer: layer, storageLevels: resolved.levels.count - 1, spatialLevel: 1,
                                             using: &rng)
            guard let ev = try? evaluator.evaluate(layer: layer, mapping: mapping) else { continue }
            let estimate = LayerEstimate(layer: layer, dense: ev, final: ev)
            let steps = RooflineAnalysis.steps(for: estimate, architecture: resolved)
            #expect(steps.count == 7)
            for (a, b) in zip(steps, steps.dropFirst()) {
                #expect(b.bound <= a.bound, "step \(b.step) \(b.bound) > step \(a.step) \(a.bound)")
            }
            let actual = Double(ev.macs) / ev.cycles
            #expect(actual <= steps.last!.bound * (1 + 1e-12), "actual \(actual) > bound \(steps.last!)")
            #expect(steps[4].bound <= Double(ev.utilizedPEs))
            seenLimiters.insert(String(steps[5].limiter.prefix(while: { $0 != ":" })))

            let roof = RooflineAnalysis.classic(layers: [ev], architecture: resolved)
            let p = roof.points[0]
            #expect(p.macsPerCycle <= roof.computeCeiling)
            for (i, ceiling) in roof.ceilings.enumerated() {
                guard let b = ceiling.wordsPerCycle else { continue }
                #expect(p.macsPerCycle <= b * p.intensity(at: i) * (1 + 1e-12), "\(ceiling.level)")
            }
            checked += 1
        }
        #expect(checked >= 60, "only \(checked) valid random mappings in \(tries) tries")
        #expect(seenLimiters.count >= 2, "the random mappings exercise several limiters: \(seenLimiters)")
    }

    @Test func classicCeilingsAndIntensity() throws {
        let (estimate, arch) = try Self.eyerissLike(dramBandwidth: 4)
        let roof = RooflineAnalysis.classic(layers: [estimate.dense], architecture: arch)
        #expect(roof.computeCeiling == 168)
        #expect(roof.ceilings.map(\.level) == ["DRAM", "GlobalBuffer", "InputSpad", "WeightSpad", "PsumSpad"])
        #expect(roof.ceilings[0].wordsPerCycle == 8)     // read 4 + write 4, one instance
        #expect(roof.ceilings[1].wordsPerCycle == nil)   // unlimited
        #expect(roof.referenceLevel == 0)
        // DRAM words: 171,120 reads + 401,408 updates = 572,528 → I = 10,838,016 / 572,528.
        #expect(roof.points[0].wordsMoved[0] == 572_528)
        #expect(abs(roof.points[0].intensity(at: 0) - 10_838_016.0 / 572_528) < 1e-9)
        #expect(roof.points[0].macsPerCycle == 108)
        #expect(RooflineAnalysis.peakWordsPerCycle(Bandwidth(read: 4, write: 2, shared: 5)) == 5)
        #expect(RooflineAnalysis.peakWordsPerCycle(Bandwidth(read: 4)) == nil)
    }

    /// A random mapping: every prime factor of every bound goes to a random temporal slot of a
    /// storage level or, at `spatialLevel`, to its x or y fanout; loops in random order.
    static func randomMapping(layer: Layer, storageLevels: Int, spatialLevel: Int,
                              using rng: inout SplitMix64) -> Mapping {
        var temporal = Array(repeating: [Int](repeating: 1, count: 8), count: storageLevels)
        var sx = [Int](repeating: 1, count: 8)
        var sy = [Int](repeating: 1, count: 8)
        for d in Dimension.allCases {
            for p in primeFactors(layer[d]) {
                let slot = Int(rng.next() % UInt64(storageLevels + 2))
                if slot < storageLevels {
                    temporal[slot][d.rawValue] *= p
                } else if slot == storageLevels {
                    sx[d.rawValue] *= p
                } else {
                    sy[d.rawValue] *= p
                }
            }
        }
        func loops(_ f: [Int]) -> [Loop] {
            var l = Dimension.allCases.filter { f[$0.rawValue] > 1 }.map { Loop($0, f[$0.rawValue]) }
            for i in stride(from: l.count - 1, to: 0, by: -1) { l.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            return l
        }
        var levels: [LevelMapping] = []
        for i in 0..<storageLevels {
            var lm = LevelMapping(temporal: loops(temporal[i]))
            if i == spatialLevel {
                lm.spatialX = loops(sx)
                lm.spatialY = loops(sy)
            }
            levels.append(lm)
        }
        return Mapping(levels: levels)
    }

    static func primeFactors(_ n: Int) -> [Int] {
        var out: [Int] = []
        var m = n
        var p = 2
        while p * p <= m {
            while m % p == 0 { out.append(p); m /= p }
            p += 1
        }
        if m > 1 { out.append(m) }
        return out
    }
}

