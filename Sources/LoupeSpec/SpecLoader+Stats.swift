import LoupeModel

extension SpecLoader {
    static let statsKeys = ["density", "channel_density", "distribution", "precision_needed", "dynamic_precision", "effectual_bits", "entropy_bits",
                            "negative_outputs", "negative_weights", "crop", "extra"]

    /// Decodes `stats:` (docs/spec.md §7). Densities are in (0, 1]; shares and fractions in [0, 1];
    /// bit counts in (0, 64]. `extra: {name: number}` holds further named statistics.
    static func decodeStats(_ node: SpecNode, _ context: String, reader: inout SpecReader) -> DataStats {
        var s = DataStats()
        guard let f = reader.fields(node, context, allowed: statsKeys) else { return s }
        var distributionNode: SpecNode?
        if let n = f["density"] {
            let dc = "the density in \(context)"
            if let d = reader.fields(n, dc, allowed: TensorKind.allNames + ["distribution"]) {
                for t in TensorKind.allCases {
                    if let v = d[t.description], let x = reader.double(v, "the density of \(t)", .density) { s.density[t] = x }
                }
                if let v = d["distribution"] {
                    s.distribution = reader.choice(v, "density distribution", DensityDistribution.self)
                    distributionNode = v
                }
            }
        }
        if let n = f["channel_density"], let d = reader.fields(n, "channel_density in \(context)", allowed: TensorKind.allNames) {
            for t in TensorKind.allCases {
                guard let v = d[t.description], let items = reader.list(v, "the channel densities of \(t)") else { continue }
                let values = items.compactMap { reader.double($0, "a channel density of \(t)", .density) }
                if items.isEmpty {
                    reader.error("the channel densities of \(t) in \(context) are empty", at: v)
                } else if values.count == items.count {
                    s.channelDensity[t] = values
                }
            }
        }
        if let v = f["distribution"], let dist = reader.choice(v, "density distribution", DensityDistribution.self) {
            if let other = s.distribution, other != dist, let distributionNode {
                reader.error("the density distribution is given twice, as \(other.rawValue) and \(dist.rawValue)", at: distributionNode)
            }
            s.distribution = dist
        }
        if let n = f["precision_needed"] {
            s.precisionNeeded = tensorNumbers(n, "precision_needed in \(context)", "bits", .closed(0, Double(maxBits)), positive: true,
                                              reader: &reader)
        }
        if let n = f["effectual_bits"] {
            s.effectualBits = tensorNumbers(n, "effectual_bits in \(context)", "effectual bits", .closed(0, Double(maxBits)),
                                            reader: &reader)
        }
        if let n = f["entropy_bits"] {
            s.entropyBits = tensorNumbers(n, "entropy_bits in \(context)", "entropy bits", .closed(0, Double(maxBits)), reader: &reader)
        }
        if let n = f["dynamic_precision"], let d = reader.fields(n, "dynamic_precision in \(context)", allowed: TensorKind.allNames) {
            for t in TensorKind.allCases {
                if let v = d[t.description], let dp = decodeDynamicPrecision(v, "the dynamic precision of \(t)", reader: &reader) {
                    s.dynamicPrecision[t] = dp
                }
            }
        }
        if let v = f["negative_outputs"] { s.negativeOutputs = reader.double(v, "negative_outputs", .fraction) }
        if let v = f["negative_weights"] { s.negativeWeights = reader.double(v, "negative_weights", .fraction) }
        if let n = f["crop"], let c = reader.fields(n, "crop in \(context)", allowed: ["fraction", "images"]) {
            let fraction = reader.require(c, "fraction").flatMap { reader.double($0, "the cropped fraction", .fraction) }
            let images = c["images"].map { reader.double($0, "the share of images that allow cropping", .fraction) } ?? 1
            if let fraction, let images { s.crop = CropStats(fraction: fraction, images: images) }
        }
        if let n = f["extra"], let pairs = n.pairs {
            for p in pairs { if let v = reader.double(p.value, "extra statistic '\(p.key)'") { s.extra[p.key] = v } }
        } else if let n = f["extra"] {
            reader.error("expected a mapping of names to numbers for extra in \(context), found \(n.found)", at: n)
        }
        return s
    }

    /// `{weights: x, inputs: y, outputs: z}` (any subset) of numbers within `range`.
    static func tensorNumbers(_ node: SpecNode, _ context: String, _ quantity: String, _ range: NumberRange, positive: Bool = false,
                              reader: inout SpecReader) -> [TensorKind: Double] {
        var result: [TensorKind: Double] = [:]
        guard let f = reader.fields(node, context, allowed: TensorKind.allNames) else { return result }
        for t in TensorKind.allCases {
            guard let v = f[t.description], let x = reader.double(v, "\(quantity) of \(t)", range) else { continue }
            if positive, x <= 0 {
                reader.error("\(quantity) of \(t) must be greater than 0, found \(v.found)", at: v)
                continue
            }
            result[t] = x
        }
        return result
    }

    /// `{group: 16, mean_bits: 5.2}` or `{group: 16, bits_histogram: {4: 0.3, 5: 0.5, 8: 0.2}}`.
    static func decodeDynamicPrecision(_ node: SpecNode, _ context: String, reader: inout SpecReader) -> DynamicPrecision? {
        let before = reader.diagnostics.count
        guard let f = reader.fields(node, context, allowed: ["group", "mean_bits", "bits_histogram"], nullIsEmpty: false)
        else { return nil }
        let group = reader.require(f, "group").flatMap { reader.int($0, "the group size of \(context)", min: 1, max: 1 << 20) }
        var dp = DynamicPrecision(group: group ?? 1)
        switch (f["mean_bits"], f["bits_histogram"]) {
        case (nil, nil):
            reader.error("\(context) needs mean_bits or bits_histogram", at: node)
        case (.some, let h?):
            reader.error("\(context) gives both mean_bits and bits_histogram; give one", at: h)
        case (let m?, nil):
            dp.meanBits = reader.double(m, "mean_bits of \(context)", .closed(0, Double(maxBits)))
            if let b = dp.meanBits, b <= 0 { reader.error("mean_bits of \(context) must be greater than 0, found \(m.found)", at: m) }
        case (nil, let h?):
            dp.bitsHistogram = decodeHistogram(h, "bits_histogram of \(context)", reader: &reader)
        }
        return reader.diagnostics.count == before ? dp : nil
    }

    /// `{bits: share}` with whole bit widths in 1...64 and shares in [0, 1] that add up to 1.
    static func decodeHistogram(_ node: SpecNode, _ context: String, reader: inout SpecReader) -> [Int: Double]? {
        guard let pairs = node.pairs else {
            reader.error("expected a mapping of bit widths to shares for \(context), found \(node.found)", at: node)
            return nil
        }
        guard !pairs.isEmpty else {
            reader.error("\(context) is empty", at: node)
            return nil
        }
        var result: [Int: Double] = [:]
        var total = 0.0
        var ok = true
        for p in pairs {
            let keyNode = SpecNode(.scalar(p.key, plain: true), at: p.keyLocation, origin: p.value.origin)
            let bits = reader.int(keyNode, "a bit width in \(context)", min: 1, max: maxBits)
            let share = reader.double(p.value, "the share of \(p.key)-bit groups", .fraction)
            guard let bits, let share else { ok = false; continue }
            guard result[bits] == nil else {
                reader.error("the bit width \(bits) appears twice in \(context)", at: keyNode)
                ok = false
                continue
            }
            result[bits] = share
            total += share
        }
        guard ok else { return nil }
        if abs(total - 1) > 1e-3 {
            reader.error("the shares of \(context) add up to \(total), not 1", at: node)
            return nil
        }
        return result
    }
}
