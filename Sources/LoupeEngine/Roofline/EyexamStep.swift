/// The seven steps of Eyexam, each adding one constraint to a layer's performance bound
/// (MACs per cycle).
///
/// Source: V. Sze, Y.-H. Chen, T.-J. Yang, J. Emer, "How to Evaluate Deep Neural Network
/// Processors: TOPS/W (Alone) Considered Harmful", IEEE Solid-State Circuits Magazine, Summer 2020,
/// Table 2 (p. 34) and text (p. 33).
/// Each step's bound is the upper bound for the next, so the bounds never increase.
///
/// | # | constraint (Eyexam) | type | bound after the step |
/// |---|---|---|---|
/// | 1 | layer size and shape | workload | maximum workload parallelism |
/// | 2 | dataflow loop nest | architectural | maximum dataflow parallelism |
/// | 3 | number of PEs | architectural | maximum PE parallelism |
/// | 4 | physical dimensions of the PE array | architectural | number of active PEs |
/// | 5 | fixed storage capacity | architectural | number of active PEs |
/// | 6 | fixed data bandwidth | microarchitectural | maximum data bandwidth to active PEs |
/// | 7 | varying data access patterns | microarchitectural | actual measured performance |
///
/// Step 7 needs the instantaneous bandwidth, i.e. cycle-level simulation; Loupe never simulates
/// cycles, so that step is reported as not modelled and carries step 6's bound.
public enum EyexamStep: Int, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case layerShape = 1
    case dataflow
    case peCount
    case peArrayShape
    case storageCapacity
    case dataBandwidth
    case accessPatterns

    public static func < (a: EyexamStep, b: EyexamStep) -> Bool { a.rawValue < b.rawValue }

    /// The step number, 1…7.
    public var number: Int { rawValue }

    /// The name written in `roofline.csv`'s `step` column.
    public var name: String {
        switch self {
        case .layerShape: "layer_shape"
        case .dataflow: "dataflow"
        case .peCount: "pe_count"
        case .peArrayShape: "pe_array_shape"
        case .storageCapacity: "storage_capacity"
        case .dataBandwidth: "data_bandwidth"
        case .accessPatterns: "access_patterns"
        }
    }

    /// Eyexam's wording of the constraint the step adds (Table 2).
    public var constraint: String {
        switch self {
        case .layerShape: "Layer size and shape"
        case .dataflow: "Dataflow loop nest"
        case .peCount: "Number of PEs"
        case .peArrayShape: "Physical dimensions of PE array"
        case .storageCapacity: "Fixed storage capacity"
        case .dataBandwidth: "Fixed data bandwidth"
        case .accessPatterns: "Varying data access patterns"
        }
    }

    public var description: String { name }
}
