/// What Loupe knows about each ONNX operator: whether it carries MACs, and how many vector
/// operations (element-wise arithmetic steps, one per element per step) it costs. The
/// figures are documented in docs/import.md, "Vector operations".
enum ONNXOperators {
    /// The operators imported as layers (docs/import.md, "Layers").
    static let layerOps: Set<String> = ["Conv", "ConvTranspose", "Gemm", "MatMul"]

    /// Operators that multiply and accumulate but have no Loupe layer form; an import stops
    /// on them unless `--skip-unsupported`.
    static let unmappableMACOps: Set<String> = [
        "Einsum", "LSTM", "GRU", "RNN", "ConvInteger", "MatMulInteger", "QLinearConv", "QLinearMatMul",
        "DeformConv", "Attention", "MultiHeadAttention", "FusedMatMul", "FusedConv", "FusedGemm", "QGemm",
        "DynamicQuantizeMatMul", "MatMulNBits", "GroupQueryAttention", "Col2Im", "Det", "Conv3D",
    ]

    /// Control flow: sub-graphs Loupe does not read.
    static let controlFlowOps: Set<String> = ["If", "Loop", "Scan", "SequenceMap"]

    /// Element-wise unary operators: output shape = input shape; vector operations per output
    /// element.
    static let unary: [String: Int] = [
        "Relu": 1, "LeakyRelu": 1, "Sigmoid": 1, "HardSigmoid": 1, "HardSwish": 1, "Tanh": 1, "Elu": 1, "Selu": 1,
        "Celu": 1, "Gelu": 1, "Erf": 1, "Exp": 1, "Log": 1, "Sqrt": 1, "Reciprocal": 1, "Neg": 1, "Abs": 1,
        "Softplus": 1, "Softsign": 1, "Mish": 1, "Clip": 1, "Floor": 1, "Ceil": 1, "Round": 1, "Sign": 1,
        "Sin": 1, "Cos": 1, "Tan": 1, "Not": 1, "ThresholdedRelu": 1, "Shrink": 1, "IsNaN": 1, "IsInf": 1,
        "Hardmax": 1, "Swish": 1, "FastGelu": 1, "QuickGelu": 1, "BiasGelu": 1,
        // Affine per element (scale and shift).
        "BatchNormalization": 2,
        // max, subtract-and-exponentiate, sum, divide (log for LogSoftmax).
        "Softmax": 3, "LogSoftmax": 3,
        // mean, subtract, square-and-sum, normalize, scale-and-shift.
        "LayerNormalization": 5, "InstanceNormalization": 5, "GroupNormalization": 5,
        "MeanVarianceNormalization": 4, "LpNormalization": 3, "LRN": 3, "SimplifiedLayerNormalization": 4,
        "SkipLayerNormalization": 6, "RMSNormalization": 4,
        // Data type and identity: no arithmetic.
        "Identity": 0, "Dropout": 0, "Cast": 0, "CastLike": 0,
    ]

    /// Element-wise operators of two or more inputs, with numpy broadcasting: one vector
    /// operation per output element (per input beyond the first, for `Sum`/`Max`/`Min`/`Mean`).
    static let broadcasting: Set<String> = [
        "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Equal", "Less", "Greater",
        "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Where", "Mod", "PRelu", "BitShift",
        "BitwiseAnd", "BitwiseOr", "BitwiseXor",
    ]

    /// Pooling over a window: one vector operation per window element of each output.
    static let pooling: Set<String> = ["MaxPool", "AveragePool", "LpPool"]
    /// Global pooling and reductions: one vector operation per input element.
    static let globalPooling: Set<String> = ["GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"]
    static let reductions: Set<String> = [
        "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
        "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare",
    ]

    /// Operators whose inputs beyond the first are shapes, axes, pads or scales rather than
    /// data: the graph edges (`from`) follow only their first input.
    static let dataInputOnly: Set<String> = [
        "Reshape", "Expand", "Tile", "Unsqueeze", "Squeeze", "Split", "Pad", "Slice", "Resize", "Upsample",
        "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
        "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "TopK", "CumSum",
    ]
    /// Operators that read only their inputs' shapes: no graph edge passes through them.
    static let shapeOnly: Set<String> = ["Shape", "Size", "ConstantOfShape", "Constant", "Range", "EyeLike"]
}
