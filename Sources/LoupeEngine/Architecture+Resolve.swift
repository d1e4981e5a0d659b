import LoupeModel

/// An architecture whose every level has its energy and area figures filled in
/// (`Architecture.resolved()`): what pricing needs, so that a function which prices counts says
/// so in its signature (`NestKernel`, `Mapper`) and cannot be handed a spec as loaded. Reads of
/// the architecture's properties pass through (`resolved.levels`, `resolved.compute`).
@dynamicMemberLookup
public struct ResolvedArchitecture: Sendable, Hashable {
    /// The architecture with every figure filled in.
    public let architecture: Architecture

    /// Resolves `architecture` (figures the spec gives win; the rest come from the library).
    public init(_ architecture: Architecture) {
        self.architecture = architecture.resolved()
    }

    public subscript<T>(dynamicMember path: KeyPath<Architecture, T>) -> T { architecture[keyPath: path] }
}

/// The actions a level's `energy:` block may price (docs/spec.md §4, "Energy keys").
public enum EnergyAction: String, CaseIterable, Sendable {
    case read, write, update, leak, compute, gated
    case metadataRead = "metadata_read"
    case metadataWrite = "metadata_write"
    case metadataUpdate = "metadata_update"
}

extension Level {
    /// The energy the spec gives for `action`, pJ; nil when it leaves it to the library.
    public func givenEnergy(_ action: EnergyAction) -> Double? { specEnergy[action.rawValue] }
}

extension Architecture {
    /// The architecture with every energy and area figure filled in: figures the spec gives
    /// win; the rest come from `ComponentLibrary` for the level's class, technology, size,
    /// word width and DRAM type (docs/spec.md §4,
    /// "Energy keys"; docs/energy.md). Each level's `energy.source` says which.
    public func resolved() -> Architecture {
        var copy = self
        for i in copy.levels.indices {
            copy.levels[i] = resolve(copy.levels[i])
        }
        return copy
    }

    func resolve(_ level: Level) -> Level {
        var l = level
        // Without a technology the loader has checked that the spec gives every figure, so
        // the library is not consulted (these placeholder figures are never used).
        let library: ComponentFigures
        if technology == nil {
            library = ComponentFigures(read: 0, write: 0, update: 0, leak: 0, compute: 0, areaUm2: 0,
                                       source: "spec", estimated: false)
        } else if l.isCompute {
            library = ComponentLibrary.mac(technology: technology!, operandBits: l.wordBits, float: false, clockHz: clockHz)
        } else {
            library = ComponentLibrary.storage(class: l.levelClass, technology: technology!, sizeWords: l.sizeWords,
                                               wordBits: l.wordBits, blockWords: l.blockWords, dram: l.dram, clockHz: clockHz)
        }
        // Compute levels: Timeloop charges no MAC leakage, so neither does Loupe (leak only if given).
        let fields: [EnergyAction] = l.isCompute ? [.compute] : [.read, .write, .update, .leak]
        let missing = fields.filter { l.givenEnergy($0) == nil }
        var e = ActionEnergies(
            read: l.givenEnergy(.read) ?? library.read,
            write: l.givenEnergy(.write) ?? library.write,
            update: l.givenEnergy(.update) ?? l.givenEnergy(.write) ?? library.update,
            leak: l.givenEnergy(.leak) ?? (l.isCompute ? 0 : library.leak),
            compute: l.givenEnergy(.compute) ?? library.compute,
            gated: l.givenEnergy(.gated) ?? 0)
        // An update defaults to the write energy the spec gave, as in Accelergy's tables.
        let missingAfterDefaults = missing.filter { !($0 == .update && l.givenEnergy(.write) != nil) }
        if missingAfterDefaults.isEmpty {
            e.source = "spec"
            e.estimated = false
        } else if missingAfterDefaults.count == fields.count {
            e.source = library.source
            e.estimated = library.estimated
        } else {
            e.source = "spec; " + missingAfterDefaults.map(\.rawValue).joined(separator: ", ") + " from " + library.source
            e.estimated = library.estimated
        }
        // The library's range notes (they concern its energy fits), when its energies are used.
        if !missingAfterDefaults.isEmpty { e.rangeNotes = library.rangeNotes }
        l.energy = e
        if let a = l.specAreaUm2 {
            l.areaUm2 = a
            l.areaSource = "spec"
        } else {
            l.areaUm2 = library.areaUm2
            l.areaSource = library.source
        }
        return l
    }

    /// Total area in mm²: Σ levels (area per instance × instances).
    public var areaMM2: Double {
        var total = 0.0
        for i in levels.indices { total += levels[i].areaUm2 * Double(instances(of: i)) }
        return total / 1e6
    }
}
