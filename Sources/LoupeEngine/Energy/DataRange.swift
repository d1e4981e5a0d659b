import LoupeModel

/// The range of the published data a fitted component model rests on, for one of its inputs
/// (docs/energy.md "Ranges"). Outside it the model extrapolates, and the figure is flagged.
public struct DataRange: Sendable, Hashable {
    /// The model and input, e.g. "SRAM fit: capacity".
    public var name: String
    public var lower: Double
    public var upper: Double
    public var unit: String
    /// The points the range spans, e.g. "regfile 64×8 … Horowitz SRAM 1 MB".
    public var source: String

    public init(_ name: String, _ lower: Double, _ upper: Double, unit: String, source: String) {
        self.name = name
        self.lower = lower
        self.upper = upper
        self.unit = unit
        self.source = source
    }

    /// nil inside `lower...upper`; otherwise the note the report and `energy-table` print.
    public func note(_ x: Double) -> String? {
        guard x < lower || x > upper else { return nil }
        func n(_ v: Double) -> String { NumberFormat.string(v, .general(significant: 4)) }
        return "\(name) \(n(x)) \(unit) is outside its data (\(n(lower))–\(n(upper)) \(unit): \(source)); the figure is extrapolated"
    }
}

/// A figure the report should flag: out of its model's range, or a buffer charged more per bit
/// than the level that feeds it.
public struct FigureWarning: Sendable, Hashable {
    public var level: String
    public var message: String
    public var location: SourceLocation?
}

extension Architecture {
    /// The figure warnings of a resolved architecture (docs/energy.md "Ranges"):
    ///
    /// 1. every library figure outside the data of its model (`ActionEnergies.rangeNotes`);
    /// 2. every storage level whose read costs more per bit than a read of the nearest outer
    ///    level that keeps one of the same tensors (its parent on that tensor's path): a buffer
    ///    that costs more per access than the level above it only adds energy, so the mapper
    ///    bypasses it. Per bit, `read / (wordBits × blockWords)`, so that levels of different
    ///    word widths compare fairly (the same as per word when the widths agree).
    public func figureWarnings() -> [FigureWarning] {
        var out: [FigureWarning] = []
        for level in levels {
            for note in level.energy.rangeNotes {
                out.append(FigureWarning(level: level.name, message: note, location: level.location))
            }
        }
        func perBit(_ l: Level) -> Double { l.energy.read / Double(max(1, l.wordBits * l.blockWords)) }
        for i in levels.indices where !levels[i].isCompute && i > 0 {
            let child = levels[i]
            var reported = Set<String>()
            for t in TensorKind.allCases where child.keeps.contains(t) {
                guard let p = (0..<i).reversed().first(where: { levels[$0].keeps.contains(t) }) else { continue }
                let parent = levels[p]
                guard perBit(child) > perBit(parent), !reported.contains(parent.name) else { continue }
                reported.insert(parent.name)
                func n(_ v: Double) -> String { NumberFormat.string(v, .general(significant: 4)) }
                out.append(FigureWarning(
                    level: child.name,
                    message: "a read costs \(n(perBit(child))) pJ per bit, more than a read of \(parent.name) above it (\(n(perBit(parent))) pJ per bit): keeping \(t) here only adds energy",
                    location: child.location))
            }
        }
        return out
    }
}
