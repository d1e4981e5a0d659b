/// Short citations used in ``ComponentFigures/source``, one constant per source so that the
/// `loupe energy-table` output names every source the same way.
enum ComponentCitation {
    /// M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014
    /// keynote: 45 nm, 0.9 V energy and area of arithmetic; SRAM and DRAM 64-bit reads.
    static let horowitz = "Horowitz ISSCC'14 45nm"
    /// CACTI-derived reference energy tables of the public Timeloop/Accelergy exercises
    /// (`*.ERT.yaml` with the matching `parsed-processed-input.yaml`).
    static let timeloopERT = "Timeloop/Accelergy ERT (CACTI/Aladdin)"
    /// A. Stillmaker, B. Baas, "Scaling equations for the accurate prediction of CMOS device
    /// performance from 180 nm to 7 nm", Integration, the VLSI Journal 58 (2017) 74–81,
    /// doi:10.1016/j.vlsi.2017.02.002 — as tabulated in Accelergy's hwcomponents scaling.
    static let stillmakerBaas = "Stillmaker&Baas Integration'17 scaling"
    /// M. O'Connor et al., "Fine-Grained DRAM: Energy-Efficient DRAM for Extreme Bandwidth
    /// Systems", MICRO-50, 2017, doi:10.1145/3123939.3124545.
    static let oconnor = "O'Connor et al. MICRO'17 (FGDRAM)"
    /// Micron, "Ultra-Bandwidth Solutions" memory comparison (GDDR6 average device power).
    static let micronGDDR6 = "Micron Ultra-Bandwidth Solutions (GDDR6)"
    /// Y.-H. Chen, J. Emer, V. Sze, "Eyeriss: A Spatial Architecture for Energy-Efficient
    /// Dataflow for Convolutional Neural Networks", ISCA 2016, Table IV (normalized energies).
    static let eyeriss = "Eyeriss ISCA'16 Table IV"
    /// K. Mistry et al., "A 45nm logic technology with high-k + metal gate transistors ...",
    /// IEDM 2007: 0.346 µm² 6T SRAM cell.
    static let mistry45 = "Mistry et al. IEDM'07 45nm 6T cell"
    /// NanGate FreePDK45 Open Cell Library, DFF_X1 flip-flop.
    static let nangate45 = "NanGate 45nm OCL DFF_X1"
}
