import Foundation
import LoupeModel

/// Reads Loupe's YAML specs (docs/spec.md §4–§8) into model values, with every problem located
/// at `file:line:column`.
///
/// Every entry point collects all the problems of a file before it throws; nothing traps on
/// malformed input. Values from `--set` overrides are reported at `<command line>:1:1`
/// with the override in the message.
public enum SpecLoader {
    /// The spec format version this Loupe reads.
    public static let version = 1

    /// The top-level keys that tell a spec file's kind.
    public static let fileKinds = ["architecture", "workload", "mapping"]

    // MARK: Reading files

    /// The text of a UTF-8 file; a missing, unreadable or non-UTF-8 file is an error.
    static func readFile(_ path: String) throws(DiagnosticError) -> String {
        let start = SourceLocation(file: path, line: 1, column: 1)
        func fail(_ why: String) -> DiagnosticError {
            DiagnosticError([Diagnostic(.error, "cannot read \(path): \(why)", at: nil)])
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw fail(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw fail("it is a directory")
        case S_IFREG, S_IFIFO: break  // a FIFO: `<(…)` process substitution
        case S_IFCHR, S_IFBLK: throw fail("it is a device, not a spec file")
        default: throw fail("it is not a regular file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(String(cString: strerror(errno))) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
            if data.count > maxFileBytes {
                throw fail("larger than \(maxFileBytes >> 20) MiB, too large for a spec file")
            }
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        throw DiagnosticError([invalidUTF8(data, file: path) ?? Diagnostic(.error, "the file is not valid UTF-8", at: start)])
    }

    /// The largest spec file read (bytes): far above any real spec, small enough that a wrong
    /// path (a disk image, a log) fails at once.
    static let maxFileBytes = 64 << 20

    /// The first byte sequence of `data` that is not UTF-8, located by line and column.
    static func invalidUTF8(_ data: Data, file: String) -> Diagnostic? {
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1, column = 1, offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if Unicode.UTF8.decode(encoded) == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return nil
            case .error:
                let byte = data[data.startIndex + offset]
                return Diagnostic(.error, "the file is not valid UTF-8: byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset)",
                                  at: SourceLocation(file: file, line: line, column: column),
                                  hint: "save the file as UTF-8")
            }
        }
    }

    // MARK: Documents

    /// Parses YAML text into a tree; `nil` (with an error recorded) when it is empty or invalid.
    static func parseDocument(yaml: String, file: String, reader: inout SpecReader) -> SpecNode? {
        do {
            guard let node = try SpecNode.parse(yaml: yaml, file: file) else {
                reader.error("the file is empty; a spec starts with 'version: \(version)'",
                             at: SourceLocation(file: file, line: 1, column: 1))
                return nil
            }
            return node
        } catch {
            reader.diagnostics.append(contentsOf: error.diagnostics)
            return nil
        }
    }

    /// The kind of a parsed spec: the first of `fileKinds` among its top-level keys.
    static func kind(of root: SpecNode) -> String? {
        root.pairs?.first { fileKinds.contains($0.key) }?.key
    }

    /// Checks the top level of a `kind` file (`version: 1` and the `kind:` key) and returns
    /// the node under `kind:`.
    static func body(of root: SpecNode, kind: String, reader: inout SpecReader) -> SpecNode? {
        guard root.pairs != nil else {
            reader.error("expected 'version: \(version)' and '\(kind):' at the top of the file, found \(root.found)", at: root)
            return nil
        }
        if root[kind] == nil, let other = self.kind(of: root) {
            reader.error("expected \(article(kind)) \(kind) file, but this is \(article(other)) \(other) file", at: root)
            return nil
        }
        guard let top = reader.fields(root, "the top level of \(article(kind)) \(kind) file", allowed: ["version", kind]) else {
            return nil
        }
        if let v = reader.require(top, "version"), let n = reader.int(v, "version"), n != version {
            reader.error("unsupported version \(n); this Loupe reads version \(version)", at: v)
        }
        return reader.require(top, kind)
    }

    static func article(_ word: String) -> String {
        guard let f = word.first else { return "a" }
        return "aeiou".contains(f) ? "an" : "a"
    }

    /// Throws the reader's errors, or returns `value` (which is non-nil when there are none).
    static func result<T>(_ value: T?, _ reader: SpecReader, file: String) throws(DiagnosticError) -> T {
        try reader.finish()
        guard let value else {
            throw DiagnosticError([Diagnostic(.error, "cannot read the spec", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        return value
    }
}
