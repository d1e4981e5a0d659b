import LoupeModel

/// How a tensor's coordinates follow from the operation space (docs/spec.md §3, docs/model.md §2).
///
/// Each tensor axis is `Σ coefficient × dimension`. Weights and outputs use one
/// dimension per axis; inputs use the sliding window `H = P·stride_rows + R·dilation_rows`
/// and `W = Q·stride_cols + S·dilation_cols`. A box of the operation space with
/// extents `e` projects to a box whose extent on an axis is `Σ c·(e_d − 1) + 1`
/// (Timeloop's axis-aligned hyper-rectangle projection), so for inputs
/// `extent_H = (P_tile − 1)·stride + (R_tile − 1)·dilation + 1`.
public struct TensorProjection: Sendable, Hashable {
    /// One axis of the tensor: the dimensions that index it, with coefficients.
    public struct Axis: Sendable, Hashable {
        public var terms: [(dimension: Dimension, coefficient: Int)]
        public static func == (a: Axis, b: Axis) -> Bool {
            a.terms.map(\.dimension) == b.terms.map(\.dimension) && a.terms.map(\.coefficient) == b.terms.map(\.coefficient)
        }
        public func hash(into h: inout Hasher) {
            for t in terms { h.combine(t.dimension); h.combine(t.coefficient) }
        }
    }

    public var tensor: TensorKind
    public var axes: [Axis]
    /// Which dimensions index this tensor at all ("relevant" dimensions).
    public var relevant: [Bool]

    public init(tensor: TensorKind, layer: Layer) {
        self.tensor = tensor
        func single(_ d: Dimension) -> Axis { Axis(terms: [(d, 1)]) }
        switch tensor {
        case .weights:
            axes = [single(.G), single(.K), single(.C), single(.R), single(.S)]
        case .outputs:
            axes = [single(.N), single(.G), single(.K), single(.P), single(.Q)]
        case .inputs:
            axes = [single(.N), single(.G), single(.C),
                    Axis(terms: [(.P, layer.strideRows), (.R, layer.dilationRows)]),
                    Axis(terms: [(.Q, layer.strideCols), (.S, layer.dilationCols)])]
        }
        var rel = Array(repeating: false, count: 8)
        for a in axes { for t in a.terms { rel[t.dimension.rawValue] = true } }
        relevant = rel
    }

    /// Extent of the projection of an operation-space box with per-dimension extents `e`.
    @inlinable
    public func extent(of axis: Axis, _ e: [Int]) -> Int {
        var x = 1
        for t in axis.terms { x += t.coefficient * (e[t.dimension.rawValue] - 1) }
        return x
    }
}
