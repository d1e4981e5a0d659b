/// Colours and line styles shared by the figures.
///
/// Series colours are the Okabe–Ito palette (Okabe & Ito, *Color Universal Design*, 2002),
/// distinguishable under the common forms of colour-vision deficiency. Where colour alone
/// must separate lines, a dash pattern and marker shape change with it, so figures also
/// read in greyscale print.
enum FigurePalette {

    /// Okabe–Ito, in its published order: orange, sky blue, bluish green, yellow, blue,
    /// vermillion, reddish purple, black.
    static let okabeIto = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]

    /// Order used for lines drawn on white: yellow (low contrast as a thin line) comes last.
    static let lineOrder = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// Dash patterns (`nil` = solid), cycled alongside colours.
    static let dashes: [String?] = [nil, "7 3", "2 3", "9 3 2 3"]

    static let text = "#000000"
    static let mutedText = "#444444"
    static let axis = "#000000"
    static let grid = "#DDDDDD"
    static let background = "#FFFFFF"

    /// Fill colour `index` for areas (bars), cycling through Okabe–Ito in order.
    static func fill(_ index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }

    /// Stroke colour `index` for lines, cycling through `lineOrder`.
    static func line(_ index: Int) -> String {
        lineOrder[((index % lineOrder.count) + lineOrder.count) % lineOrder.count]
    }

    /// Dash pattern for line `index`: changes once per pass through the colours, so two
    /// lines of the same colour never share a pattern.
    static func dash(_ index: Int) -> String? {
        dashes[(max(0, index) / lineOrder.count) % dashes.count]
    }
}
