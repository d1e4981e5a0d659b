import LoupeModel

/// AQuA-style activation cropping (`{kind: cropping, predictor_macs: 0.01, except: [layers]}`,
/// docs/spec.md §5, docs/precision.md). Source: Taht, Narayanan, Balasubramonian, "A Case for Dynamic
/// Activation Quantization in CNNs" (AQuA), EMC² 2018: a light predictor decides per image
/// which border regions of the feature maps can be quantized to 0 bits — cropped — and the
/// crop is scaled proportionally through the rest of the network.
///
/// With `f` = `stats.crop.fraction` (share of the feature map's area cropped), `i` =
/// `stats.crop.images` (share of inputs that tolerate the crop) and `p` = `predictor_macs`
/// (the predictor's cost as a fraction of the layer's MACs, default 0.01), the expected work of
/// a layer after the crop point is
///
///     keep = 1 − f · i
///     effectualMACs'              = effectualMACs · keep + p · MACs     (the predictor runs dense)
///     MAC energy'                 = MAC energy · (keep + p)             (on the same MAC units)
///     effectiveComputeCycles'     = effectiveComputeCycles · keep + p · computeCycles
///     reads, fills, updates', network words and energy' = (…) · keep
///
/// at every level and for every tensor — a cropped region's inputs, outputs and partial sums
/// are never moved, and weights are re-read per output position — except that the outermost
/// keeper of the weights still reads every weight at least once per instance:
/// `reads' = max(reads · keep, min(reads, weights / instances))`. Energies, cycles, the bound
/// and leakage are then recomputed (``Evaluation/refresh(architecture:)``). Values are
/// expectations over inputs: an image that allows no crop costs the dense estimate plus the
/// predictor.
///
/// **Which layers.** A technique sees one layer at a time, not its position in the network, so
/// the crop point is given by the workload and the options, simply: every `conv` and
/// `depthwise` layer with `crop` statistics is cropped, except the layers named in `except`
/// (those before the crop point); `fc` and `matmul` layers are not, since their size does not
/// follow the feature map's area. A layer can also carry its own `crop` statistics
/// (`fraction: 0` leaves it whole). The option `from:` is rejected with this explanation.
///
/// Not modelled: the accuracy effect (AQuA keeps the crops that preserve top-1 accuracy; the
/// `images` share is that outcome), the predictor's own data movement, and the control for
/// irregular crop shapes.
public struct Cropping: Technique {
    /// Predictor MACs as a fraction of each cropped layer's MACs.
    public let predictorMACs: Double
    /// Layers left whole.
    public let except: Set<String>

    public static let kind = "cropping"

    public var label: String { "cropping" }

    public init(options o: inout TechniqueOptions, architecture: Architecture) {
        predictorMACs = o.number("predictor_macs", default: 0.01, in: 0...1)
        except = Set((o.words("except") ?? []).map(\.text))
        if let (from, node) = o.word("from") {
            o.error("option 'from' of technique 'cropping' is not supported: a technique does not know the layer order", at: node,
                    hint: "list the layers before '\(from)' in 'except', or give them crop: {fraction: 0, images: 0}")
        }
    }

    /// Whether `layer` is cropped, and why not.
    public func applies(to layer: Layer) -> (Bool, String) {
        if except.contains(layer.name) { return (false, "listed in except") }
        if layer.type == .fc || layer.type == .matmul { return (false, "\(layer.type.rawValue) layers are not cropped") }
        guard layer.stats.crop != nil else { return (false, "no crop statistics") }
        return (true, "")
    }

    /// `1 − fraction · images`, both limited to [0, 1].
    public static func keep(_ crop: CropStats) -> Double {
        1 - min(max(crop.fraction, 0), 1) * min(max(crop.images, 0), 1)
    }

    public func apply(to evaluation: Evaluation, context: TechniqueContext, notes: inout [String]) -> Evaluation {
        let layer = context.layer
        let (ok, why) = applies(to: layer)
        guard ok, let crop = layer.stats.crop else {
            notes.append("cropping: layer left whole (\(why))")
            return evaluation
        }
        var e = evaluation
        let keep = Self.keep(crop)
        let p = predictorMACs
        e.effectualMACs = e.effectualMACs * keep + p * Double(e.macs)
        e.macEnergy *= keep + p
        e.effectiveComputeCycles = e.effectiveComputeCycles * keep + p * Double(e.computeCycles)
        let outermostWeights = e.levels.firstIndex { $0.accesses(.weights) != nil }
        for i in e.levels.indices {
            for k in e.levels[i].tensors.indices {
                var a = e.levels[i].tensors[k]
                let reads = a.reads
                a.reads *= keep
                a.fills *= keep
                a.updates *= keep
                a.gated *= keep
                a.skipped *= keep
                a.metadataWords *= keep
                if a.tensor == .weights, i == outermostWeights {
                    let once = Double(layer.tensorSize(.weights)) / Double(max(1, a.utilizedInstances))
                    a.reads = max(a.reads, min(reads, once))
                }
                e.levels[i].tensors[k] = a
            }
        }
        for j in e.networks.indices {
            e.networks[j].words *= keep
            e.networks[j].energy *= keep
        }
        notes.append("cropping: expected work × \(fmt(keep)) (fraction \(fmt(crop.fraction)) of the feature map for "
            + "\(fmt(crop.images * 100))% of inputs) plus a predictor of \(fmt(p * 100))% of the layer's MACs; "
            + "accuracy effect and predictor data movement not modelled")
        e.refresh(architecture: context.architecture)
        return e
    }
}

private func fmt(_ x: Double) -> String { OperandPrecision.format(x) }
