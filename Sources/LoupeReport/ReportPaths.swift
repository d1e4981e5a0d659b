#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths built from names found in specs, and the check of an output directory.
///
/// A spec's `name` is text the user (or someone else) wrote; it becomes a path only through
/// `component(_:)`, which always returns one plain path component, so the default report
/// directory `Reports/<architecture>-<workload>` always stays under `Reports/` (docs/spec.md
/// §10, "What Loupe guarantees about its outputs").
public enum ReportPaths {
    /// The directory every default report directory lies in.
    public static let reportsRoot = "Reports"

    /// The longest component `component(_:)` returns, in UTF-8 bytes (file systems allow 255;
    /// the rest leaves room for the staging directory's prefix and suffix).
    public static let maxComponentBytes = 120

    /// `Reports/<architecture>-<workload>`, each name made safe by `component(_:)`.
    public static func defaultDirectory(architecture: String, workload: String) -> String {
        reportsRoot + "/" + component(component(architecture) + "-" + component(workload))
    }

    /// `name` as a single, harmless path component:
    /// - `/`, `\`, control characters (C0, DEL, C1) and NUL become `_`;
    /// - a leading `.` becomes `_` (no hidden names, and neither `.` nor `..`);
    /// - an empty name (or one of only spaces) becomes `unnamed`;
    /// - a name longer than `maxComponentBytes` UTF-8 bytes is cut at a character boundary.
    /// Names that need none of this (every zoo name) come back unchanged.
    public static func component(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in name.unicodeScalars {
            let v = s.value
            let bad = s == "/" || s == "\\" || v < 0x20 || (0x7F...0x9F).contains(v)
            scalars.append(bad ? "_" : s)
        }
        var out = String(scalars)
        if out.hasPrefix(".") { out = "_" + out.dropFirst() }
        if out.allSatisfy({ $0 == " " }) { return "unnamed" }
        if out.utf8.count > maxComponentBytes {
            var cut = ""
            for c in out {
                if cut.utf8.count + String(c).utf8.count > maxComponentBytes { break }
                cut.append(c)
            }
            out = cut
        }
        return out
    }

    /// Why `path` cannot take a report directory (`nil` when it can): empty; an existing
    /// non-directory; a directory Loupe may not write into; or, when it does not exist yet,
    /// a nearest existing ancestor that is not a directory or not writable (the missing ones
    /// are created). Checked before any spec is loaded, so a bad `--out` costs no search.
    public static func outputProblem(directory path: String) -> String? {
        if path.isEmpty { return "the output directory is empty" }
        if path.unicodeScalars.contains("\0") { return "the output directory contains a NUL character" }
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { return "'\(path)' exists and is not a directory" }
            // The report is staged beside the directory and swapped in, so its parent must be
            // writable too (except for the working directory, which is replaced in place).
            if access(path, W_OK | X_OK) != 0 { return "cannot write into '\(path)' (permission denied)" }
            return nil
        }
        if errno != ENOENT { return "cannot use '\(path)': \(String(cString: strerror(errno)))" }
        var current = ReportDirectory.parent(of: path)
        while true {
            if stat(current, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else {
                    return "'\(current)' is not a directory, so '\(path)' cannot be created"
                }
                if access(current, W_OK | X_OK) != 0 {
                    return "cannot create '\(path)': '\(current)' is not writable"
                }
                return nil
            }
            if errno != ENOENT { return "cannot create '\(path)': '\(current)': \(String(cString: strerror(errno)))" }
            let up = ReportDirectory.parent(of: current)
            if up == current { return nil }
            current = up
        }
    }

    /// Why the file `path` cannot be written (`nil` when it can): empty, a directory, or a
    /// parent (created when missing) that cannot take it.
    public static func outputFileProblem(_ path: String) -> String? {
        if path.isEmpty { return "the output file name is empty" }
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { return "'\(path)' is a directory" }
            if access(path, W_OK) != 0 { return "cannot write '\(path)' (permission denied)" }
        }
        let name = ReportDirectory.lastComponent(of: path)
        if name.isEmpty || name == "." || name == ".." { return "'\(path)' is not a file name" }
        return outputProblem(directory: ReportDirectory.parent(of: path))
    }
}
