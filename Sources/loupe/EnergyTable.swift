import ArgumentParser
import Foundation
import LoupeEngine
import LoupeModel
import LoupeSpec

/// `loupe energy-table ARCH`: the per-action energies and areas Loupe uses, with their sources.
struct EnergyTable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "energy-table",
        abstract: "Print the per-action energy and area of every level, with the source of each figure.")

    @Argument(help: "Architecture spec (YAML).") var architecture: String
    @Option(help: "Output format: table or csv.") var format: String = "table"
    @OptionGroup var spec: SpecOptions
    @OptionGroup var figures: FigureCheckOptions

    func validate() throws {
        if !["table", "csv"].contains(format) { throw ValidationError("unknown format '\(format)'; use table or csv") }
    }

    func run() throws {
        let overrides = try spec.parsed()
        let loaded = try Terminal.guarded { () throws(DiagnosticError) in try SpecLoader.loadArchitecture(path: architecture, overrides: overrides) }
        let arch = loaded.resolved()
        try figures.check(arch)
        let rows = EnergyTableRows.make(arch)
        if format == "csv" {
            print(EnergyTableRows.csv(rows), terminator: "")
        } else {
            print("\(arch.name): \((arch.technology?.rawValue ?? "no technology")), \(Int(arch.clockHz / 1e6)) MHz, \(arch.totalPEs) PEs, area \(NumberFormat.string(arch.areaMM2, .fixed(fractionDigits: 3), nonFinite: .spelled)) mm²")
            print(EnergyTableRows.table(rows, warnings: arch.figureWarnings()))
            // Chip-level figures that are not per action (docs/spec.md §4).
            if arch.staticPowerWatts > 0 {
                print("static power \(NumberFormat.string(arch.staticPowerWatts * 1e3, .upTo(fractionDigits: 3))) mW "
                      + "(\(NumberFormat.string(StaticCost(arch).perCycle, .upTo(fractionDigits: 3))) pJ per cycle), charged every cycle")
            }
            if arch.launchCycles > 0 {
                print("launch \(NumberFormat.string(arch.launchCycles, .upTo(fractionDigits: 0))) cycles per layer")
            }
            if arch.latencyCycles > 0 {
                print("memory latency \(NumberFormat.string(arch.latencyCycles, .upTo(fractionDigits: 0))) cycles per layer (fill + drain)")
            }
        }
    }
}
