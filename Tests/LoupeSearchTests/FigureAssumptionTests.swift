import Foundation
import LoupeEngine
import LoupeModel
import LoupeSearch
import LoupeSpec
import Testing

/// summary.md's and report.json's assumptions list every figure warning (docs/energy.md "Ranges").
@Suite("Figure warnings in the assumptions")
struct FigureAssumptionTests {
    @Test func tpuUnifiedBufferIsListed() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let arch = try SpecLoader.loadArchitecture(path: root.appendingPathComponent("Architectures/tpu-like.yaml").path).resolved()
        let items = EstimatePipeline.architectureAssumptions(arch)
        #expect(items.contains { $0.hasPrefix("Warning: UnifiedBuffer: SRAM/regfile fit: capacity") })
        #expect(items.filter { $0.hasPrefix("Warning: ") }.count == arch.figureWarnings().count)
    }
}
