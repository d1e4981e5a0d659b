import Foundation

/// A small architecture and workload for the sweep and roofline tests: quick to map.
enum SweepFixtures {
    static let architecture = """
    version: 1
    architecture:
      name: tiny
      technology: 45nm
      clock: 1 GHz
      levels:
        - name: DRAM
          class: dram
          dram: DDR4
          word_bits: 16
          bandwidth: {read: 2, write: 2}
          keeps: [weights, inputs, outputs]
        - name: Buffer
          class: sram
          size: 4 KiB
          word_bits: 16
          bandwidth: {read: 8, write: 8}
          keeps: [weights, inputs, outputs]
        - name: PE
          array: [4, 4]
          class: regfile
          size: 16 words
          word_bits: 16
          keeps: [weights, inputs, outputs]
        - name: MAC
          class: compute
          word_bits: 16
    """

    static let workload = """
    version: 1
    workload:
      name: small
      batch: 1
      layers:
        - {name: c1, type: conv, dims: {C: 8, K: 16, P: 8, Q: 8, R: 3, S: 3}}
        - {name: fc, type: fc, inputs: 64, outputs: 32, repeat: 2}
    """

    /// A fresh directory holding `arch.yaml` and `work.yaml`.
    static func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-sweep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try architecture.write(toFile: dir + "/arch.yaml", atomically: true, encoding: .utf8)
        try workload.write(toFile: dir + "/work.yaml", atomically: true, encoding: .utf8)
        return dir
    }
}
