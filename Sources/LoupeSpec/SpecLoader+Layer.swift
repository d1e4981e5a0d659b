import LoupeModel

extension SpecLoader {
    static let commonLayerKeys = ["name", "type", "repeat", "precision", "stats", "from", "vector_ops"]
    /// The keys of each layer type's shape, besides `dims` (the raw form, any type).
    static let shapeKeys: [LayerType: [String]] = [
        .conv: ["input", "filters", "kernel", "stride", "padding", "groups", "dilation"],
        .depthwise: ["input", "filters", "kernel", "stride", "padding", "dilation"],
        .fc: ["inputs", "outputs"],
        .matmul: ["m", "n", "k"],
    ]
    /// Keys that may accompany `dims` (they set the input projection).
    static let rawProjectionKeys = ["stride", "dilation", "padding"]
    static let maxExtent = 1 << 31

    /// Decodes one layer: its shape in one of the forms of docs/spec.md §7, then `repeat`,
    /// `precision` and `stats` over the workload's. `nil` when it has errors.
    static func decodeLayer(_ node: SpecNode, index: Int, batch: Int, precision: Precision, stats: DataStats,
                            reader: inout SpecReader) -> Layer? {
        guard node.pairs != nil else {
            reader.error("expected a mapping for layer #\(index + 1), found \(node.found)", at: node)
            return nil
        }
        let before = reader.diagnostics.count
        let name = reader.require(SpecReader.Fields(node: node, context: "layer #\(index + 1)"), "name")
            .flatMap { reader.name($0, "a layer name") }
        let context = name.map { "layer '\($0)'" } ?? "layer #\(index + 1)"
        var type = LayerType.conv
        if let t = node["type"], !t.isNull {
            guard let v = reader.choice(t, "layer type", in: context, LayerType.self) else { return nil }
            type = v
        }
        let isRaw = node["dims"] != nil
        let shape = shapeKeys[type] ?? []
        let allowed = commonLayerKeys + ["dims"] + (isRaw ? rawProjectionKeys.filter(shape.contains) : shape)
        guard let f = reader.fields(node, context, allowed: allowed, nullIsEmpty: false, extraHint: { key in
            if isRaw, shape.contains(key) { return "a layer with 'dims' gives its shape there, not with '\(key)'" }
            if isRaw, rawProjectionKeys.contains(key) { return "\(type.rawValue) layers take no '\(key)'" }
            if let owner = shapeKeys.first(where: { $0.value.contains(key) })?.key {
                return "'\(key)' belongs to \(article(owner.rawValue)) \(owner.rawValue) layer; this one is \(type.rawValue)"
            }
            return nil
        }) else { return nil }
        guard let name else { return nil }

        var layer = Layer(name: name, type: type, location: node.location)
        let shapeOK: Bool
        if let dims = f["dims"] {
            shapeOK = decodeRawDims(dims, f, context, batch: batch, into: &layer, reader: &reader)
        } else {
            switch type {
            case .conv, .depthwise: shapeOK = decodeConv(f, context, depthwise: type == .depthwise, batch: batch, into: &layer, reader: &reader)
            case .fc: shapeOK = decodeFC(f, context, batch: batch, into: &layer, reader: &reader)
            case .matmul: shapeOK = decodeMatmul(f, context, batch: batch, into: &layer, reader: &reader)
            }
        }
        if let r = f["repeat"], let v = reader.int(r, "repeat of \(context)", min: 1, max: maxExtent) { layer.repeatCount = v }
        // Graph edges and vector work (docs/import.md); `decodeWorkload` checks the names.
        if let n = f["from"], let items = reader.list(n, "from of \(context)", single: true) {
            layer.from = items.compactMap { reader.name($0, "a layer name in from of \(context)") }
        }
        if let n = f["vector_ops"], let v = reader.int(n, "vector_ops of \(context)", min: 0, max: 1 << 62) { layer.vectorOps = v }
        layer.precision = f["precision"].map { decodePrecision($0, base: precision, "the precision of \(context)", reader: &reader) } ?? precision
        let own = f["stats"].map { decodeStats($0, "the stats of \(context)", reader: &reader) } ?? DataStats()
        layer.stats = stats.overridden(by: own)
        for (t, bits) in layer.stats.precisionNeeded.sorted(by: { $0.key < $1.key }) where bits > Double(layer.precision[t]) {
            reader.error("\(context) needs \(bits.shortText) bits for \(t) (precision_needed) but stores \(layer.precision[t])",
                         at: f["stats"] ?? node)
        }
        if shapeOK { checkSizes(layer, node, context, reader: &reader) }
        return reader.diagnostics.count == before ? layer : nil
    }

    /// `dims: {N, G, K, C, P, Q, R, S}`: any subset; `N` defaults to the batch, the others to 1.
    static func decodeRawDims(_ node: SpecNode, _ f: SpecReader.Fields, _ context: String, batch: Int, into layer: inout Layer,
                              reader: inout SpecReader) -> Bool {
        let before = reader.diagnostics.count
        guard let d = reader.fields(node, "the dims of \(context)", allowed: Dimension.allNames, extraHint: SpecReader.dimensionHint)
        else { return false }
        layer[.N] = batch
        for dim in Dimension.allCases {
            if let n = d[dim.description], let v = reader.int(n, "\(dim) of \(context)", min: 1, max: maxExtent) { layer[dim] = v }
        }
        decodeProjection(f, context, into: &layer, reader: &reader)
        return reader.diagnostics.count == before
    }

    /// `stride`, `dilation` and `padding`: a number or `[rows, cols]`.
    static func decodeProjection(_ f: SpecReader.Fields, _ context: String, into layer: inout Layer, reader: inout SpecReader) {
        if let n = f["stride"], let (r, c) = pair(n, "stride of \(context)", min: 1, reader: &reader) {
            (layer.strideRows, layer.strideCols) = (r, c)
        }
        if let n = f["dilation"], let (r, c) = pair(n, "dilation of \(context)", min: 1, reader: &reader) {
            (layer.dilationRows, layer.dilationCols) = (r, c)
        }
        if let n = f["padding"], let (r, c) = pair(n, "padding of \(context)", min: 0, reader: &reader) {
            (layer.paddingRows, layer.paddingCols) = (r, c)
        }
    }

    /// A number (both axes) or `[rows, cols]`.
    static func pair(_ node: SpecNode, _ what: String, min: Int, reader: inout SpecReader) -> (Int, Int)? {
        if node.scalar != nil {
            guard let v = reader.int(node, what, min: min, max: maxExtent) else { return nil }
            return (v, v)
        }
        guard let items = node.items, items.count == 2 else {
            reader.error("expected a number or [rows, cols] for \(what), found \(node.found)", at: node)
            return nil
        }
        let a = reader.int(items[0], what, min: min, max: maxExtent)
        let b = reader.int(items[1], what, min: min, max: maxExtent)
        guard let a, let b else { return nil }
        return (a, b)
    }

    /// The convolution form: `input: {channels, height, width}`, `filters`, `kernel`, `stride`,
    /// `padding`, `groups`, `dilation`. Output rows follow
    /// `P = ⌊(H + 2·padding − dilation·(R − 1) − 1) / stride⌋ + 1` (and `Q` from the width).
    /// A depthwise layer has `G = channels`, `C = 1`, `K = filters / channels`.
    static func decodeConv(_ f: SpecReader.Fields, _ context: String, depthwise: Bool, batch: Int, into layer: inout Layer,
                           reader: inout SpecReader) -> Bool {
        let before = reader.diagnostics.count
        var channels: Int?, height: Int?, width: Int?
        if let n = reader.require(f, "input"),
           let inp = reader.fields(n, "the input of \(context)", allowed: ["channels", "height", "width"], nullIsEmpty: false) {
            channels = reader.require(inp, "channels").flatMap { reader.int($0, "input channels of \(context)", min: 1, max: maxExtent) }
            height = reader.require(inp, "height").flatMap { reader.int($0, "input height of \(context)", min: 1, max: maxExtent) }
            width = reader.require(inp, "width").flatMap { reader.int($0, "input width of \(context)", min: 1, max: maxExtent) }
        }
        let filtersNode = depthwise ? f["filters"] : reader.require(f, "filters")
        let filters = filtersNode.flatMap { reader.int($0, "filters of \(context)", min: 1, max: maxExtent) }
        let kernel = reader.require(f, "kernel").flatMap { pair($0, "kernel of \(context)", min: 1, reader: &reader) }
        let groups = f["groups"].flatMap { reader.int($0, "groups of \(context)", min: 1, max: maxExtent) } ?? 1
        decodeProjection(f, context, into: &layer, reader: &reader)
        guard reader.diagnostics.count == before, let channels, let height, let width, let kernel else { return false }

        layer[.N] = batch
        (layer[.R], layer[.S]) = kernel
        if depthwise {
            let filters = filters ?? channels
            guard filters % channels == 0 else {
                reader.error("the filters (\(filters)) of depthwise \(context) must be a multiple of its input channels (\(channels))",
                             at: filtersNode ?? f.node)
                return false
            }
            (layer[.G], layer[.C], layer[.K]) = (channels, 1, filters / channels)
        } else {
            guard let filters else { return false }
            var ok = true
            if channels % groups != 0 {
                reader.error("the input channels (\(channels)) of \(context) are not divisible by its groups (\(groups))",
                             at: f["groups"] ?? f.node)
                ok = false
            }
            if filters % groups != 0 {
                reader.error("the filters (\(filters)) of \(context) are not divisible by its groups (\(groups))",
                             at: f["groups"] ?? f.node)
                ok = false
            }
            guard ok else { return false }
            (layer[.G], layer[.C], layer[.K]) = (groups, channels / groups, filters / groups)
        }
        let p = outputExtent(height, padding: layer.paddingRows, kernel: layer[.R], dilation: layer.dilationRows, stride: layer.strideRows)
        let q = outputExtent(width, padding: layer.paddingCols, kernel: layer[.S], dilation: layer.dilationCols, stride: layer.strideCols)
        var ok = true
        for (extent, axis, input, pad, k, dil, stride) in [
            (p, "height", height, layer.paddingRows, layer[.R], layer.dilationRows, layer.strideRows),
            (q, "width", width, layer.paddingCols, layer[.S], layer.dilationCols, layer.strideCols),
        ] where (extent ?? 0) < 1 {
            reader.error("\(context) has an output \(axis) of \(extent.map(String.init) ?? "less than 1"): input \(axis) \(input) "
                         + "with padding \(pad) is smaller than the kernel's extent \(k) (dilation \(dil), stride \(stride))",
                         at: f.node)
            ok = false
        }
        guard ok, let p, let q else { return false }
        (layer[.P], layer[.Q]) = (p, q)
        return true
    }

    /// `⌊(input + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1`, or `nil` on overflow.
    static func outputExtent(_ input: Int, padding: Int, kernel: Int, dilation: Int, stride: Int) -> Int? {
        let (pad2, o1) = padding.multipliedReportingOverflow(by: 2)
        let (span, o2) = dilation.multipliedReportingOverflow(by: kernel - 1)
        let (a, o3) = input.addingReportingOverflow(pad2)
        let (b, o4) = a.subtractingReportingOverflow(span)
        guard !(o1 || o2 || o3 || o4), stride > 0 else { return nil }
        let numerator = b - 1
        // Floor division (Swift's `/` truncates toward zero).
        let q = numerator >= 0 ? numerator / stride : -((-numerator + stride - 1) / stride)
        return q + 1
    }

    /// `fc`: `inputs` → C, `outputs` → K.
    static func decodeFC(_ f: SpecReader.Fields, _ context: String, batch: Int, into layer: inout Layer, reader: inout SpecReader) -> Bool {
        let c = reader.require(f, "inputs").flatMap { reader.int($0, "inputs of \(context)", min: 1, max: maxExtent) }
        let k = reader.require(f, "outputs").flatMap { reader.int($0, "outputs of \(context)", min: 1, max: maxExtent) }
        guard let c, let k else { return false }
        (layer[.N], layer[.C], layer[.K]) = (batch, c, k)
        return true
    }

    /// `matmul`: `m` → P, `n` → K, `k` → C.
    static func decodeMatmul(_ f: SpecReader.Fields, _ context: String, batch: Int, into layer: inout Layer,
                             reader: inout SpecReader) -> Bool {
        let m = reader.require(f, "m").flatMap { reader.int($0, "m of \(context)", min: 1, max: maxExtent) }
        let n = reader.require(f, "n").flatMap { reader.int($0, "n of \(context)", min: 1, max: maxExtent) }
        let k = reader.require(f, "k").flatMap { reader.int($0, "k of \(context)", min: 1, max: maxExtent) }
        guard let m, let n, let k else { return false }
        (layer[.N], layer[.P], layer[.K], layer[.C]) = (batch, m, n, k)
        return true
    }

    /// Checks that the MAC count (× repeat) and the tensor sizes fit in `Int`, so that
    /// `Layer.macs` and `Layer.tensorSize` cannot trap downstream.
    static func checkSizes(_ layer: Layer, _ node: SpecNode, _ context: String, reader: inout SpecReader) {
        func sum(_ values: [Int]) -> Int? {
            var s = 0
            for v in values {
                let (r, o) = s.addingReportingOverflow(v)
                if o { return nil }
                s = r
            }
            return s
        }
        func extent(_ out: Int, _ stride: Int, _ kernel: Int, _ dilation: Int) -> Int? {
            guard let a = checkedProduct([out - 1, stride]), let b = checkedProduct([kernel - 1, dilation]) else { return nil }
            return sum([a, b, 1])
        }
        let rows = extent(layer[.P], layer.strideRows, layer[.R], layer.dilationRows)
        let cols = extent(layer[.Q], layer.strideCols, layer[.S], layer.dilationCols)
        let macs = checkedProduct(layer.bounds + [layer.repeatCount])
        let inputs = rows.flatMap { r in cols.flatMap { c in checkedProduct([layer[.N], layer[.G], layer[.C], r, c]) } }
        if macs == nil || inputs == nil {
            reader.error("\(context) is too large: its \(macs == nil ? "MAC count" : "input size") overflows a 64-bit integer", at: node)
        }
    }
}
