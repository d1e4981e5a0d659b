import Foundation
import LoupeModel

/// The rows of `loupe energy-table`: every level's per-action energy and area as the model
/// uses them (after `Architecture.resolved()`), with their sources.
public enum EnergyTableRows {
    public struct Row: Sendable, Hashable {
        public var level: String
        public var levelClass: String
        public var instances: Int
        public var sizeWords: String
        public var wordBits: Int
        public var blockWords: Int
        public var read: Double, write: Double, update: Double, leak: Double, compute: Double, transfer: Double
        public var areaUm2: Double
        public var energySource: String
        public var areaSource: String
        public var estimated: Bool
    }

    public static let header = ["level", "class", "instances", "size_words", "word_bits", "block_words", "read_pj",
                                "write_pj", "update_pj", "leak_pj_per_cycle", "compute_pj", "transfer_pj_per_word",
                                "area_um2", "estimated", "energy_source", "area_source"]

    public static func make(_ arch: Architecture) -> [Row] {
        arch.levels.enumerated().map { i, l in
            Row(level: l.name, levelClass: l.levelClass.rawValue, instances: arch.instances(of: i),
                sizeWords: l.sizeWords.map(String.init) ?? (l.isCompute ? "-" : "unbounded"), wordBits: l.wordBits,
                blockWords: l.blockWords, read: l.energy.read, write: l.energy.write, update: l.energy.update,
                leak: l.energy.leak, compute: l.energy.compute, transfer: l.networkTransfer, areaUm2: l.areaUm2,
                energySource: l.energy.source, areaSource: l.areaSource, estimated: l.energy.estimated)
        }
    }

    /// Six significant digits as a plain decimal (no exponent, at most 12 decimals, no trailing
    /// zeros); `0` when not finite.
    static func number(_ x: Double) -> String {
        NumberFormat.string(x, .precision(significant: 6, maxFractionDigits: 12, trimZeros: true), nonFinite: .zero)
    }

    static func fields(_ r: Row) -> [String] {
        [r.level, r.levelClass, String(r.instances), r.sizeWords, String(r.wordBits), String(r.blockWords),
         number(r.read), number(r.write), number(r.update), number(r.leak), number(r.compute), number(r.transfer),
         number(r.areaUm2), r.estimated ? "yes" : "no", r.energySource, r.areaSource]
    }

    /// RFC 4180 CSV with a header row.
    public static func csv(_ rows: [Row]) -> String {
        func quote(_ f: String) -> String {
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }
        return ([header] + rows.map(fields)).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// An aligned text table; sources listed below it, then the figure warnings of `warnings`
    /// (``Architecture/figureWarnings()``), each marked `warning:`.
    public static func table(_ rows: [Row], warnings: [FigureWarning] = []) -> String {
        let cols = ["level", "class", "inst", "size", "bits", "block", "read", "write", "update", "leak/cyc", "compute", "transfer", "area µm²"]
        let body = rows.map { r -> [String] in
            let f = fields(r)
            return [f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12]]
        }
        var widths = cols.map(\.count)
        for row in body { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i < 2 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[i] - c.count) + c }.joined(separator: "  ")
        }
        var out = [line(cols), line(widths.map { String(repeating: "-", count: $0) })] + body.map(line)
        out.append("")
        out.append("energies in pJ per block access (storage), per operation (compute), per cycle (leak), per word (transfer)")
        for r in rows {
            out.append("\(r.level): energy \(r.estimated ? "(estimated) " : "")— \(r.energySource); area — \(r.areaSource)")
        }
        for w in warnings { out.append("warning: \(w.level): \(w.message)") }
        return out.joined(separator: "\n")
    }
}
