import LoupeModel

extension RooflineAnalysis {
    /// The classic roofline of an estimate (formulas in `ClassicRoofline`), from each layer's
    /// dense evaluation, like the Eyexam steps.
    public static func classic(_ estimate: NetworkEstimate) -> ClassicRoofline {
        classic(layers: estimate.layers.map(\.dense), architecture: estimate.architecture)
    }

    /// The classic roofline of evaluated layers on `architecture`.
    public static func classic(layers: [Evaluation], architecture: Architecture) -> ClassicRoofline {
        let storage = Array(architecture.storageLevels)
        let ceilings = storage.indices.map { i in
            ClassicRoofline.Ceiling(level: storage[i].name,
                                    wordsPerCycle: peakWordsPerCycle(storage[i].bandwidth).map { $0 * Double(architecture.instances(of: i)) })
        }
        let points = layers.map { ev in
            let words = storage.map { level -> Double in
                guard let l = ev.level(level.name) else { return 0 }
                return l.tensors.reduce(0) { $0 + $1.totalReads + $1.totalFills + $1.totalUpdates }
            }
            return ClassicRoofline.Point(layer: ev.layer, macs: ev.macs, cycles: ev.cycles, wordsMoved: words)
        }
        return ClassicRoofline(computeCeiling: Double(architecture.totalPEs), ceilings: ceilings, points: points)
    }

    /// Peak words per cycle of one instance: `read + write`, capped by `shared`; `nil` when the
    /// total is unlimited (no shared limit and reads or writes unlimited).
    public static func peakWordsPerCycle(_ bandwidth: Bandwidth) -> Double? {
        var peak: Double?
        if let r = bandwidth.read, let w = bandwidth.write, r > 0, w > 0 { peak = r + w }
        if let s = bandwidth.shared, s > 0 { peak = min(peak ?? s, s) }
        return peak
    }
}
