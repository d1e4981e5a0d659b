import LoupeModel

/// The `DIM=VALUE` strings of mappings (`"P=8 Q=2 K=4"`) and of factor constraints
/// (`"N=1 C>=4 K<=8"`): terms separated by spaces or commas, spaces allowed around the operator.
enum FactorText {
    struct Term: Equatable {
        var name: String
        /// `=`, `>=` or `<=` (`==` is refused: a mistake, not a relation).
        var relation: String
        var value: String
        /// Where the term starts in the text (Unicode scalars from its start), for locating
        /// a problem at the term itself.
        var offset: Int = 0
    }

    /// The terms of `text`, or the problem that stops reading it.
    static func terms(_ text: String) -> Result<[Term], Problem> {
        let s = Array(text.unicodeScalars)
        var i = 0
        var terms: [Term] = []
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "," || c == "\n" || c == "\r" }
        func isWord(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" }
        func skipSpaces() { while i < s.count, isSpace(s[i]) { i += 1 } }
        func rest() -> String { var r = ""; r.unicodeScalars.append(contentsOf: s[i...].prefix(20)); return r }
        while true {
            skipSpaces()
            if i >= s.count { break }
            let start = i
            var name = ""
            while i < s.count, isWord(s[i]) { name.unicodeScalars.append(s[i]); i += 1 }
            guard !name.isEmpty else { return .failure(Problem("expected a dimension name at '\(rest())'")) }
            while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
            var relation = ""
            if i + 1 < s.count, s[i] == "=", s[i + 1] == "=" {
                return .failure(Problem("'\(name)==' is not a loop or constraint; write '\(name)=N' (one '=')"))
            } else if i + 1 < s.count, s[i + 1] == "=", s[i] == ">" || s[i] == "<" {
                relation = String(Character(s[i])) + "="
                i += 2
            } else if i < s.count, s[i] == "=" {
                relation = "="
                i += 1
            } else {
                return .failure(Problem("expected '=' after '\(name)'"))
            }
            while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
            var value = ""
            while i < s.count, !isSpace(s[i]) { value.unicodeScalars.append(s[i]); i += 1 }
            guard !value.isEmpty else { return .failure(Problem("expected a number after '\(name)\(relation)'")) }
            terms.append(Term(name: name, relation: relation, value: value, offset: start))
        }
        return .success(terms)
    }

    struct Problem: Error, Equatable {
        var message: String
        init(_ message: String) { self.message = message }
    }
}

extension SpecReader {
    /// The source text of a loop string: a scalar, or a list of scalars joined by spaces.
    private mutating func factorSource(_ node: SpecNode, _ what: String, example: String) -> String? {
        if let s = node.scalar { return s }
        if let items = node.items {
            var parts: [String] = []
            for item in items {
                guard let s = item.scalar else {
                    error("expected loops such as '\(example)' for \(what), found \(item.found) in the list", at: item)
                    return nil
                }
                parts.append(s)
            }
            return parts.joined(separator: " ")
        }
        error("expected loops such as '\(example)' for \(what), found \(node.found)", at: node)
        return nil
    }

    /// The location of the term at `offset` inside the one-line scalar `node` (its column
    /// plus the offset, past an opening quote); the node's own location otherwise.
    func termLocation(_ node: SpecNode, offset: Int) -> SourceLocation {
        guard node.origin == nil, case .scalar(let text, let plain) = node.value, !text.contains("\n") else { return node.location }
        var l = node.location
        l.column += offset + (plain ? 0 : 1)
        return l
    }

    /// Reads one term's dimension and whole-number value (at least 1), located at the term.
    private mutating func term(_ t: FactorText.Term, _ node: SpecNode, _ what: String, at valueOffset: Int? = nil,
                               value label: String = "the factor") -> (Dimension, Int)? {
        let at = SpecNode(node.value, at: termLocation(node, offset: t.offset), origin: node.origin)
        let d = dimension(named: t.name, at: at, "dimension")
        let valueAt = valueOffset.map { termLocation(node, offset: $0) } ?? at.location
        let valueNode = SpecNode(.scalar(t.value, plain: true), at: valueAt, origin: node.origin)
        let v = int(valueNode, "\(label) of \(t.name) in \(what)", min: 1)
        guard let d, let v else { return nil }
        return (d, v)
    }

    /// Loops written outer → inner, `"P=8 Q=2 K=4"`; each dimension at most once.
    mutating func loops(_ node: SpecNode, _ what: String) -> [Loop]? {
        if node.isNull { return [] }
        guard let text = factorSource(node, what, example: "P=8 Q=2 K=4") else { return nil }
        switch FactorText.terms(text) {
        case .failure(let p):
            error("cannot read '\(text)' as loops for \(what): \(p.message)", at: node, hint: "write loops as 'P=8 Q=2 K=4'")
            return nil
        case .success(let terms):
            var result: [Loop] = []
            var ok = true
            for t in terms {
                guard t.relation == "=" else {
                    error("a mapping gives exact factors; found '\(t.name)\(t.relation)\(t.value)' in \(what)", at: node)
                    ok = false
                    continue
                }
                let loop: Loop
                if let slash = t.value.firstIndex(of: "/") {
                    // An imperfect loop, `P=55/8`: span 55 in iterations of 8 (docs/spec.md §8).
                    var spanTerm = t, stepTerm = t
                    spanTerm.value = String(t.value[..<slash])
                    stepTerm.value = String(t.value[t.value.index(after: slash)...])
                    stepTerm.offset = t.offset + t.name.unicodeScalars.count + 1 + spanTerm.value.unicodeScalars.count + 1
                    guard let (d, span) = term(spanTerm, node, what, value: "the span"),
                          let (_, step) = term(stepTerm, node, what, at: stepTerm.offset, value: "the step") else {
                        ok = false
                        continue
                    }
                    guard step < span else {
                        error("'\(t.name)=\(t.value)' in \(what) covers \(span) in steps of \(step); an imperfect loop needs a step below its span",
                              at: SpecNode(node.value, at: termLocation(node, offset: t.offset), origin: node.origin),
                              hint: step == span ? "write '\(t.name)=1' (or leave the loop out)" : "write the span first: '\(t.name)=\(step)/\(span)'")
                        ok = false
                        continue
                    }
                    loop = Loop(d, span: span, step: step)
                } else {
                    guard let (d, v) = term(t, node, what) else { ok = false; continue }
                    loop = Loop(d, v)
                }
                let d = loop.dimension
                if result.contains(where: { $0.dimension == d }) {
                    error("dimension \(d) appears twice in \(what)", at: node, hint: "give each dimension once, with the product of its factors")
                    ok = false
                    continue
                }
                result.append(loop)
            }
            return ok ? result : nil
        }
    }

    /// Factor constraints, `"N=1 C>=4 K<=8"`.
    mutating func factorConstraints(_ node: SpecNode, _ what: String) -> [FactorConstraint]? {
        guard let text = factorSource(node, what, example: "N=1 C>=4 K<=8") else { return nil }
        switch FactorText.terms(text) {
        case .failure(let p):
            error("cannot read '\(text)' as factor constraints for \(what): \(p.message)", at: node,
                  hint: "write constraints as 'N=1 C>=4 K<=8'")
            return nil
        case .success(let terms):
            var result: [FactorConstraint] = []
            var ok = true
            for t in terms {
                guard let relation = FactorRelation(rawValue: t.relation), let (d, v) = term(t, node, what) else { ok = false; continue }
                result.append(FactorConstraint(dimension: d, relation: relation, value: v,
                                               location: termLocation(node, offset: t.offset)))
            }
            return ok ? result : nil
        }
    }
}
