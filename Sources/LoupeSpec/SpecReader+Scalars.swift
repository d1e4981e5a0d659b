import LoupeModel

extension SpecReader {
    /// A scalar as text (names, enumerations); lists, mappings and nothing are errors.
    package mutating func string(_ node: SpecNode, _ what: String) -> String? {
        guard let s = node.scalar else {
            error("expected \(what), found \(node.found)", at: node)
            return nil
        }
        return s
    }

    /// A non-empty name.
    package mutating func name(_ node: SpecNode, _ what: String) -> String? {
        guard let s = string(node, what) else { return nil }
        let trimmed = s.trimmingSpaces
        guard !trimmed.isEmpty else {
            error("\(what) is empty", at: node)
            return nil
        }
        return trimmed
    }

    /// `true` or `false`.
    mutating func flag(_ node: SpecNode, _ what: String) -> Bool? {
        switch node.scalar?.trimmingSpaces {
        case "true": return true
        case "false": return false
        default:
            error("expected true or false for \(what), found \(node.found)", at: node)
            return nil
        }
    }

    /// A whole number within `min...max`.
    package mutating func int(_ node: SpecNode, _ what: String, min: Int = Int.min, max: Int = Int.max) -> Int? {
        guard let s = node.scalar, let number = ExactDecimal(s.trimmingSpaces) else {
            error("expected a whole number for \(what), found \(node.found)", at: node)
            return nil
        }
        switch number.scaledInteger() {
        case .fraction:
            error("expected a whole number for \(what), found \(node.found)", at: node)
            return nil
        case .overflow:
            error("\(what) is too large: \(node.found)", at: node)
            return nil
        case .value(let v):
            if v < min {
                error("\(what) must be at least \(min), found \(v)", at: node)
                return nil
            }
            if v > max {
                error("\(what) must be at most \(max), found \(v)", at: node)
                return nil
            }
            return v
        }
    }

    /// A finite number within `range`.
    package mutating func double(_ node: SpecNode, _ what: String, _ range: NumberRange = .any) -> Double? {
        guard let s = node.scalar, let number = ExactDecimal(s.trimmingSpaces) else {
            error("expected a number for \(what), found \(node.found)", at: node)
            return nil
        }
        return checked(number.doubleValue, node, what, range)
    }

    /// Checks that a converted value is finite and within `range`.
    mutating func checked(_ v: Double, _ node: SpecNode, _ what: String, _ range: NumberRange) -> Double? {
        guard v.isFinite else {
            error("\(what) is too large: \(node.found)", at: node)
            return nil
        }
        guard range.contains(v) else {
            error("\(what) must be \(range.requirement), found \(node.found)", at: node)
            return nil
        }
        return v
    }

    /// One of an enumeration's raw values, with a did-you-mean for near misses.
    package mutating func choice<E: RawRepresentable & CaseIterable>(_ node: SpecNode, _ noun: String, in context: String? = nil,
                                                             _ type: E.Type, normalize: (String) -> String = { $0 }) -> E?
    where E.RawValue == String {
        word(node, noun, in: context, among: E.allCases.map(\.rawValue), normalize: normalize).flatMap(E.init(rawValue:))
    }

    /// One word out of a fixed list (after trimming and `normalize`), with a did-you-mean.
    package mutating func word(_ node: SpecNode, _ noun: String, in context: String? = nil, among names: [String],
                       normalize: (String) -> String = { $0 }) -> String? {
        guard let raw = string(node, Self.phrase("a", noun, context)) else { return nil }
        let text = normalize(raw.trimmingSpaces)
        if names.contains(text) { return text }
        error("unknown \(noun) '\(raw)'\(context.map { " in \($0)" } ?? "") (expected \(orList(names)))", at: node,
              hint: DidYouMean.hint(for: text, among: names))
        return nil
    }

    /// "a tensor in keeps of level 'X'".
    static func phrase(_ article: String, _ noun: String, _ context: String?) -> String {
        "\(article) \(noun)" + (context.map { " in \($0)" } ?? "")
    }

    /// A tensor name: `weights`, `inputs` or `outputs`.
    mutating func tensor(_ node: SpecNode, in context: String? = nil) -> TensorKind? {
        word(node, "tensor", in: context, among: TensorKind.allNames).flatMap(TensorKind.init(name:))
    }

    /// A list of tensor names (or one name), as a set.
    mutating func tensors(_ node: SpecNode, _ what: String) -> Set<TensorKind>? {
        guard let items = list(node, what, single: true) else { return nil }
        var result = Set<TensorKind>()
        var ok = true
        for item in items {
            if let t = tensor(item, in: what) {
                if result.contains(t) {
                    error("\(t) appears twice in \(what)", at: item)
                    ok = false
                }
                result.insert(t)
            } else {
                ok = false
            }
        }
        return ok ? result : nil
    }

    /// A dimension letter (`K`), case-sensitively, with hints for common other names.
    mutating func dimension(named raw: String, at node: SpecNode, _ what: String = "dimension") -> Dimension? {
        if let d = Dimension(name: raw) { return d }
        error("unknown \(what) '\(raw)' (expected \(orList(Dimension.allNames)))", at: node,
              hint: Self.dimensionHint(raw))
        return nil
    }

    static func dimensionHint(_ raw: String) -> String? {
        switch raw {
        case "M", "m": "Loupe calls output channels 'K' (Timeloop's M)"
        case "H", "W", "h", "w", "E", "F": "output rows and columns are 'P' and 'Q'"
        default: DidYouMean.hint(for: raw, among: Dimension.allNames)
        }
    }

    /// Dimension names given as a list (`[C, S]`) or as words (`"C S"`).
    mutating func dimensions(_ node: SpecNode, _ what: String) -> [Dimension]? {
        var words: [(String, SpecNode)] = []
        if let items = node.items {
            for item in items {
                guard let s = string(item, "a dimension in \(what)") else { return nil }
                words.append((s.trimmingSpaces, item))
            }
        } else if let s = node.scalar {
            words = s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map { (String($0), node) }
        } else {
            error("expected a list of dimensions for \(what), found \(node.found)", at: node)
            return nil
        }
        var result: [Dimension] = []
        var ok = true
        for (w, n) in words {
            guard let d = dimension(named: w, at: n) else { ok = false; continue }
            if result.contains(d) {
                error("dimension \(d) appears twice in \(what)", at: n)
                ok = false
            }
            result.append(d)
        }
        return ok ? result : nil
    }
}
