import Foundation
import LoupeModel
@testable import LoupeSpec

/// The examples of Loupe's original contract, verbatim: an Eyeriss architecture, an AlexNet
/// workload and a mapping (the file formats of docs/spec.md §4, §7 and §8).
enum Fixtures {
    static let eyeriss = """
    version: 1
    architecture:
      name: eyeriss
      technology: 65nm            # picks built-in energies/areas where a level gives none
      clock: 200 MHz
      levels:                     # outermost first; the last entry is the compute level
        - name: DRAM
          class: dram             # dram | sram | regfile | register | compute
          dram: LPDDR4            # dram only: LPDDR4 | DDR4 | HBM2 | GDDR6
          word_bits: 16
          block_words: 4          # words per physical access; energy figures are per block
          bandwidth: {read: 4, write: 4}     # words/cycle/instance; omitted = unlimited
          keeps: [weights, inputs, outputs]
        - name: GlobalBuffer
          class: sram
          size: 108 KiB
          word_bits: 16
          block_words: 4
          bandwidth: {read: 16, write: 16}
          energy: {read: 18.2 pJ, write: 14.1 pJ, update: 14.1 pJ, leak: 0.005 pJ}  # per block access; leak per cycle
          keeps: [inputs, outputs]          # weights bypass this level
        - name: InputSpad
          array: [14, 12]                   # X, Y: 168 PEs; levels after this one live inside each PE
          network: {transfer: 0.2 pJ}       # optional: energy per word delivered over this fanout
          class: regfile
          size: 12 words
          word_bits: 16
          keeps: [inputs]
        - name: WeightSpad
          class: regfile
          size: 224 words
          keeps: [weights]
        - name: PsumSpad
          class: regfile
          size: 24 words
          keeps: [outputs]
        - name: MAC
          class: compute
          word_bits: 16
          energy: {compute: 1.0 pJ}
      techniques: []              # hardware capabilities, section 6
      constraints: {}             # mapper constraints, section 5

    """

    static let alexnet = """
    version: 1
    workload:
      name: alexnet
      batch: 1
      precision: {weights: 16, inputs: 16, outputs: 16}   # bits; per layer overridable
      stats: {}                     # defaults for every layer, section 6
      layers:
        - name: conv1
          type: conv                # conv | depthwise | fc | matmul
          input: {channels: 3, height: 227, width: 227}
          filters: 96
          kernel: 11                # or [R, S]
          stride: 4                 # or [rows, cols]
          padding: 0                # or [rows, cols]
          groups: 1
          dilation: 1
        - name: conv2
          type: conv
          dims: {C: 48, K: 128, G: 2, P: 27, Q: 27, R: 5, S: 5}   # the raw form, instead of input/filters
          repeat: 1                 # identical layers counted this many times
          stats: {density: {inputs: 0.61}}
        - {name: fc6, type: fc, inputs: 9216, outputs: 4096}
        - {name: qk, type: matmul, m: 128, n: 128, k: 64}

    """

    static let mapping = """
    version: 1
    mapping:                        # one entry per layer name, or `default:` for all
      conv1:
        - level: DRAM
          temporal: "P=8 Q=2 K=4"   # loops written outer → inner; unlisted dimensions are 1
        - level: GlobalBuffer
          temporal: "P=14 Q=4"
          spatial: {x: "Q=14", y: "C=3 S=3"}   # the fanout directly below this level
          keeps: [inputs, outputs]  # optional: narrower than the architecture allows
        - level: WeightSpad
          temporal: "R=3"
        - level: PsumSpad
          temporal: "K=8"

    """

    /// The §6 stats and techniques blocks, placed in a workload and an architecture.
    static let statsWorkload = """
    version: 1
    workload:
      name: sparse
      stats:
        density: {weights: 0.4, inputs: 0.6, outputs: 0.5}  # fraction nonzero; distribution: uniform | structured
        precision_needed: {inputs: 9, weights: 8}           # bits actually needed (profiled, static)
        dynamic_precision: {inputs: {group: 16, mean_bits: 5.2}}   # or bits_histogram: {4: 0.3, 5: 0.5, 8: 0.2}
        effectual_bits: {inputs: 2.1}                       # mean count of non-zero bits per value
        negative_outputs: 0.61                              # fraction of pre-ReLU outputs below zero
        negative_weights: 0.54
        crop: {fraction: 0.25, images: 0.75}                # fraction of the fmap cropped, share of inputs that allow it
      layers:
        - {name: a, type: fc, inputs: 4, outputs: 4}
        - name: b
          type: fc
          inputs: 4
          outputs: 4
          stats: {density: {inputs: 0.3}, dynamic_precision: {weights: {group: 8, bits_histogram: {4: 0.3, 5: 0.5, 8: 0.2}}}}

    """

    static let techniquesBlock = """
      techniques:
        - {kind: zero_gating,   on: inputs, at: [MAC, WeightSpad]}   # energy only (Eyeriss)
        - {kind: zero_skipping, on: inputs, at: [MAC]}               # energy and cycles (Cnvlutin)
        - {kind: compression, tensor: inputs, format: rle, at: DRAM}  # rle | bitmask | csr | coo | huffman | group_precision
        - {kind: bit_serial, tensor: inputs, style: stripes}          # stripes | loom | pragmatic | dynamic
        - {kind: precision_scaling}                                   # MAC and storage energy follow the bits used
        - {kind: early_termination, mode: exact}                      # SnaPEA: exact | predictive (speculation_ops, threshold)
        - {kind: cropping, predictor_macs: 0.01}                      # AQuA-style activation cropping

    """

    /// `eyeriss` with one line replaced (1-based line number).
    static func eyeriss(replacingLine line: Int, with text: String) -> String {
        var lines = eyeriss.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[line - 1] = text
        return lines.joined(separator: "\n")
    }

    /// `eyeriss` with `techniques: []` and `constraints: {}` replaced by `tail`.
    static func eyeriss(tail: String) -> String {
        eyeriss.replacingOccurrences(of: "  techniques: []              # hardware capabilities, section 6\n  constraints: {}             # mapper constraints, section 5\n", with: tail)
    }

    static func architecture(_ yaml: String = eyeriss, overrides: [Override] = []) throws(DiagnosticError) -> Architecture {
        try SpecLoader.loadArchitecture(yaml: yaml, file: "arch.yaml", overrides: overrides)
    }

    static func workload(_ yaml: String = alexnet, overrides: [Override] = []) throws(DiagnosticError) -> Workload {
        try SpecLoader.loadWorkload(yaml: yaml, file: "work.yaml", overrides: overrides)
    }

    /// The diagnostics that loading throws, or [] when it succeeds.
    static func archErrors(_ yaml: String, overrides: [Override] = []) -> [Diagnostic] {
        do { _ = try architecture(yaml, overrides: overrides); return [] } catch { return error.diagnostics }
    }

    static func workErrors(_ yaml: String, overrides: [Override] = []) -> [Diagnostic] {
        do { _ = try workload(yaml, overrides: overrides); return [] } catch { return error.diagnostics }
    }

    static func mapErrors(_ yaml: String) -> [Diagnostic] {
        do { _ = try SpecLoader.loadMapping(yaml: yaml, file: "map.yaml"); return [] } catch { return error.diagnostics }
    }

    /// A minimal workload around `layer` (a YAML list item, indented by 4).
    static func workload(layer: String) -> String {
        "version: 1\nworkload:\n  name: w\n  layers:\n" + layer + "\n"
    }
}

extension Diagnostic {
    /// `line:column` of the diagnostic's location.
    var at: String { location.map { "\($0.line):\($0.column)" } ?? "-" }
}
