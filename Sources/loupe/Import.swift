import ArgumentParser

/// `loupe import FORMAT …`: specs from other tools' files (docs/import.md).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write Loupe spec files from another tool's inputs.",
        subcommands: [ImportTimeloop.self])
}
