import LoupeModel

/// A mapping rejected for a layer, with every reason.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    public var layer: String
    public var problems: [MappingProblem]
    public var description: String {
        "invalid mapping for layer '\(layer)': " + problems.map(\.description).joined(separator: "; ")
    }
}
