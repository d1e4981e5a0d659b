import LoupeModel
@testable import LoupeEngine

/// Builders for the sparsity tests: levels with energies given explicitly (as a spec would),
/// layers from dimension bounds, mappings from loop lists, and a one-call pipeline run.
enum SparseFixture {
    /// A storage level with every energy given (pJ per block access), so nothing comes from the
    /// component library. `metadata` adds `metadata_read`/`metadata_write`/`metadata_update`.
    static func storage(_ name: String, class levelClass: LevelClass = .sram, words: Int? = nil, wordBits: Int = 16,
                        block: Int = 1, read: Double, write: Double, update: Double? = nil, leak: Double = 0,
                        metadata: (read: Double, write: Double)? = nil, gated: Double? = nil,
                        bandwidth: Bandwidth = Bandwidth(), keeps: Set<TensorKind> = Set(TensorKind.allCases),
                        arrayX: Int = 1, arrayY: Int = 1, transfer: Double = 0) -> Level {
        var spec: [String: Double] = ["read": read, "write": write, "update": update ?? write, "leak": leak]
        if let metadata {
            spec["metadata_read"] = metadata.read
            spec["metadata_write"] = metadata.write
            spec["metadata_update"] = metadata.write
        }
        if let gated { spec["gated"] = gated }
        return Level(name: name, levelClass: levelClass, wordBits: wordBits, blockWords: block, sizeWords: words,
                     bandwidth: bandwidth, keeps: keeps, arrayX: arrayX, arrayY: arrayY, networkTransfer: transfer,
                     specEnergy: spec)
    }

    /// The compute level with its energy per MAC (and per gated MAC).
    static func mac(_ energy: Double, name: String = "MAC", wordBits: Int = 16, arrayX: Int = 1, arrayY: Int = 1,
                    gated: Double? = nil) -> Level {
        var spec: [String: Double] = ["compute": energy, "leak": 0]
        if let gated { spec["gated"] = gated }
        return Level(name: name, levelClass: .compute, wordBits: wordBits, arrayX: arrayX, arrayY: arrayY, specEnergy: spec)
    }

    static func architecture(_ levels: [Level], techniques: [TechniqueSpec] = [], name: String = "test") -> Architecture {
        Architecture(name: name, technology: .nm45, clockHz: 1e9, levels: levels, techniques: techniques)
    }

    /// A layer from its bounds (unlisted dimensions are 1).
    static func layer(_ name: String = "layer", _ bounds: [Dimension: Int], stats: DataStats = DataStats(),
                      precision: Precision = Precision(), type: LayerType = .conv) -> Layer {
        var l = Layer(name: name, type: type, precision: precision, stats: stats)
        for (d, v) in bounds { l[d] = v }
        return l
    }

    /// Loops written outer → inner, e.g. `loops(.C, 8, .K, 8)`.
    static func loops(_ pairs: Any...) -> [Loop] {
        var out: [Loop] = []
        var i = 0
        while i + 1 < pairs.count {
            out.append(Loop(pairs[i] as! Dimension, pairs[i + 1] as! Int))
            i += 2
        }
        return out
    }

    static func stats(density: [TensorKind: Double] = [:], distribution: DensityDistribution? = nil,
                      entropy: [TensorKind: Double] = [:]) -> DataStats {
        var s = DataStats()
        s.density = density
        s.distribution = distribution
        s.entropyBits = entropy
        return s
    }

    static func technique(_ kind: String, _ options: [String: String]) -> TechniqueSpec {
        TechniqueSpec(kind: kind, options: options)
    }

    /// Evaluates `mapping` densely, then applies the architecture's techniques in order.
    static func run(_ architecture: Architecture, _ layer: Layer, _ mapping: Mapping) throws
        -> (dense: Evaluation, final: Evaluation, rows: [TechniqueAttribution], notes: [String]) {
        let evaluator = Evaluator(architecture: architecture)
        let dense = try evaluator.evaluate(layer: layer, mapping: mapping)
        let techniques = try TechniqueRegistry.makeAll(architecture: evaluator.architecture)
        let context = TechniqueContext(architecture: evaluator.architecture, layer: layer)
        let (final, rows) = TechniquePipeline.apply(techniques, to: dense, context: context)
        return (dense, final, rows, rows.flatMap(\.notes))
    }

    /// `|a − b| ≤ tolerance·|b|`.
    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(abs(b), 1e-12)
    }

    /// Σ level access energy + leak + networks + MACs, recomputed from the parts.
    static func sumOfParts(_ e: Evaluation) -> Double {
        e.levels.reduce(0) { $0 + $1.tensors.reduce(0) { $0 + $1.energy } + $1.leakEnergy }
            + e.networks.reduce(0) { $0 + $1.energy } + e.macEnergy
    }
}

extension Evaluation {
    /// Accesses of `tensor` at the level named `level` (test convenience).
    func sparseAccesses(_ level: String, _ tensor: TensorKind) -> TensorAccesses? { self.level(level)?.accesses(tensor) }
}
