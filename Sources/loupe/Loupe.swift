import ArgumentParser
import Foundation
import LoupeModel

/// `loupe`: the command line (docs/spec.md §10). Without a subcommand it runs the default estimate,
/// Architectures/eyeriss.yaml × Workloads/alexnet.yaml into Reports/eyeriss-alexnet/.
@main
struct Loupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Analytical energy, latency and area estimates for DNN accelerators.",
        discussion: "Run without a subcommand to estimate Architectures/eyeriss.yaml × Workloads/alexnet.yaml into Reports/eyeriss-alexnet/. Exit codes: 0 success, 1 internal failure, 64 bad command line, 65 invalid spec, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).",
        subcommands: [Estimate.self, Validate.self, Validation.self, Roofline.self, Sweep.self, Merge.self, EnergyTable.self, Bench.self, Import.self])

    static let defaultArchitecture = "Architectures/eyeriss.yaml"
    static let defaultWorkload = "Workloads/alexnet.yaml"

    /// Parses and runs, first catching a misspelt command (`loupe estimat`) with a
    /// did-you-mean (exit 64): the root command takes no arguments of its own, so a first word
    /// that is not an option must name a subcommand.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.map { $0._commandName } + ["help"]
            if !names.contains(first) {
                let hint = DidYouMean.suggestion(for: first, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                Terminal.error("error: unknown command '\(first)'\(hint); the commands are \(names.joined(separator: ", "))")
                Foundation.exit(64)
            }
        }
        Signals.shared.install()
        var command: ParsableCommand
        do { command = try parseAsRoot(arguments) } catch { exit(withError: error) }
        do { try command.run() } catch { exit(withError: error) }
    }

    func run() throws {
        let estimate = try Estimate.parse([Loupe.defaultArchitecture, Loupe.defaultWorkload])
        try estimate.run()
    }
}
