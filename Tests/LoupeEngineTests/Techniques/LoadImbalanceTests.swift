import Testing
import LoupeModel
@testable import LoupeEngine

/// Load imbalance across units that synchronise (``LoadImbalance``): hand-derived order
/// statistics, the `sync:` option through `zero_skipping`, and its invariants.
@Suite("Load imbalance")
struct LoadImbalanceTests {
    /// A big tensor, so that the binomial model applies exactly.
    static func binomial(_ d: Double) -> DensityModel { DensityModel(density: d, tensorSize: 1 << 30) }

    /// Two lanes of one value each at d = 0.5: X_j ∈ {0, 1} with P = ½ each; max = 0 only when
    /// both are zero (¼), so E[max] = 1 − ¼ = 0.75 against a mean of 0.5: factor 1.5.
    @Test func twoLanesOneValue() {
        #expect(LoadImbalance.expectedMax(pmf: [0.5, 0.5], units: 2) == 0.75)
        let f = LoadImbalance(sync: .cycle, lanes: 2, laneValues: 1).factor(units: 2, values: 1, model: Self.binomial(0.5))
        #expect(abs(f.factor - 1.5) < 1e-12)
        #expect(abs(f.busiest - 0.75) < 1e-12)
    }

    /// Three lanes of two values at d = 0.5: X ~ Bin(2, ½) = (¼, ½, ¼), F(0) = ¼, F(1) = ¾;
    /// E[max] = (1 − (¼)³) + (1 − (¾)³) = 0.984375 + 0.578125 = 1.5625, mean 1.
    @Test func threeLanesTwoValues() {
        let f = LoadImbalance(sync: .cycle).factor(units: 3, values: 2, model: Self.binomial(0.5))
        #expect(abs(f.busiest - 1.5625) < 1e-12)
        #expect(abs(f.factor - 1.5625) < 1e-12)
    }

    /// A measured histogram replaces the density model: {0: 0.5, 1: 0.5} over two lanes is the
    /// two-lane case above.
    @Test func measuredHistogram() {
        let f = LoadImbalance(sync: .cycle, histogram: [0.5, 0.5]).factor(units: 2, values: 1, model: Self.binomial(0.9))
        #expect(abs(f.factor - 1.5) < 1e-12)
    }

    /// Structured tiles hold ⌊d·n⌋ or ⌈d·n⌉: at d·n whole every lane holds the same, factor 1.
    @Test func structuredIsBalanced() {
        let m = DensityModel(density: 0.5, distribution: .structured, tensorSize: 1 << 20)
        #expect(LoadImbalance(sync: .cycle).factor(units: 16, values: 8, model: m).factor == 1)
    }

    /// Never faster than the mean; exactly 1 with one lane and at density 1; grows with lanes.
    @Test func invariants() {
        var rng = SparsityInvariantTests.Seeded(state: 0x1b)
        for _ in 0..<40 {
            let d = 0.01 + 0.99 * rng.next()
            let n = 1 + Int(rng.next() * 64)
            let m = 1 + Int(rng.next() * 64)
            let model = Self.binomial(d)
            let imbalance = LoadImbalance(sync: .tile)
            #expect(imbalance.factor(units: m, values: n, model: model).factor >= 1)
            #expect(imbalance.factor(units: 1, values: n, model: model).factor == 1)
            #expect(imbalance.factor(units: m, values: n, model: Self.binomial(1)).factor == 1)
            #expect(imbalance.factor(units: m + 8, values: n, model: model).factor
                    >= imbalance.factor(units: m, values: n, model: model).factor - 1e-12)
        }
    }

    static func run(_ options: [String: String], density: Double?) throws
        -> (dense: Evaluation, final: Evaluation, rows: [TechniqueAttribution], notes: [String]) {
        var o = ["on": "inputs", "at": "RF"]
        o.merge(options) { $1 }
        return try SparsityInvariantTests.run([SparseFixture.technique("zero_skipping", o)],
                                              SparseFixture.stats(density: density.map { [.inputs: $0] } ?? [:]))
    }

    /// Through `zero_skipping` on the invariants' fixture (inputs 8×10×10 = 800 values, 400
    /// non-zero at d = 0.5, so one value is zero with probability exactly ½): two lanes of one
    /// value take 0.75 of the dense compute time instead of the ideal 0.5.
    @Test func throughZeroSkipping() throws {
        let r = try Self.run(["sync": "cycle", "lanes": "2", "lane_values": "1"], density: 0.5)
        #expect(abs(r.final.effectiveComputeCycles - 0.75 * Double(r.dense.computeCycles)) < 1e-9)
        #expect(abs((r.final.imbalance ?? 0) - 1.5) < 1e-9)
        let ideal = try Self.run([:], density: 0.5)
        #expect(ideal.final.imbalance == nil)
        #expect(abs(ideal.final.effectiveComputeCycles - 0.5 * Double(r.dense.computeCycles)) < 1e-9)
    }

    /// `sync: tile` and `sync: layer` take the values per unit from the mapping (the inputs'
    /// tile and partition at their innermost keeper, RF, over its 16 instances); never faster
    /// than the ideal skipping, reported as 1 at density 1 and with `sync: none`.
    @Test func granularities() throws {
        let ideal = try Self.run([:], density: 0.4)
        for sync in ["cycle", "tile", "layer"] {
            let r = try Self.run(["sync": sync], density: 0.4)
            #expect(r.final.effectiveComputeCycles >= ideal.final.effectiveComputeCycles)
            #expect(r.final.effectiveComputeCycles <= Double(r.dense.computeCycles))
            #expect((r.final.imbalance ?? 0) >= 1)
            let dense = try Self.run(["sync": sync], density: 1)
            #expect(dense.final.imbalance == 1)
            #expect(dense.final.cycles == dense.dense.cycles)
        }
        // Coarser synchronisation averages more values per unit: less imbalance.
        let cycle = try Self.run(["sync": "cycle", "lanes": "16", "lane_values": "1"], density: 0.4)
        let layer = try Self.run(["sync": "layer"], density: 0.4)
        #expect(layer.final.imbalance! < cycle.final.imbalance!)
        let none = try Self.run(["sync": "none"], density: 0.4)
        #expect(none.final.imbalance == 1)
        #expect(none.final.effectiveComputeCycles == ideal.final.effectiveComputeCycles)
    }

    @Test func optionErrors() {
        let p = SparseModelUnitTests.problems
        #expect(p("zero_skipping", ["on": "inputs", "at": "RF", "sync": "tiles"]).contains { $0.contains("did you mean 'tile'") })
        #expect(p("zero_skipping", ["on": "inputs", "at": "RF", "sync": "none", "lanes": "4"]).contains { $0.contains("no effect") })
        #expect(p("zero_skipping", ["on": "inputs", "at": "RF", "sync": "layer", "lane_values": "4"])
            .contains { $0.contains("'sync: cycle' only") })
        #expect(p("zero_skipping", ["on": "inputs", "at": "RF", "sync": "tile"]).isEmpty)
        #expect(p("zero_gating", ["on": "inputs", "at": "RF", "sync": "tile"]).contains { $0.contains("unknown option 'sync'") })
    }
}

/// Per-channel densities (`stats.channel_density`): units that each take a channel.
@Suite("Load imbalance: channel densities")
struct ChannelDensityImbalanceTests {
    /// Two lanes of one value on channels of density 1 and 0.5: lane 0 always holds 1, so the
    /// max is 1 (F_0(0) = 0 ⇒ E[max] = 1 − 0·½ = 1) against a mean of (1 + ½)/2 = 0.75: 4/3.
    @Test func twoChannels() {
        let model = LoadImbalanceTests.binomial(0.75)
        let f = LoadImbalance(sync: .cycle).factor(units: 2, values: 1, model: model, channels: [1, 0.5])
        #expect(abs(f.busiest - 1) < 1e-12)
        #expect(abs(f.factor - 4.0 / 3) < 1e-12)
    }

    /// Equal channel densities are the i.i.d. case; uneven ones of the same mean are never
    /// better balanced than the i.i.d. units at that mean for one value each (here 0.2 and 0.8
    /// against 0.5: E[max] = 1 − 0.8·0.2 = 0.84 vs 0.75).
    @Test func unevenChannelsCostMore() {
        let model = LoadImbalanceTests.binomial(0.5)
        let same = LoadImbalance(sync: .cycle).factor(units: 2, values: 1, model: model, channels: [0.5, 0.5, 0.5])
        #expect(abs(same.factor - 1.5) < 1e-12)
        let uneven = LoadImbalance(sync: .cycle).factor(units: 2, values: 1, model: model, channels: [0.2, 0.8])
        #expect(abs(uneven.busiest - 0.84) < 1e-12)
        #expect(uneven.factor > same.factor)
    }

    /// Through `zero_skipping`: the layer's channel densities replace the density model.
    @Test func throughZeroSkipping() throws {
        var stats = SparseFixture.stats(density: [.inputs: 0.75])
        stats.channelDensity[.inputs] = [1, 0.5]
        let r = try SparsityInvariantTests.run([SparseFixture.technique("zero_skipping", ["on": "inputs", "at": "RF", "sync": "cycle",
                                                                                        "lanes": "2", "lane_values": "1"])], stats)
        #expect(abs((r.final.imbalance ?? 0) - 4.0 / 3) < 1e-9)
        #expect(r.notes.contains { $0.contains("2 channel densities") })
    }
}
