import ArgumentParser
import Foundation

/// `loupe`: the command line (docs/spec.md §10). Without a subcommand it runs the default estimate,
/// Architectures/eyeriss.yaml × Workloads/alexnet.yaml into Reports/eyeriss-alexnet/.
@main
struct Loupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Analytical energy, latency and area estimates for DNN accelerators.",
        discussion: "Run without a subcommand to estimate Architectures/eyeriss.yaml × Workloads/alexnet.yaml into Reports/eyeriss-alexnet/. Exit codes: 0 success, 1 internal failure, 64 bad command line, 65 invalid spec.",
        subcommands: [Estimate.self, Validate.self, Roofline.self, Sweep.self, Merge.self, EnergyTable.self, Bench.self, Import.self])

    static let defaultArchitecture = "Architectures/eyeriss.yaml"
    static let defaultWorkload = "Workloads/alexnet.yaml"

    func run() throws {
        let estimate = try Estimate.parse([Loupe.defaultArchitecture, Loupe.defaultWorkload])
        try estimate.run()
    }
}
