import LoupeModel

/// The least dense energy and the fewest cycles that **any** valid mapping of a layer can reach
/// on an architecture (docs/mapper.md, "Lower bound"): a floor under what the mapper optimises,
/// so that a report can say how far its mapping is from optimal.
///
/// The bound is on the **dense** evaluation (docs/model.md §6–§7), the one the mapper ranks;
/// techniques transform the dense evaluation afterwards and are not bounded here. It uses only
/// what every mapping must respect — the layer's shape, the arrays and the architecture's
/// `keeps` (level 0 keeps every tensor; inner levels may bypass) — and not the mapper's
/// `constraints`, so it holds for a mapping file's mapping too. Capacity is ignored (a level is
/// allowed to be as large as it likes), so the bound is attainable only where capacity does not
/// bind. Every term is derived in docs/mapper.md, "Lower bound":
///
/// - **Compute:** `cycles ≥ ⌈MACs / U⌉`, `U` = the most PEs a mapping can use: at most all PEs,
///   and on each array axis at most the largest product `Π_d f_d ≤ extent` with `f_d | bound_d`.
/// - **Per tensor `t`**, minimised over the level `k` that is its innermost keeper (level 0 or a
///   level whose `keeps` allows `t`): compulsory traffic — every word of `t` that some MAC uses is
///   read from level 0 at least once (outputs: updated into it at least once), and `k` receives
///   and serves it at least once — and operand traffic: `k` serves its inner side
///   `MACs / share` times, `share` ≤ the PEs below one instance of `k` and ≤ the product of the
///   bounds of the dimensions `t` does not depend on (multicast, or for outputs spatial reduction).
///   Outputs are also read back as partial sums at `k`: `|O|·(R/b − a)` times, with `R` the
///   product of the reduction bounds (C, R, S), `b ≤ share` the spatial reduction below `k` and
///   `a ≤ instances of k` the one above it.
///   Block rounding: `Σ_instances ⌈words/B⌉ ≥ ⌈Σ words / B⌉`.
/// - **MACs** cost `MACs × E_compute`; **networks** are bounded by 0; **leakage** by
///   `Σ_levels leak × cycle bound` (every level has at least one utilized instance), plus the
///   chip static power over the cycle bound (`StaticCost`), since every mapping runs at least
///   that many cycles. The cycle bound includes the architecture's fixed cycles (`launch` and the
///   levels' `latency`, `Architecture.fixedCycles`), which every evaluation adds.
/// - **Bandwidth:** level 0 reads at least the read-only tensors' compulsory words and takes at
///   least every output as an update, spread over at most all its instances.
public struct LayerBound: Sendable, Hashable {
    /// Lower bound on the dense energy of the layer, pJ.
    public var energy: Double
    /// Lower bound on the cycles.
    public var cycles: Double
    /// `MACs / U` before rounding: the compute part of `cycles`.
    public var computeCycles: Double
    /// The parts of `energy`, pJ: MACs, accesses (Σ over tensors), leakage and chip static energy.
    public var macEnergy: Double, accessEnergy: Double, leakEnergy: Double

    /// `architecture` must be resolved (`Architecture.resolved()`): its levels' energies filled in.
    public init(architecture arch: Architecture, layer: Layer) {
        let n = arch.levels.count - 1
        let macs = Double(layer.macs)
        let pes = arch.totalPEs
        let prices = arch.levels.prefix(n).map(LevelCost.init)

        // Compute bound: the most PEs any mapping can use. Each array axis (the array of level
        // j ≥ 1, the fanout below level j − 1) takes a spatial factor Π_d f_d with f_d | bound_d
        // and at most its extent.
        var usable = 1
        for level in arch.levels.dropFirst() {
            for extent in [level.arrayX, level.arrayY] where extent > 1 {
                usable *= LayerBound.largestProduct(of: layer.bounds, atMost: extent)
                usable = min(usable, pes)
            }
        }
        usable = max(1, min(usable, pes))
        computeCycles = macs / Double(usable)

        // Compulsory words per tensor: the words some MAC uses.
        let used: [TensorKind: Double] = [
            .weights: Double(layer.tensorSize(.weights)),
            .inputs: Double(LayerBound.usedInputs(layer)),
            .outputs: Double(layer.tensorSize(.outputs)),
        ]

        // Access energy: per tensor, the cheapest choice of innermost keeper.
        var access = 0.0
        for t in TensorKind.allCases {
            let words = used[t]!
            let projection = TensorProjection(tensor: t, layer: layer)
            var ignored = 1
            for d in Dimension.allCases where !projection.relevant[d.rawValue] { ignored *= layer[d] }
            let outer = prices[0]
            var best = Double.infinity
            for k in 0..<n where k == 0 || arch.levels[k].keeps.contains(t) {
                let below = pes / arch.instances(of: k)
                let share = Double(min(below, ignored))
                let served = max(words, macs / share)
                let inner = prices[k]
                let e: Double
                if t == .outputs {
                    // Updates `|O|·R/b`, partial-sum reads `|O|·(R/b − a)` with `b ≤ share` the
                    // reduction below `k`, `a ≤ min(instances of k, R/b)` the one above it.
                    let above = min(Double(arch.instances(of: k)), Double(ignored) / share)
                    let partialReads = max(0, words * (Double(ignored) / share - above))
                    let atK = inner.blocks(served) * inner.update + inner.blocks(partialReads) * inner.read
                    e = k == 0 ? atK : outer.blocks(words) * outer.update + atK
                } else {
                    e = k == 0 ? outer.blocks(served) * outer.read
                        : outer.blocks(words) * outer.read + inner.blocks(words) * inner.write
                            + inner.blocks(served) * inner.read
                }
                best = min(best, e)
            }
            access += best
        }

        // Bandwidth of level 0: it serves every read-only tensor and takes every output.
        let instances0 = Double(arch.instances(of: 0))
        let bandwidth0 = prices[0].bandwidthCycles(reads: (used[.weights]! + used[.inputs]!) / instances0,
                                                   writes: used[.outputs]! / instances0)
        var cycleBound = CycleBound(computeCycles: computeCycles)
        cycleBound.offer(level: 0, bandwidthCycles: bandwidth0)
        // Every layer also takes the architecture's fixed cycles (launch + memory latency), as its
        // evaluation does (docs/model.md §7), and the static energy runs over them too.
        let totalCycles = cycleBound.cycles + arch.fixedCycles
        cycles = totalCycles

        macEnergy = macs * arch.compute.energy.compute
        accessEnergy = access
        leakEnergy = prices.reduce(0) { $0 + $1.leakEnergy(cycles: totalCycles, utilizedInstances: 1) }
            + StaticCost(arch).energy(cycles: totalCycles)
        energy = macEnergy + accessEnergy + leakEnergy
    }

    /// The largest `Π_d f_d ≤ limit` with each `f_d` a divisor of `bounds[d]`: the most a single
    /// array axis of that extent can hold spatially.
    public static func largestProduct(of bounds: [Int], atMost limit: Int) -> Int {
        var reachable: Set<Int> = [1]
        for b in bounds where b > 1 {
            let divisors = (1...min(b, limit)).filter { b % $0 == 0 }
            var next = reachable
            for x in reachable { for f in divisors where x * f <= limit { next.insert(x * f) } }
            reachable = next
        }
        return reachable.max() ?? 1
    }

    /// Input words some MAC reads: `N·G·C × |{p·stride + r·dilation}|` over rows × the same over
    /// columns. With a stride larger than the window, rows between windows are never read, so
    /// this can be below `Layer.tensorSize(.inputs)` (the projection's bounding box).
    public static func usedInputs(_ layer: Layer) -> Int {
        func used(_ p: Int, _ stride: Int, _ r: Int, _ dilation: Int) -> Int {
            let span = (p - 1) * stride + (r - 1) * dilation + 1
            var hit = [Bool](repeating: false, count: span)
            var count = 0
            for i in 0..<p { for j in 0..<r where !hit[i * stride + j * dilation] {
                hit[i * stride + j * dilation] = true
                count += 1
            } }
            return count
        }
        return layer[.N] * layer[.G] * layer[.C] * used(layer[.P], layer.strideRows, layer[.R], layer.dilationRows)
            * used(layer[.Q], layer.strideCols, layer[.S], layer.dilationCols)
    }

    /// `value / bound − 1`: how far a mapping's dense figure is above the bound (0 = optimal).
    public static func gap(_ value: Double, over bound: Double) -> Double {
        bound > 0 ? value / bound - 1 : .nan
    }
}
