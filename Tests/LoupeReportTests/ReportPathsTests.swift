import Testing
@testable import LoupeReport

/// `ReportPaths`: names from specs become one harmless path component (issue 12).
@Suite("report paths")
struct ReportPathsTests {
    @Test(arguments: ["eyeriss", "simba-like", "eyeriss-v2-like", "bert-base-encoder", "mobilenet_v2", "Ü ber"])
    func ordinaryNamesAreUnchanged(name: String) {
        #expect(ReportPaths.component(name) == name)
    }

    @Test func hostileNamesBecomeOneComponent() {
        #expect(ReportPaths.component("../../escaped") == "_._.._escaped")
        #expect(ReportPaths.component("/../../tmp/x") == "_.._.._tmp_x")
        #expect(ReportPaths.component("..") == "_.")
        #expect(ReportPaths.component(".") == "_")
        #expect(ReportPaths.component("") == "unnamed")
        #expect(ReportPaths.component("  ") == "unnamed")
        #expect(ReportPaths.component("a\u{0}b\nc\u{7F}d\u{85}e\\f") == "a_b_c_d_e_f")
        let long = ReportPaths.component(String(repeating: "é", count: 500))
        #expect(long.utf8.count <= ReportPaths.maxComponentBytes && long.utf8.count >= ReportPaths.maxComponentBytes - 1)
        #expect(long.allSatisfy { $0 == "é" })
    }

    @Test(arguments: ["../..", "/", "", "a/../../b", String(repeating: "x", count: 300), ".hidden"])
    func defaultDirectoryStaysUnderReports(name: String) {
        let d = ReportPaths.defaultDirectory(architecture: name, workload: name)
        #expect(d.hasPrefix("Reports/"))
        let rest = d.dropFirst("Reports/".count)
        #expect(!rest.contains("/") && !rest.hasPrefix(".") && !rest.isEmpty)
        #expect(rest.utf8.count <= ReportPaths.maxComponentBytes)
    }

    @Test func zooDirectoryIsUnchanged() {
        #expect(ReportPaths.defaultDirectory(architecture: "eyeriss", workload: "alexnet") == "Reports/eyeriss-alexnet")
    }
}
