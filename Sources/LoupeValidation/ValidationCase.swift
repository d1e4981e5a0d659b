import LoupeModel

/// One case file of the validation suite (`Validation/*.yaml`, docs/validation.md "How the
/// tables are made"): the estimates it runs and the published figures it compares them with.
/// It becomes one section of the generated tables.
public struct ValidationSection: Sendable, Hashable {
    /// The case file, as given (relative to the suite's root).
    public var file: String
    public var title: String
    /// A paragraph printed under the title (the setup), may be empty.
    public var text: String
    public var runs: [ValidationRun]
    public var rows: [ValidationRow]

    public init(file: String, title: String, text: String, runs: [ValidationRun], rows: [ValidationRow]) {
        self.file = file
        self.title = title
        self.text = text
        self.runs = runs
        self.rows = rows
    }

    public func run(named name: String) -> ValidationRun? { runs.first { $0.name == name } }
}

/// One `loupe estimate` of a case file: what `runs:` names.
public struct ValidationRun: Sendable, Hashable {
    public var name: String
    public var architecture: String
    public var workload: String
    /// A mapping file; layers it does not cover are searched.
    public var mapping: String?
    /// `--set PATH=VALUE` texts, in order.
    public var overrides: [String]
    /// `--disable KIND` technique kinds.
    public var disabled: [String]
    /// The layers to estimate (nil = every layer). The mapper seeds each layer from its shape
    /// (docs/mapper.md), so a layer's figures are those of the whole-network command.
    public var layers: [String]?
    /// The mapper's objective (`energy`, `delay`, `edp`).
    public var objective: String
    public var budget: Int
    public var seed: UInt64
    public var location: SourceLocation?

    public init(name: String, architecture: String, workload: String, mapping: String? = nil, overrides: [String] = [],
                disabled: [String] = [], layers: [String]? = nil, objective: String = "edp", budget: Int = 30_000,
                seed: UInt64 = 1, location: SourceLocation? = nil) {
        self.name = name
        self.architecture = architecture
        self.workload = workload
        self.mapping = mapping
        self.overrides = overrides
        self.disabled = disabled
        self.layers = layers
        self.objective = objective
        self.budget = budget
        self.seed = seed
        self.location = location
    }

    /// The `loupe estimate` command line that reproduces the run (every layer of the workload).
    public var command: String {
        var parts = ["loupe estimate", architecture, workload]
        if let mapping { parts += ["--mapping", mapping] }
        for o in overrides { parts += ["--set", Self.quoted(o)] }
        for d in disabled { parts += ["--disable", d] }
        if objective != "edp" { parts += ["--objective", objective] }
        parts += ["--budget", String(budget), "--seed", String(seed)]
        return parts.joined(separator: " ")
    }

    /// A shell word: as is when it is safe, else in single quotes.
    static func quoted(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || "0123456789._=-/:,".unicodeScalars.contains($0) }
        return safe ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// What a row reads from its run(s) (docs/validation.md "Metrics").
public enum ValidationMetric: String, CaseIterable, Sendable, Hashable {
    /// Σ cycles × repeat / clock, in ms.
    case latencyMs = "latency_ms"
    /// The same in µs.
    case latencyUs = "latency_us"
    /// Chip power: (Σ energy − the energy of every `dram`-class level) / Σ latency, in mW.
    case powerMw = "power_mw"
    /// Words moved at `level` (reads, fills, updates, gated accesses and metadata, over every
    /// instance) × word bits / 8, in MB (10⁶ bytes).
    case accessesMB = "accesses_mb"
    /// Σ energy × repeat, in mJ (`levels:` restricts the energy).
    case energyMj = "energy_mj"
    /// Σ energy / Σ MACs, pJ (`levels:` restricts the energy).
    case energyPerMacPj = "energy_per_mac_pj"
    /// Baseline cycles / run cycles (×).
    case speedup
    /// Baseline energy / run energy (×; `levels:` restricts the energy).
    case energyRatio = "energy_ratio"
    /// (1 − run energy / baseline energy) × 100 (%; `levels:` restricts the energy).
    case energySavingPct = "energy_saving_pct"

    /// Whether the metric compares the run with a `baseline:` run.
    public var needsBaseline: Bool { [.speedup, .energyRatio, .energySavingPct].contains(self) }
    public var needsLevel: Bool { self == .accessesMB }
    /// The unit the published figure and Loupe's are written in.
    public var unit: String {
        switch self {
        case .latencyMs: "ms"
        case .latencyUs: "µs"
        case .energyMj: "mJ"
        case .powerMw: "mW"
        case .accessesMB: "MB"
        case .energyPerMacPj: "pJ/MAC"
        case .speedup, .energyRatio: "×"
        case .energySavingPct: "%"
        }
    }
}

/// A published figure: one value, or a range (`[low, high]`, e.g. "1.4–2.5×").
public struct PublishedFigure: Sendable, Hashable {
    public var low: Double
    public var high: Double
    public init(_ value: Double) { low = value; high = value }
    public init(low: Double, high: Double) { self.low = low; self.high = high }
    public var isRange: Bool { low != high }

    /// Loupe's relative error: `loupe / published − 1`; for a range, 0 inside it and the
    /// distance to the nearer end, relative to that end, outside.
    public func error(of loupe: Double) -> Double {
        if loupe < low { return loupe / low - 1 }
        if loupe > high { return loupe / high - 1 }
        return 0
    }
}

/// One row of a generated table.
public struct ValidationRow: Sendable, Hashable {
    public var figure: String
    public var published: PublishedFigure
    public var metric: ValidationMetric
    public var run: String
    /// For `speedup`, `energy_ratio`, `energy_saving_pct`: the run compared against.
    public var baseline: String?
    /// Layers to sum over (nil = the run's layers).
    public var layers: [String]?
    /// For `accesses_mb`: the storage level.
    public var level: String?
    /// For the energy metrics: only these levels' energy (`MAC` = the compute level; nil = all).
    public var energyLevels: [String]?
    /// Relative tolerance, e.g. 0.15 for ±15%.
    public var target: Double
    /// Paper and table of the published figure.
    public var source: String
    public var note: String
    /// Set when the row cannot be computed yet (a missing model or file): the reason.
    public var pending: String?
    public var location: SourceLocation?

    public init(figure: String, published: PublishedFigure, metric: ValidationMetric, run: String, baseline: String? = nil,
                layers: [String]? = nil, level: String? = nil, energyLevels: [String]? = nil, target: Double,
                source: String, note: String = "", pending: String? = nil, location: SourceLocation? = nil) {
        self.figure = figure
        self.published = published
        self.metric = metric
        self.run = run
        self.baseline = baseline
        self.layers = layers
        self.level = level
        self.energyLevels = energyLevels
        self.target = target
        self.source = source
        self.note = note
        self.pending = pending
        self.location = location
    }
}
