import Foundation
import LoupeModel
import Testing
@testable import LoupeSpec

/// MAC totals of the workload zoo against published counts (issue: energy and area library,
/// and the zoo). Each expectation names its source; tolerances cover the published rounding.
@Suite("Workload zoo MAC totals")
struct WorkloadMACTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func load(_ name: String) throws -> Workload {
        try SpecLoader.loadWorkload(path: root.appendingPathComponent("Workloads/\(name).yaml").path)
    }

    static func convMACs(_ w: Workload) -> Int {
        w.layers.filter { $0.type == .conv || $0.type == .depthwise }.reduce(0) { $0 + $1.macs * $1.repeatCount }
    }

    /// Chen et al., ISSCC 2016 / JSSC 2017 (Eyeriss): "666 million MACs per 227×227 image"
    /// for AlexNet's CONV layers (two-group conv2, conv4, conv5).
    @Test func alexnet() throws {
        let w = try Self.load("alexnet")
        #expect(abs(Double(Self.convMACs(w)) - 666e6) / 666e6 < 0.002)
        #expect(w.layers.count == 8)
    }

    /// Chen et al., ISSCC 2016: VGG-16 CONV layers 15.3 billion MACs per image
    /// (the 13 conv layers of Simonyan & Zisserman, ICLR 2015, Table 1 column D: 15.35 G).
    @Test func vgg16() throws {
        let w = try Self.load("vgg16")
        #expect(abs(Double(Self.convMACs(w)) - 15.35e9) / 15.35e9 < 0.002)
    }

    /// He et al., CVPR 2016 / torchvision ResNet-50 (v1.5): 4.09 GFLOPs (multiply-accumulates).
    @Test func resnet50() throws {
        let w = try Self.load("resnet50")
        #expect(abs(Double(w.totalMACs) - 4.09e9) / 4.09e9 < 0.01)
    }

    /// He et al., CVPR 2016 Table 1: ResNet-18 1.8 × 10⁹ FLOPs (multiply-adds).
    @Test func resnet18() throws {
        let w = try Self.load("resnet18")
        #expect(abs(Double(w.totalMACs) - 1.81e9) / 1.81e9 < 0.01)
    }

    /// Sandler et al., CVPR 2018: MobileNetV2 (1.0, 224) 300 M multiply-adds.
    @Test func mobilenetV2() throws {
        let w = try Self.load("mobilenet_v2")
        #expect(abs(Double(w.totalMACs) - 300e6) / 300e6 < 0.01)
        #expect(w.layers.contains { $0.type == .depthwise })
    }

    /// Szegedy et al., CVPR 2015 §5: GoogLeNet "1.5 billion multiply-adds" (the paper's 5×5
    /// branches give 1.58 G; the figure is rounded).
    @Test func googlenet() throws {
        let w = try Self.load("googlenet")
        #expect(abs(Double(w.totalMACs) - 1.5e9) / 1.5e9 < 0.06)
    }

    /// A transformer encoder layer is 12·s·d² + 2·s²·d MACs (projections, FFN with 4d, two
    /// attention matmuls): BERT-base d = 768, s = 128 (Devlin et al., NAACL 2019).
    @Test func bertEncoderLayer() throws {
        let w = try Self.load("bert-base-encoder")
        let s = 128.0, d = 768.0
        #expect(Double(w.totalMACs) == 12 * s * d * d + 2 * s * s * d)
    }

    /// Every workload of the zoo loads, and every layer has a positive MAC count.
    @Test(arguments: ["alexnet", "vgg16", "resnet18", "resnet50", "mobilenet_v2", "squeezenet", "googlenet",
                      "bert-base-encoder", "gpt-decoder"])
    func loads(_ name: String) throws {
        let w = try Self.load(name)
        #expect(!w.layers.isEmpty)
        #expect(w.layers.allSatisfy { $0.macs > 0 })
    }
}
