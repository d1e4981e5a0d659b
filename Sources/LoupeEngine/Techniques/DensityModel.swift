import Foundation
import LoupeModel

/// How many non-zeros a tile of a sparse tensor holds (docs/spec.md §7 `stats.density`,
/// `distribution`; docs/sparsity.md "Data statistics").
///
/// A tensor of `N` values has density `d` (the fraction non-zero) and so `K = round(d·N)`
/// non-zeros. A tile is any `n` of its values (the slice one storage level holds, or the
/// values one access is used with). Two placements:
///
/// - **uniform** (the default; random placement — ReLU activations, magnitude pruning): the
///   tile's occupancy `X` is hypergeometric, drawing `n` of `N` values of which `K` are
///   non-zero (Sparseloop's "hypergeometric" density model, Wu et al., MICRO 2022, §5):
///
///       P(X = k) = C(K, k)·C(N−K, n−k) / C(N, n)
///       P(X = 0) = C(N−K, n) / C(N, n) = Π_{i<n} (N−K−i)/(N−i)
///       E[X]     = n·K/N
///
///   (`P(X = 0)` is evaluated with `K = d·N` unrounded, through Γ, so that a single value is
///   zero with probability exactly `1 − d`.)
///
///   For big tensors (`N > binomialThreshold`) the binomial `Bin(n, d)` replaces it (sampling
///   with replacement; the difference is `O(n/N)`): `P(X = 0) = (1 − d)^n`.
/// - **structured** (e.g. 2:4 pruning, Sparseloop's `fixed_structured`): every tile holds the
///   same fraction. A tile of `n` holds `⌊d·n⌋` or `⌈d·n⌉` non-zeros, the larger with
///   probability `frac(d·n)` so that `E[X] = d·n` exactly; hence
///
///       P(X = 0) = max(0, 1 − d·n).
///
/// Expected maxima over `m` tiles processed in lock step (lanes that wait for the slowest,
/// as Cnvlutin's neuron lanes do) use the tiles' occupancies as independent:
/// `E[max] = Σ_{k≥1} (1 − F(k−1)^m)` with `F` the occupancy CDF.
public struct DensityModel: Sendable, Hashable {
    /// Fraction of non-zero values, in [0, 1].
    public var density: Double
    public var distribution: DensityDistribution
    /// Values in the whole tensor (`N`, the hypergeometric population).
    public var tensorSize: Int

    /// Above this population the binomial approximation replaces the hypergeometric.
    public static let binomialThreshold = 1 << 20
    /// Above this tile size the occupancy distribution is approximated as normal (mean `d·n`,
    /// variance `n·d·(1−d)·(N−n)/(N−1)`) when a full distribution is needed.
    public static let exactTileLimit = 4096

    public init(density: Double, distribution: DensityDistribution = .uniform, tensorSize: Int) {
        self.density = density.isFinite ? min(1, max(0, density)) : 1
        self.distribution = distribution
        self.tensorSize = max(1, tensorSize)
    }

    /// The model of `tensor` in `layer`: `stats.density` (1 when absent) and `stats.distribution`
    /// (uniform when absent), over the tensor's `layer.tensorSize` values.
    public init(tensor: TensorKind, layer: Layer) {
        self.init(density: layer.stats.densityOf(tensor), distribution: layer.stats.distribution ?? .uniform,
                  tensorSize: layer.tensorSize(tensor))
    }

    /// Non-zeros in the whole tensor, `K = round(d·N)`.
    public var nonZeros: Int { Int((density * Double(tensorSize)).rounded()) }

    /// Whether the binomial approximation is used for the uniform model.
    public var usesBinomial: Bool { tensorSize > DensityModel.binomialThreshold }

    /// Probability that a tile of `n` values holds no non-zero (see the type's formulas).
    public func probabilityEmpty(tile n: Int) -> Double {
        let n = min(max(0, n), tensorSize)
        if n == 0 || density <= 0 { return 1 }
        if density >= 1 { return 0 }
        switch distribution {
        case .structured:
            return max(0, 1 - density * Double(n))
        case .uniform:
            if usesBinomial { return Foundation.pow(1 - density, Double(n)) }
            // Π_{i<n} (N−K−i)/(N−i) with K = d·N taken as is (not rounded), so that one value is
            // zero with probability exactly 1 − d; in logs via Γ.
            let total = Double(tensorSize)
            let zeros = total - density * total
            if Double(n) > zeros { return 0 }
            let g = Foundation.lgamma(zeros + 1) - Foundation.lgamma(zeros - Double(n) + 1)
                - Foundation.lgamma(total + 1) + Foundation.lgamma(total - Double(n) + 1)
            return min(1, Foundation.exp(g))
        }
    }

    /// `P(X = k)` for `k = 0…n` (exact for tiles up to `exactTileLimit`; beyond, a discretised
    /// normal of the same mean and variance).
    public func occupancyDistribution(tile n: Int) -> [Double] {
        let n = min(max(0, n), tensorSize)
        if n == 0 { return [1] }
        if density <= 0 { return [1] + Array(repeating: 0, count: n) }
        if density >= 1 { return Array(repeating: 0, count: n) + [1] }
        switch distribution {
        case .structured:
            var p = Array(repeating: 0.0, count: n + 1)
            let mean = density * Double(n)
            let lo = Int(mean.rounded(.down))
            let frac = mean - Double(lo)
            p[min(lo, n)] += 1 - frac
            if frac > 0 { p[min(lo + 1, n)] += frac }
            return p
        case .uniform:
            if n > DensityModel.exactTileLimit { return normalDistribution(tile: n) }
            var p = Array(repeating: 0.0, count: n + 1)
            if usesBinomial {
                let ld = Foundation.log(density), lq = Foundation.log(1 - density)
                for k in 0...n {
                    p[k] = Foundation.exp(DensityModel.logChoose(n, k) + Double(k) * ld + Double(n - k) * lq)
                }
            } else {
                let big = nonZeros
                let total = DensityModel.logChoose(tensorSize, n)
                for k in 0...n where k <= big && n - k <= tensorSize - big {
                    p[k] = Foundation.exp(DensityModel.logChoose(big, k) + DensityModel.logChoose(tensorSize - big, n - k) - total)
                }
            }
            return p
        }
    }

    /// `E[max_{j<m} X_j]` over `m` independent tiles of `n` values: `Σ_{k=1}^{n} (1 − F(k−1)^m)`.
    public func expectedMaxOccupancy(tile n: Int, tiles m: Int) -> Double {
        let pmf = occupancyDistribution(tile: n)
        let lanes = Double(max(1, m))
        var cdf = 0.0
        var total = 0.0
        for k in 1..<pmf.count {
            cdf += pmf[k - 1]
            total += 1 - Foundation.pow(min(1, cdf), lanes)
        }
        return total
    }

    /// The smallest `k` with `P(X ≤ k) ≥ q`: the occupancy a buffer must hold for a tile of `n`
    /// to fit with probability `q` (for `distribution == .structured`, `⌈d·n⌉` at any `q`).
    public func occupancyQuantile(tile n: Int, probability q: Double) -> Int {
        let pmf = occupancyDistribution(tile: n)
        var cdf = 0.0
        for k in pmf.indices {
            cdf += pmf[k]
            if cdf >= min(1, q) - 1e-12 { return k }
        }
        return pmf.count - 1
    }

    /// A discretised normal with the hypergeometric (or binomial) mean and variance.
    func normalDistribution(tile n: Int) -> [Double] {
        let mean = density * Double(n)
        var variance = Double(n) * density * (1 - density)
        if !usesBinomial && tensorSize > 1 { variance *= Double(tensorSize - n) / Double(tensorSize - 1) }
        let sd = max(1e-9, variance.squareRoot())
        var p = Array(repeating: 0.0, count: n + 1)
        var previous = 0.0
        for k in 0...n {
            let upper = k == n ? 1 : DensityModel.normalCDF((Double(k) + 0.5 - mean) / sd)
            p[k] = max(0, upper - previous)
            previous = upper
        }
        return p
    }

    /// `ln C(n, k)` via `lgamma`.
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        if k < 0 || k > n { return -Double.infinity }
        return Foundation.lgamma(Double(n) + 1) - Foundation.lgamma(Double(k) + 1) - Foundation.lgamma(Double(n - k) + 1)
    }

    static func normalCDF(_ z: Double) -> Double { 0.5 * Foundation.erfc(-z / 2.0.squareRoot()) }
}
