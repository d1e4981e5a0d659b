import ArgumentParser

struct EnergyTable: ParsableCommand {
    static let configurationName = "energy-table"
    static let configuration = CommandConfiguration(abstract: "(in progress)")
    func run() throws { throw ValidationError("not implemented yet") }
}
