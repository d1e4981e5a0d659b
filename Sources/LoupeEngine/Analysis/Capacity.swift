import LoupeModel

/// The tile-size projection (docs/model.md §2): the words of a tensor's tile from the tile's
/// extent along every dimension. Each tensor axis is `Σ c·d` over its dimensions
/// (`TensorProjection`), so a tile of extents `e` spans `1 + Σ c·(e_d − 1)` along it, and the
/// tile holds the product over the tensor's five axes. The kernel and the sampler's capacity
/// check both call this one function.
struct TileProjection {
    /// Extents are read as `e[0..<8]` by dimension, plus `e[8] == 1` (`unit`), which unused
    /// slots of a `Shape` point at.
    static let stride = 9
    static let unit = 8

    /// Axis `a` of tensor `t`, at `t*5 + a`: its first dimension and coefficient, and its second
    /// dimension (−1: none) and coefficient.
    let dimA: Buffer<Int>, coefA: Buffer<Int>, dimB: Buffer<Int>, coefB: Buffer<Int>

    /// An axis `1 + a·(e[first] − 1) + b·(e[second] − 1)`; `b = 0` when it has one dimension.
    struct Axis {
        var first: Int, a: Int, second: Int, b: Int
        static let unit = Axis(first: TileProjection.unit, a: 0, second: TileProjection.unit, b: 0)
    }

    /// A tensor's axes arranged for `words`, without branches: the axes indexed by one dimension
    /// with coefficient 1 (`plain`, spanning `e[d]`), and at most two others (sliding windows).
    struct Shape {
        var plain: (Int, Int, Int, Int, Int) = (unit, unit, unit, unit, unit)
        var window: (Axis, Axis) = (.unit, .unit)
    }

    /// Per tensor, by `TensorKind.rawValue`.
    let shapes: Buffer<Shape>

    init(layer: Layer, arena: ScratchArena) {
        var dA = [Int](), cA = [Int](), dB = [Int](), cB = [Int]()
        var shapeList: [Shape] = []
        for t in TensorKind.allCases {
            var plain: [Int] = [], window: [Axis] = []
            for axis in TensorProjection(tensor: t, layer: layer).axes {
                precondition(axis.terms.count <= 2, "a tensor axis over more than two dimensions")
                let first = axis.terms[0]
                let second = axis.terms.count > 1 ? axis.terms[1] : (dimension: first.dimension, coefficient: 0)
                dA.append(first.dimension.rawValue)
                cA.append(first.coefficient)
                dB.append(axis.terms.count > 1 ? second.dimension.rawValue : -1)
                cB.append(second.coefficient)
                if axis.terms.count == 1 && first.coefficient == 1 {
                    plain.append(first.dimension.rawValue)
                } else {
                    window.append(Axis(first: first.dimension.rawValue, a: first.coefficient,
                                       second: second.dimension.rawValue, b: second.coefficient))
                }
            }
            precondition(plain.count <= 5 && window.count <= 2, "a tensor with more than two sliding-window axes")
            var shape = Shape()
            let p = plain + Array(repeating: TileProjection.unit, count: 5 - plain.count)
            shape.plain = (p[0], p[1], p[2], p[3], p[4])
            let w = window + Array(repeating: Axis.unit, count: 2 - window.count)
            shape.window = (w[0], w[1])
            shapeList.append(shape)
        }
        dimA = arena.buffer(dA); coefA = arena.buffer(cA); dimB = arena.buffer(dB); coefB = arena.buffer(cB)
        shapes = arena.buffer(shapeList)
    }

    /// Extent along axis `a` of tensor `t` of a tile with per-dimension extents `e[d]`:
    /// `1 + Σ c·(e_d − 1)` over the axis's dimensions.
    @inline(__always)
    func axisExtent(_ t: Int, _ a: Int, _ e: UnsafeMutablePointer<Int>) -> Int {
        let ax = t * 5 + a
        var x = 1 + coefA[ax] * (e[dimA[ax]] - 1)
        let db = dimB[ax]
        if db >= 0 { x += coefB[ax] * (e[db] - 1) }
        return x
    }

    @inline(__always)
    static func extent(_ x: Axis, _ e: UnsafeMutablePointer<Int>) -> Int {
        1 &+ x.a &* (e[x.first] &- 1) &+ x.b &* (e[x.second] &- 1)
    }

    /// Words of tensor `t`'s tile with extents `e[d]` (dimension order, `e[unit] == 1`): the
    /// product of its five axis extents.
    @inline(__always)
    func words(_ t: Int, _ e: UnsafeMutablePointer<Int>) -> Int {
        let s = shapes[t]
        return e[s.plain.0] &* e[s.plain.1] &* e[s.plain.2] &* e[s.plain.3] &* e[s.plain.4]
            &* TileProjection.extent(s.window.0, e) &* TileProjection.extent(s.window.1, e)
    }
}

/// The capacity rule (docs/model.md §2, "Capacity"): a level holds its kept tiles when
/// `Σ_t ⌈tile_t × ratio_t⌉ ≤ size`: each kept tensor occupies whole words, its tile's dense
/// words times the tensor's storage ratio at the level, rounded up. The mapper's sampler
/// (`TileFit`), the kernel (`NestKernel.analyze`) and the validation that names the overflow
/// (`Evaluator.problems`) all use it.
public enum CapacityRule {
    /// Words a tile of `tileWords` dense words occupies at storage ratio `ratio`:
    /// `⌈tileWords × ratio⌉` (exactly `tileWords` when dense).
    @inline(__always)
    public static func storedWords(tileWords: Int, ratio: Double) -> Int {
        ratio == 1 ? tileWords : Int((Double(tileWords) * ratio).rounded(.up))
    }
}

/// Whether a mapping's fanouts and the tiles of some levels fit, from its factors alone
/// (no nest analysis): the check the mapper's sampler makes while it places factors. Level `i`'s
/// tile extents are the products of every factor at levels ≥ `i` (its temporal loops and the
/// spatial ones of the fanout below it, docs/model.md §2); tiles are sized by `TileProjection`
/// and checked by `CapacityRule`, as in `NestKernel.analyze`.
public final class TileFit {
    let levels: Int
    private let arena = ScratchArena()
    let projection: TileProjection
    let extent: Buffer<Int>
    let capacity: Buffer<Int>
    let fanoutX: Buffer<Int>, fanoutY: Buffer<Int>
    /// Storage ratio of tensor t at level i, at `i*3 + t`.
    let ratio: Buffer<Double>

    /// - Parameter architecture: as the kernel takes it (only sizes, fanouts and keeps matter).
    public init(architecture: Architecture, layer: Layer, storageRatios: StorageRatios) {
        let n = architecture.levels.count - 1
        levels = n
        projection = TileProjection(layer: layer, arena: arena)
        extent = arena.buffer(repeating: 1, count: TileProjection.stride)
        capacity = arena.buffer((0..<n).map { architecture.levels[$0].sizeWords ?? Int.max })
        fanoutX = arena.buffer((0..<n).map { architecture.levels[$0 + 1].arrayX })
        fanoutY = arena.buffer((0..<n).map { architecture.levels[$0 + 1].arrayY })
        ratio = arena.buffer((0..<n).flatMap { i in TensorKind.allCases.map { storageRatios[level: i, tensor: $0] } })
    }

    /// Whether every fanout holds its spatial factors and levels `0...upTo` hold the tiles of
    /// the tensors `m` keeps there.
    public func fits(_ m: CompactMapping, upTo: Int) -> Bool {
        m.temporal.withUnsafeBufferPointer { tp in
            m.spatialX.withUnsafeBufferPointer { xp in
                m.spatialY.withUnsafeBufferPointer { yp in
                    for d in 0..<8 { extent[d] = 1 }
                    var i = levels - 1
                    while i >= 0 {
                        var fx = 1, fy = 1
                        let b = i * 8
                        for d in 0..<8 {
                            extent[d] &*= tp[b + d] &* xp[b + d] &* yp[b + d]
                            fx &*= xp[b + d]
                            fy &*= yp[b + d]
                        }
                        if fx > fanoutX[i] || fy > fanoutY[i] { return false }
                        if i <= upTo && capacity[i] != Int.max {
                            var need = 0
                            let keeps = m.keeps[i]
                            for t in 0..<3 where keeps & (1 << UInt8(t)) != 0 {
                                need += CapacityRule.storedWords(tileWords: projection.words(t, extent.base),
                                                                 ratio: ratio[i * 3 + t])
                            }
                            if need > capacity[i] { return false }
                        }
                        i -= 1
                    }
                    return true
                }
            }
        }
    }
}
