import LoupeModel

extension Evaluation {
    /// Recomputes every level's access energy, bandwidth cycles, leak, the total cycles, the
    /// bound and the chip static energy (`StaticCost`) from the current counts — what a technique calls after changing counts.
    ///
    /// Per tensor and instance: `⌈reads/B⌉·E_read + ⌈fills/B⌉·E_write + ⌈updates/B⌉·E_update
    /// + (gated/B)·E_gated + metadata energy`, × utilized instances; cycles =
    /// `max(effective compute cycles, each level's bandwidth cycles)` + the architecture's fixed
    /// cycles, launch and memory latency (`Architecture.fixedCycles`; docs/model.md §6–§7). The
    /// prices are `LevelCost`'s, as in the dense evaluation; gated accesses are charged per word
    /// (`gated/B`, not rounded to blocks).
    ///
    /// Metadata (``metadataEnergy(_:level:)``): `metadataWords` are data-word equivalents; with
    /// `m` = `metadataWordBits` (default the word bits `w`) they are `metadataWords·w/m` accesses,
    /// split into reads, fills and updates by the tensor's metadata shares, each at the level's
    /// `metadata_read` / `metadata_write` / `metadata_update` energy when the spec gives one (a
    /// separate metadata store, as Sparseloop's `*_metadata` components), else at the data
    /// energy of an `m`-bit slice of a block: `E_read·m/(w·B)` (reads), `E_write·m/(w·B)`
    /// (fills), `E_update·m/(w·B)` (updates). With no shares and no metadata energies this is
    /// `(metadataWords/B)·E_read`.
    ///
    /// Bandwidth: reads = reads + gated reads + metadata reads; writes = fills + updates +
    /// gated writes + metadata writes (all in words): a gated access still takes its slot.
    public mutating func refresh(architecture: Architecture) {
        var limit = CycleBound(computeCycles: effectiveComputeCycles)
        var prices: [LevelCost?] = []
        for i in levels.indices {
            guard let level = architecture.levels.first(where: { $0.name == levels[i].name }) else {
                prices.append(nil)
                continue
            }
            let price = LevelCost(level)
            prices.append(price)
            var reads = 0.0
            var writes = 0.0
            for k in levels[i].tensors.indices {
                let a = levels[i].tensors[k]
                let gatedWrites = a.gated * min(1, max(0, a.gatedWriteShare))
                let metadataWrites = a.metadataWords * min(1, max(0, a.metadataFillShare + a.metadataUpdateShare))
                if a.pricedOnTotals {
                    // Imperfect mapping: exact totals, busiest instance for bandwidth.
                    let u = Double(a.utilizedInstances)
                    // average × instances is the whole total up to rounding: snap it back, so
                    // that block rounding does not charge an extra block for an ulp.
                    func total(_ x: Double) -> Double {
                        let t = x * u, r = t.rounded()
                        return abs(t - r) <= 1e-9 * max(1, r) ? r : t
                    }
                    levels[i].tensors[k].energy = price.accessEnergy(reads: total(a.reads), fills: total(a.fills), updates: total(a.updates))
                        + (a.gated / price.block * price.gated + Evaluation.metadataEnergy(a, level: level)) * u
                    reads += (a.reads + (a.gated - gatedWrites) + (a.metadataWords - metadataWrites)) * a.peakReadRatio
                    writes += (a.fills + a.updates + gatedWrites + metadataWrites) * a.peakWriteRatio
                    continue
                }
                let perInstance = price.accessEnergy(reads: a.reads, fills: a.fills, updates: a.updates)
                    + a.gated / price.block * price.gated
                    + Evaluation.metadataEnergy(a, level: level)
                levels[i].tensors[k].energy = perInstance * Double(a.utilizedInstances)
                reads += a.reads + (a.gated - gatedWrites) + (a.metadataWords - metadataWrites)
                writes += a.fills + a.updates + gatedWrites + metadataWrites
            }
            let bw = price.bandwidthCycles(reads: reads, writes: writes)
            levels[i].bandwidthCycles = bw
            limit.offer(level: i, bandwidthCycles: bw)
        }
        cycles = limit.cycles + architecture.fixedCycles
        bound = limit.level.map { levels[$0].name } ?? "compute"
        for i in levels.indices {
            guard let price = prices[i] else { continue }
            levels[i].leakEnergy = price.leakEnergy(cycles: cycles, utilizedInstances: levels[i].utilizedInstances)
        }
        chipStaticEnergy = StaticCost(architecture).energy(cycles: cycles)
    }

    /// Energy of one instance's metadata accesses of `a` at `level`, pJ (see
    /// ``refresh(architecture:)``): `Σ_action accesses_action · E_metadata_action`.
    public static func metadataEnergy(_ a: TensorAccesses, level: Level) -> Double {
        guard a.metadataWords > 0 else { return 0 }
        let w = Double(max(1, level.wordBits))
        let m = max(1e-9, a.metadataWordBits ?? w)
        let slice = m / (w * Double(max(1, level.blockWords)))
        let accesses = a.metadataWords * w / m
        let fillShare = min(1, max(0, a.metadataFillShare))
        let updateShare = min(1 - fillShare, max(0, a.metadataUpdateShare))
        let readShare = 1 - fillShare - updateShare
        let eRead = level.givenEnergy(.metadataRead) ?? level.energy.read * slice
        let eFill = level.givenEnergy(.metadataWrite) ?? level.energy.write * slice
        let eUpdate = level.givenEnergy(.metadataUpdate) ?? level.givenEnergy(.metadataWrite)
            ?? level.energy.update * slice
        return accesses * (readShare * eRead + fillShare * eFill + updateShare * eUpdate)
    }
}
