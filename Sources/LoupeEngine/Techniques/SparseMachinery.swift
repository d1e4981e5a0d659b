import Foundation
import LoupeModel

/// The hardware a sparse technique needs, costed by part (the `machinery:` option of
/// `zero_skipping` and `zero_gating`, docs/sparsity.md "The cost of sparse support").
///
/// ```yaml
/// machinery:
///   - {part: scatter, energy: 0.35, banks: 32, products: 16, window: 2}   # SCNN crossbar + banks
///   - {part: coordinates, energy: 0.12}
///   - {part: filler, run_bits: 4}                                         # EIE's 4-bit runs
/// ```
///
/// The machinery belongs to its technique entry: it is costed whenever the entry applies —
/// also at density 1, where it saves nothing and still costs — and `--disable KIND` removes it
/// with the technique, so the file with every technique disabled is the design's dense twin.
///
/// Each part counts **actions** on the evaluation after the technique's own changes and adds
/// `actions × energy` pJ to the energy breakdown as `<kind>: <part>`; where it stalls, it adds
/// compute cycles. Actions (`per:` overrides a part's default):
///
/// | `per` | one action per | count |
/// |---|---|---|
/// | `candidate` | pair of operands examined | effectual MACs before the technique |
/// | `mac` | product made (and routed) | effectual MACs after it |
/// | `value` | non-zero of the condition delivered to the MACs | its reads at its innermost keeper (× `d` unless compressed there) |
/// | `metadata` | metadata word read | Σ levels, tensors of metadata reads (data-word equivalents) |
///
/// | part | default `per` | stalls | source |
/// |---|---|---|---|
/// | `intersection` | candidate | `cycles` per action | leader-follower / intersection units: Sparseloop (Wu et al., MICRO 2022 §3, "skipping" needs an intersection unit); ExTensor (Hegde et al., MICRO 2019) |
/// | `scatter` | mac | accumulator-bank conflicts | SCNN (Parashar et al., ISCA 2017 §IV): products of the F×I Cartesian product are routed through a crossbar to 2·F·I accumulator banks |
/// | `coordinates` | mac | `cycles` per action | SCNN §IV: each product's output coordinate is computed from the operands' indices |
/// | `metadata_decode` | metadata | `cycles` per action | the decode of compressed indices (SCNN, EIE) |
/// | `filler` | value | one step per filler | EIE (Han et al., ISCA 2016 §III): a 4-bit relative index forces a filler zero after 15 zeros, processed as any entry |
/// | `lane_buffer` | value | `cycles` per action | Cnvlutin (Albericio et al., ISCA 2016 §IV): per-lane buffers of (value, offset) pairs |
///
/// **Stalls.** `cycles: c` adds `actions · c / U` compute cycles, `U` the utilized PEs (the
/// actions are spread over them). `scatter` with `banks: B, products: P` models bank conflicts:
/// each cycle `P` products go to `B` banks, each bank accepting one per cycle; with buffering of
/// `window: T` cycles the multipliers wait for the busiest bank of a window, whose load is the
/// maximum of `B` loads `Bin(P·T, 1/B)` (balls into bins, treated as independent):
///
///     compute cycles' = compute cycles · max(1, E[max_b L_b] / T)
///
/// (``LoadImbalance/expectedMax(pmf:units:)``, David & Nagaraja, *Order Statistics*, §2.1).
/// `filler` with `run_bits: r` adds `f = q^L/(1 − q^L)` filler entries per non-zero of the
/// condition (`q = 1 − d`, `L = 2^r`; ``RunLengthFormat/fillersPerNonZero(density:distribution:)``),
/// each a step of its lane and a multiply-add of zero: compute cycles × (1 + f), actions =
/// effectual MACs × f, at `energy` (default: the evaluation's energy per effectual MAC).
public struct SparseMachinery: Sendable, Hashable {
    public enum Part: String, CaseIterable, Sendable {
        case intersection, scatter, coordinates
        case metadataDecode = "metadata_decode"
        case filler
        case laneBuffer = "lane_buffer"

        var defaultAction: Action {
            switch self {
            case .intersection: .candidate
            case .scatter, .coordinates: .mac
            case .metadataDecode: .metadata
            case .filler, .laneBuffer: .value
            }
        }
    }

    public enum Action: String, CaseIterable, Sendable {
        case candidate, mac, value, metadata
    }

    public struct Item: Sendable, Hashable {
        public var part: Part
        public var action: Action
        /// pJ per action; nil only for `filler` (the energy per effectual MAC).
        public var energy: Double?
        /// Stall cycles per action of one PE.
        public var cycles: Double
        public var banks: Int?
        public var products: Int?
        public var window: Int
        public var runBits: Int?
    }

    public var items: [Item]

    static let itemKeys = ["part", "energy", "per", "cycles", "banks", "products", "window", "run_bits"]

    /// Reads `machinery:` (a list of mappings); empty when absent.
    static func read(_ o: inout TechniqueOptions, kind: String) -> SparseMachinery {
        guard let node = o.node("machinery") else { return SparseMachinery(items: []) }
        let list = node.items ?? [node]
        var items: [Item] = []
        for entry in list {
            guard let pairs = entry.pairs else {
                o.error("each entry of option 'machinery' of technique '\(kind)' is a mapping such as {part: scatter, energy: 0.3}, found \(entry.found)",
                        at: entry)
                continue
            }
            var fields: [String: SpecNode] = [:]
            var bad = false
            for p in pairs {
                if !itemKeys.contains(p.key) {
                    o.error("unknown key '\(p.key)' in option 'machinery' of technique '\(kind)'", at: p.value,
                            hint: TechniqueOptions.guess(p.key, among: itemKeys) + "its keys are " + itemKeys.joined(separator: ", "))
                    bad = true
                }
                fields[p.key] = p.value
            }
            func number(_ key: String, _ range: ClosedRange<Double>) -> Double? {
                guard let n = fields[key], !n.isNull else { return nil }
                guard let s = n.scalar, let v = Double(TechniqueOptions.trim(s)), v.isFinite, range.contains(v) else {
                    o.error("'\(key)' in option 'machinery' of technique '\(kind)' must be a number in [\(range.lowerBound), \(range.upperBound)]",
                            at: n)
                    bad = true
                    return nil
                }
                return v
            }
            func whole(_ key: String, _ range: ClosedRange<Double>) -> Int? {
                guard let v = number(key, range) else { return nil }
                if v != v.rounded() {
                    o.error("'\(key)' in option 'machinery' of technique '\(kind)' must be a whole number", at: fields[key])
                    bad = true
                    return nil
                }
                return Int(v)
            }
            func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
                guard let n = fields[key], !n.isNull else { return nil }
                guard let s = n.scalar else {
                    o.error("'\(key)' in option 'machinery' of technique '\(kind)' takes one word, found \(n.found)", at: n)
                    bad = true
                    return nil
                }
                let t = TechniqueOptions.trim(s)
                if let v = E(rawValue: t) { return v }
                let names = E.allCases.map(\.rawValue)
                o.error("'\(key)' in option 'machinery' of technique '\(kind)' must be one of \(names.joined(separator: ", ")), found '\(t)'",
                        at: n, hint: DidYouMean.hint(for: t, among: names))
                bad = true
                return nil
            }
            guard let partNode = fields["part"], !partNode.isNull else {
                o.error("an entry of option 'machinery' of technique '\(kind)' needs 'part': one of "
                        + Part.allCases.map(\.rawValue).joined(separator: ", "), at: entry)
                continue
            }
            let part = choice("part", Part.self)
            let action = choice("per", Action.self)
            let energy = number("energy", 0...1e6)
            let cycles = number("cycles", 0...1e6) ?? 0
            let banks = whole("banks", 1...1_048_576)
            let products = whole("products", 1...1_048_576)
            let window = whole("window", 1...1_048_576) ?? 1
            let runBits = whole("run_bits", 1...30)
            guard let part, !bad else { continue }
            if energy == nil && part != .filler {
                o.error("the '\(part.rawValue)' entry of option 'machinery' of technique '\(kind)' needs 'energy' (pJ per action)", at: entry)
                continue
            }
            if (banks == nil) != (products == nil) || ((banks != nil || fields["window"] != nil) && part != .scatter) {
                o.error("'banks', 'products' and 'window' in option 'machinery' of technique '\(kind)' go together, on the 'scatter' part",
                        at: entry)
                continue
            }
            if (runBits == nil) == (part == .filler) {
                o.error("'run_bits' in option 'machinery' of technique '\(kind)' is needed by, and only by, the 'filler' part", at: entry)
                continue
            }
            items.append(Item(part: part, action: action ?? part.defaultAction, energy: energy, cycles: cycles,
                              banks: banks, products: products, window: window, runBits: runBits))
        }
        return SparseMachinery(items: items)
    }

    /// Actions of kind `action` on `after` (`before`: the evaluation the technique was applied to).
    static func count(_ action: Action, before: Evaluation, after: Evaluation, condition: TensorKind, density d: Double) -> Double {
        switch action {
        case .candidate:
            return before.effectualMACs
        case .mac:
            return after.effectualMACs
        case .value:
            guard let a = after.levels.last(where: { $0.accesses(condition) != nil })?.accesses(condition) else {
                return after.effectualMACs
            }
            return a.totalReads * (a.compressionFormat != nil ? 1 : d)
        case .metadata:
            var total = 0.0
            for level in after.levels {
                for a in level.tensors {
                    let writes = min(1, max(0, a.metadataFillShare + a.metadataUpdateShare))
                    total += a.metadataWords * (1 - writes) * Double(a.utilizedInstances)
                }
            }
            return total
        }
    }

    /// The bank-conflict factor `max(1, E[max_b L_b]/T)`, `L_b ~ Bin(P·T, 1/B)`.
    public static func bankConflictFactor(banks: Int, products: Int, window: Int) -> Double {
        guard banks > 1 else { return Double(products) }
        let model = DensityModel(density: 1 / Double(banks), tensorSize: Int.max / 2)
        let pmf = model.occupancyDistribution(tile: products * window)
        return max(1, LoadImbalance.expectedMax(pmf: pmf, units: banks) / Double(window))
    }

    /// Adds every part's cost to `e` (then refreshed by the caller): overheads named
    /// `<kind>: <part>`, and stall cycles on the compute time.
    func apply(to e: inout Evaluation, before: Evaluation, kind: String, condition: TensorKind, density d: Double,
               distribution: DensityDistribution, notes: inout [String]) {
        for item in items {
            let name = "\(kind): \(item.part.rawValue)"
            var actions = Self.count(item.action, before: before, after: e, condition: condition, density: d)
            var energyPerAction = item.energy ?? 0
            var stall = actions * item.cycles / Double(max(1, e.utilizedPEs))
            switch item.part {
            case .filler:
                let f = RunLengthFormat(runBits: item.runBits ?? 4).fillersPerNonZero(density: d, distribution: distribution)
                if item.energy == nil { energyPerAction = e.effectualMACs > 0 ? e.macEnergy / e.effectualMACs : 0 }
                actions = e.effectualMACs * f
                stall += e.effectiveComputeCycles * f
                notes.append("\(name): \(fmt(f)) filler entries per non-zero \(condition) (\(item.runBits ?? 4)-bit runs, density \(fmt(d))); "
                    + "each a step and a multiply-add of zero")
            case .scatter:
                if let banks = item.banks, let products = item.products {
                    let factor = Self.bankConflictFactor(banks: banks, products: products, window: item.window)
                    stall += e.effectiveComputeCycles * (factor - 1)
                    notes.append("\(name): \(products) products per cycle into \(banks) accumulator banks, \(item.window)-cycle window: "
                        + "bank conflicts × \(fmt(factor)) compute time")
                }
            default:
                break
            }
            e.effectiveComputeCycles += stall
            e.overheads.append(MachineryCost(name: name, actions: actions, energy: actions * energyPerAction, cycles: stall))
        }
    }
}

private func fmt(_ x: Double) -> String { sparseFormat(x) }
