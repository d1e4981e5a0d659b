import LoupeModel

/// Eyexam's seven-step performance bound of a layer, and the classic roofline
/// (`RooflineAnalysis+Classic.swift`).
///
/// Source of the steps: Sze, Chen, Yang, Emer, "How to Evaluate Deep Neural Network Processors",
/// IEEE Solid-State Circuits Magazine, Summer 2020, Table 2 and p. 33;
/// see `EyexamStep` and docs/roofline.md. Every bound is in MACs per
/// cycle and is the minimum of the previous step's bound and the new constraint's, so the bounds
/// never increase. The steps read the layer's **dense** evaluation (before techniques: Eyexam
/// bounds dense MACs), and its mapping stands for the dataflow. Notation: `M` = MACs of the layer
/// (one instance, `repeat` does not matter), `b(d)` = the layer's bound of dimension `d`,
/// `P` = PEs (instances of the compute level).
///
/// 1. **Layer size and shape** — all MACs in one cycle: `B₁ = M`.
/// 2. **Dataflow loop nest** — with unlimited PEs the dataflow can only spread the dimensions it
///    maps spatially, `S` = the dimensions of every spatial loop of the mapping, each fully
///    unrolled; the rest is serialized: `W = Π_{d∈S} b(d)`, `B₂ = min(B₁, W)` (`W = 1` without
///    spatial loops).
/// 3. **Number of PEs** — `W` parallel MACs on `P` PEs take `⌈W/P⌉` passes (shape fragmentation
///    when `W` is not a multiple of `P`): `B₃ = min(B₂, W / ⌈W/P⌉)`.
/// 4. **Physical dimensions of the PE array** — the same per array axis: for every fanout (the
///    `array` of a level) and axis `a ∈ {x, y}` of size `A`, with `S_a` the dimensions the
///    mapping puts on that axis and `W_a = Π_{d∈S_a} b(d)`, the axis keeps at most
///    `W_a / ⌈W_a/A⌉` PEs busy: `B₄ = min(B₃, Π_a W_a / ⌈W_a/A⌉)`.
/// 5. **Fixed storage capacity** — the mapping fits every level's capacity (it was evaluated), and
///    keeps `U` = `utilizedPEs` (the product of its spatial factors) busy: `B₅ = min(B₄, U)`.
///    `U = M / computeCycles` exactly, since the factors multiply to the bounds. (This step also
///    carries the mapper's choice: a search for energy may use fewer PEs than would fit.)
/// 6. **Fixed data bandwidth** — level `i` moves, per instance, `r_i` reads and `w_i` writes
///    (fills + updates) while all its instances work in parallel, so the layer takes at least
///    `c_i = max(r_i/BW_read, w_i/BW_write, (r_i+w_i)/BW_shared)` cycles (`bandwidthCycles`); the
///    bound is `M / c_i`, i.e. bandwidth × operational intensity at that level
///    (`BW × M / words moved per instance`, the roofline slope): `B₆ = min(B₅, min_i M / c_i)`
///    over levels with a bandwidth limit.
/// 7. **Varying data access patterns** — needs the instantaneous bandwidth, i.e. cycle-level
///    simulation; not modelled: `B₇ = B₆`.
///
/// The evaluation's own throughput never exceeds the last bound: `M / cycles` with
/// `cycles = ⌈max(computeCycles, c_i)⌉` is at most `M / computeCycles = U` and at most every
/// `M / c_i`; and `U ≤ B₄` for any valid mapping (its factors multiply exactly to the bounds, so
/// an axis's fanout `f_a` divides `W_a` and `f_a ≤ A`, hence `f_a ≤ W_a/⌈W_a/A⌉`; likewise
/// `U ≤ W/⌈W/P⌉`), so `U` is only cut at step 5 by the mapping itself and `M / cycles ≤ B₆`.
public enum RooflineAnalysis {
    /// The seven steps for one layer of an estimate, in order (see the type's formulas); uses
    /// `estimate.dense`.
    /// - Parameter architecture: the architecture the estimate was made on.
    public static func steps(for estimate: LayerEstimate, architecture: Architecture) -> [RooflineStep] {
        steps(layer: estimate.layer, evaluation: estimate.dense, architecture: architecture)
    }

    /// The seven steps for a layer under an evaluated mapping (normally the dense evaluation).
    public static func steps(layer: Layer, evaluation: Evaluation, architecture: Architecture) -> [RooflineStep] {
        let mapping = evaluation.mapping
        var out: [RooflineStep] = []
        var bound = Double(layer.macs)
        var limiter = "layer size: \(layer.macs) MACs"

        func add(_ step: EyexamStep, _ candidate: Double?, _ reason: @autoclosure () -> String) {
            if let c = candidate, c < bound {
                bound = c
                limiter = reason()
            }
            out.append(RooflineStep(step: step, bound: bound, limiter: limiter, modelled: true))
        }

        // 1. Layer size and shape.
        out.append(RooflineStep(step: .layerShape, bound: bound, limiter: limiter, modelled: true))

        // 2. Dataflow loop nest: the dimensions mapped spatially, fully unrolled.
        let spatialLoops = mapping.levels.flatMap { $0.spatialX + $0.spatialY }
        let spatialDims = Set(spatialLoops.map(\.dimension))
        let parallel = product(of: spatialDims, in: layer)
        add(.dataflow, parallel,
            spatialDims.isEmpty ? "dataflow: no spatial loops"
                : "dataflow: spatial \(names(spatialDims)) (\(format(parallel)) MACs in parallel)")

        // 3. Number of PEs.
        let pes = architecture.totalPEs
        add(.peCount, fragmented(parallel, over: Double(pes)), "PEs: \(pes)")

        // 4. Physical dimensions of the PE array, axis by axis.
        var perAxis = 1.0
        var shapes: [String] = []
        let storage = min(mapping.levels.count, architecture.levels.count - 1)
        for i in 0..<storage {
            let child = architecture.levels[i + 1]
            let lm = mapping.levels[i]
            guard child.fanout > 1 || !lm.spatialX.isEmpty || !lm.spatialY.isEmpty else { continue }
            let xDims = Set(lm.spatialX.map(\.dimension))
            let yDims = Set(lm.spatialY.map(\.dimension))
            perAxis *= fragmented(product(of: xDims, in: layer), over: Double(child.arrayX))
            perAxis *= fragmented(product(of: yDims, in: layer), over: Double(child.arrayY))
            shapes.append("\(child.name) \(child.arrayX)x\(child.arrayY) (x \(xDims.isEmpty ? "-" : names(xDims)) / y \(yDims.isEmpty ? "-" : names(yDims)))")
        }
        add(.peArrayShape, perAxis, "PE array: " + shapes.joined(separator: "; "))

        // 5. Fixed storage capacity: the active PEs of a mapping that fits.
        let active = evaluation.utilizedPEs
        add(.storageCapacity, Double(active), "active PEs: \(active) of \(pes) (mapping within storage capacity)")

        // 6. Fixed data bandwidth: M / bandwidth cycles, the tightest level.
        var tightest: (bound: Double, level: String)?
        for level in evaluation.levels where level.bandwidthCycles > 0 {
            let b = Double(layer.macs) / level.bandwidthCycles
            if tightest == nil || b < tightest!.bound { tightest = (b, level.name) }
        }
        add(.dataBandwidth, tightest?.bound, "bandwidth: \(tightest?.level ?? "")")

        // 7. Varying data access patterns: needs cycle simulation.
        out.append(RooflineStep(step: .accessPatterns, bound: bound,
                                limiter: "not modelled: instantaneous bandwidth needs cycle-level simulation",
                                modelled: false))
        return out
    }

    /// `W / ⌈W/A⌉`: the average number of busy units when `W` equal parallel jobs run on `A` units
    /// in `⌈W/A⌉` passes (Eyexam's shape fragmentation); `W` when `A ≤ 0`.
    public static func fragmented(_ work: Double, over units: Double) -> Double {
        guard units > 0, work > 0 else { return work }
        return work / (work / units).rounded(.up)
    }

    /// `Π_{d∈dims} layer[d]`.
    static func product(of dims: Set<Dimension>, in layer: Layer) -> Double {
        dims.reduce(1.0) { $0 * Double(layer[$1]) }
    }

    /// Dimension names in canonical order, space-separated.
    static func names(_ dims: Set<Dimension>) -> String {
        dims.sorted().map(\.description).joined(separator: " ")
    }

    /// A whole number (a product of bounds) as integer digits.
    static func format(_ x: Double) -> String { NumberFormat.string(x, .shortest, nonFinite: .spelled) }
}
