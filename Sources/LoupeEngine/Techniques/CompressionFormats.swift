import LoupeModel

/// The compression formats Loupe knows (`format:` of a `compression` entry, docs/spec.md §5).
///
/// Adding a format: write one type conforming to ``CompressionFormat`` and add it to ``all``
/// — nothing else names formats (docs/sparsity.md, "Adding a technique or a compression format").
public enum CompressionFormats {
    public static let all: [any CompressionFormat.Type] = [
        RunLengthFormat.self,
        BitmaskFormat.self,
        CSRFormat.self,
        COOFormat.self,
        HuffmanFormat.self,
        GroupPrecisionFormat.self,
        StructuredNMFormat.self,
    ]

    /// The format names, for diagnostics.
    public static let names: [String] = all.map { $0.name }

    /// The format type named `name`, if Loupe has one.
    public static func type(named name: String) -> (any CompressionFormat.Type)? {
        all.first { $0.name == name }
    }

    /// The format named `name` with its options read from `options`; nil when Loupe has no
    /// such format.
    public static func make(named name: String, options: inout TechniqueOptions) -> (any CompressionFormat)? {
        guard let type = type(named: name) else { return nil }
        return build(type, &options)
    }

    /// The option names a format reads (those it declares when built from no options).
    public static func optionNames(of type: any CompressionFormat.Type) -> [String] {
        var scratch = TechniqueOptions(TechniqueSpec(kind: "compression"))
        _ = build(type, &scratch)
        return scratch.known
    }

    private static func build<F: CompressionFormat>(_ type: F.Type, _ options: inout TechniqueOptions) -> F {
        F(options: &options)
    }
}
