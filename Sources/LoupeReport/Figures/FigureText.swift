import Foundation
import LoupeModel

/// Text helpers for figures: XML escaping, an estimate of rendered width, truncation.
///
/// Figures cannot measure text (no font files are read), so widths are estimated from
/// per-character advance classes calibrated on DejaVu Sans, the widest of the fonts the
/// figures ask for; estimates err on the wide side so labels keep clear of each other.
enum FigureText {

    /// The font stack every figure declares: no web fonts, a generic family last.
    static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

    /// `text` made safe for XML character data and attribute values: `&`, `<`, `>`, `"`
    /// and `'` become entity references; line breaks and tabs become spaces; characters
    /// XML 1.0 forbids (other control characters, U+FFFE, U+FFFF, lone surrogates) are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\r", "\t": out += " "
            default:
                let v = scalar.value
                let allowed = (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
                if allowed { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// `text` with line breaks and runs of white space folded to single spaces and the ends
    /// trimmed, so a label always draws on one line.
    static func singleLine(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace || character.isNewline {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        return out
    }

    /// Estimated advance width, in pixels, of `text` set at `size` pixels (bold text is
    /// about 12 % wider).
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for character in text { em += advance(character) }
        return em * size * (bold ? 1.12 : 1)
    }

    /// `text` shortened so that its estimated width at `size` fits `maxWidth`, ending with
    /// an ellipsis `…` when anything was cut. Returns `text` unchanged when it already fits.
    static func truncate(_ text: String, maxWidth: Double, size: Double) -> String {
        if width(text, size: size) <= maxWidth { return text }
        let ellipsis: Character = "…"
        let budget = maxWidth - advance(ellipsis) * size
        var out = ""
        var used = 0.0
        for character in text {
            let w = advance(character) * size
            if used + w > budget { break }
            out.append(character)
            used += w
        }
        while out.last == " " { out.removeLast() }
        return out + String(ellipsis)
    }

    /// `text` shortened in the middle (`resnet50.lay…conv1_branch2a`) so that its estimated
    /// width fits `maxWidth`: keeps both ends, which is where names of layers in a deep
    /// network usually differ. Returns `text` unchanged when it already fits.
    static func truncateMiddle(_ text: String, maxWidth: Double, size: Double) -> String {
        if width(text, size: size) <= maxWidth { return text }
        let characters = Array(text)
        let budget = maxWidth - advance("…") * size
        var head: [Character] = []
        var tail: [Character] = []
        var used = 0.0
        var i = 0
        var j = characters.count - 1
        var takeHead = true
        while i <= j {
            let c = takeHead ? characters[i] : characters[j]
            let w = advance(c) * size
            if used + w > budget { break }
            used += w
            if takeHead { head.append(c); i += 1 } else { tail.append(c); j -= 1 }
            takeHead.toggle()
        }
        return String(head) + "…" + String(tail.reversed())
    }

    /// `text` broken at spaces into at most two lines, each fitting `maxWidth`, choosing the
    /// break that makes the longer line shortest; `nil` when no such break exists.
    static func wrapTwoLines(_ text: String, maxWidth: Double, size: Double) -> [String]? {
        if width(text, size: size) <= maxWidth { return [text] }
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count > 1 else { return nil }
        var best: [String]?
        var bestWidth = Double.infinity
        for k in 1..<words.count {
            let first = words[..<k].joined(separator: " ")
            let second = words[k...].joined(separator: " ")
            let w = max(width(first, size: size), width(second, size: size))
            if w <= maxWidth && w < bestWidth {
                best = [first, second]
                bestWidth = w
            }
        }
        return best
    }

    /// Advance of one character in ems (DejaVu Sans, rounded up).
    private static func advance(_ character: Character) -> Double {
        switch character {
        case "i", "j", "l", ".", ",", ":", ";", "!", "|", "'", "I", "\u{00B7}": return 0.30
        case " ", "f", "t", "r", "(", ")", "[", "]", "{", "}", "/", "\\", "-": return 0.40
        case "m", "w", "M", "W", "@", "%", "—", "…": return 0.95
        case "0"..."9", "+", "=", "<", ">", "×", "−", "~", "#", "$", "^": return 0.65
        case "A"..."Z": return 0.72
        case "a"..."z", "_", "*", "?", "&", "\"": return 0.62
        default:
            // Superscripts are narrow; CJK and other wide scripts take a full em.
            if "⁰¹²³⁴⁵⁶⁷⁸⁹⁻".contains(character) { return 0.42 }
            if let scalar = character.unicodeScalars.first, scalar.value >= 0x2E80 { return 1.0 }
            return 0.65
        }
    }
}

extension FigureText {
    /// `items` joined with "; ", listing at most `limit` of them and then "and N more".
    static func summaryList(_ items: [String], limit: Int = 12) -> String {
        if items.count <= limit { return items.joined(separator: "; ") }
        return items.prefix(limit).joined(separator: "; ") + "; and \(items.count - limit) more"
    }

    /// A number for a label or description: 4 significant digits, typographic minus.
    static func number(_ value: Double) -> String {
        // Whole numbers up to six digits print exactly (65536 PEs, not 65540).
        if value == value.rounded(), abs(value) < 1e6 {
            return NumberFormat.typographic(String(Int(value)))
        }
        return NumberFormat.typographic(NumberFormat.string(value, .rounded(significant: 4), rounding: .binaryScaled, nonFinite: .spelled))
    }
}
