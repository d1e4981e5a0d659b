import LoupeModel

extension MapperConstraints {
    /// The constraints with the named dataflow (if any) expanded into per-level constraints for
    /// one layer; explicit per-level constraints win over the dataflow's, field by field
    /// (docs/mapper.md "Constraints and named dataflows").
    ///
    /// "Array levels" are the storage levels directly above a fanout; "PE levels" are the storage
    /// levels inside the outermost fanout (replicated per PE); the "PE array level" is the level
    /// directly above the outermost fanout. The stationary dataflows follow Sze et al., "Efficient
    /// Processing of Deep Neural Networks", Proc. IEEE 105(12), 2017, §V-B (a tensor is held in
    /// the PE's register file and reused there as long as possible; the array spreads different
    /// elements of that tensor, or independent outputs, over the PEs):
    ///
    /// | dataflow | spatial X / Y at array levels | PE levels |
    /// |---|---|---|
    /// | `weight_stationary` | X: K; Y: C, R, S | innermost weight keeper keeps weights, loops over N, P, Q innermost there; no PE level keeps inputs or outputs |
    /// | `output_stationary` | X: Q, P, N; Y: K, P | innermost output keeper keeps outputs, loops over C, R, S innermost there; no PE level keeps weights or inputs |
    /// | `input_stationary` | X: C; Y: P, Q, N | innermost input keeper keeps inputs, loops over K innermost there; no PE level keeps weights or outputs |
    /// | `no_local_reuse` | any | PE levels bypass every tensor |
    ///
    /// `row_stationary` follows Chen, Emer, Sze, ISCA 2016 §IV-A/§V (and JSSC 2017 §III): a PE
    /// runs a 1-D row convolution of one filter row with one ifmap row, so
    /// - at the PE array level, filter rows `R` go on Y and output rows `P` on X; the paper's
    ///   folding puts more PE sets on the array, for other filters (`K`, X or Y), channels (`C`,
    ///   Y: their psums add up a column) or strips of output rows (`P` on Y); nothing else is
    ///   spatial, and other array levels are left free;
    /// - `R` is never temporal: the filter rows are all on the array at once (when `R` exceeds
    ///   the array's height, the PE set is folded in time: the largest divisor of `R` that fits
    ///   goes on Y and the rest is the PE array level's temporal factor);
    /// - `S` is temporal only inside the PE (the whole filter row stays in the PE's spad), innermost
    ///   at the last PE level; `Q`, the ifmap row the PE slides along, is free (a row may be cut
    ///   into segments where the global buffer cannot hold whole rows);
    /// - `P` is never temporal inside the PE (a PE computes one output row per pass), and the
    ///   array holds at least `e` output rows at once, `e` the largest divisor of `P` that fits the
    ///   array's width: output rows are processed in strips of at least `e` rows, the paper's
    ///   strip-mining of `E` (JSSC 2017 Table III, mapping parameter `e`), the strips stepped in
    ///   time at any level above the PE;
    /// - every PE level keeps the tensors it can hold (filter row, ifmap row, psum row in the
    ///   PE's spads).
    ///
    /// Without a layer, the layer-dependent bounds (`R`'s folding, `P`'s strips) are left out.
    public func expanded(for architecture: Architecture, layer: Layer? = nil) -> MapperConstraints {
        guard let dataflow else { return self }
        let n = architecture.levels.count - 1
        var out: [String: LevelConstraints] = [:]
        let arrayLevels = (0..<n).filter { architecture.levels[$0 + 1].fanout > 1 }
        let firstFanout = (1...n).first { architecture.levels[$0].fanout > 1 } ?? n
        let peLevels = Array(firstFanout..<n)
        func innermostKeeper(_ t: TensorKind) -> Int? { peLevels.last { architecture.levels[$0].keeps.contains(t) } }
        func name(_ i: Int) -> String { architecture.levels[i].name }
        var spatialX: [Dimension]? = nil
        var spatialY: [Dimension]? = nil
        var order: (level: Int?, dims: [Dimension]) = (nil, [])
        var stationary: TensorKind? = nil
        switch dataflow {
        case .weightStationary:
            spatialX = [.K]; spatialY = [.C, .R, .S]
            stationary = .weights
            order = (innermostKeeper(.weights), [.N, .P, .Q])
        case .outputStationary:
            spatialX = [.Q, .P, .N]; spatialY = [.K, .P]
            stationary = .outputs
            order = (innermostKeeper(.outputs), [.C, .R, .S])
        case .inputStationary:
            spatialX = [.C]; spatialY = [.P, .Q, .N]
            stationary = .inputs
            order = (innermostKeeper(.inputs), [.K])
        case .rowStationary:
            order = (peLevels.last, [.S])
            expandRowStationary(into: &out, architecture: architecture, layer: layer, firstFanout: firstFanout)
        case .noLocalReuse:
            for i in peLevels { out[name(i), default: LevelConstraints()].bypass = Set(TensorKind.allCases) }
        }
        if dataflow != .rowStationary {
            for i in arrayLevels {
                var c = out[name(i)] ?? LevelConstraints()
                if let spatialX { c.spatialX = spatialX }
                if let spatialY { c.spatialY = spatialY }
                out[name(i)] = c
            }
        }
        if let l = order.level {
            out[name(l), default: LevelConstraints()].temporalOrder = order.dims
        }
        // The stationary tensor is held where it is reused, and the other two "must move through
        // the spatial array and global buffer" (Sze et al. 2017 §V-B): no PE level holds them.
        if let t = stationary {
            let moving = Set(TensorKind.allCases).subtracting([t])
            for i in peLevels {
                let bypass = architecture.levels[i].keeps.intersection(moving)
                if !bypass.isEmpty { out[name(i), default: LevelConstraints()].bypass = bypass }
            }
            if let l = innermostKeeper(t) { out[name(l), default: LevelConstraints()].keep = [t] }
        }
        // Explicit constraints override the dataflow's, field by field.
        for (name, explicit) in levels {
            var c = out[name] ?? LevelConstraints()
            if let v = explicit.spatialX { c.spatialX = v }
            if let v = explicit.spatialY { c.spatialY = v }
            if let v = explicit.temporalOrder { c.temporalOrder = v }
            if !explicit.factors.isEmpty { c.factors = explicit.factors }
            for (d, v) in explicit.spatialAtLeast { c.spatialAtLeast[d] = v }
            // An explicit keep lifts the dataflow's bypass of that tensor, and the other way round.
            if let v = explicit.keep {
                c.keep = v
                c.bypass = c.bypass.map { $0.subtracting(v) }
            }
            if let v = explicit.bypass {
                c.bypass = v
                c.keep = c.keep.map { $0.subtracting(v) }
            }
            out[name] = c
        }
        return MapperConstraints(dataflow: nil, levels: out)
    }

    /// `row_stationary`'s constraints (see `expanded(for:layer:)`), written into `out`.
    private func expandRowStationary(into out: inout [String: LevelConstraints], architecture: Architecture,
                                     layer: Layer?, firstFanout: Int) {
        let n = architecture.levels.count - 1
        guard firstFanout < n else { return }
        let arrayLevel = firstFanout - 1
        let width = architecture.levels[firstFanout].arrayX, height = architecture.levels[firstFanout].arrayY
        func name(_ i: Int) -> String { architecture.levels[i].name }
        func add(_ i: Int, _ d: Dimension, _ r: FactorRelation, _ v: Int) {
            out[name(i), default: LevelConstraints()].factors.append(FactorConstraint(dimension: d, relation: r, value: v))
        }
        /// The largest divisor of `x` that is at most `limit`.
        func largestDivisor(_ x: Int, atMost limit: Int) -> Int { (1...max(1, min(x, limit))).last { x % $0 == 0 } ?? 1 }
        var c = out[name(arrayLevel)] ?? LevelConstraints()
        c.spatialX = [.P, .K]
        c.spatialY = [.R, .C, .K, .P]
        out[name(arrayLevel)] = c
        for i in 0..<n {
            let inPE = i >= firstFanout
            // R: all filter rows on the array (folded in time only when they do not fit).
            if i == arrayLevel, let layer, layer[.R] > height {
                add(i, .R, .equal, layer[.R] / largestDivisor(layer[.R], atMost: height))
            } else {
                add(i, .R, .equal, 1)
            }
            // S: the whole filter row inside the PE.
            if !inPE { add(i, .S, .equal, 1) }
            // P: one output row per PE.
            if inPE { add(i, .P, .equal, 1) }
        }
        // P: strips of at least e output rows on the array.
        if let layer { out[name(arrayLevel), default: LevelConstraints()].spatialAtLeast[.P] = largestDivisor(layer[.P], atMost: width) }
        // The filter row, ifmap row and psum row live in the PE's spads.
        for i in firstFanout..<n {
            let keeps = architecture.levels[i].keeps
            if !keeps.isEmpty { out[name(i), default: LevelConstraints()].keep = keeps }
        }
    }
}
