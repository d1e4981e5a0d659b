import LoupeEngine
import LoupeModel

/// `summary.md`: the estimate for people, as GitHub-flavoured Markdown.
///
/// Sections, in order: the title (`architecture × workload`) and a one-line setup; **Network**
/// (energy, latency at the clock, throughput in inferences/s and GMAC/s, energy per MAC, EDP,
/// average power, utilization, area); **Layers** (one row per layer, one instance of it);
/// **Energy breakdown** (the network total per component, with its share); **Bottlenecks**
/// (each layer's bound and utilization); **Technique savings** (network-wide, per
/// technique); **Mapper**; **Assumptions** (every item of `NetworkEstimate.assumptions`,
/// every level whose energies are estimates with their source, technique notes, and the
/// per-action energy and area figures with their sources).
///
/// Numbers for people: 4 significant digits (`NumberFormat` style `.decimal(significant: 4)`), scaled to a
/// unit (pJ … J, ns … s, one unit per table column), whole counts in full; no thousands
/// separators. The exact values are in the CSV and JSON files.
enum SummaryMarkdown {
    static func render(_ estimate: NetworkEstimate) -> String {
        let arch = estimate.architecture
        let totals = NetworkTotals(estimate)
        var out = "# \(text(arch.name)) × \(text(estimate.workload.name))\n\n"
        out += "Loupe estimate (analytical; no cycle simulation). Architecture **\(text(arch.name))**: "
        out += "\((arch.technology?.rawValue ?? "no technology")), \(frequency(arch.clockHz)), \(totals.totalPEs) PEs, "
        out += "\(readable(totals.areaMM2)) mm². Workload **\(text(estimate.workload.name))**: "
        out += "\(totals.layers) \(totals.layers == 1 ? "layer" : "layers"), batch \(totals.batch). "
        out += "Network figures are for one pass of the network (each layer × its repeat).\n\n"

        out += network(totals, clockHz: arch.clockHz, staticSplit: arch.staticPowerWatts > 0)
        out += layers(estimate)
        out += energyBreakdown(estimate, totals: totals)
        out += bottlenecks(estimate)
        out += techniques(estimate, totals: totals)
        out += mapper(estimate)
        out += assumptions(estimate)
        return out
    }

    // MARK: - Sections

    /// With `staticSplit` (the architecture gives a chip static power) two more rows split the
    /// energy and the average power into dynamic and static (leakage + chip static).
    private static func network(_ t: NetworkTotals, clockHz: Double, staticSplit: Bool) -> String {
        var out = "## Network\n\n| metric | value |\n|---|---:|\n"
        out += "| energy | \(energy(t.energy)) |\n"
        out += "| latency | \(time(t.latency)) (\(count(t.cycles)) cycles at \(frequency(clockHz))) |\n"
        out += "| throughput | \(readable(t.inferencesPerSecond)) inferences/s, "
            + "\(readable(t.gmacsPerSecond)) GMAC/s |\n"
        out += "| MACs | \(t.macs) (effectual \(count(t.effectualMACs))) |\n"
        out += "| energy per MAC | \(readable(t.pjPerMAC)) pJ |\n"
        out += "| energy-delay product | \(energyDelay(t.edp)) |\n"
        out += "| average power | \(power(t.averagePower)) |\n"
        if staticSplit {
            out += "| dynamic energy · power | \(energy(t.dynamicEnergy)) · \(power(t.dynamicPower)) |\n"
            out += "| static energy · power | \(energy(t.staticEnergy)) · \(power(t.staticPower)) (leakage + chip static) |\n"
        }
        out += "| utilization | \(NumberFormat.percent(t.utilization)) of \(t.totalPEs) PEs |\n"
        out += "| area | \(readable(t.areaMM2)) mm² |\n"
        if t.denseEnergy != t.energy || t.denseCycles != t.cycles {
            out += "| before techniques | \(energy(t.denseEnergy)), \(count(t.denseCycles)) cycles |\n"
        }
        return out + "\n"
    }

    private static func layers(_ estimate: NetworkEstimate) -> String {
        let metrics = estimate.layers.map { LayerMetrics($0, architecture: estimate.architecture) }
        var out = "## Layers\n\nOne instance of each layer; the network counts it `repeat` times.\n\n"
        guard !metrics.isEmpty else { return out + "No layers.\n\n" }
        let eUnit = EnergyUnit(forLargest: metrics.map(\.energy).max() ?? 0)
        let tUnit = TimeUnit(forLargest: metrics.map(\.latency).filter(\.isFinite).max() ?? 0)
        out += "| layer | type | repeat | MACs | cycles | latency (\(tUnit.symbol)) | utilization | "
            + "energy (\(eUnit.symbol)) | pJ/MAC | bound |\n"
        out += "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
        for m in metrics {
            out += "| \(cell(m.name)) | \(m.type) | \(m.repeatCount) | \(m.macs) | \(count(m.cycles)) | "
                + "\(tUnit.format(m.latency)) | \(NumberFormat.percent(m.utilization)) | "
                + "\(eUnit.format(m.energy)) | \(readable(m.pjPerMAC)) | \(cell(m.bound)) |\n"
        }
        return out + "\n"
    }

    private static func energyBreakdown(_ estimate: NetworkEstimate, totals: NetworkTotals) -> String {
        var out = "## Energy breakdown\n\n"
        let components = EnergyBreakdown.network(estimate)
        let machinery = components.contains { $0.kind == .machinery }
        out += "Network total by component: each storage level's accesses, the networks of the arrays, "
            + "the MACs, " + (machinery ? "the techniques' machinery (`<kind>: <part>`), " : "") + "and the leakage of all levels.\n\n"
        let unit = EnergyUnit(forLargest: components.map(\.energy).max() ?? 0)
        out += "| component | energy (\(unit.symbol)) | share |\n|---|---:|---:|\n"
        for c in components {
            let share = totals.energy != 0 ? c.energy / totals.energy : .nan
            out += "| \(cell(c.name)) | \(unit.format(c.energy)) | \(NumberFormat.percent(share)) |\n"
        }
        out += "| **total** | **\(unit.format(totals.energy))** | "
            + "**\(NumberFormat.percent(totals.energy != 0 ? 1 : .nan))** |\n"
        return out + "\n"
    }

    private static func bottlenecks(_ estimate: NetworkEstimate) -> String {
        var out = "## Bottlenecks\n\n"
        out += "`compute` means the MAC array sets the cycles; otherwise the named level's bandwidth does. "
            + "Utilization is (MACs − skipped MACs) / (PEs × cycles).\n\n"
        guard !estimate.layers.isEmpty else { return out + "No layers.\n\n" }
        out += "| layer | bound | utilization | cycles | compute cycles | slowest level |\n"
        out += "|---|---|---:|---:|---:|---|\n"
        for layer in estimate.layers {
            let e = layer.final
            let slowest = e.levels.max { $0.bandwidthCycles < $1.bandwidthCycles }
            var slowText = "–"
            if let slowest, slowest.bandwidthCycles > 0 {
                slowText = "\(cell(slowest.name)) (\(count(slowest.bandwidthCycles)) cycles)"
            }
            out += "| \(cell(layer.layer.name)) | \(cell(e.bound)) | \(NumberFormat.percent(e.utilization)) | "
                + "\(count(e.cycles)) | \(count(e.effectiveComputeCycles)) | \(slowText) |\n"
        }
        return out + "\n"
    }

    private static func techniques(_ estimate: NetworkEstimate, totals: NetworkTotals) -> String {
        var out = "## Technique savings\n\n"
        let summaries = TechniqueSummary.all(estimate)
        guard !summaries.isEmpty else {
            return out + "No techniques applied: the estimate is the dense one.\n\n"
        }
        out += "Network-wide, each technique against the estimate before it (in the architecture's order); "
            + "shares are of the dense network (\(energy(totals.denseEnergy)), \(count(totals.denseCycles)) cycles).\n\n"
        let unit = EnergyUnit(forLargest: summaries.map { abs($0.energySaved) }.max() ?? 0)
        out += "| technique | layers | energy saved (\(unit.symbol)) | energy saved (%) | cycles saved | cycles saved (%) |\n"
        out += "|---|---:|---:|---:|---:|---:|\n"
        for s in summaries {
            let eShare = totals.denseEnergy != 0 ? s.energySaved / totals.denseEnergy : .nan
            let cShare = totals.denseCycles != 0 ? s.cyclesSaved / totals.denseCycles : .nan
            out += "| \(cell(s.technique)) | \(s.layers) | \(unit.format(s.energySaved)) | \(NumberFormat.percent(eShare)) | "
                + "\(count(s.cyclesSaved)) | \(NumberFormat.percent(cShare)) |\n"
        }
        let saved = totals.denseEnergy - totals.energy
        out += "\nDense \(energy(totals.denseEnergy)) → final \(energy(totals.energy))"
        if totals.denseEnergy != 0 {
            out += " (\(NumberFormat.percent(saved / totals.denseEnergy)) saved)"
        }
        out += "; \(count(totals.denseCycles)) → \(count(totals.cycles)) cycles.\n\n"
        return out
    }

    /// One line: the network's dense energy and cycles (Σ layers × repeat) against the sum of
    /// the layers' lower bounds, and the layer with the largest energy gap; empty when some
    /// layer has no bound.
    private static func lowerBound(_ estimate: NetworkEstimate) -> String {
        guard !estimate.layers.isEmpty, estimate.layers.allSatisfy({ $0.bound != nil }) else { return "" }
        var dense = 0.0, denseCycles = 0.0, bound = 0.0, boundCycles = 0.0
        for l in estimate.layers {
            let r = Double(l.layer.repeatCount)
            dense += l.dense.energy * r
            denseCycles += l.dense.cycles * r
            bound += l.bound!.energy * r
            boundCycles += l.bound!.cycles * r
        }
        var worst = estimate.layers[0]
        for l in estimate.layers where (l.energyGap ?? 0) > (worst.energyGap ?? 0) { worst = l }
        return "Lower bound: no mapping of these layers can take less than \(energy(bound)) or fewer than "
            + "\(count(boundCycles)) cycles (dense); the mappings used are "
            + "\(NumberFormat.percent(LayerBound.gap(dense, over: bound))) and "
            + "\(NumberFormat.percent(LayerBound.gap(denseCycles, over: boundCycles))) above; largest energy gap: "
            + "\(text(worst.layer.name)) (\(NumberFormat.percent(worst.energyGap ?? .nan))). Per layer in `layers.csv` "
            + "(docs/mapper.md, \"Lower bound\").\n\n"
    }

    private static func mapper(_ estimate: NetworkEstimate) -> String {
        var out = "## Mapper\n\n"
        if estimate.mapperSummary.isEmpty {
            out += "No search: the mappings came from a mapping file.\n\n"
        } else {
            out += "\(text(estimate.mapperSummary))\n\n"
        }
        out += lowerBound(estimate)
        out += "The mappings used are in `mappings.yaml` (re-usable with `--mapping`).\n\n"
        guard !estimate.layers.isEmpty else { return out }
        out += "| layer | source | search | loop nest |\n|---|---|---|---|\n"
        for layer in estimate.layers {
            let nest = MappingText.compact(layer.final.mapping, architecture: estimate.architecture)
            let source = layer.mappingSource.isEmpty ? "–" : cell(layer.mappingSource)
            let end = layer.searchEnd.isEmpty ? "–" : layer.searchEnd
            out += "| \(cell(layer.layer.name)) | \(source) | \(end) | \(code(nest)) |\n"
        }
        return out + "\n"
    }

    private static func assumptions(_ estimate: NetworkEstimate) -> String {
        var out = "## Assumptions\n\n"
        var items = estimate.assumptions.map(text)
        for level in estimate.architecture.levels where level.energy.estimated {
            items.append("\(code(level.name)) energies are estimates (source: \(text(level.energy.source))).")
        }
        var seen = Set<String>()
        var notes: [String] = []
        for layer in estimate.layers {
            for a in layer.attributions {
                for note in a.notes where seen.insert("\(a.technique)\u{0}\(note)").inserted {
                    notes.append("\(text(a.technique)): \(text(note))")
                }
            }
        }
        if items.isEmpty && notes.isEmpty {
            out += "No default or estimated figures beyond those in the table below.\n\n"
        }
        for item in items { out += "- \(item)\n" }
        if !items.isEmpty { out += "\n" }
        if !notes.isEmpty {
            out += "Technique notes:\n\n"
            for note in notes { out += "- \(note)\n" }
            out += "\n"
        }
        out += "Figures used (storage energies per block access, leak per cycle per instance; "
            + "compute per operation):\n\n"
        out += "| level | class | instances | energy (pJ) | energy source | area per instance (µm²) | area source |\n"
        out += "|---|---|---:|---|---|---:|---|\n"
        let arch = estimate.architecture
        for (i, level) in arch.levels.enumerated() {
            let e = level.energy
            var figures: String
            if level.isCompute {
                figures = "compute \(readable(e.compute))"
            } else {
                figures = "read \(readable(e.read)), write \(readable(e.write)), "
                    + "update \(readable(e.update))"
                if level.blockWords > 1 { figures += " per \(level.blockWords) words" }
            }
            if e.leak != 0 { figures += ", leak \(readable(e.leak))" }
            if e.gated != 0 { figures += ", gated \(readable(e.gated))" }
            if level.networkTransfer != 0 {
                figures += ", network \(readable(level.networkTransfer))/word"
            }
            let source = cell(e.source) + (e.estimated ? " (estimate)" : "")
            out += "| \(cell(level.name)) | \(level.levelClass.rawValue) | \(arch.instances(of: i)) | \(figures) | "
                + "\(source) | \(readable(level.areaUm2)) | \(cell(level.areaSource)) |\n"
        }
        return out
    }

    // MARK: - Text

    /// Free text on one line with Markdown's special characters escaped.
    static func text(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\n", "\r", "\r\n": out += " "
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }

    /// A table cell: `text` (which escapes `|`).
    static func cell(_ s: String) -> String { text(s) }

    /// Inline code, with a fence longer than any backtick run inside; `|` escaped for tables.
    static func code(_ s: String) -> String {
        let flat = s.replacingNewlines()
        var longest = 0
        var run = 0
        for c in flat {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let body = flat.hasPrefix("`") || flat.hasSuffix("`") ? " \(flat) " : flat
        return fence + body.escapingPipes() + fence
    }

    private static func count(_ x: Double) -> String { readable(x, digits: 6) }

    private static func energy(_ pJ: Double) -> String {
        let unit = EnergyUnit(forLargest: abs(pJ))
        return unit.format(pJ) + " " + unit.symbol
    }

    private static func time(_ seconds: Double) -> String {
        let unit = TimeUnit(forLargest: abs(seconds))
        return unit.format(seconds) + " " + unit.symbol
    }

    /// J·s with an SI prefix on the joule (`4.972e-8 → "49.72 nJ·s"`).
    private static func energyDelay(_ js: Double) -> String {
        guard js.isFinite else { return "n/a" }
        let unit = EnergyUnit(forLargest: abs(js) * 1e12)
        return unit.format(js * 1e12) + " " + unit.symbol + "·s"
    }

    private static func power(_ watts: Double) -> String {
        guard watts.isFinite else { return "n/a" }
        if abs(watts) >= 1 || watts == 0 { return readable(watts) + " W" }
        if abs(watts) >= 1e-3 { return readable(watts * 1e3) + " mW" }
        return readable(watts * 1e6) + " µW"
    }

    private static func frequency(_ hz: Double) -> String {
        if hz >= 1e9 { return readable(hz / 1e9) + " GHz" }
        if hz >= 1e6 { return readable(hz / 1e6) + " MHz" }
        if hz >= 1e3 { return readable(hz / 1e3) + " kHz" }
        return readable(hz) + " Hz"
    }
}

/// An energy unit for a column of values in pJ: the largest unit the largest value reaches.
private struct EnergyUnit {
    var symbol: String
    var scale: Double

    init(forLargest pJ: Double) {
        switch pJ {
        case 1e12...: (symbol, scale) = ("J", 1e-12)
        case 1e9...: (symbol, scale) = ("mJ", 1e-9)
        case 1e6...: (symbol, scale) = ("µJ", 1e-6)
        case 1e3...: (symbol, scale) = ("nJ", 1e-3)
        default: (symbol, scale) = ("pJ", 1)
        }
    }

    func format(_ pJ: Double) -> String { readable(pJ * scale) }
}

/// A time unit for a column of values in seconds.
private struct TimeUnit {
    var symbol: String
    var scale: Double

    init(forLargest seconds: Double) {
        switch seconds {
        case 1...: (symbol, scale) = ("s", 1)
        case 1e-3...: (symbol, scale) = ("ms", 1e3)
        case 1e-6...: (symbol, scale) = ("µs", 1e6)
        default: (symbol, scale) = ("ns", 1e9)
        }
    }

    func format(_ seconds: Double) -> String { readable(seconds * scale) }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    fileprivate func escapingPipes() -> String {
        var out = ""
        for c in self {
            if c == "|" { out += "\\|" } else { out.append(c) }
        }
        return out
    }
}

/// A number for people to read (Markdown): whole numbers as integers, others rounded to `digits`
/// significant digits, plain decimal; `n/a` when not finite.
func readable(_ x: Double, digits: Int = 4) -> String {
    NumberFormat.string(x, .decimal(significant: digits), nonFinite: .notAvailable)
}
