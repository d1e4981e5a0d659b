import LoupeModel

extension MapperConstraints {
    /// The constraints with the named dataflow (if any) expanded into per-level constraints;
    /// explicit per-level constraints win over the dataflow's.
    ///
    /// "Array levels" are the storage levels directly above a fanout; "PE levels" are the
    /// storage levels inside the outermost fanout (replicated per PE). Expansions, after the
    /// taxonomy of Chen et al. (Eyeriss, ISCA 2016, §IV) and Sze et al. (Proc. IEEE 2017):
    ///
    /// | dataflow | spatial X / Y at array levels | PE levels |
    /// |---|---|---|
    /// | `weight_stationary` | X: K; Y: C, R, S | loops over N, P, Q innermost at the innermost weight keeper |
    /// | `output_stationary` | X: Q, P, N; Y: K, P | loops over C, R, S innermost at the innermost output keeper |
    /// | `input_stationary` | X: C; Y: P, Q, N | loops over K innermost at the innermost input keeper |
    /// | `row_stationary` | X: P, N, K; Y: R, C, K | loops over S innermost at the innermost PE level (a 1-D row convolution per PE) |
    /// | `no_local_reuse` | any | PE levels bypass every tensor |
    public func expanded(for architecture: Architecture) -> MapperConstraints {
        guard let dataflow else { return self }
        let n = architecture.levels.count - 1
        var out: [String: LevelConstraints] = [:]
        let arrayLevels = (0..<n).filter { architecture.levels[$0 + 1].fanout > 1 }
        let firstFanout = (1...n).first { architecture.levels[$0].fanout > 1 } ?? n
        let peLevels = Array(firstFanout..<n)
        func innermostKeeper(_ t: TensorKind) -> Int? { peLevels.last { architecture.levels[$0].keeps.contains(t) } }
        var spatialX: [Dimension]? = nil
        var spatialY: [Dimension]? = nil
        var order: (level: Int?, dims: [Dimension]) = (nil, [])
        switch dataflow {
        case .weightStationary:
            spatialX = [.K]; spatialY = [.C, .R, .S]
            order = (innermostKeeper(.weights), [.N, .P, .Q])
        case .outputStationary:
            spatialX = [.Q, .P, .N]; spatialY = [.K, .P]
            order = (innermostKeeper(.outputs), [.C, .R, .S])
        case .inputStationary:
            spatialX = [.C]; spatialY = [.P, .Q, .N]
            order = (innermostKeeper(.inputs), [.K])
        case .rowStationary:
            spatialX = [.P, .N, .K]; spatialY = [.R, .C, .K]
            order = (peLevels.last, [.S])
        case .noLocalReuse:
            for i in peLevels { out[architecture.levels[i].name, default: LevelConstraints()].bypass = Set(TensorKind.allCases) }
        }
        for i in arrayLevels {
            var c = out[architecture.levels[i].name] ?? LevelConstraints()
            if let spatialX { c.spatialX = spatialX }
            if let spatialY { c.spatialY = spatialY }
            out[architecture.levels[i].name] = c
        }
        if let l = order.level {
            out[architecture.levels[l].name, default: LevelConstraints()].temporalOrder = order.dims
        }
        // Explicit constraints override the dataflow's, field by field.
        for (name, explicit) in levels {
            var c = out[name] ?? LevelConstraints()
            if let v = explicit.spatialX { c.spatialX = v }
            if let v = explicit.spatialY { c.spatialY = v }
            if let v = explicit.temporalOrder { c.temporalOrder = v }
            if !explicit.factors.isEmpty { c.factors = explicit.factors }
            if let v = explicit.keep { c.keep = v }
            if let v = explicit.bypass { c.bypass = v }
            out[name] = c
        }
        return MapperConstraints(dataflow: nil, levels: out)
    }
}
