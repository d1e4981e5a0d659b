import LoupeEngine
import LoupeModel

/// The mappings the mapper may choose for one layer on one architecture (docs/mapper.md §1).
///
/// A mapping places each dimension's bound as a product of factors over *slots*: the temporal
/// loops of every storage level and the X / Y axes of every fanout (`slot = level·3 + kind`,
/// kind 0 temporal, 1 x, 2 y). Each level also has a loop order and a choice of the tensors it
/// keeps. Constraints narrow all three: `spatial` lists the dimensions an axis may take,
/// `factors` fixes (`=`) or bounds (`>=`, `<=`) a level's temporal factor, `temporal.order`
/// fixes the innermost loops, `keep`/`bypass` fix the keeps; named dataflows expand to such
/// constraints (`MapperConstraints+Dataflow.swift`).
public struct Mapspace: Sendable {
    public let levels: Int
    public let bounds: [Int]
    /// `allowed[d][slot]`: whether dimension d may take a factor > 1 in the slot.
    public let allowed: [[Bool]]
    /// Factors fixed by `=` constraints, `fixed[d][slot]` (1 when free).
    public let fixed: [[Int]]
    /// Prime factors of each bound left to distribute after the fixed ones.
    public let primes: [[Int]]
    /// Bounds on temporal factors, `[d][level]`.
    public let minTemporal: [[Int]]
    public let maxTemporal: [[Int]]
    /// Least spatial factor (X × Y) on the fanout below each level, `[d][level]`.
    public let minSpatial: [[Int]]
    /// Dimensions whose loops are fixed innermost at each level, outer → inner.
    public let fixedInner: [[UInt8]]
    /// Per level and tensor: true = must keep, false = must bypass, nil = the mapper chooses.
    public let keepChoice: [[Bool?]]
    /// Fanout of the array below each storage level, per axis.
    public let fanoutX: [Int]
    public let fanoutY: [Int]
    /// Capacity of each storage level in words (`Int.max` when unbounded).
    public let capacity: [Int]
    let strideRows: Int, strideCols: Int, dilationRows: Int, dilationCols: Int
    /// Slots each dimension may take, `allowedSlots[d]`.
    let allowedSlots: [[Int]]
    /// Distinct primes of each dimension's free part.
    let distinctPrimes: [[Int]]
    /// Dimensions with factors to move.
    let movableDimensions: [Int]
    /// (level, tensor) pairs whose keep the mapper chooses.
    let freeKeeps: [(Int, Int)]
    /// Whether any `>=` / `<=` factor constraint or least spatial factor exists.
    let hasFactorBounds: Bool
    /// The levels' `multiple_of` (docs/spec.md §4): the tile of `dimension` at storage level
    /// `level` (the product of its factors in every slot from `level·3` inward) must be a
    /// multiple of `multiple`.
    let tileMultiples: [(level: Int, dimension: Int, multiple: Int)]
    /// Prime factors the sampler places inside a level so that its `multiple_of` holds:
    /// `reservedPrimes[d]` lists each with the first slot it may take (`level·3`); the
    /// sampler places the other primes of `primes[d]`, `samplePrimes[d]`, anywhere allowed.
    let reservedPrimes: [[(prime: Int, fromSlot: Int)]]
    let samplePrimes: [[Int]]
    /// Dimensions whose factors must go on an array: no temporal slot is allowed, or a least
    /// spatial factor is set (the sampler places them first).
    let spatialFirst: [Bool]
    /// Dimensions with factors left and no temporal slot allowed.
    let spatialOnly: [Bool]
    let hasSpatialFirst: Bool

    /// Builds the mapspace; throws when a constraint names an unknown level or cannot be met.
    public init(architecture: Architecture, layer: Layer, constraints: MapperConstraints) throws(DiagnosticError) {
        let n = architecture.levels.count - 1
        levels = n
        bounds = layer.bounds
        strideRows = layer.strideRows; strideCols = layer.strideCols
        dilationRows = layer.dilationRows; dilationCols = layer.dilationCols
        fanoutX = (0..<n).map { architecture.levels[$0 + 1].arrayX }
        fanoutY = (0..<n).map { architecture.levels[$0 + 1].arrayY }
        capacity = (0..<n).map { architecture.levels[$0].sizeWords ?? Int.max }

        var problems: [Diagnostic] = []
        let expanded = constraints.expanded(for: architecture, layer: layer)
        var perLevel = Array(repeating: LevelConstraints(), count: n)
        for (name, c) in expanded.levels.sorted(by: { $0.key < $1.key }) {
            guard let i = architecture.levelIndex(named: name), i < n else {
                problems.append(Diagnostic(.error, "constraints name unknown storage level '\(name)'", at: architecture.location))
                continue
            }
            perLevel[i] = c
        }

        var allowed = Array(repeating: Array(repeating: false, count: n * 3), count: 8)
        var fixed = Array(repeating: Array(repeating: 1, count: n * 3), count: 8)
        var minT = Array(repeating: Array(repeating: 1, count: n), count: 8)
        var maxT = Array(repeating: Array(repeating: Int.max, count: n), count: 8)
        for d in 0..<8 {
            for i in 0..<n {
                let c = perLevel[i]
                allowed[d][i * 3] = true
                if fanoutX[i] > 1 { allowed[d][i * 3 + 1] = c.spatialX.map { $0.contains { $0.rawValue == d } } ?? true }
                if fanoutY[i] > 1 { allowed[d][i * 3 + 2] = c.spatialY.map { $0.contains { $0.rawValue == d } } ?? true }
            }
        }
        for i in 0..<n {
            for f in perLevel[i].factors {
                let d = f.dimension.rawValue
                switch f.relation {
                case .equal:
                    fixed[d][i * 3] = f.value
                    allowed[d][i * 3] = false
                case .atLeast: minT[d][i] = max(minT[d][i], f.value)
                case .atMost: maxT[d][i] = min(maxT[d][i], f.value)
                }
            }
        }
        // A dimension whose whole bound is one multiple of a level's `multiple_of` must lie
        // entirely inside that level: its slots above the level are closed, so that the sampler
        // does not spend its samples on mappings `meetsFactorBounds` would refuse.
        for i in 0..<n {
            for (d, m) in architecture.levels[i].multipleOf where bounds[d.rawValue] == m {
                for slot in 0..<(i * 3) { allowed[d.rawValue][slot] = false }
            }
        }
        var minS = Array(repeating: Array(repeating: 1, count: n), count: 8)
        for i in 0..<n {
            for (d, v) in perLevel[i].spatialAtLeast { minS[d.rawValue][i] = v }
        }
        var primes: [[Int]] = []
        for d in 0..<8 {
            let fixedProduct = fixed[d].reduce(1, *)
            if fixedProduct <= 0 || bounds[d] % fixedProduct != 0 {
                let name = Dimension(rawValue: d)!
                problems.append(Diagnostic(.error, "factor constraints on \(name) multiply to \(fixedProduct), which does not divide \(name)=\(bounds[d]) of layer '\(layer.name)'",
                                           at: perLevel.lazy.flatMap(\.factors).first { $0.dimension == name && $0.relation == .equal }?.location
                                               ?? architecture.location))
                primes.append([])
                continue
            }
            let rest = bounds[d] / fixedProduct
            primes.append(Mapspace.primeFactors(rest))
            if rest > 1 && !allowed[d].contains(true) {
                let name = Dimension(rawValue: d)!
                problems.append(Diagnostic(.error, "constraints leave no level or axis for the remaining factor \(rest) of \(name) in layer '\(layer.name)' (fixed factors multiply to \(fixedProduct) of \(name)=\(bounds[d]))",
                                           at: architecture.location,
                                           hint: "relax a '\(name)=' factor constraint or allow \(name) on a spatial axis"))
            }
        }
        self.allowed = allowed
        self.fixed = fixed
        self.primes = primes
        minTemporal = minT
        maxTemporal = maxT
        minSpatial = minS
        fixedInner = perLevel.map { ($0.temporalOrder ?? []).map { UInt8($0.rawValue) } }
        keepChoice = (0..<n).map { i in
            TensorKind.allCases.map { t -> Bool? in
                let level = architecture.levels[i]
                if !level.keeps.contains(t) { return false }
                if i == 0 { return true }
                if perLevel[i].keep?.contains(t) == true { return true }
                if perLevel[i].bypass?.contains(t) == true { return false }
                return nil
            }
        }
        allowedSlots = (0..<8).map { d in (0..<(n * 3)).filter { allowed[d][$0] } }
        distinctPrimes = primes.map { Array(Set($0)).sorted() }
        movableDimensions = (0..<8).filter { !primes[$0].isEmpty }
        var free: [(Int, Int)] = []
        for i in 0..<n { for t in 0..<3 where keepChoice[i][t] == nil { free.append((i, t)) } }
        freeKeeps = free
        hasFactorBounds = minT.joined().contains { $0 > 1 } || maxT.joined().contains { $0 < Int.max }
            || minS.joined().contains { $0 > 1 }
        var multiples: [(level: Int, dimension: Int, multiple: Int)] = []
        for i in 0..<n {
            for (d, m) in architecture.levels[i].multipleOf.sorted(by: { $0.key < $1.key }) {
                multiples.append((i, d.rawValue, m))
                if bounds[d.rawValue] % m != 0 {
                    problems.append(Diagnostic(.error, "level '\(architecture.levels[i].name)' needs \(d) in multiples of \(m), and \(d)=\(bounds[d.rawValue]) of layer '\(layer.name)' is not one",
                                               at: architecture.levels[i].location ?? architecture.location,
                                               hint: "estimate the padded layer (Architecture.padded), as the estimate pipeline does"))
                }
            }
        }
        tileMultiples = multiples
        // Innermost multiples first: the primes a level inside needs count for the levels around it.
        var reserved = Array(repeating: [(prime: Int, fromSlot: Int)](), count: 8)
        var unreserved = primes
        for t in multiples.sorted(by: { $0.level > $1.level }) where bounds[t.dimension] % t.multiple == 0 {
            var have = reserved[t.dimension].map(\.prime)
            for p in Mapspace.primeFactors(t.multiple) {
                if let k = have.firstIndex(of: p) { have.remove(at: k); continue }
                guard let k = unreserved[t.dimension].firstIndex(of: p) else { continue }
                unreserved[t.dimension].remove(at: k)
                reserved[t.dimension].append((p, t.level * 3))
            }
        }
        reservedPrimes = reserved
        samplePrimes = unreserved
        let only = (0..<8).map { d in !primes[d].isEmpty && !(0..<n).contains { allowed[d][$0 * 3] } }
        let first = (0..<8).map { d in only[d] || (!primes[d].isEmpty && minS[d].contains { $0 > 1 }) }
        spatialOnly = only
        spatialFirst = first
        hasSpatialFirst = first.contains(true)
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }

    /// Prime factors in ascending order (`12 → [2, 2, 3]`).
    public static func primeFactors(_ x: Int) -> [Int] {
        var out: [Int] = []
        var v = x
        var p = 2
        while p * p <= v {
            while v % p == 0 {
                out.append(p)
                v /= p
            }
            p += 1
        }
        if v > 1 { out.append(v) }
        return out
    }

    // MARK: - Factor placement

    @inline(__always) func factor(_ m: CompactMapping, _ d: Int, _ slot: Int) -> Int {
        let i = slot / 3
        switch slot % 3 {
        case 0: return m[temporal: i, d]
        case 1: return m[spatialX: i, d]
        default: return m[spatialY: i, d]
        }
    }

    @inline(__always) func setFactor(_ m: inout CompactMapping, _ d: Int, _ slot: Int, _ v: Int) {
        let i = slot / 3
        switch slot % 3 {
        case 0: m[temporal: i, d] = v
        case 1: m[spatialX: i, d] = v
        default: m[spatialY: i, d] = v
        }
    }

    /// Whether the temporal factors meet the `>=` / `<=` constraints, the spatial factors
    /// their least products, and every level's tile its `multiple_of`.
    func meetsFactorBounds(_ m: CompactMapping) -> Bool {
        for t in tileMultiples {
            var tile = 1
            for slot in (t.level * 3)..<(levels * 3) { tile *= factor(m, t.dimension, slot) }
            if tile % t.multiple != 0 { return false }
        }
        if !hasFactorBounds { return true }
        for d in 0..<8 {
            for i in 0..<levels {
                let f = m[temporal: i, d]
                if f < minTemporal[d][i] || f > maxTemporal[d][i] { return false }
                if m[spatialX: i, d] * m[spatialY: i, d] < minSpatial[d][i] { return false }
            }
        }
        return true
    }

    // MARK: - Sampling

    /// A random mapping: prime factors placed one by one in random allowed slots where they
    /// still fit, random keeps where free, random loop orders around the fixed innermost loops
    /// (`MoveSearch.sample`, the mapper's own sampler).
    public func sample(using rng: inout SplitMix64, fit: TileFit) -> CompactMapping {
        var m = CompactMapping(levels: levels)
        MoveSearch(space: self, fit: fit).sample(into: &m, using: &rng)
        return m
    }
}
