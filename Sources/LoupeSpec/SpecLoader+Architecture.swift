import LoupeModel

extension SpecLoader {
    /// Reads an architecture file (docs/spec.md §4), applying the `architecture.*` overrides.
    public static func loadArchitecture(path: String, overrides: [Override] = []) throws(DiagnosticError) -> Architecture {
        try loadArchitecture(yaml: readFile(path), file: path, overrides: overrides)
    }

    /// Reads architecture YAML text; `file` names it in diagnostics.
    public static func loadArchitecture(yaml: String, file: String, overrides: [Override] = []) throws(DiagnosticError) -> Architecture {
        var reader = SpecReader()
        var architecture: Architecture?
        if var root = parseDocument(yaml: yaml, file: file, reader: &reader) {
            Override.apply(overrides, root: "architecture", to: &root, reader: &reader)
            architecture = decodeArchitecture(root, reader: &reader)
        }
        return try result(architecture, reader, file: file)
    }

    static let architectureKeys = ["name", "technology", "clock", "launch", "static", "levels", "techniques", "constraints", "mapper"]
    static let mapperKeys = ["imperfect"]
    /// Keys of the architecture's `static:` block (docs/spec.md §4, "Static power").
    static let staticKeys = ["power"]
    static let levelKeys = ["name", "class", "dram", "word_bits", "block_words", "size", "bandwidth", "keeps", "array",
                            "network", "energy", "area", "multiple_of", "latency"]
    static let storageEnergyKeys = ["read", "write", "update", "leak", "gated", "metadata_read", "metadata_write", "metadata_update"]
    /// No `leak` on compute levels: like Timeloop, Loupe charges no MAC leakage.
    static let computeEnergyKeys = ["compute", "gated"]
    /// The largest `array` extent accepted on one axis.
    static let maxArrayExtent = 1 << 20

    /// The figures of `level` the spec leaves to the component library (so that it needs a
    /// technology): the compute level's `compute` energy; a storage level's `read`, `write`
    /// (`update` follows a given `write`) and `leak` energies; every level's `area`.
    static func libraryFigures(of level: Level) -> [String] {
        let energies = level.isCompute ? ["compute"] : ["read", "write", "leak"]
        var missing = energies.filter { level.specEnergy[$0] == nil }.map { "\($0) energy" }
        if level.specAreaUm2 == nil { missing.append("area") }
        return missing
    }

    /// Decodes a parsed architecture document.
    static func decodeArchitecture(_ root: SpecNode, reader: inout SpecReader) -> Architecture? {
        guard let body = body(of: root, kind: "architecture", reader: &reader),
              let f = reader.fields(body, "the architecture", allowed: architectureKeys, nullIsEmpty: false)
        else { return nil }
        let name = reader.require(f, "name").flatMap { reader.name($0, "the architecture's name") }
        // `technology` is needed only where a figure comes from the component library.
        let technology = f["technology"].flatMap { reader.technology($0) }
        let clock = reader.require(f, "clock").flatMap { reader.clock($0, "clock") }
        let launch = f["launch"].flatMap { reader.fixedTime($0, "launch") }
        var staticPower: Double? = 0
        if let node = f["static"] {
            staticPower = reader.fields(node, "static", allowed: staticKeys)
                .flatMap { reader.require($0, "power") }
                .flatMap { reader.power($0, "static power") }
        }

        var imperfect: Bool? = false
        if let node = f["mapper"] {
            imperfect = reader.fields(node, "mapper", allowed: mapperKeys)
                .map { $0["imperfect"].flatMap { reader.flag($0, "mapper.imperfect") } ?? false }
        }
        var levels: [Level] = []
        var levelsOK = false
        if let node = reader.require(f, "levels"), let items = reader.list(node, "levels") {
            (levels, levelsOK) = decodeLevels(items, in: node, reader: &reader)
        }
        let techniques = f["techniques"].map { decodeTechniques($0, reader: &reader) } ?? []
        let constraints = f["constraints"].map { levelsOK ? decodeConstraints($0, levels: levels, reader: &reader) : MapperConstraints() }
            ?? MapperConstraints()
        if f["technology"] == nil && levelsOK {
            for level in levels {
                let missing = libraryFigures(of: level)
                guard !missing.isEmpty else { continue }
                reader.error("level '\(level.name)' takes its \(andList(missing)) from the component library, which needs the architecture's 'technology'",
                             at: level.location ?? body.location,
                             hint: "give 'technology' (e.g. 65nm) in the architecture, or give \(andList(missing)) on the level")
            }
        }
        guard let name, technology != nil || f["technology"] == nil, let clock, let staticPower, let imperfect, levelsOK,
              !reader.hasErrors else { return nil }
        var architecture = Architecture(name: name, technology: technology, clockHz: clock, levels: levels, techniques: techniques,
                            constraints: constraints, launch: launch, location: body.location)
        architecture.staticPowerWatts = staticPower
        architecture.imperfectFactorization = imperfect
        return architecture
    }

    /// Decodes the level list and checks its shape: at least two levels, unique names, one
    /// compute level and it comes last. `ok` is false when anything is wrong.
    static func decodeLevels(_ items: [SpecNode], in listNode: SpecNode, reader: inout SpecReader) -> (levels: [Level], ok: Bool) {
        // First the names and classes, which the shape checks and messages need.
        var headers: [(name: String?, levelClass: LevelClass?)] = []
        for (i, item) in items.enumerated() {
            guard item.pairs != nil else {
                reader.error("expected a mapping for level #\(i + 1), found \(item.found)", at: item)
                headers.append((nil, nil))
                continue
            }
            let f = SpecReader.Fields(node: item, context: "level #\(i + 1)")
            let name = reader.require(f, "name").flatMap { reader.name($0, "a level name") }
            let context = name.map { "level '\($0)'" } ?? "level #\(i + 1)"
            let levelClass = reader.require(SpecReader.Fields(node: item, context: context), "class")
                .flatMap { reader.choice($0, "level class", LevelClass.self) }
            headers.append((name, levelClass))
        }
        var ok = headers.allSatisfy { $0.name != nil && $0.levelClass != nil }
        var seen: [String: SourceLocation] = [:]
        for (i, h) in headers.enumerated() {
            guard let name = h.name else { continue }
            if let first = seen[name] {
                reader.error("duplicate level name '\(name)' (first at \(first.line):\(first.column))", at: items[i])
                ok = false
            } else {
                seen[name] = items[i].location
            }
        }
        if items.count < 2 {
            reader.error("an architecture needs at least two levels, storage then compute; found \(items.count)", at: listNode)
            ok = false
        } else {
            for (i, h) in headers.enumerated() where h.levelClass == .compute && i != items.count - 1 {
                reader.error("level '\(h.name ?? "#\(i + 1)")' is class compute but is not the last level; the compute level comes last",
                             at: items[i])
                ok = false
            }
            if let last = headers.last, let c = last.levelClass, c != .compute {
                reader.error("the last level, '\(last.name ?? "#\(items.count)")', must be class compute (it is \(c.rawValue))",
                             at: items[items.count - 1])
                ok = false
            }
        }
        // Then each level in full.
        var levels: [Level] = []
        for (i, item) in items.enumerated() {
            guard let name = headers[i].name, let levelClass = headers[i].levelClass else { ok = false; continue }
            if let level = decodeLevel(item, name: name, levelClass: levelClass, reader: &reader) {
                levels.append(level)
            } else {
                ok = false
            }
        }
        // The outermost level is where every tensor starts and ends: it must keep all three.
        // (Only when the outermost level itself decoded: otherwise `levels.first` is another
        // level, and the level's own errors say enough.)
        if let first = levels.first, first.name == headers.first?.name, first.levelClass != .compute,
           first.keeps != Set(TensorKind.allCases) {
            let missing = TensorKind.allCases.filter { !first.keeps.contains($0) }.map(\.description)
            reader.error("the outermost level '\(first.name)' must keep every tensor; it bypasses \(missing.joined(separator: ", "))",
                         at: items[0])
            ok = false
        }
        // `Architecture.instances` multiplies the arrays: keep that product in range.
        var instances = 1
        for (level, item) in zip(levels, items) {
            let (p, overflow) = instances.multipliedReportingOverflow(by: level.fanout)
            if overflow || p > 1 << 48 {
                reader.error("level '\(level.name)' has too many instances (the arrays multiply to more than 2^48)", at: item)
                ok = false
                break
            }
            instances = p
        }
        return (levels, ok)
    }

    /// Decodes one level; `nil` when it has errors.
    ///
    /// Defaults: `word_bits` 16 (each level states its own; nothing is inherited from the
    /// level above), `block_words` 1, `keeps` all three tensors for a storage level and none
    /// for the compute level, `array` [1, 1], no bandwidth limit, no network energy. `size` is
    /// required for sram/regfile/register, optional for dram (absent = unbounded) and refused
    /// for compute. `energy` and `area` go to `specEnergy` / `specAreaUm2` only; `energy` and
    /// `areaUm2` stay at their defaults for LoupeEngine to resolve.
    static func decodeLevel(_ node: SpecNode, name: String, levelClass: LevelClass, reader: inout SpecReader) -> Level? {
        let before = reader.diagnostics.count
        let context = "level '\(name)'"
        guard let f = reader.fields(node, context, allowed: levelKeys) else { return nil }
        var level = Level(name: name, levelClass: levelClass, location: node.location)
        let isCompute = levelClass == .compute

        if let d = f["dram"] {
            if levelClass == .dram {
                level.dram = reader.choice(d, "DRAM type", in: context, DRAMType.self)
            } else {
                reader.error("'dram' applies only to a level of class dram; '\(name)' is \(levelClass.rawValue)", at: d)
            }
        }
        var wordBitsOK = true
        if let n = f["word_bits"] {
            if let v = reader.int(n, "word_bits of \(context)", min: 1, max: 4096) { level.wordBits = v } else { wordBitsOK = false }
        }
        if let n = f["block_words"], let v = reader.int(n, "block_words of \(context)", min: 1, max: 1 << 20) { level.blockWords = v }

        switch levelClass {
        case .compute:
            if let n = f["size"] { reader.error("a compute level has no size; \(context) is class compute", at: n) }
        case .dram:
            if let n = f["size"], wordBitsOK { level.sizeWords = reader.size(n, "size of \(context)", wordBits: level.wordBits) }
        case .sram, .regfile, .register:
            if let n = reader.require(f, "size", detail: " (class \(levelClass.rawValue) needs one)"), wordBitsOK {
                level.sizeWords = reader.size(n, "size of \(context)", wordBits: level.wordBits)
            }
        }

        if let n = f["bandwidth"], let b = reader.fields(n, "bandwidth of \(context)", allowed: ["read", "write", "shared"]) {
            level.bandwidth.read = b["read"].flatMap { reader.double($0, "read bandwidth of \(context)", SpecReader.bandwidthRange) }
            level.bandwidth.write = b["write"].flatMap { reader.double($0, "write bandwidth of \(context)", SpecReader.bandwidthRange) }
            level.bandwidth.shared = b["shared"].flatMap { reader.double($0, "shared bandwidth of \(context)", SpecReader.bandwidthRange) }
        }

        if isCompute {
            level.keeps = []
            if let n = f["keeps"] { reader.error("a compute level keeps no tensors; \(context) is class compute", at: n) }
        } else if let n = f["keeps"], let keeps = reader.tensors(n, "keeps of \(context)") {
            level.keeps = keeps
        }

        if let n = f["array"], let (x, y) = decodeArray(n, context, reader: &reader) {
            level.arrayX = x
            level.arrayY = y
        }

        if let n = f["network"], let net = reader.fields(n, "network of \(context)", allowed: ["transfer"]),
           let t = net["transfer"], let e = reader.energy(t, "network transfer energy of \(context)") {
            level.networkTransfer = e
        }

        if let n = f["energy"] {
            let allowed = isCompute ? computeEnergyKeys : storageEnergyKeys
            let other = isCompute ? storageEnergyKeys : computeEnergyKeys
            let kindText = isCompute ? "a compute level" : "a storage level"
            if let e = reader.fields(n, "energy of \(context)", allowed: allowed, extraHint: { key in
                other.contains(key) ? "\(kindText) has \(orList(allowed)) energies" : nil
            }) {
                for key in allowed {
                    if let v = e[key], let pJ = reader.energy(v, "\(key) energy of \(context)") { level.specEnergy[key] = pJ }
                }
            }
        }

        if let n = f["area"], let a = reader.area(n, "area of \(context)") { level.specAreaUm2 = a }

        if let n = f["multiple_of"] {
            if isCompute {
                reader.error("a compute level has no tiles to constrain; put 'multiple_of' on the storage level above it", at: n)
            } else if let m = reader.fields(n, "multiple_of of \(context)", allowed: Dimension.allNames,
                                            extraHint: SpecReader.dimensionHint) {
                for dim in Dimension.allCases {
                    if let v = m[dim.description], let k = reader.int(v, "multiple_of \(dim) of \(context)", min: 1, max: 1 << 16) {
                        if k > 1 { level.multipleOf[dim] = k }
                    }
                }
            }
        }

        if let n = f["latency"] {
            if isCompute {
                reader.error("a compute level has no access latency; 'latency' applies to storage levels", at: n)
            } else {
                level.latency = reader.fixedTime(n, "latency of \(context)")
            }
        }

        return reader.diagnostics.count == before ? level : nil
    }

    /// `array: [X, Y]`, `array: [X]` or `array: N` (= `[N, 1]`).
    static func decodeArray(_ node: SpecNode, _ context: String, reader: inout SpecReader) -> (Int, Int)? {
        if node.scalar != nil {
            guard let x = reader.int(node, "array of \(context)", min: 1, max: maxArrayExtent) else { return nil }
            return (x, 1)
        }
        guard let items = node.items, (1...2).contains(items.count) else {
            reader.error("expected [X, Y] or a number for the array of \(context), found \(node.found)", at: node)
            return nil
        }
        let x = reader.int(items[0], "array X of \(context)", min: 1, max: maxArrayExtent)
        let y = items.count == 2 ? reader.int(items[1], "array Y of \(context)", min: 1, max: maxArrayExtent) : 1
        guard let x, let y else { return nil }
        return (x, y)
    }
}
