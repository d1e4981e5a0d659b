/// The kind of hardware behind an architecture level (docs/spec.md §4).
public enum LevelClass: String, CaseIterable, Sendable, Hashable {
    case dram, sram, regfile, register, compute
}

/// Off-chip memory families with built-in per-bit energies (docs/spec.md §4).
public enum DRAMType: String, CaseIterable, Sendable, Hashable {
    case LPDDR4, DDR4, HBM2, GDDR6
}

/// Process nodes with built-in component figures (docs/spec.md §2).
public enum Technology: String, CaseIterable, Sendable, Hashable, Comparable {
    case nm65 = "65nm", nm45 = "45nm", nm32 = "32nm", nm28 = "28nm", nm16 = "16nm", nm7 = "7nm"

    /// Feature size in nanometres.
    public var nanometres: Double {
        switch self {
        case .nm65: 65
        case .nm45: 45
        case .nm32: 32
        case .nm28: 28
        case .nm16: 16
        case .nm7: 7
        }
    }

    public static func < (lhs: Technology, rhs: Technology) -> Bool { lhs.nanometres > rhs.nanometres }
}
