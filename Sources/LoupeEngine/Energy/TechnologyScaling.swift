import LoupeModel

/// Technology scaling of on-chip energy, leakage and area between process nodes, relative to
/// the library's 45 nm reference figures.
///
/// Source: A. Stillmaker and B. Baas, "Scaling equations for the accurate prediction of CMOS
/// device performance from 180 nm to 7 nm", *Integration, the VLSI Journal* 58 (2017) 74–81,
/// doi:10.1016/j.vlsi.2017.02.002, with the coefficients as tabulated in the Accelergy
/// project's `hwcomponents` scaling module (nodes 130, 90, 65, 45, 32, 20, 16, 14, 10, 7 nm).
/// Only the numbers are taken; the code is this project's own.
///
/// **Energy.** Stillmaker & Baas fit the energy per operation of node *n* as a quadratic in the
/// supply voltage, `e_n(V) = a_n·V² + b_n·V + c_n`. The factor from 45 nm to node *n* is
///
///     energyFactor(n) = e_n(V_ref) / e_45(V_ref),   V_ref = 0.8 V
///
/// i.e. nodes are compared at one common supply, the convention Accelergy uses when it scales
/// a component across nodes. (Evaluated at each node's nominal supply instead, the spread is
/// wider: 65 nm would cost about 1.65× rather than 1.24× of 45 nm.)
///
/// **Leakage.** Scaled by the energy factor (Accelergy's convention; an estimate: leakage does
/// not follow dynamic energy closely across nodes).
///
/// **Area.** The published node-to-node area factors, row "from 45 nm".
///
/// Nodes missing from the table (28 nm) are interpolated linearly in feature size between
/// their neighbours (32 nm and 20 nm), as Accelergy does.
///
/// | node | energy × | area × |
/// |---|---|---|
/// | 65 nm | 1.241 | 1.5 |
/// | 45 nm | 1 | 1 |
/// | 32 nm | 0.659 | 0.46 |
/// | 28 nm | 0.513 (interp.) | 0.377 (interp.) |
/// | 16 nm | 0.174 | 0.19 |
/// | 7 nm | 0.094 | 0.059 |
///
/// Off-chip DRAM is never scaled (its energy is set by the DRAM device and its interface).
public enum TechnologyScaling {
    /// The node at which every built-in on-chip figure is expressed before scaling.
    public static let referenceNanometres = 45.0
    /// Common supply voltage at which the energy polynomials are compared.
    public static let referenceVdd = 0.8

    /// One row of the published tables.
    struct Node {
        /// Feature size, nm.
        var nanometres: Double
        /// Area factor from 45 nm to this node.
        var areaFrom45: Double
        /// Energy polynomial coefficients (a, b, c): e(V) = a·V² + b·V + c.
        var a: Double
        var b: Double
        var c: Double

        func energy(atVdd v: Double) -> Double { a * v * v + b * v + c }
    }

    /// Stillmaker & Baas (2017), as tabulated by Accelergy hwcomponents. Largest node first.
    static let nodes: [Node] = [
        Node(nanometres: 130, areaFrom45: 6.4, a: 7.171, b: -6.709, c: 2.904),
        Node(nanometres: 90, areaFrom45: 2.8, a: 4.762, b: -4.781, c: 2.092),
        Node(nanometres: 65, areaFrom45: 1.5, a: 3.755, b: -4.398, c: 1.975),
        Node(nanometres: 45, areaFrom45: 1, a: 1.103, b: -0.362, c: 0.2767),
        Node(nanometres: 32, areaFrom45: 0.46, a: 0.9559, b: -0.7823, c: 0.471),
        Node(nanometres: 20, areaFrom45: 0.21, a: 0.373, b: -0.1582, c: 0.04104),
        Node(nanometres: 16, areaFrom45: 0.19, a: 0.2958, b: -0.1241, c: 0.03024),
        Node(nanometres: 14, areaFrom45: 0.17, a: 0.2363, b: -0.09675, c: 0.02239),
        Node(nanometres: 10, areaFrom45: 0.1, a: 0.2068, b: -0.09311, c: 0.02375),
        Node(nanometres: 7, areaFrom45: 0.059, a: 0.1776, b: -0.09097, c: 0.02447),
    ]

    /// The nodes of the table, 130 nm to 7 nm; outside them the factors are held at the end row.
    static let nodeRange = DataRange("technology scaling: node", 7, 130, unit: "nm",
                                     source: "Stillmaker & Baas 2017 table")

    /// Dynamic energy factor from 45 nm to `technology`.
    public static func energyFactor(_ technology: Technology) -> Double {
        energyFactor(nanometres: technology.nanometres)
    }

    /// Leakage power factor from 45 nm to `technology` (equal to the energy factor).
    public static func leakFactor(_ technology: Technology) -> Double {
        energyFactor(technology)
    }

    /// Area factor from 45 nm to `technology`.
    public static func areaFactor(_ technology: Technology) -> Double {
        areaFactor(nanometres: technology.nanometres)
    }

    /// Dynamic energy factor from 45 nm to a node of `nanometres`, interpolated linearly in
    /// feature size between table rows; clamped to the table's range.
    public static func energyFactor(nanometres: Double) -> Double {
        let reference = interpolate(nanometres) { $0.energy(atVdd: referenceVdd) }
        let at45 = interpolate(referenceNanometres) { $0.energy(atVdd: referenceVdd) }
        return reference / at45
    }

    /// Area factor from 45 nm to a node of `nanometres`, interpolated like ``energyFactor(nanometres:)``.
    public static func areaFactor(nanometres: Double) -> Double {
        interpolate(nanometres) { $0.areaFrom45 }
    }

    /// Linear interpolation of `value` over the table in feature size.
    static func interpolate(_ nanometres: Double, _ value: (Node) -> Double) -> Double {
        guard let first = nodes.first, let last = nodes.last else { return 1 }
        if nanometres >= first.nanometres { return value(first) }
        if nanometres <= last.nanometres { return value(last) }
        for (larger, smaller) in zip(nodes, nodes.dropFirst())
        where nanometres <= larger.nanometres && nanometres >= smaller.nanometres {
            let t = (larger.nanometres - nanometres) / (larger.nanometres - smaller.nanometres)
            return value(larger) + (value(smaller) - value(larger)) * t
        }
        return value(last)
    }

    /// The citation to append to a figure scaled to `technology` (empty at 45 nm).
    static func citation(for technology: Technology) -> String {
        guard technology.nanometres != referenceNanometres else { return "" }
        return "; scaled 45→\(technology.rawValue): \(ComponentCitation.stillmakerBaas)"
    }
}
