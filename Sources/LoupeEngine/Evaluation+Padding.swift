import LoupeModel

extension Evaluation {
    /// Takes the padding's zeros out of the data traffic of a padded layer's evaluation
    /// (docs/model.md §7, "Instruction-shape padding"), then `refresh`es energy and cycles.
    ///
    /// The padded layer (`Architecture.padded`) is what the compute level works through, so its
    /// MACs and compute cycles stay padded. Its zeros, though, are made where the tile must be a
    /// multiple — at `p`, the outermost level with a `multiple_of` for a padded dimension (a
    /// tensor-memory unit's out-of-bounds zero fill, or a register cleared before a load) — and
    /// never travel from the levels above it. So every tensor `t`'s reads, fills and updates at
    /// the levels above `p`, and its fills into `p`, are scaled by
    ///
    ///     ρ_t = size_t(unpadded layer) / size_t(padded layer)
    ///
    /// (the whole-tensor ratio: an approximation when a tile splits a padded dimension unevenly).
    /// Reads at `p` and below feed the padded MACs and stay as they are. Nothing changes when
    /// the layer was not padded.
    public mutating func dropPaddingTraffic(architecture: Architecture, unpadded: Layer, padded: Layer) {
        guard unpadded.bounds != padded.bounds else { return }
        let paddedDimensions = Dimension.allCases.filter { unpadded[$0] != padded[$0] }
        guard let p = architecture.levels.firstIndex(where: { level in paddedDimensions.contains { level.multipleOf[$0] != nil } })
        else { return }
        let ratio = TensorKind.allCases.map { t in
            Double(unpadded.tensorSize(t)) / Double(max(1, padded.tensorSize(t)))
        }
        for i in levels.indices {
            guard let j = architecture.levelIndex(named: levels[i].name), j <= p else { continue }
            for k in levels[i].tensors.indices {
                let r = ratio[levels[i].tensors[k].tensor.rawValue]
                if j < p {
                    levels[i].tensors[k].reads *= r
                    levels[i].tensors[k].updates *= r
                }
                levels[i].tensors[k].fills *= r
            }
        }
        for k in networks.indices {
            guard let j = architecture.levelIndex(named: networks[k].level), j <= p else { continue }
            // A fanout into `p` or above carries the unpadded data: scale by the read-only
            // tensors' ratio, the inputs' (the largest stream of a padded reduction).
            networks[k].words *= ratio[TensorKind.inputs.rawValue]
            networks[k].energy *= ratio[TensorKind.inputs.rawValue]
        }
        refresh(architecture: architecture)
    }
}
