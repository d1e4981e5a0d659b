import Foundation

/// Greedy placement of text labels so that they avoid markers, lines' labels and each other.
///
/// Each label offers candidate boxes in order of preference; the first that stays inside
/// the bounds and overlaps nothing already placed wins, otherwise the one with the least
/// overlapping area. Deterministic: the same inputs always give the same choices.
struct FigureLabelPlacer {

    /// An axis-aligned box in canvas pixels.
    struct Box: Hashable {
        var minX: Double
        var minY: Double
        var maxX: Double
        var maxY: Double

        func overlapArea(_ other: Box) -> Double {
            let w = min(maxX, other.maxX) - max(minX, other.minX)
            let h = min(maxY, other.maxY) - max(minY, other.minY)
            return w > 0 && h > 0 ? w * h : 0
        }

        func inside(_ bounds: Box) -> Bool {
            minX >= bounds.minX && maxX <= bounds.maxX && minY >= bounds.minY && maxY <= bounds.maxY
        }

        /// Area of this box that lies outside `bounds`.
        func areaOutside(_ bounds: Box) -> Double {
            (maxX - minX) * (maxY - minY) - overlapArea(bounds)
        }
    }

    /// Labels must stay within this box.
    var bounds: Box
    /// Boxes already taken.
    private(set) var occupied: [Box] = []

    init(bounds: Box) {
        self.bounds = bounds
    }

    /// Marks `box` as taken (a marker, a line label already drawn).
    mutating func reserve(_ box: Box) {
        occupied.append(box)
    }

    /// Marks the pixels along a straight line as taken, as a chain of small boxes `2 × halfWidth` wide.
    mutating func reserveLine(x1: Double, y1: Double, x2: Double, y2: Double, halfWidth: Double = 1.5) {
        let length = ((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1)).squareRoot()
        guard length.isFinite, length < 1e5 else { return }
        let steps = max(1, Int((length / 4).rounded(.up)))
        for i in 0...steps {
            let t = Double(i) / Double(steps)
            let x = x1 + (x2 - x1) * t
            let y = y1 + (y2 - y1) * t
            occupied.append(Box(minX: x - halfWidth, minY: y - halfWidth, maxX: x + halfWidth, maxY: y + halfWidth))
        }
    }

    /// Boxes covering a line of text of width `width` and height `height` whose centre is
    /// (`cx`, `cy`), turned by `angle` radians: squares along the baseline direction, which
    /// follow a slanted label far more closely than its bounding box.
    static func rotatedText(cx: Double, cy: Double, width: Double, height: Double, angle: Double) -> [Box] {
        let count = max(1, Int((width / height).rounded(.up)))
        let step = width / Double(count)
        let (ux, uy) = (cos(angle), sin(angle))
        var boxes: [Box] = []
        for i in 0..<count {
            let offset = -width / 2 + step * (Double(i) + 0.5)
            let x = cx + ux * offset
            let y = cy + uy * offset
            let half = max(step, height) / 2
            boxes.append(Box(minX: x - half, minY: y - height / 2, maxX: x + half, maxY: y + height / 2))
        }
        return boxes
    }

    /// Overlap of `box` with what is already taken plus (heavily weighted) any part outside the bounds.
    func cost(_ box: Box) -> Double {
        occupied.reduce(0) { $0 + box.overlapArea($1) } + 4 * box.areaOutside(bounds)
    }

    /// Chooses among `candidates` (returns its index) and reserves the chosen box;
    /// `nil` when there are no candidates, or when `requireClear` and every one collides.
    @discardableResult
    mutating func place(_ candidates: [Box], requireClear: Bool = false) -> Int? {
        placeShapes(candidates.map { [$0] }, requireClear: requireClear)
    }

    /// Like `place`, for candidates made of several boxes (e.g. a slanted label).
    @discardableResult
    mutating func placeShapes(_ candidates: [[Box]], requireClear: Bool = false) -> Int? {
        guard !candidates.isEmpty else { return nil }
        var best = 0
        var bestCost = Double.infinity
        for (index, shape) in candidates.enumerated() {
            let c = shape.reduce(0) { $0 + cost($1) }
            if c == 0 {
                best = index
                bestCost = 0
                break
            }
            if c < bestCost {
                best = index
                bestCost = c
            }
        }
        if requireClear && bestCost > 0 { return nil }
        occupied.append(contentsOf: candidates[best])
        return best
    }
}
