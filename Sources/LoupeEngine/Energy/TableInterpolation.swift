import Foundation

/// Interpolation over small tables of published points (sorted by `x`, all positive).
enum TableInterpolation {
    /// Piecewise-linear through the points; outside them, proportional to `x` from the nearest
    /// end point: `y = y_end · x / x_end` (an energy or area that grows linearly with width).
    static func linearProportional(_ x: Double, _ points: [(x: Double, y: Double)]) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if x <= first.x { return first.y * x / first.x }
        if x >= last.x { return last.y * x / last.x }
        for (p, q) in zip(points, points.dropFirst()) where x >= p.x && x <= q.x {
            return p.y + (q.y - p.y) * (x - p.x) / (q.x - p.x)
        }
        return last.y * x / last.x
    }

    /// Piecewise power law (straight lines in log-log); outside the points the nearest
    /// segment's exponent is extended. A single point extends with exponent `defaultExponent`.
    static func logLog(_ x: Double, _ points: [(x: Double, y: Double)], defaultExponent: Double = 1) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        guard points.count > 1 else { return first.y * pow(x / first.x, defaultExponent) }
        func segment(_ p: (x: Double, y: Double), _ q: (x: Double, y: Double)) -> Double {
            let alpha = log(q.y / p.y) / log(q.x / p.x)
            return p.y * pow(x / p.x, alpha)
        }
        if x <= first.x { return segment(first, points[1]) }
        if x >= last.x { return segment(points[points.count - 2], last) }
        for (p, q) in zip(points, points.dropFirst()) where x >= p.x && x <= q.x {
            return segment(p, q)
        }
        return segment(points[points.count - 2], last)
    }

    /// `x²·k(x)`, where `k = y/x²` of the points is interpolated linearly in `log2 x` and held
    /// constant outside them: a quadratic (array-multiplier) law through every point.
    static func quadratic(_ x: Double, _ points: [(x: Double, y: Double)]) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        let ks = points.map { (x: log2($0.x), y: $0.y / ($0.x * $0.x)) }
        let lx = log2(x)
        let k: Double
        if lx <= log2(first.x) {
            k = ks[0].y
        } else if lx >= log2(last.x) {
            k = ks[ks.count - 1].y
        } else {
            k = zip(ks, ks.dropFirst()).first { lx >= $0.0.x && lx <= $0.1.x }
                .map { p, q in p.y + (q.y - p.y) * (lx - p.x) / (q.x - p.x) } ?? ks[ks.count - 1].y
        }
        return k * x * x
    }

    /// The span of the points' abscissae, as the range of a model's data.
    static func range(_ name: String, _ points: [(x: Double, y: Double)], unit: String, source: String) -> DataRange {
        DataRange(name, points.first?.x ?? 0, points.last?.x ?? 0, unit: unit, source: source)
    }

    /// Whether `x` is one of the points' abscissae (the figure is then read, not estimated).
    static func isTablePoint(_ x: Double, _ points: [(x: Double, y: Double)]) -> Bool {
        points.contains { $0.x == x }
    }
}
