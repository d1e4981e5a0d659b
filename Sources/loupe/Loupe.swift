import ArgumentParser

@main
struct Loupe: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "loupe", abstract: "Analytical energy, latency and area estimates for DNN accelerators.")
    func run() throws {}
}
