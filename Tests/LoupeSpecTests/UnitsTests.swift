import LoupeModel
@testable import LoupeSpec
import Testing

@Suite struct UnitsTests {
    private func node(_ text: String) -> SpecNode {
        SpecNode(.scalar(text, plain: true), at: SourceLocation(file: "t", line: 1, column: 1))
    }

    @Test(arguments: [
        // text, word bits, words
        ("108 KiB", 16, 55_296),
        ("108KiB", 16, 55_296),
        ("12 words", 16, 12),
        ("12 word", 16, 12),
        ("224", 16, 224),
        ("64 B", 16, 32),
        ("64 bytes", 8, 64),
        ("1 KB", 8, 1000),
        ("1 kB", 16, 500),
        ("1 KiB", 32, 256),
        ("2 MB", 16, 1_000_000),
        ("1 MiB", 16, 524_288),
        ("0.5 KiB", 16, 256),
        ("1.5 MiB", 8, 1_572_864),
        ("2e3 words", 16, 2000),
        ("1 GiB", 64, 134_217_728),
    ])
    func sizes(_ c: (String, Int, Int)) {
        var r = SpecReader()
        #expect(r.size(node(c.0), "size", wordBits: c.1) == c.2)
        #expect(r.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ("3 B", 16, "is not a whole number of 16-bit words: '3 B' is 1.5 words"),
        ("1.5 words", 16, "is not a whole number of 16-bit words"),
        ("0", 16, "must be at least 1 word"),
        ("-4 KiB", 16, "must be at least 1 word"),
        ("108 KiBB", 16, "unknown unit 'KiBB' in '108 KiBB' for size (expected words, B, KB, KiB, MB, MiB, GB or GiB)"),
        ("12 wrods", 16, "unknown unit 'wrods'"),
        ("KiB", 16, "expected size such as '108 KiB', found 'KiB'"),
        ("99999999999999999999 words", 16, "size is too large"),
        ("9000000000000 GiB", 8, "size is too large"),
    ])
    func sizeErrors(_ c: (String, Int, String)) {
        var r = SpecReader()
        #expect(r.size(node(c.0), "size", wordBits: c.1) == nil)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message.contains(c.2) == true, "\(r.diagnostics)")
    }

    @Test func unitHints() {
        var r = SpecReader()
        _ = r.size(node("108 kib"), "size", wordBits: 16)
        _ = r.size(node("108 KiBB"), "size", wordBits: 16)
        _ = r.energy(node("2 pj"), "energy")
        _ = r.clock(node("200 Mhz"), "clock")
        _ = r.area(node("3 mm^3"), "area")
        #expect(r.diagnostics.map(\.hint) == ["did you mean 'KiB'?", "did you mean 'KiB'?", "did you mean 'pJ'?", "did you mean 'MHz'?",
                                              "did you mean 'mm^2'?"])
    }

    @Test(arguments: [("1.0 pJ", 1.0), ("250 fJ", 0.25), ("2 nJ", 2000.0), ("0.005 pJ", 0.005), ("3", 3.0), ("1e-3 nJ", 1.0), ("18.2pJ", 18.2)])
    func energies(_ c: (String, Double)) {
        var r = SpecReader()
        let v = r.energy(node(c.0), "energy")
        #expect(v.map { abs($0 - c.1) <= 1e-12 * max(1, c.1) } == true)
    }

    @Test(arguments: [("200 MHz", 200e6), ("1 GHz", 1e9), ("1.5GHz", 1.5e9), ("800 kHz", 8e5), ("100 Hz", 100.0), ("200 mhz", 200e6)])
    func clocks(_ c: (String, Double)) {
        var r = SpecReader()
        #expect(r.clock(node(c.0), "clock") == c.1)
        #expect(r.diagnostics.isEmpty)
    }

    @Test func clockErrors() {
        var r = SpecReader()
        #expect(r.clock(node("200"), "clock") == nil)
        #expect(r.clock(node("0 MHz"), "clock") == nil)
        #expect(r.clock(node("fast"), "clock") == nil)
        #expect(r.diagnostics.map(\.message) == [
            "clock needs a unit (Hz, kHz, MHz or GHz), found '200'",
            "clock must be between 1 and 1e+14, found '0 MHz'",
            "expected clock such as '200 MHz', found 'fast'",
        ])
    }

    @Test(arguments: [("1200", 1200.0), ("1200 um^2", 1200.0), ("0.5 mm^2", 500_000.0), ("3 um2", 3.0), ("2 µm²", 2.0)])
    func areas(_ c: (String, Double)) {
        var r = SpecReader()
        #expect(r.area(node(c.0), "area") == c.1)
    }

    @Test(arguments: [("65nm", Technology.nm65), ("45 nm", .nm45), ("7nm", .nm7), ("16", .nm16), ("28nm", .nm28), ("32nm", .nm32)])
    func technologies(_ c: (String, Technology)) {
        var r = SpecReader()
        #expect(r.technology(node(c.0)) == c.1)
    }

    @Test func numbers() {
        var r = SpecReader()
        #expect(r.int(node("16"), "n") == 16)
        #expect(r.int(node("1e3"), "n") == 1000)
        #expect(r.int(node("16.0"), "n") == 16)
        #expect(r.int(node("16.5"), "n") == nil)
        #expect(r.int(node("abc"), "n") == nil)
        #expect(r.int(node("true"), "n") == nil)
        #expect(r.int(node("99999999999999999999"), "n") == nil)
        #expect(r.int(node("-3"), "n", min: 1) == nil)
        #expect(r.double(node("inf"), "x") == nil)
        #expect(r.double(node("nan"), "x") == nil)
        #expect(r.double(node("1e999"), "x") == nil)
        #expect(r.double(node(".5"), "x") == 0.5)
        #expect(r.double(node("5."), "x") == 5)
        #expect(r.diagnostics.map(\.message) == [
            "expected a whole number for n, found '16.5'",
            "expected a whole number for n, found 'abc'",
            "expected a whole number for n, found 'true'",
            "n is too large: '99999999999999999999'",
            "n must be at least 1, found -3",
            "expected a number for x, found 'inf'",
            "expected a number for x, found 'nan'",
            "x is too large: '1e999'",
        ])
    }

    @Test(arguments: [
        ("keep", ["name", "keeps", "size"], "keeps"),
        ("sise", ["name", "keeps", "size"], "size"),
        ("wordbits", ["word_bits", "block_words"], "word_bits"),
        ("Size", ["name", "size"], "size"),
        ("bandwith", ["bandwidth", "array"], "bandwidth"),
        ("clas", ["class", "name"], "class"),
        ("bolck_words", ["block_words", "word_bits"], "block_words"),
    ])
    func didYouMean(_ c: (String, [String], String)) {
        #expect(DidYouMean.suggestion(for: c.0, among: c.1) == c.2)
    }

    @Test func didYouMeanRejectsFarWords() {
        #expect(DidYouMean.suggestion(for: "xyz", among: ["name", "size"]) == nil)
        #expect(DidYouMean.suggestion(for: "on", among: ["at"]) == nil)
        #expect(DidYouMean.suggestion(for: "convolution", among: ["conv", "fc"]) == nil)
        #expect(DidYouMean.distance("ab", "ba") == 1)
        #expect(DidYouMean.distance("kitten", "sitting") == 3)
        #expect(DidYouMean.distance("", "abc") == 3)
    }
}
