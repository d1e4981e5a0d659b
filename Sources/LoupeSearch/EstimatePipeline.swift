import Foundation
import LoupeEngine
import LoupeModel

/// Everything one estimate needs: the loaded specs, an optional mapping file, mapper options.
public struct EstimateRequest: Sendable {
    public var architecture: Architecture
    public var workload: Workload
    /// Mappings from a file; layers it does not cover (and no `default:`) are searched.
    public var mappingFile: MappingFile?
    /// Resolves a mapping-file entry for a layer (LoupeSpec's `resolveMapping`), injected so
    /// that this module stays free of YAML.
    public var resolveMapping: (@Sendable (MappingFile, Layer, Architecture) throws(DiagnosticError) -> Mapping?)?
    public var options: MapperOptions
    /// Technique kinds to leave out (`--disable`).
    public var disabledTechniques: Set<String>
    /// Searches shared with the other estimates of the run (a sweep's points, `SearchCache`).
    public var searchCache: SearchCache?
    /// With `searchCache`: also try the best mappings the cache holds for each layer from
    /// other points (docs/sweeps.md, "Shared search").
    public var shareCandidates = false

    public init(architecture: Architecture, workload: Workload, mappingFile: MappingFile? = nil,
                resolveMapping: (@Sendable (MappingFile, Layer, Architecture) throws(DiagnosticError) -> Mapping?)? = nil,
                options: MapperOptions = MapperOptions(), disabledTechniques: Set<String> = []) {
        self.architecture = architecture
        self.workload = workload
        self.mappingFile = mappingFile
        self.resolveMapping = resolveMapping
        self.options = options
        self.disabledTechniques = disabledTechniques
    }
}

/// What the mapper did over a whole estimate.
public struct MapperStatistics: Sendable, Hashable {
    public var evaluated: Int = 0
    public var valid: Int = 0
    public var seconds: Double = 0
    public var layersSearched: Int = 0

    /// What the report records: counts only, so that reports stay byte-identical across runs.
    public var reportLine: String {
        "mapper: evaluated \(evaluated) mappings (\(valid) valid) over \(layersSearched) distinct layer shapes"
    }

    /// `mapper: evaluated N mappings (V valid) in T s` (docs/spec.md §10, `estimate`), for stderr.
    public var line: String {
        "mapper: evaluated \(evaluated) mappings (\(valid) valid) in \(NumberFormat.string(seconds, .fixed(fractionDigits: 2))) s"
    }
}

/// Runs a whole estimate: mappings (file or mapper), the dense model, then the architecture's
/// techniques in order, collecting the assumptions the report lists (docs/mapper.md §3,
/// docs/spec.md §11).
public enum EstimatePipeline {
    public static func run(_ request: EstimateRequest, cancel: CancellationFlag? = nil,
                           progress: (@Sendable (SearchProgress) -> Void)? = nil)
        throws(DiagnosticError) -> (NetworkEstimate, MapperStatistics) {
        let evaluator = Evaluator(architecture: request.architecture)
        let arch = evaluator.architecture
        let techniques = try TechniqueRegistry.makeAll(architecture: arch, disabled: request.disabledTechniques)
        // The layers the hardware computes: each bound padded to the levels' `multiple_of`
        // (docs/model.md §7, "Instruction-shape padding"); the workload's own when none.
        let workloadLayers = request.workload.layers
        let layers = workloadLayers.map { arch.padded($0) }
        var problems: [Diagnostic] = []

        // Mappings from the file, where it has them.
        var mappings: [Mapping?] = Array(repeating: nil, count: layers.count)
        var ends: [String] = Array(repeating: "", count: layers.count)
        if let file = request.mappingFile, let resolve = request.resolveMapping {
            for (i, layer) in layers.enumerated() {
                do { mappings[i] = try resolve(file, layer, arch) } catch { problems += error.diagnostics }
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }

        // Search the rest.
        var stats = MapperStatistics()
        let toSearch = layers.indices.filter { mappings[$0] == nil }
        if !toSearch.isEmpty {
            let ratios = toSearch.map { storageRatios(for: layers[$0], architecture: arch, techniques: techniques) }
            var options = request.options
            options.imperfect = options.imperfect || arch.imperfectFactorization
            let mapper = Mapper(architecture: evaluator.resolved, constraints: arch.constraints, options: options)
            let start = Date()
            let results = try mapper.searchAll(layers: toSearch.map { layers[$0] }, storageRatios: ratios, cancel: cancel,
                                               cache: request.searchCache, shareCandidates: request.shareCandidates,
                                               progress: progress)
            stats.seconds = Date().timeIntervalSince(start)
            var seen = Set<String>()
            for (k, i) in toSearch.enumerated() {
                guard let r = results[k] else {
                    problems.append(Diagnostic(.error, "no valid mapping of layer '\(layers[i].name)' fits architecture '\(arch.name)'",
                                               at: layers[i].location,
                                               hint: "check the level sizes and the constraints, or give a mapping file"))
                    continue
                }
                mappings[i] = r.mapping
                ends[i] = r.end.rawValue
                if seen.insert(Mapper.signature(layers[i])).inserted {
                    stats.evaluated += r.evaluated
                    stats.valid += r.valid
                    stats.layersSearched += 1
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }

        // Evaluate, then apply the techniques.
        var estimates: [LayerEstimate] = []
        var assumptions: [String] = []
        var bounds: [String: LayerBound] = [:]
        for (i, layer) in layers.enumerated() {
            let mapping = mappings[i]!
            var dense: Evaluation
            let ratio = storageRatios(for: layer, architecture: arch, techniques: techniques)
            let location = request.mappingFile?.layerLocations[layer.name] ?? request.mappingFile?.layerLocations["default"]
            if mapping.isImperfect && !(request.options.imperfect || arch.imperfectFactorization) {
                // An imperfect loop needs the feature on (docs/spec.md §8).
                for (l, lm) in mapping.levels.enumerated() {
                    for loop in lm.temporal + lm.spatialX + lm.spatialY where loop.split != nil {
                        problems.append(Diagnostic(.error, MappingProblem.imperfectOff(level: arch.levels[l].name, loop: loop.description).description,
                                                   at: lm.location ?? location ?? layer.location,
                                                   hint: "add 'mapper: {imperfect: true}' to the architecture, or run with --imperfect"))
                    }
                }
                continue
            }
            do {
                dense = try evaluator.evaluate(layer: layer, mapping: mapping, storageRatios: ratio)
                dense.dropPaddingTraffic(architecture: arch, unpadded: workloadLayers[i], padded: layer)
            } catch {
                problems.append(Diagnostic(.error, error.description, at: location ?? layer.location))
                continue
            }
            let context = TechniqueContext(architecture: arch, layer: layer)
            let (final, rows) = TechniquePipeline.apply(techniques, to: dense, context: context)
            for row in rows { for note in row.notes where !assumptions.contains(note) { assumptions.append(note) } }
            let source = toSearch.contains(i) ? "mapper (\(request.options.objective.rawValue), seed \(request.options.seed))" : "mapping file"
            // The bound depends only on the layer's shape and the architecture: computed once per
            // distinct shape, after the search (the mapper does not use it).
            let signature = Mapper.signature(layer)
            let bound = bounds[signature] ?? LayerBound(architecture: arch, layer: layer)
            bounds[signature] = bound
            let unpadded = workloadLayers[i].bounds == layer.bounds ? nil : workloadLayers[i].bounds
            if let unpadded {
                let changes = Dimension.allCases.filter { unpadded[$0.rawValue] != layer[$0] }
                    .map { "\($0) \(unpadded[$0.rawValue]) → \(layer[$0])" }.joined(separator: ", ")
                let note = "Layer '\(layer.name)' padded to the levels' multiple_of: \(changes) (the padded MACs take cycles and energy)."
                if !assumptions.contains(note) { assumptions.append(note) }
            }
            estimates.append(LayerEstimate(layer: layer, dense: dense, final: final, attributions: rows, mappingSource: source,
                                           bound: bound, unpaddedBounds: unpadded, searchEnd: ends[i]))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        assumptions = architectureAssumptions(arch) + assumptions
        if !toSearch.isEmpty {
            assumptions.append("Mappings of \(toSearch.count) layer(s) found by Loupe's mapper: objective \(request.options.objective.rawValue), budget \(request.options.budget) evaluations per layer \(request.options.stop == .budget ? "(fixed)" : "(the search stops when it converges)"), seed \(request.options.seed)\(request.options.timeLimit.map { ", time limit \($0) s (results depend on the machine's speed)" } ?? "").")
        }
        let estimate = NetworkEstimate(architecture: arch, workload: request.workload, layers: estimates,
                                       assumptions: assumptions, mapperSummary: toSearch.isEmpty ? "" : stats.reportLine)
        return (estimate, stats)
    }

    /// Stored words per dense word for each (level, tensor) of a layer: the product of the
    /// techniques' storage ratios (compression changes what fits; docs/mapper.md §4).
    public static func storageRatios(for layer: Layer, architecture: Architecture, techniques: [any Technique]) -> StorageRatios {
        var r = StorageRatios(levelCount: architecture.levels.count)
        for (i, level) in architecture.levels.enumerated() {
            for t in TensorKind.allCases {
                for tech in techniques { r[level: i, tensor: t] *= tech.storageRatio(tensor: t, level: level.name, stats: layer.stats) }
            }
        }
        return r
    }

    /// The figures of the architecture that are defaults or estimates, for the report.
    public static func architectureAssumptions(_ arch: Architecture) -> [String] {
        var out: [String] = []
        for level in arch.levels where level.energy.source != "spec" {
            let kind = level.energy.estimated ? "estimated" : "built-in"
            out.append("\(level.name): energies \(kind), from \(level.energy.source).")
        }
        for level in arch.levels where level.areaSource != "spec" && level.areaUm2 > 0 {
            out.append("\(level.name): area \(NumberFormat.string(level.areaUm2, .fixed(fractionDigits: 1))) µm² per instance from \(level.areaSource).")
        }
        if arch.levels.allSatisfy({ $0.areaSource == "spec" && $0.areaUm2 == 0 }) {
            out.append("No areas given and none estimated: area totals are 0.")
        }
        for w in arch.figureWarnings() { out.append("Warning: \(w.level): \(w.message).") }
        return out
    }
}
