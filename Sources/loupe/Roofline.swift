import ArgumentParser

struct Roofline: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(in progress)")
    func run() throws { throw ValidationError("not implemented yet") }
}
