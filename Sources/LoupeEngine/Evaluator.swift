import LoupeModel

/// Evaluates mappings of layers on one architecture: the dense analytical model of
/// docs/model.md (nest analysis → accesses → energy and cycles).
public struct Evaluator: Sendable {
    /// The architecture with every level's energy and area resolved.
    public let resolved: ResolvedArchitecture
    /// `resolved.architecture`.
    public var architecture: Architecture { resolved.architecture }

    /// - Parameter architecture: as loaded; energies and areas the spec leaves out are filled
    ///   from the built-in component library (`Architecture.resolved()`).
    public init(architecture: Architecture) {
        resolved = ResolvedArchitecture(architecture)
    }

    /// Evaluates a mapping, or throws the reasons it is invalid. `storageRatios` scale the words
    /// a tile occupies at each level and tensor (compressed formats fit more; `CapacityRule`).
    public func evaluate(layer: Layer, mapping: Mapping, storageRatios: StorageRatios? = nil) throws(MappingError) -> Evaluation {
        let (problems, kernel) = check(layer: layer, mapping: mapping, storageRatios: storageRatios)
        guard let kernel, problems.isEmpty else { throw MappingError(layer: layer.name, problems: problems) }
        return evaluation(from: kernel, mapping: mapping)
    }

    /// Packages the kernel's last `analyze` into an `Evaluation`: its counts, and the prices its
    /// `cost()` puts on them (energy per tensor and level, leak, networks, cycles and bound), so
    /// that every term of `evaluation.energy` is the kernel's and `.cycles` is exactly
    /// `kernel.cost()`'s (the totals are summed in another order, so they agree within a few
    /// ulps) — plus, when the
    /// architecture has a `launch` time or level `latency`, their `L = fixedCycles` cycles and the static energy over them
    /// (`leak × L × utilized instances` per level, and the chip's static power × L; docs/model.md §7). `kernel.cost()`, which the
    /// mapper ranks, leaves them out: they are the same for every mapping of a layer
    /// (the leakage over them is not quite: it scales with the utilized instances).
    public func evaluation(from kernel: NestKernel, mapping: Mapping) -> Evaluation {
        let levels = architecture.levels
        let n = levels.count - 1
        let (_, workCycles) = kernel.cost()
        let launch = architecture.fixedCycles
        let cycles = workCycles + launch
        var levelEvals: [LevelEvaluation] = []
        for i in 0..<n {
            var list: [TensorAccesses] = []
            let utilized = kernel.utilizedInstances(level: i)
            for t in TensorKind.allCases {
                let c = kernel.counts(level: i, tensor: t)
                guard c.tileWords > 0 else { continue }
                // Per instance: the counts, or for an imperfect mapping the exact totals' average
                // over the utilized instances (docs/model.md §10).
                var perInstance = (reads: Double(c.reads), fills: Double(c.fills), updates: Double(c.updates))
                var ratios = (read: 1.0, write: 1.0)
                if kernel.imperfectCounts {
                    let total = kernel.totals(level: i, tensor: t), u = Double(max(1, utilized))
                    perInstance = (total.reads / u, total.fills / u, total.updates / u)
                    let averageWrites = perInstance.fills + perInstance.updates
                    ratios = (perInstance.reads > 0 ? Double(c.reads) / perInstance.reads : 1,
                              averageWrites > 0 ? Double(c.fills + c.updates) / averageWrites : 1)
                }
                var accesses = TensorAccesses(tensor: t, reads: perInstance.reads, fills: perInstance.fills,
                                              updates: perInstance.updates, utilizedInstances: utilized,
                                              tileWords: c.tileWords, partitionWords: c.partitionWords,
                                              energy: kernel.tensorEnergy[i * 3 + t.rawValue])
                if kernel.imperfectCounts {
                    accesses.pricedOnTotals = true
                    (accesses.peakReadRatio, accesses.peakWriteRatio) = ratios
                }
                list.append(accesses)
            }
            levelEvals.append(LevelEvaluation(name: levels[i].name, instances: architecture.instances(of: i),
                                              utilizedInstances: utilized, tensors: list,
                                              bandwidthCycles: kernel.levelBandwidthCycles[i],
                                              leakEnergy: launch > 0
                                                  ? LevelCost(levels[i]).leakEnergy(cycles: cycles, utilizedInstances: utilized)
                                                  : kernel.levelLeakEnergy[i]))
        }
        var networks: [NetworkEvaluation] = []
        for j in 1...n where kernel.networkWords(level: j) > 0 {
            let words = kernel.networkWords(level: j)
            networks.append(NetworkEvaluation(level: levels[j].name, words: words, energy: words * levels[j].networkTransfer))
        }
        let macs = kernel.layer.macs
        var evaluation = Evaluation(layer: kernel.layer.name, macs: macs, effectualMACs: Double(macs),
                          computeCycles: kernel.computeCycles, cycles: cycles, levels: levelEvals, networks: networks,
                          macEnergy: kernel.macEnergy,
                          totalPEs: architecture.totalPEs, utilizedPEs: kernel.utilizedInstances(level: n),
                          bound: kernel.boundLevel.map { levels[$0].name } ?? "compute", mapping: mapping)
        // The chip's static power runs over the launch cycles too, as the leakage does.
        evaluation.chipStaticEnergy = launch > 0 ? StaticCost(architecture).energy(cycles: cycles) : kernel.chipStaticEnergy
        return evaluation
    }
}
