import LoupeModel

/// The compression format named `name` in a `{kind: compression, format: …}` entry, built with
/// the entry's options, or nil when Loupe has no such format (SPEC.md §6).
///
/// To add a format: conform a type to ``CompressionFormat``, add a `case` here, and add its name
/// to ``compressionFormatNames``.
public func compressionFormat(named name: String, options: [String: String] = [:]) -> (any CompressionFormat)? {
    switch name {
    case "rle": return RunLengthFormat(options: options)
    case "bitmask": return BitmaskFormat(options: options)
    case "csr": return CSRFormat(options: options)
    case "coo": return COOFormat(options: options)
    case "huffman": return HuffmanFormat(options: options)
    case "group_precision": return GroupPrecisionFormat(options: options)
    default: return nil
    }
}

/// The names ``compressionFormat(named:options:)`` knows, for diagnostics.
public let compressionFormatNames = ["rle", "bitmask", "csr", "coo", "huffman", "group_precision"]
