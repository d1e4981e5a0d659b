/// How non-zeros are placed within a tensor (docs/spec.md §7).
public enum DensityDistribution: String, Sendable, Hashable, CaseIterable {
    /// Random placement: tile occupancy follows the hypergeometric/binomial model.
    case uniform
    /// An exact fraction of non-zeros in every tile (e.g. 2:4).
    case structured
}

/// Per-group dynamic precision (Dynamic Stripes, DPRed): a group of `group` values
/// is processed at the width of its widest value.
public struct DynamicPrecision: Sendable, Hashable {
    public var group: Int
    public var meanBits: Double?
    /// Share of groups needing each bit width.
    public var bitsHistogram: [Int: Double]?
    public init(group: Int, meanBits: Double? = nil, bitsHistogram: [Int: Double]? = nil) {
        self.group = group
        self.meanBits = meanBits
        self.bitsHistogram = bitsHistogram
    }
}

/// AQuA-style cropping statistics: the cropped fraction of the feature map, and the
/// share of inputs that allow it.
public struct CropStats: Sendable, Hashable {
    public var fraction: Double
    public var images: Double
    public init(fraction: Double, images: Double) {
        self.fraction = fraction
        self.images = images
    }
}

/// Data statistics of a workload or layer (docs/spec.md §7). Missing values are `nil`;
/// a layer's stats override the workload's key by key.
public struct DataStats: Sendable, Hashable {
    public var density: [TensorKind: Double] = [:]
    /// Measured densities channel by channel (`channel_density`), for units that each take a
    /// channel (load imbalance, docs/sparsity.md); empty when not given.
    public var channelDensity: [TensorKind: [Double]] = [:]
    public var distribution: DensityDistribution?
    public var precisionNeeded: [TensorKind: Double] = [:]
    public var dynamicPrecision: [TensorKind: DynamicPrecision] = [:]
    public var effectualBits: [TensorKind: Double] = [:]
    /// Entropy in bits per value (for Huffman coding).
    public var entropyBits: [TensorKind: Double] = [:]
    public var negativeOutputs: Double?
    public var negativeWeights: Double?
    public var crop: CropStats?
    /// Extra numeric statistics by name, for technique options that read them.
    public var extra: [String: Double] = [:]

    public init() {}

    /// Density of a tensor, 1 (dense) when not given.
    public func densityOf(_ t: TensorKind) -> Double { density[t] ?? 1 }

    /// `self` with every value that `layer` gives replaced by the layer's.
    public func overridden(by layer: DataStats) -> DataStats {
        var s = self
        s.density.merge(layer.density) { $1 }
        s.channelDensity.merge(layer.channelDensity) { $1 }
        if let d = layer.distribution { s.distribution = d }
        s.precisionNeeded.merge(layer.precisionNeeded) { $1 }
        s.dynamicPrecision.merge(layer.dynamicPrecision) { $1 }
        s.effectualBits.merge(layer.effectualBits) { $1 }
        s.entropyBits.merge(layer.entropyBits) { $1 }
        if let v = layer.negativeOutputs { s.negativeOutputs = v }
        if let v = layer.negativeWeights { s.negativeWeights = v }
        if let v = layer.crop { s.crop = v }
        s.extra.merge(layer.extra) { $1 }
        return s
    }
}
