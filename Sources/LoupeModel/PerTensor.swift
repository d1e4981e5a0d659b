/// One value per tensor, indexed by `TensorKind`.
public struct PerTensor<Value> {
    public var weights: Value
    public var inputs: Value
    public var outputs: Value

    public init(weights: Value, inputs: Value, outputs: Value) {
        self.weights = weights
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The same value for every tensor.
    public init(repeating value: Value) {
        self.init(weights: value, inputs: value, outputs: value)
    }

    public subscript(_ t: TensorKind) -> Value {
        get {
            switch t {
            case .weights: weights
            case .inputs: inputs
            case .outputs: outputs
            }
        }
        set {
            switch t {
            case .weights: weights = newValue
            case .inputs: inputs = newValue
            case .outputs: outputs = newValue
            }
        }
    }
}

extension PerTensor: Sendable where Value: Sendable {}
extension PerTensor: Equatable where Value: Equatable {}
extension PerTensor: Hashable where Value: Hashable {}
