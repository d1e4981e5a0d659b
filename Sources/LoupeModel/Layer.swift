/// The operation type of a layer (docs/spec.md §7).
public enum LayerType: String, CaseIterable, Sendable, Hashable {
    case conv, depthwise, fc, matmul
}

/// Bits per value of each tensor.
public typealias Precision = PerTensor<Int>

extension PerTensor where Value == Int {
    /// 16 bits for every tensor, the default precision (docs/spec.md §7).
    public init() { self.init(repeating: 16) }
}

/// One layer: the bounds of the eight dimensions plus the input projection (docs/spec.md §3, §7).
///
/// Input rows are indexed by `P·strideRows + R·dilationRows` and input columns by
/// `Q·strideCols + S·dilationCols`; padding only changes how `P`/`Q` follow from the
/// input size, since the padded border is part of the input tile (as in Timeloop).
public struct Layer: Sendable, Hashable {
    public var name: String
    public var type: LayerType
    /// Bounds indexed by `Dimension.rawValue`.
    public var bounds: [Int]
    public var strideRows: Int
    public var strideCols: Int
    public var dilationRows: Int
    public var dilationCols: Int
    public var paddingRows: Int
    public var paddingCols: Int
    /// Identical layers counted this many times.
    public var repeatCount: Int
    public var precision: Precision
    public var stats: DataStats
    /// The layers whose outputs this one consumes (`from:`, written by importers; docs/import.md).
    public var from: [String] = []
    /// Element-wise vector operations of the MAC-free work feeding this layer (`vector_ops:`;
    /// docs/import.md), or `nil` when the workload does not record it.
    public var vectorOps: Int?
    public var location: SourceLocation?

    public init(name: String, type: LayerType = .conv, bounds: [Int] = Array(repeating: 1, count: 8),
                strideRows: Int = 1, strideCols: Int = 1, dilationRows: Int = 1, dilationCols: Int = 1,
                paddingRows: Int = 0, paddingCols: Int = 0, repeatCount: Int = 1,
                precision: Precision = Precision(), stats: DataStats = DataStats(), location: SourceLocation? = nil) {
        precondition(bounds.count == 8, "a layer has eight dimension bounds")
        self.name = name
        self.type = type
        self.bounds = bounds
        self.strideRows = strideRows
        self.strideCols = strideCols
        self.dilationRows = dilationRows
        self.dilationCols = dilationCols
        self.paddingRows = paddingRows
        self.paddingCols = paddingCols
        self.repeatCount = repeatCount
        self.precision = precision
        self.stats = stats
        self.location = location
    }

    public subscript(_ d: Dimension) -> Int {
        get { bounds[d.rawValue] }
        set { bounds[d.rawValue] = newValue }
    }

    /// MACs of one instance of the layer: the product of all bounds.
    public var macs: Int { bounds.reduce(1, *) }

    /// Input rows touched: `(P−1)·stride + (R−1)·dilation + 1`.
    public var inputRows: Int { (self[.P] - 1) * strideRows + (self[.R] - 1) * dilationRows + 1 }
    /// Input columns touched: `(Q−1)·stride + (S−1)·dilation + 1`.
    public var inputCols: Int { (self[.Q] - 1) * strideCols + (self[.S] - 1) * dilationCols + 1 }

    /// Words in a whole tensor.
    public func tensorSize(_ t: TensorKind) -> Int {
        switch t {
        case .weights: self[.G] * self[.K] * self[.C] * self[.R] * self[.S]
        case .inputs: self[.N] * self[.G] * self[.C] * inputRows * inputCols
        case .outputs: self[.N] * self[.G] * self[.K] * self[.P] * self[.Q]
        }
    }
}
