import LoupeModel
import Yams

extension SpecNode {
    /// The most nodes one document may expand to (aliases are expanded in place), so that
    /// an alias bomb is an error rather than an exhausted machine.
    static let nodeBudget = 1_000_000

    /// Parses one YAML document with libyaml (through Yams) into a located tree.
    ///
    /// Returns `nil` for an empty document. Syntax errors come back as diagnostics located
    /// where libyaml found them (Yams reports 1-based lines and columns, columns counted in
    /// Unicode scalars).
    public static func parse(yaml: String, file: String) throws(DiagnosticError) -> SpecNode? {
        var text = yaml
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if let (line, column) = aliasInKey(text) {
            throw DiagnosticError([Diagnostic(.error, "a mapping key that is a collection or an alias is not supported in a spec",
                                              at: SourceLocation(file: file, line: line, column: column),
                                              hint: "keys are plain names")])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DiagnosticError([diagnostic(for: error, yaml: text, file: file)])
        } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        guard let root else { return nil }
        var converter = Converter(file: file)
        let node = converter.convert(root, parentLocation: SourceLocation(file: file, line: 1, column: 1))
        if !converter.diagnostics.isEmpty { throw DiagnosticError(converter.diagnostics) }
        return node
    }

    /// Where a document that uses aliases also has a complex mapping key (`? …`, `*alias:`,
    /// `[…]:` or `{…}:`), if anywhere.
    ///
    /// Yams hashes every mapping key to find duplicates; a key built from nested aliases (an
    /// "alias bomb") would take exponential time, so such documents are refused before
    /// parsing. Spec files need neither. The scan skips quoted text and comments; it is only
    /// a guard, and libyaml remains the parser.
    static func aliasInKey(_ text: String) -> (line: Int, column: Int)? {
        guard text.contains("*") else { return nil }
        let s = Array(text.unicodeScalars)
        func isBlank(_ i: Int) -> Bool { i < 0 || i >= s.count || s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" }
        func isFlowStart(_ i: Int) -> Bool { i < 0 || isBlank(i) || s[i] == "[" || s[i] == "{" || s[i] == "," }
        /// A `:` at `i` (after optional spaces) that ends a key: followed by a blank.
        func colonFollows(_ j: Int) -> Bool {
            var k = j
            while k < s.count, s[k] == " " || s[k] == "\t" { k += 1 }
            return k < s.count && s[k] == ":" && isBlank(k + 1)
        }
        var hasAlias = false
        var suspect: (Int, Int)?
        var line = 1, column = 1, i = 0
        var quote: Unicode.Scalar?
        func advance() {
            if s[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        while i < s.count {
            let c = s[i]
            if let q = quote {
                if q == "\"", c == "\\", i + 1 < s.count { advance(); advance(); continue }
                if c == q {
                    if q == "'", i + 1 < s.count, s[i + 1] == "'" { advance(); advance(); continue }
                    quote = nil
                }
                advance()
                continue
            }
            switch c {
            case "#" where isBlank(i - 1):
                while i < s.count, s[i] != "\n" { advance() }
                continue
            case _ where (c == "'" || c == "\"") && isFlowStart(i - 1):
                quote = c
            case "*" where isFlowStart(i - 1):
                hasAlias = true
                var j = i + 1
                while j < s.count, !isBlank(j), s[j] != ",", s[j] != "]", s[j] != "}" { j += 1 }
                if suspect == nil, colonFollows(j) { suspect = (line, column) }
            case "?" where isFlowStart(i - 1) && isBlank(i + 1):
                if suspect == nil { suspect = (line, column) }
            case "]", "}":
                if suspect == nil, colonFollows(i + 1) { suspect = (line, column) }
            default:
                break
            }
            advance()
        }
        return hasAlias ? suspect : nil
    }

    /// A diagnostic for a libyaml error, at the line and column libyaml gives.
    static func diagnostic(for error: YamlError, yaml: String, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: max(mark.line, 1), column: max(mark.column, 1)) }
        func withContext(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return "invalid YAML: \(problem)" }
            return "invalid YAML: \(problem) (\(context.text) at \(context.mark.line):\(context.mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if problem.contains("Maximum nesting level") {
                return Diagnostic(.error, "invalid YAML: the document nests deeper than 1000 levels", at: at(mark))
            }
            if problem.contains("found another document") {
                return Diagnostic(.error, "invalid YAML: a spec file holds one document, but another one starts here", at: at(mark))
            }
            let tab = character(at: mark, in: yaml) == "\t"
            return Diagnostic(.error, withContext(problem, context), at: at(mark),
                              hint: tab ? "YAML indents with spaces, not tabs" : nil)
        case .reader(let problem, let offset, _, _):
            return Diagnostic(.error, "invalid YAML: \(problem)", at: location(ofCharacterOffset: offset ?? 0, in: yaml, file: file))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            if duplicates.count == 1, let key = duplicates.first,
               let (first, second) = duplicateKey(key, from: context.mark, in: yaml) {
                return Diagnostic(.error, "duplicate key '\(key)' in a mapping",
                                  at: SourceLocation(file: file, line: second.line, column: second.column),
                                  hint: "each key may appear once; its first use is at \(first.line):\(first.column)")
            }
            return Diagnostic(.error, "duplicate key \(keys) in a mapping", at: at(context.mark),
                              hint: "each key may appear once; this is its first use")
        default:
            return Diagnostic(.error, "cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// The first and second places where `key` is written as a key (`key:` after
    /// indentation, `{` or `,`) at or after `mark`, the second at the first's column (a block
    /// mapping) or on its line (a flow mapping); 1-based lines and columns.
    static func duplicateKey(_ key: String, from mark: Mark, in text: String) -> ((line: Int, column: Int), (line: Int, column: Int))? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let k = Array(key.unicodeScalars)
        var found: [(line: Int, column: Int)] = []
        guard mark.line >= 1 else { return nil }
        for li in (mark.line - 1)..<lines.count {
            let l = lines[li]
            var c = li == mark.line - 1 ? max(mark.column - 1, 0) : 0
            while c + k.count <= l.count {
                let before: Unicode.Scalar? = c == 0 ? nil : l[c - 1]
                let starts = before == nil || before == " " || before == "{" || before == "," || before == "\t" || before == "-"
                if starts, Array(l[c..<(c + k.count)]) == k {
                    var e = c + k.count
                    while e < l.count, l[e] == " " { e += 1 }
                    if e < l.count, l[e] == ":" {
                        let here = (line: li + 1, column: c + 1)
                        if let first = found.first {
                            if here.column == first.column || here.line == first.line { return (first, here) }
                        } else {
                            found.append(here)
                        }
                    }
                }
                c += 1
            }
        }
        return nil
    }

    /// The character at a 1-based line and column (counted in Unicode scalars, as libyaml does).
    static func character(at mark: Mark, in text: String) -> Unicode.Scalar? {
        var line = 1
        var scalars = text.unicodeScalars[...]
        while line < mark.line, let nl = scalars.firstIndex(of: "\n") {
            scalars = scalars[scalars.index(after: nl)...]
            line += 1
        }
        guard line == mark.line, mark.column >= 1 else { return nil }
        return scalars.dropFirst(mark.column - 1).first
    }

    /// The 1-based line and column of the `offset`-th character of `text`.
    static func location(ofCharacterOffset offset: Int, in text: String, file: String) -> SourceLocation {
        var line = 1, column = 1, i = 0
        for ch in text {
            if i >= offset { break }
            if ch == "\n" || ch == "\r\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Turns Yams nodes into `SpecNode`s, expanding `<<` merge keys and counting nodes.
    private struct Converter {
        let file: String
        var budget = SpecNode.nodeBudget
        var diagnostics: [Diagnostic] = []

        init(file: String) { self.file = file }

        func location(_ node: Node, _ fallback: SourceLocation) -> SourceLocation {
            guard let mark = node.mark else { return fallback }
            return SourceLocation(file: file, line: max(mark.line, 1), column: max(mark.column, 1))
        }

        mutating func convert(_ node: Node, parentLocation: SourceLocation) -> SpecNode {
            let loc = location(node, parentLocation)
            budget -= 1
            if budget == 0 {
                diagnostics.append(Diagnostic(.error, "the document has more than \(SpecNode.nodeBudget) nodes once its aliases are expanded", at: loc))
            }
            if budget <= 0 { return SpecNode(.scalar("", plain: true), at: loc) }
            switch node {
            case .scalar(let s):
                return SpecNode(.scalar(s.string, plain: s.style == .plain || s.style == .any), at: loc)
            case .sequence(let seq):
                return SpecNode(.sequence(seq.map { convert($0, parentLocation: loc) }), at: loc)
            case .mapping(let map):
                var pairs: [Pair] = []
                var merged: [Pair] = []
                for (k, v) in map {
                    let keyLoc = location(k, loc)
                    guard case .scalar(let ks) = k else {
                        diagnostics.append(Diagnostic(.error, "expected a key name, found \(k.isMapping ? "a mapping" : "a list")", at: keyLoc))
                        continue
                    }
                    let value = convert(v, parentLocation: keyLoc)
                    if ks.string == "<<", ks.style == .plain || ks.style == .any {
                        // YAML merge key: the merged mappings' keys count unless given explicitly.
                        let sources = value.items ?? [value]
                        for source in sources {
                            if let p = source.pairs { merged.append(contentsOf: p) } else {
                                diagnostics.append(Diagnostic(.error, "a '<<' merge key takes a mapping or a list of mappings, found \(source.found)", at: source.location))
                            }
                        }
                        continue
                    }
                    pairs.append(Pair(key: ks.string, keyLocation: keyLoc, value: value))
                }
                for p in merged where !pairs.contains(where: { $0.key == p.key }) { pairs.append(p) }
                return SpecNode(.mapping(pairs), at: loc)
            case .alias:
                // Yams resolves aliases while composing; an unresolved one is refused, not read as null.
                diagnostics.append(Diagnostic(.error, "an unresolved YAML alias is not supported in a spec", at: loc))
                return SpecNode(.scalar("", plain: true), at: loc)
            }
        }
    }
}

private extension Node {
    var isMapping: Bool { if case .mapping = self { true } else { false } }
}
