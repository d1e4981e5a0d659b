import LoupeEngine
import LoupeModel

extension Mapspace {
    /// Every way `m` lies outside this mapspace's constraints, one readable line each (empty: the
    /// mapper could have chosen `m`, capacity aside). It checks what the constraints, a named
    /// dataflow's included, decide (docs/mapper.md §1): the dimensions each slot may take, the `=`
    /// factors, the `>=`/`<=` bounds, the least spatial factors, the fixed innermost loops and the forced keeps, and that the
    /// factors of each dimension multiply to its bound. Capacity and fanout are the kernel's
    /// checks (`CapacityRule`), not repeated here.
    public func violations(of m: CompactMapping, levelNames: [String]) -> [String] {
        var out: [String] = []
        let axes = ["temporal", "spatial X", "spatial Y"]
        for d in 0..<8 {
            let dim = Dimension(rawValue: d)!
            var product = 1
            for s in 0..<(levels * 3) {
                let f = factor(m, d, s)
                product *= f
                let where_ = "\(levelNames[s / 3]) \(axes[s % 3])"
                if fixed[d][s] > 1 || (s % 3 == 0 && !allowed[d][s]) {
                    if f != fixed[d][s] { out.append("\(where_): \(dim)=\(f), the constraints fix \(dim)=\(fixed[d][s])") }
                } else if f > 1 && !allowed[d][s] {
                    out.append("\(where_): \(dim)=\(f), the constraints do not allow \(dim) there")
                }
                if s % 3 == 0 {
                    let i = s / 3
                    if f < minTemporal[d][i] { out.append("\(where_): \(dim)=\(f), the constraints ask \(dim)>=\(minTemporal[d][i])") }
                    if f > maxTemporal[d][i] { out.append("\(where_): \(dim)=\(f), the constraints ask \(dim)<=\(maxTemporal[d][i])") }
                }
            }
            for i in 0..<levels where minSpatial[d][i] > 1 {
                let f = m[spatialX: i, d] * m[spatialY: i, d]
                if f < minSpatial[d][i] {
                    out.append("\(levelNames[i]) spatial: \(dim)=\(f) on the array, the constraints ask at least \(minSpatial[d][i])")
                }
            }
            if product != bounds[d] { out.append("\(dim): factors multiply to \(product), not the bound \(bounds[d])") }
        }
        for i in 0..<levels {
            let inner = fixedInner[i].filter { m[temporal: i, Int($0)] > 1 }
            if !inner.isEmpty {
                let used = (0..<8).map { m[order: i, $0] }.filter { m[temporal: i, Int($0)] > 1 }
                if Array(used.suffix(inner.count)) != inner {
                    let names = { (ds: [UInt8]) in ds.map { "\(Dimension(rawValue: Int($0))!)" }.joined(separator: " ") }
                    out.append("\(levelNames[i]): loops (outer to inner) \(names(used)) do not end with \(names(inner))")
                }
            }
            for t in TensorKind.allCases {
                guard let must = keepChoice[i][t.rawValue] else { continue }
                if m.keeps(i, t.rawValue) != must {
                    out.append("\(levelNames[i]): \(must ? "must keep" : "must bypass") \(t)")
                }
            }
        }
        return out
    }
}
