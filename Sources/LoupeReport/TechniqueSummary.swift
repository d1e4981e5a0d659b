import LoupeEngine
import LoupeModel

/// One technique's saving over the whole network: Σ over layers of
/// `(before − after) × repeat` for energy and cycles, techniques in the order they first
/// appear (the architecture's list order). Positive numbers are savings.
struct TechniqueSummary: Sendable {
    var technique: String
    var energySaved: Double
    var cyclesSaved: Double
    /// Layers the technique has an attribution row for.
    var layers: Int

    static func all(_ estimate: NetworkEstimate) -> [TechniqueSummary] {
        var order: [String] = []
        var byName: [String: TechniqueSummary] = [:]
        for layer in estimate.layers {
            let r = Double(layer.layer.repeatCount)
            for a in layer.attributions {
                var s = byName[a.technique] ?? {
                    order.append(a.technique)
                    return TechniqueSummary(technique: a.technique, energySaved: 0, cyclesSaved: 0, layers: 0)
                }()
                s.energySaved += (a.energyBefore - a.energyAfter) * r
                s.cyclesSaved += (a.cyclesBefore - a.cyclesAfter) * r
                s.layers += 1
                byName[a.technique] = s
            }
        }
        return order.compactMap { byName[$0] }
    }
}
