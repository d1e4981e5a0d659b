import LoupeModel

/// Evaluates mappings of layers on one architecture: the dense analytical model of
/// DESIGN.md §2 (nest analysis → accesses → energy and cycles).
public struct Evaluator: Sendable {
    /// The architecture with every level's energy and area resolved.
    public let architecture: Architecture

    /// - Parameter architecture: as loaded; energies and areas the spec leaves out are filled
    ///   from the built-in component library (`Architecture.resolved()`).
    public init(architecture: Architecture) {
        self.architecture = architecture.resolved()
    }

    /// Evaluates a mapping, or throws the reasons it is invalid. `storageRatio` (`i*3 + t`)
    /// scales the words a tile occupies at each level (compressed formats fit more).
    public func evaluate(layer: Layer, mapping: Mapping, storageRatio: [Double]? = nil) throws(MappingError) -> Evaluation {
        let (problems, kernel) = check(layer: layer, mapping: mapping, storageRatio: storageRatio)
        guard let kernel, problems.isEmpty else { throw MappingError(layer: layer.name, problems: problems) }
        return evaluation(from: kernel, mapping: mapping)
    }

    /// Packages the counts of the kernel's last `analyze` into an `Evaluation` (energy per
    /// tensor and level, leak, networks, cycles and bound; the same totals as `kernel.cost()`).
    public func evaluation(from kernel: NestKernel, mapping: Mapping) -> Evaluation {
        let levels = architecture.levels
        let n = levels.count - 1
        var levelEvals: [LevelEvaluation] = []
        var worstCycles = Double(kernel.computeCycles)
        var bound = "compute"
        for i in 0..<n {
            let level = levels[i]
            var list: [TensorAccesses] = []
            var reads = 0.0
            var writes = 0.0
            for t in TensorKind.allCases {
                let idx = i * 3 + t.rawValue
                guard kernel.tileWords[idx] > 0 else { continue }
                var a = TensorAccesses(tensor: t, reads: Double(kernel.reads[idx]), fills: Double(kernel.fills[idx]),
                                       updates: Double(kernel.updates[idx]), utilizedInstances: kernel.utilized[i],
                                       tileWords: kernel.tileWords[idx], partitionWords: kernel.partitionWords[idx])
                a.energy = Evaluator.accessEnergy(a, level: level) * Double(a.utilizedInstances)
                reads += a.reads
                writes += a.fills + a.updates
                list.append(a)
            }
            let bwCycles = Evaluator.bandwidthCycles(reads: reads, writes: writes, bandwidth: level.bandwidth)
            if bwCycles > worstCycles {
                worstCycles = bwCycles
                bound = level.name
            }
            levelEvals.append(LevelEvaluation(name: level.name, instances: architecture.instances(of: i),
                                              utilizedInstances: kernel.utilized[i], tensors: list,
                                              bandwidthCycles: bwCycles))
        }
        let cycles = worstCycles.rounded(.up)
        for i in 0..<n {
            levelEvals[i].leakEnergy = levels[i].energy.leak * cycles * Double(levelEvals[i].utilizedInstances)
        }
        var networks: [NetworkEvaluation] = []
        for j in 1...n where kernel.networkWords[j] > 0 {
            networks.append(NetworkEvaluation(level: levels[j].name, words: kernel.networkWords[j],
                                              energy: kernel.networkWords[j] * levels[j].networkTransfer))
        }
        let macs = kernel.layer.macs
        return Evaluation(layer: kernel.layer.name, macs: macs, effectualMACs: Double(macs),
                          computeCycles: kernel.computeCycles, cycles: cycles, levels: levelEvals, networks: networks,
                          macEnergy: Double(macs) * architecture.compute.energy.compute,
                          totalPEs: architecture.totalPEs, utilizedPEs: kernel.utilized[n], bound: bound,
                          mapping: mapping)
    }
}
