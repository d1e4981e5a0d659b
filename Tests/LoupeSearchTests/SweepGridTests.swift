import Foundation
import LoupeSearch
import Testing

/// `--vary` parsing (lists, ranges with units), the grid's order and the shards.
@Suite("Sweep grid")
struct SweepGridTests {
    @Test func listsKeepTheirOrder() throws {
        let a = try SweepAxis.parse("architecture.levels.GlobalBuffer.size=16KiB,64KiB")
        #expect(a.path == "architecture.levels.GlobalBuffer.size")
        #expect(a.values == ["16KiB", "64KiB"])
    }

    @Test func rangesWithUnits() throws {
        #expect(try SweepAxis.parse("p=32KiB:128KiB:32KiB").values == ["32KiB", "64KiB", "96KiB", "128KiB"])
        // Stop included only when it lands exactly.
        #expect(try SweepAxis.parse("p=32KiB:120KiB:32KiB").values == ["32KiB", "64KiB", "96KiB"])
        // Stop and step converted to the start's unit.
        #expect(try SweepAxis.parse("p=512KiB:1MiB:256KiB").values == ["512KiB", "768KiB", "1024KiB"])
        #expect(try SweepAxis.parse("p=100MHz:0.3GHz:100MHz").values == ["100MHz", "200MHz", "300MHz"])
        // Spaced units keep their space.
        #expect(try SweepAxis.parse("p=1 pJ:3 pJ:1 pJ").values == ["1 pJ", "2 pJ", "3 pJ"])
        // Exact decimals: 0.1 steps land on 0.5.
        #expect(try SweepAxis.parse("p=0.1:0.5:0.1").values == ["0.1", "0.2", "0.3", "0.4", "0.5"])
        // Counting down, and a mix of items.
        #expect(try SweepAxis.parse("p=8:2:-3,1").values == ["8", "5", "2", "1"])
        #expect(try SweepAxis.parse("p=1e3:3e3:1e3").values == ["1000", "2000", "3000"])
    }

    @Test func flowCollectionsAreSingleValues() throws {
        let a = try SweepAxis.parse("architecture.levels.GlobalBuffer.keeps=[inputs, outputs],[inputs]")
        #expect(a.values == ["[inputs, outputs]", "[inputs]"])
        let b = try SweepAxis.parse("architecture.levels.DRAM.bandwidth={read: 4, write: 4},{read: 8}")
        #expect(b.values == ["{read: 4, write: 4}", "{read: 8}"])
        #expect(try SweepAxis.parse("workload.layers.conv1.type=conv,fc").values == ["conv", "fc"])
    }

    @Test func badValuesAreRejected() {
        #expect(throws: SweepError.self) { try SweepAxis.parse("no-equals-sign") }
        #expect(throws: SweepError.self) { try SweepAxis.parse("=1,2") }
        #expect(throws: SweepError.self) { try SweepAxis.parse("p=1,,2") }
        #expect(throws: SweepError.self) { try SweepAxis.parse("p=1:4:0") }
        #expect(throws: SweepError.self) { try SweepAxis.parse("p=4:1:1") }
        #expect(throws: SweepError.self) { try SweepAxis.parse("p=1:4") }
        #expect(throws: SweepError.self) { try SweepAxis.parse("p=1KiB:4pJ:1KiB") }
        #expect(throws: SweepError.self) { try SweepAxis.parse("p=1words:4KiB:1words") }
        #expect(throws: SweepError.self) { try SweepAxis.parse("p=0:1000000:1") }
        #expect(throws: SweepError.self) {
            try SweepGrid(axes: [SweepAxis(path: "p", values: ["1"]), SweepAxis(path: "p", values: ["2"])])
        }
    }

    @Test func quantities() throws {
        let q = try #require(SweepQuantity("64 KiB"))
        #expect(q.unit == "KiB" && q.spaced && q.doubleValue == 64)
        #expect(q.converted(to: "B")?.doubleValue == 65536)
        #expect(q.converted(to: "pJ") == nil)
        #expect(SweepQuantity("LPDDR4") == nil)
        #expect(SweepQuantity("[1, 2]") == nil)
        let axis = try #require(SweepQuantity.numericAxis(["16KiB", "1MiB", "64 KiB"]))
        #expect(axis.values == [16, 1024, 64] && axis.unit == "KiB")
        #expect(SweepQuantity.numericAxis(["conv", "fc"]) == nil)
    }

    /// Rows = the product of the value counts; the last axis changes fastest.
    @Test func gridIsTheCartesianProductRowMajor() throws {
        let grid = try SweepGrid(axes: [
            SweepAxis(path: "a", values: ["1", "2", "3"]),
            SweepAxis(path: "b", values: ["x", "y"]),
            SweepAxis(path: "c", values: ["p", "q", "r", "s"]),
        ])
        #expect(grid.count == 24)
        #expect(grid.point(0).values == ["1", "x", "p"])
        #expect(grid.point(1).values == ["1", "x", "q"])
        #expect(grid.point(4).values == ["1", "y", "p"])
        #expect(grid.point(23).values == ["3", "y", "s"])
        #expect(grid.point(5).assignments == ["a=1", "b=y", "c=q"])
        let all = Set((0..<grid.count).map { grid.point($0).values })
        #expect(all.count == 24)
    }

    @Test func shardsPartitionTheGrid() throws {
        let grid = try SweepGrid(axes: [SweepAxis(path: "a", values: (0..<10).map(String.init)),
                                        SweepAxis(path: "b", values: ["1", "2", "3"])])
        for n in [1, 2, 3, 7, 30, 31] {
            var seen: [Int] = []
            for i in 0..<n {
                let shard = try SweepShard.parse("\(i)/\(n)")
                let mine = grid.indices(shard: shard)
                #expect(mine.allSatisfy { $0 % n == i })
                seen += mine
            }
            #expect(seen.sorted() == Array(0..<grid.count), "N = \(n)")
        }
        #expect(throws: SweepError.self) { try SweepShard.parse("3/3") }
        #expect(throws: SweepError.self) { try SweepShard.parse("-1/3") }
        #expect(throws: SweepError.self) { try SweepShard.parse("1/0") }
        #expect(throws: SweepError.self) { try SweepShard.parse("1-3") }
    }
}
