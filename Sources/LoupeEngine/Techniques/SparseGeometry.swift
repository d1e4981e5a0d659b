import LoupeModel

/// The loop-nest facts the sparsity techniques need from a mapping: tile extents, the ranks a
/// compressed tile is traversed in, how many values of one tensor one access of another is
/// used with, and which level feeds which.
///
/// Loops are laid out as in docs/model.md §1 and docs/spec.md §8: storage level `i` owns its temporal loops (outer →
/// inner) and then the spatial loops of the fanout below it; the tile of level `i` is the
/// footprint of every loop at level `≥ i`.
struct SparseGeometry {
    struct FlatLoop {
        var dimension: Dimension
        var factor: Int
        var level: Int
        var spatial: Bool
    }

    let layer: Layer
    /// Storage levels (the compute level is index `storageLevels`).
    let storageLevels: Int
    let loops: [FlatLoop]
    let names: [String]
    /// `keepers[t]`: storage-level indices that hold tensor `t` in the evaluation, outermost first.
    let keepers: [[Int]]
    let projections: [TensorProjection]

    init(evaluation: Evaluation, architecture: Architecture, layer: Layer) {
        self.layer = layer
        let n = architecture.levels.count - 1
        storageLevels = n
        names = architecture.levels.map(\.name)
        var flat: [FlatLoop] = []
        for (i, lm) in evaluation.mapping.levels.enumerated() where i < n {
            for l in lm.temporal where l.factor > 1 { flat.append(FlatLoop(dimension: l.dimension, factor: l.factor, level: i, spatial: false)) }
            for l in lm.spatialX + lm.spatialY where l.factor > 1 {
                flat.append(FlatLoop(dimension: l.dimension, factor: l.factor, level: i, spatial: true))
            }
        }
        loops = flat
        var k: [[Int]] = Array(repeating: [], count: 3)
        for (idx, name) in names.prefix(n).enumerated() {
            guard let lev = evaluation.level(name) else { continue }
            for a in lev.tensors { k[a.tensor.rawValue].append(idx) }
        }
        keepers = k
        projections = TensorKind.allCases.map { TensorProjection(tensor: $0, layer: layer) }
    }

    /// Index of a level name (the compute level is `storageLevels`).
    func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// Per-dimension product of the factors of every loop at level `≥ i` (all ones for the
    /// compute level).
    func extents(from i: Int) -> [Int] {
        var e = Array(repeating: 1, count: 8)
        for l in loops where l.level >= i { e[l.dimension.rawValue] *= l.factor }
        return e
    }

    /// Per-dimension product of the spatial factors at levels `i..<j`.
    func spatial(from i: Int, to j: Int) -> [Int] {
        var e = Array(repeating: 1, count: 8)
        for l in loops where l.spatial && l.level >= i && l.level < j { e[l.dimension.rawValue] *= l.factor }
        return e
    }

    /// The next level inward that keeps `t` after level `i`, or `storageLevels` (the MACs).
    func child(of t: TensorKind, below i: Int) -> Int {
        keepers[t.rawValue].first { $0 > i } ?? storageLevels
    }

    /// The innermost level keeping `t` (the one that feeds the MACs), if any.
    func innermostKeeper(_ t: TensorKind) -> Int? { keepers[t.rawValue].last }

    /// Values of `condition` that one access of `target` at level `i` is used with: the
    /// dimensions that index `condition` but not `target`, over the child's tile and the spatial
    /// fanout between `i` and the child (a read multicast to several PEs meets each PE's
    /// operand; an update reduced spatially sums them):
    ///
    ///     m = Π_{d ∈ rel(condition) ∖ rel(target)} e_child[d] · s_{i..child}[d]
    ///
    /// 1 at the innermost keeper without a fanout below it: one access per MAC.
    func coIteration(target: TensorKind, condition: TensorKind, level i: Int) -> Int {
        let c = child(of: target, below: i)
        let e = c < storageLevels ? extents(from: c) : Array(repeating: 1, count: 8)
        let s = spatial(from: i, to: c)
        let rc = projections[condition.rawValue].relevant
        let rt = projections[target.rawValue].relevant
        var m = 1
        for d in 0..<8 where rc[d] && !rt[d] { m *= e[d] * s[d] }
        return m
    }

    /// The tile of `t` at level `i` as a compressed format sees it: its ranks (the factors of the
    /// loops at level `≥ i` that index `t`, outermost first), its extents along the tensor's axes,
    /// and its dense size.
    func tile(_ t: TensorKind, level i: Int, words: Int) -> CompressionTile {
        let rel = projections[t.rawValue].relevant
        let ranks = loops.filter { $0.level >= i && rel[$0.dimension.rawValue] }.map(\.factor)
        let e = extents(from: i)
        let p = projections[t.rawValue]
        let axes = p.axes.map { p.extent(of: $0, e) }
        return CompressionTile(ranks: ranks, axes: axes, words: words)
    }
}

extension Evaluation {
    /// Rescales every network's words (and energy) after a sparsity technique changed the
    /// accesses that feed it, tensor by tensor.
    ///
    /// The words of tensor `t` crossing the fanout into level `j` travel between its keepers
    /// `i < j ≤ c` (c the next keeper inward, or the MACs); before the technique they number
    /// `words_t = perChild · utilized_c` — the child's fills (read-only tensors), or its fills
    /// twice plus its partition (outputs: partial sums up and back), or one per MAC — as the
    /// dense model counts them. The totals are split in those proportions and each share is
    /// scaled by what the parent side now sends: `(reads + updates + metadata reads)` after over
    /// before at keeper `i` (gated and skipped accesses move nothing).
    mutating func rescaleNetworks(before: Evaluation, architecture: Architecture, geometry g: SparseGeometry) {
        guard !networks.isEmpty else { return }
        for k in networks.indices {
            guard let j = g.index(of: networks[k].level), networks[k].words > 0 else { continue }
            var shares: [(TensorKind, Double, Double)] = []   // (tensor, share, scale)
            for t in TensorKind.allCases {
                guard let i = g.keepers[t.rawValue].last(where: { $0 < j }) else { continue }
                let c = g.child(of: t, below: i)
                guard c >= j else { continue }
                guard let parentBefore = before.level(g.names[i])?.accesses(t),
                      let parentAfter = level(g.names[i])?.accesses(t) else { continue }
                let utilizedChild: Double
                let perChild: Double
                if c < g.storageLevels, let child = before.level(g.names[c])?.accesses(t) {
                    utilizedChild = Double(child.utilizedInstances)
                    perChild = t.isReadWrite ? 2 * child.fills + Double(child.partitionWords) : child.fills
                } else {
                    utilizedChild = Double(before.utilizedPEs)
                    perChild = Double(before.computeCycles)
                }
                if utilizedChild <= Double(parentBefore.utilizedInstances) { continue }
                func sent(_ a: TensorAccesses) -> Double {
                    let metadataWrites = a.metadataFillShare + a.metadataUpdateShare
                    return a.reads + a.updates + a.metadataWords * max(0, 1 - metadataWrites)
                }
                let was = sent(parentBefore)
                let scale = was > 0 ? sent(parentAfter) / was : 1
                shares.append((t, perChild * utilizedChild, scale))
            }
            let total = shares.reduce(0) { $0 + $1.1 }
            guard total > 0 else { continue }
            let factor = shares.reduce(0) { $0 + $1.1 / total * $1.2 }
            let level = architecture.levels[j]
            networks[k].words *= factor
            networks[k].energy = networks[k].words * level.networkTransfer
        }
    }
}
