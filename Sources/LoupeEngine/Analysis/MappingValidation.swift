import LoupeModel

/// Why a mapping cannot run on an architecture (docs/spec.md §8; capacity: docs/model.md §2).
public enum MappingProblem: Sendable, Hashable, CustomStringConvertible {
    case levelCount(expected: Int, found: Int)
    case factorProduct(dimension: Dimension, product: Int, bound: Int)
    case fanoutExceeded(level: String, axis: String, used: Int, available: Int)
    case capacityExceeded(level: String, needed: Int, available: Int, tensors: [(TensorKind, Int)])
    case outermostMustKeep(level: String, tensor: TensorKind)
    case keepsNotAllowed(level: String, tensor: TensorKind)
    case badFactor(level: String, dimension: Dimension, factor: Int)
    case repeatedDimension(level: String, loops: String, dimension: Dimension)
    /// An imperfect loop whose step is not what the loops inside it cover (docs/spec.md §8).
    case imperfectStep(level: String, loop: String, inner: Int)
    /// An imperfect loop in a mapping of an architecture (or run) without `imperfect` on.
    case imperfectOff(level: String, loop: String)

    public static func == (a: MappingProblem, b: MappingProblem) -> Bool { a.description == b.description }
    public func hash(into h: inout Hasher) { h.combine(description) }

    public var description: String {
        switch self {
        case let .levelCount(expected, found):
            return "mapping has \(found) storage levels, the architecture has \(expected)"
        case let .factorProduct(d, product, bound):
            return "factors of \(d) multiply to \(product), but the layer has \(d)=\(bound)"
        case let .fanoutExceeded(level, axis, used, available):
            return "spatial \(axis) factors below '\(level)' use \(used) instances, but the array has \(available)"
        case let .capacityExceeded(level, needed, available, tensors):
            let parts = tensors.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            return "mapping overflows '\(level)': tiles need \(needed) words (\(parts)), the level holds \(available)"
        case let .outermostMustKeep(level, tensor):
            return "the outermost level '\(level)' must keep \(tensor)"
        case let .keepsNotAllowed(level, tensor):
            return "'\(level)' cannot keep \(tensor): the architecture bypasses it there"
        case let .repeatedDimension(level, loops, d):
            return "\(d) appears more than once in the \(loops) loops of '\(level)'; merge them into one factor"
        case let .imperfectStep(level, loop, inner):
            return "imperfect loop \(loop) at '\(level)' steps by a tile the loops inside it do not cover: they cover \(inner)"
        case let .imperfectOff(level, loop):
            return "imperfect loop \(loop) at '\(level)' needs imperfect factorization on (mapper: {imperfect: true} in the architecture, or --imperfect)"
        case let .badFactor(level, d, f):
            return "factor \(d)=\(f) at '\(level)' must be at least 1"
        }
    }
}

extension Evaluator {
    /// Every reason the mapping is invalid for this layer; empty when it is valid.
    public func problems(layer: Layer, mapping: Mapping, storageRatios: StorageRatios? = nil) -> [MappingProblem] {
        check(layer: layer, mapping: mapping, storageRatios: storageRatios).problems
    }

    /// The problems, and — when there are none — the kernel holding the mapping's counts, so that
    /// `evaluate` does not analyse the nest a second time.
    func check(layer: Layer, mapping: Mapping, storageRatios: StorageRatios?) -> (problems: [MappingProblem], kernel: NestKernel?) {
        var out: [MappingProblem] = []
        let n = architecture.levels.count - 1
        guard mapping.levels.count == n else { return ([.levelCount(expected: n, found: mapping.levels.count)], nil) }
        for (i, lm) in mapping.levels.enumerated() {
            for l in lm.temporal + lm.spatialX + lm.spatialY where l.factor < 1 {
                out.append(.badFactor(level: architecture.levels[i].name, dimension: l.dimension, factor: l.factor))
            }
        }
        if !out.isEmpty { return (out, nil) }
        let imperfect = mapping.isImperfect
        for d in Dimension.allCases {
            // Imperfect loops (docs/model.md §10): each must step by what the loops inside cover,
            // and the outermost extent must be the bound.
            let p = imperfect ? mapping.coverage(of: d) : (extent: mapping.product(of: d), mismatch: nil)
            if let (i, loop, inner) = p.mismatch {
                out.append(.imperfectStep(level: architecture.levels[i].name, loop: loop.description, inner: inner))
            } else if p.extent != layer[d] {
                out.append(.factorProduct(dimension: d, product: p.extent, bound: layer[d]))
            }
        }
        for i in 0..<n {
            let child = architecture.levels[i + 1]
            let lm = mapping.levels[i]
            if lm.spatialFanoutX > child.arrayX {
                out.append(.fanoutExceeded(level: architecture.levels[i].name, axis: "x", used: lm.spatialFanoutX, available: child.arrayX))
            }
            if lm.spatialFanoutY > child.arrayY {
                out.append(.fanoutExceeded(level: architecture.levels[i].name, axis: "y", used: lm.spatialFanoutY, available: child.arrayY))
            }
            if let k = lm.keeps {
                for t in k.sorted() where !architecture.levels[i].keeps.contains(t) {
                    out.append(.keepsNotAllowed(level: architecture.levels[i].name, tensor: t))
                }
            }
        }
        let keeps = effectiveKeeps(mapping)
        for t in TensorKind.allCases where !keeps[0][t.rawValue] {
            out.append(.outermostMustKeep(level: architecture.levels[0].name, tensor: t))
        }
        if !out.isEmpty { return (out, nil) }
        guard let compact = CompactMapping(mapping, keeps: keeps) else {
            for (i, lm) in mapping.levels.enumerated() {
                for (name, loops) in [("temporal", lm.temporal), ("spatial x", lm.spatialX), ("spatial y", lm.spatialY)] {
                    let dims = loops.map(\.dimension)
                    for d in Set(dims) where dims.filter({ $0 == d }).count > 1 {
                        out.append(.repeatedDimension(level: architecture.levels[i].name, loops: name, dimension: d))
                    }
                }
            }
            return (out, nil)
        }
        let kernel = NestKernel(architecture: resolved, layer: layer)
        if let storageRatios { kernel.storageRatios = storageRatios }
        kernel.analyze(compact, checkCapacity: false)
        // The kernel's capacity rule (`CapacityRule`), spelled out per tensor for the message.
        for i in 0..<n {
            guard let cap = architecture.levels[i].sizeWords else { continue }
            var need = 0
            var parts: [(TensorKind, Int)] = []
            for t in TensorKind.allCases where keeps[i][t.rawValue] {
                let w = CapacityRule.storedWords(tileWords: kernel.counts(level: i, tensor: t).tileWords,
                                                 ratio: storageRatios?[level: i, tensor: t] ?? 1)
                need += w
                parts.append((t, w))
            }
            if need > cap {
                out.append(.capacityExceeded(level: architecture.levels[i].name, needed: need, available: cap, tensors: parts))
            }
        }
        return (out, out.isEmpty ? kernel : nil)
    }

    /// `keeps[i][t]`: whether storage level `i` holds tensor `t` under this mapping.
    func effectiveKeeps(_ mapping: Mapping) -> [[Bool]] {
        (0..<(architecture.levels.count - 1)).map { i in
            let allowed = architecture.levels[i].keeps
            let narrowed = i < mapping.levels.count ? mapping.levels[i].keeps : nil
            return TensorKind.allCases.map { t in allowed.contains(t) && (narrowed?.contains(t) ?? true) }
        }
    }
}
