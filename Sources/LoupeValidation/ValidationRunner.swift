import Foundation
import LoupeEngine
import LoupeModel
import LoupeSearch
import LoupeSpec

/// One row's outcome.
public struct ValidationResult: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case within, miss, pending
    }
    public var row: ValidationRow
    /// Loupe's figure, in the metric's unit; nil when pending.
    public var loupe: Double?
    /// `PublishedFigure.error(of:)`; nil when pending.
    public var error: Double?
    public var status: Status
}

/// A section's outcome: its rows' results, in order.
public struct ValidationSectionResult: Sendable, Hashable {
    public var section: ValidationSection
    public var results: [ValidationResult]
}

/// Runs the case files' estimates and reads each row's figure from them (docs/validation.md).
public struct ValidationRunner: Sendable {
    /// The directory every path in the case files is relative to.
    public var root: String
    /// Mapper worker threads; results do not depend on it.
    public var threads: Int?

    public init(root: String = ".", threads: Int? = nil) {
        self.root = root
        self.threads = threads
    }

    func path(_ p: String) -> String { p.hasPrefix("/") || root == "." ? p : root + "/" + p }

    /// Runs every run that a computed (not pending) row uses, then each row's metric.
    public func run(_ section: ValidationSection) throws(DiagnosticError) -> ValidationSectionResult {
        var needed: [String] = []
        for row in section.rows where row.pending == nil {
            for name in [row.run] + (row.baseline.map { [$0] } ?? []) where !needed.contains(name) { needed.append(name) }
        }
        var estimates: [String: NetworkEstimate] = [:]
        for run in section.runs where needed.contains(run.name) {
            // A problem in the run's specs, overrides or mapping is located where it is; the
            // note says which run of which case file asked for it.
            do { estimates[run.name] = try estimate(run) } catch {
                throw DiagnosticError(error.diagnostics + [Diagnostic(.note, "in run '\(run.name)' of this case file", at: run.location)])
            }
        }
        var results: [ValidationResult] = []
        var problems: [Diagnostic] = []
        for row in section.rows {
            guard row.pending == nil else {
                results.append(ValidationResult(row: row, loupe: nil, error: nil, status: .pending))
                continue
            }
            do {
                let value = try Self.value(of: row, estimates: estimates)
                let error = row.published.error(of: value)
                results.append(ValidationResult(row: row, loupe: value, error: error,
                                                status: abs(error) <= row.target + 1e-12 ? .within : .miss))
            } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return ValidationSectionResult(section: section, results: results)
    }

    /// The estimate of one run, restricted to its layers.
    public func estimate(_ run: ValidationRun) throws(DiagnosticError) -> NetworkEstimate {
        var overrides: [Override] = []
        var problems: [Diagnostic] = []
        for text in run.overrides {
            do throws(DiagnosticError) { overrides.append(try Override.parse(text)) } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        let architecture = try SpecLoader.loadArchitecture(path: path(run.architecture), overrides: overrides)
        var workload = try SpecLoader.loadWorkload(path: path(run.workload), overrides: overrides)
        var mappingFile: MappingFile?
        if let mapping = run.mapping {
            let file = try SpecLoader.loadMapping(path: path(mapping))
            let errors = SpecLoader.checkMapping(file, architecture: architecture, workload: workload).filter { $0.severity == .error }
            if !errors.isEmpty { throw DiagnosticError(errors) }
            mappingFile = file
        }
        if let names = run.layers {
            let known = workload.layers.map(\.name)
            for name in names where !known.contains(name) {
                problems.append(Diagnostic(.error, "run '\(run.name)' names layer '\(name)', which workload '\(workload.name)' lacks",
                                           at: run.location, hint: DidYouMean.hint(for: name, among: known)))
            }
            if !problems.isEmpty { throw DiagnosticError(problems) }
            workload.layers = workload.layers.filter { names.contains($0.name) }
        }
        var options = MapperOptions(objective: Objective(rawValue: run.objective) ?? .edp, budget: run.budget, seed: run.seed)
        if let threads { options.threads = threads }
        let request = EstimateRequest(
            architecture: architecture, workload: workload, mappingFile: mappingFile,
            resolveMapping: { file, layer, architecture throws(DiagnosticError) in
                try SpecLoader.resolveMapping(file, layer: layer.name, architecture: architecture)
            },
            options: options, disabledTechniques: Set(run.disabled))
        return try EstimatePipeline.run(request).0
    }

    /// A row's figure from its run's (and baseline's) estimate, in the metric's unit
    /// (`ValidationMetric` states each formula).
    static func value(of row: ValidationRow, estimates: [String: NetworkEstimate]) throws(DiagnosticError) -> Double {
        let estimate = estimates[row.run]!
        let layers = try select(row, in: estimate)
        let baseline: [LayerEstimate]
        if let b = row.baseline { baseline = try select(row, in: estimates[b]!) } else { baseline = [] }
        let arch = estimate.architecture
        func seconds(_ ls: [LayerEstimate], _ a: Architecture) -> Double { ls.reduce(0) { $0 + $1.totalCycles } / a.clockHz }
        func cycles(_ ls: [LayerEstimate]) -> Double { ls.reduce(0) { $0 + $1.totalCycles } }
        switch row.metric {
        case .latencyMs:
            return seconds(layers, arch) * 1e3
        case .latencyUs:
            return seconds(layers, arch) * 1e6
        case .energyMj:
            return try energy(row, layers, arch) * 1e-9
        case .powerMw:
            let offChip = Set(arch.levels.filter { $0.levelClass == .dram }.map(\.name))
            let energy = layers.reduce(0.0) { sum, l in
                sum + (l.final.energy - l.final.levels.filter { offChip.contains($0.name) }.reduce(0) { $0 + $1.energy }) * Double(l.layer.repeatCount)
            }
            return energy * 1e-12 / seconds(layers, arch) * 1e3
        case .accessesMB:
            let name = row.level!
            guard let level = arch.levels.first(where: { $0.name == name && !$0.isCompute }) else {
                throw DiagnosticError([Diagnostic(.error, "row '\(row.figure)' names level '\(name)', which architecture '\(arch.name)' lacks as a storage level",
                                                  at: row.location, hint: DidYouMean.hint(for: name, among: arch.storageLevels.map(\.name)))])
            }
            let words = layers.reduce(0.0) { sum, l in
                guard let e = l.final.level(name) else { return sum }
                let perLayer = e.tensors.reduce(0.0) { s, t in
                    s + (t.reads + t.fills + t.updates + t.gated + t.metadataWords) * Double(t.utilizedInstances)
                }
                return sum + perLayer * Double(l.layer.repeatCount)
            }
            return words * Double(level.wordBits) / 8 / 1e6
        case .energyPerMacPj:
            let macs = layers.reduce(0.0) { $0 + Double($1.final.macs * $1.layer.repeatCount) }
            return try energy(row, layers, arch) / macs
        case .speedup:
            return cycles(baseline) / cycles(layers)
        case .energyRatio:
            return try energy(row, baseline, estimates[row.baseline!]!.architecture) / energy(row, layers, arch)
        case .energySavingPct:
            return (1 - (try energy(row, layers, arch)) / (try energy(row, baseline, estimates[row.baseline!]!.architecture))) * 100
        }
    }

    /// Σ energy × repeat, pJ: every component, or only the row's `levels:` (storage levels'
    /// accesses and leakage; `MAC` or the compute level's name for the MACs).
    static func energy(_ row: ValidationRow, _ layers: [LayerEstimate], _ arch: Architecture) throws(DiagnosticError) -> Double {
        guard let names = row.energyLevels else { return layers.reduce(0) { $0 + $1.totalEnergy } }
        let known = arch.storageLevels.map(\.name) + [arch.compute.name, "MAC"]
        for name in names where !known.contains(name) {
            throw DiagnosticError([Diagnostic(.error, "row '\(row.figure)' names level '\(name)', which architecture '\(arch.name)' lacks",
                                              at: row.location, hint: DidYouMean.hint(for: name, among: known))])
        }
        let compute = names.contains("MAC") || names.contains(arch.compute.name)
        return layers.reduce(0.0) { sum, l in
            let levels = l.final.levels.filter { names.contains($0.name) }.reduce(0) { $0 + $1.energy }
            return sum + (levels + (compute ? l.final.macEnergy : 0)) * Double(l.layer.repeatCount)
        }
    }

    /// The row's layers of an estimate (all of it when the row names none).
    static func select(_ row: ValidationRow, in estimate: NetworkEstimate) throws(DiagnosticError) -> [LayerEstimate] {
        guard let names = row.layers else { return estimate.layers }
        let known = estimate.layers.map(\.layer.name)
        var out: [LayerEstimate] = []
        for name in names {
            guard let l = estimate.layers.first(where: { $0.layer.name == name }) else {
                throw DiagnosticError([Diagnostic(.error, "row '\(row.figure)' names layer '\(name)', which its run does not estimate",
                                                  at: row.location, hint: DidYouMean.hint(for: name, among: known))])
            }
            out.append(l)
        }
        return out
    }
}
