import Foundation
import LoupeModel

/// When units that share work wait for each other (the `sync:` option of a skipping technique,
/// docs/sparsity.md "Load imbalance").
public enum SyncGranularity: String, CaseIterable, Sendable {
    /// Lock step without imbalance (or work that is rebalanced as it goes): the mean is the time.
    case none
    /// Every step: each lane works through `lane_values` values of the condition tensor, then all
    /// lanes wait for the busiest (Cnvlutin's neuron lanes, one brick per lane per step).
    case cycle
    /// Every tile: each unit works through its tile of the condition tensor at the tensor's
    /// innermost keeper, then all wait for the busiest before the next tile arrives.
    case tile
    /// Once per layer: each unit works through its whole share of the condition tensor (its
    /// partition at the innermost keeper); the layer ends with the busiest (EIE's PEs).
    case layer
}

/// The time cost of uneven work across units that synchronise: the expected time is the
/// expected **maximum** of the per-unit work, not its mean.
///
/// `m` units each work through `n` values of the condition tensor between synchronisations; unit
/// `j` finds `X_j` non-zeros and its time is proportional to `X_j` (one step per effectual value).
/// A synchronised step lasts `max_j X_j`, so the compute time is scaled by
///
///     factor = E[max_{j<m} X_j] / E[X],      E[X] = d·n
///
/// For independent units the maximum of `m` variables with CDFs `F_j` has CDF `Π_j F_j`, and for a
/// non-negative integer variable `E[Y] = Σ_{k≥1} P(Y ≥ k)`, hence
///
///     E[max_j X_j] = Σ_{k=1}^{n} (1 − Π_j F_j(k − 1))          (= Σ (1 − F(k−1)^m) when i.i.d.)
///
/// (H. A. David and H. N. Nagaraja, *Order Statistics*, 3rd ed., Wiley 2003, §2.1: the
/// distribution of the largest order statistic, `F_{m:m} = F^m`, and §3.1's expectation of a
/// discrete order statistic.) `X_j` follows:
///
/// - the layer's ``DensityModel`` (uniform: hypergeometric, binomial `Bin(n, d)` for large
///   tensors; structured: `⌊d·n⌋` or `⌈d·n⌉`, which makes the factor close to 1);
/// - per-channel measured densities (`stats.channel_density`), when the units each take a channel
///   (Cnvlutin's lanes are input channels): unit `j` follows its channel's density, and the
///   maximum is over units that are independent but not identically distributed,
///   `E[max] = Σ_k (1 − Π_j F_j(k − 1))` (``channelFactor(units:values:model:channels:)``);
/// - a measured histogram (`histogram: {k: share}`, the share of synchronisation windows in which
///   one unit holds `k` non-zeros), used as `F` for every unit; `n` is then its largest `k` and
///   `E[X]` its mean.
///
/// The factor is ≥ 1, is exactly 1 with one unit or at density 1 (every `X_j = n`), and for
/// structured tiles is at most `⌈d·n⌉/(d·n)`.
///
/// Example (hand-derived in the tests): two lanes of one value each at `d = 0.5`: `max` is 1
/// unless both are zero, so `E[max] = 1 − 0.5² = 0.75` against a mean of 0.5: factor 1.5.
public struct LoadImbalance: Sendable, Hashable {
    public var sync: SyncGranularity
    /// Units that synchronise; nil = the utilized instances of the condition tensor's innermost
    /// keeper (the utilized PEs when it is not kept below the top level).
    public var lanes: Int?
    /// Values per unit between synchronisations for `sync: cycle` (1 when not given).
    public var laneValues: Int?
    /// Measured `P(X = k)` per unit and window, indexed by `k`; nil = from the density model.
    public var histogram: [Double]?

    public init(sync: SyncGranularity, lanes: Int? = nil, laneValues: Int? = nil, histogram: [Double]? = nil) {
        self.sync = sync
        self.lanes = lanes
        self.laneValues = laneValues
        self.histogram = histogram
    }

    /// `E[max_{j<m} X_j]` for i.i.d. `X_j` with probabilities `pmf` (`pmf[k] = P(X = k)`):
    /// `Σ_{k≥1} (1 − F(k−1)^m)`.
    public static func expectedMax(pmf: [Double], units m: Int) -> Double {
        let lanes = Double(max(1, m))
        var cdf = 0.0
        var total = 0.0
        for k in pmf.indices.dropFirst() {
            cdf += pmf[k - 1]
            total += 1 - Foundation.pow(min(1, max(0, cdf)), lanes)
        }
        return total
    }

    /// `Σ_k k·pmf[k]`.
    public static func mean(pmf: [Double]) -> Double {
        pmf.indices.reduce(0) { $0 + Double($1) * pmf[$1] }
    }

    /// The units `m` and values per unit `n` of this granularity on an evaluation. Units that
    /// share the same values of the condition tensor (a multicast: the spatial loops over
    /// dimensions that do not index it) have the same work and count once:
    ///
    ///     m = Π_{d ∈ rel(C)} s[d]        (spatial factors above C's innermost keeper; above the MACs for `cycle`)
    ///
    /// unless `lanes` is given. `n`: `lane_values` (1) for `cycle`; C's tile at its innermost
    /// keeper for `tile`; C's size over `m` for `layer`. nil for `sync: none`.
    func shape(condition: TensorKind, evaluation e: Evaluation, geometry g: SparseGeometry, layer: Layer) -> (units: Int, values: Int)? {
        let keeperIndex = g.innermostKeeper(condition)
        let keeper = keeperIndex.flatMap { e.level(g.names[$0])?.accesses(condition) }
        let relevant = g.projections[condition.rawValue].relevant
        func distinct(_ spatial: [Int]) -> Int {
            var m = 1
            for d in 0..<8 where relevant[d] { m *= spatial[d] }
            return max(1, m)
        }
        switch sync {
        case .none:
            return nil
        case .cycle:
            let m = lanes ?? distinct(g.spatial(from: 0, to: g.storageLevels))
            return (max(1, m), max(1, laneValues ?? histogram.map { $0.count - 1 } ?? 1))
        case .tile:
            let m = lanes ?? distinct(g.spatial(from: 0, to: keeperIndex ?? 0))
            return (max(1, m), max(1, keeper?.tileWords ?? 1))
        case .layer:
            let m = max(1, lanes ?? distinct(g.spatial(from: 0, to: keeperIndex ?? 0)))
            return (m, max(1, layer.tensorSize(condition) / m))
        }
    }

    /// The factor `E[max_j X_j] / E[X]` (≥ 1) for `m` units of `n` values under `model`, under
    /// the measured histogram when one is given, or with per-channel densities (`channels`,
    /// `stats.channel_density`); with the busiest unit's expected work and the mean.
    public func factor(units m: Int, values n: Int, model: DensityModel,
                       channels: [Double]? = nil) -> (factor: Double, busiest: Double, mean: Double) {
        if histogram == nil, let channels, !channels.isEmpty {
            return Self.channelFactor(units: m, values: n, model: model, channels: channels)
        }
        let pmf = histogram ?? model.occupancyDistribution(tile: n)
        let mean = histogram != nil ? Self.mean(pmf: pmf) : model.density * Double(n)
        guard m > 1, mean > 0 else { return (1, mean, mean) }
        let busiest = Self.expectedMax(pmf: pmf, units: m)
        return (max(1, busiest / mean), busiest, mean)
    }

    /// Units that each take a channel: in window `w` unit `j` works on channel `(w·m + j) mod L`
    /// of the `L` measured densities, its occupancy that channel's (`model` at density `d_c`), and
    /// `E[max_j X_j] = Σ_k (1 − Π_j F_{c_j}(k − 1))` (independent, not identically distributed
    /// units; David & Nagaraja §5.2), averaged over the `L / gcd(L, m)` distinct windows (at most
    /// as many as keep the work to 2·10⁶ terms, taken evenly). The mean is `n` times the average
    /// density of the channels used.
    static func channelFactor(units m: Int, values n: Int, model: DensityModel,
                              channels: [Double]) -> (factor: Double, busiest: Double, mean: Double) {
        let count = channels.count
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let distinct = count / gcd(count, max(1, m))
        let affordable = max(1, 2_000_000 / max(1, m * (n + 1)))
        let windows = min(distinct, affordable)
        var cdfs: [Int: [Double]] = [:]
        func cdf(_ c: Int) -> [Double] {
            if let f = cdfs[c] { return f }
            let pmf = DensityModel(density: channels[c], distribution: model.distribution, tensorSize: model.tensorSize)
                .occupancyDistribution(tile: n)
            var total = 0.0
            let f = pmf.map { total += $0; return min(1, total) }
            cdfs[c] = f
            return f
        }
        var busiest = 0.0
        var density = 0.0
        for i in 0..<windows {
            let w = i * distinct / windows
            let lanes = (0..<max(1, m)).map { (w * m + $0) % count }
            let fs = lanes.map(cdf)
            var e = 0.0
            for k in 1...max(1, n) {
                var product = 1.0
                for f in fs { product *= f[min(k - 1, f.count - 1)] }
                e += 1 - product
            }
            busiest += e
            density += lanes.reduce(0) { $0 + channels[$1] } / Double(lanes.count)
        }
        busiest /= Double(windows)
        let mean = Double(n) * density / Double(windows)
        guard mean > 0 else { return (1, mean, mean) }
        return (max(1, busiest / mean), busiest, mean)
    }

    /// `sync: none`, `sync: cycle` with `lanes`, `lane_values`, `sync: tile|layer` (optionally
    /// `lanes`), or nil when the entry says nothing about synchronisation. `lanes` and
    /// `lane_values` without `sync` read as `sync: cycle` (the form before `sync` existed).
    static func read(_ o: inout TechniqueOptions, kind: String) -> LoadImbalance? {
        let given = o.isGiven("sync")
        let sync = o.choice("sync", default: SyncGranularity.none)
        let lanes = o.wholeNumber("lanes", in: 1...1_048_576)
        let values = o.wholeNumber("lane_values", in: 1...1_048_576)
        let histogram = readHistogram(&o, kind: kind)
        if !given {
            if lanes == nil && values == nil && histogram == nil { return nil }
            if (lanes == nil) != (values == nil) && histogram == nil {
                o.error("technique '\(kind)' needs both 'lanes' and 'lane_values' to model lanes in lock step",
                        hint: "or give 'sync: tile' or 'sync: layer', whose values per lane come from the mapping")
            }
            return LoadImbalance(sync: .cycle, lanes: lanes, laneValues: values, histogram: histogram)
        }
        switch sync {
        case .none:
            for key in ["lanes", "lane_values", "histogram"] where o.isGiven(key) {
                o.error("option '\(key)' of technique '\(kind)' has no effect with 'sync: none'", at: o.spec[key])
            }
        case .tile, .layer:
            if o.isGiven("lane_values") {
                o.error("option 'lane_values' of technique '\(kind)' applies to 'sync: cycle' only; with 'sync: \(sync.rawValue)' "
                        + "the values per lane come from the mapping", at: o.spec["lane_values"])
            }
            if o.isGiven("histogram") {
                o.error("option 'histogram' of technique '\(kind)' applies to 'sync: cycle' only", at: o.spec["histogram"])
            }
        case .cycle:
            if let values, let histogram, values != histogram.count - 1 {
                o.error("option 'lane_values' (\(values)) of technique '\(kind)' disagrees with its histogram, whose largest count is \(histogram.count - 1)",
                        at: o.spec["lane_values"])
            }
        }
        return LoadImbalance(sync: sync, lanes: lanes, laneValues: values, histogram: histogram)
    }

    /// `histogram: {k: share}`: whole `k ≥ 0`, shares in [0, 1] adding up to 1.
    static func readHistogram(_ o: inout TechniqueOptions, kind: String) -> [Double]? {
        guard let node = o.node("histogram") else { return nil }
        guard let pairs = node.pairs, !pairs.isEmpty else {
            o.error("option 'histogram' of technique '\(kind)' takes a mapping of non-zero counts to shares, e.g. {0: 0.1, 1: 0.3, 2: 0.6}, found \(node.found)",
                    at: node)
            return nil
        }
        var shares: [Int: Double] = [:]
        var total = 0.0
        for p in pairs {
            guard let k = Int(TechniqueOptions.trim(p.key)), k >= 0, k <= 1_048_576 else {
                o.error("'\(p.key)' in option 'histogram' of technique '\(kind)' is not a count of non-zeros (a whole number ≥ 0)",
                        at: node)
                return nil
            }
            guard let text = p.value.scalar, let v = Double(TechniqueOptions.trim(text)), v >= 0, v <= 1 else {
                o.error("the share of \(k) in option 'histogram' of technique '\(kind)' must be a number in [0, 1]", at: p.value)
                return nil
            }
            if shares[k] != nil {
                o.error("the count \(k) appears twice in option 'histogram' of technique '\(kind)'", at: p.value)
                return nil
            }
            shares[k] = v
            total += v
        }
        if abs(total - 1) > 1e-3 {
            o.error("the shares of option 'histogram' of technique '\(kind)' add up to \(total), not 1", at: node)
            return nil
        }
        let top = shares.keys.max() ?? 0
        return (0...top).map { (shares[$0] ?? 0) / total }
    }

    var label: String {
        switch sync {
        case .none: return " sync none"
        case .cycle:
            if let lanes, let laneValues { return " lanes \(lanes)×\(laneValues)" }
            return " sync cycle" + (lanes.map { " \($0) lanes" } ?? "") + (laneValues.map { " ×\($0)" } ?? "")
        case .tile, .layer: return " sync \(sync.rawValue)" + (lanes.map { " \($0) lanes" } ?? "")
        }
    }
}
