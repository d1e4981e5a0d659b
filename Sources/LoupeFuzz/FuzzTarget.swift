import Foundation
import LoupeModel
import LoupeSpec

/// The fuzz target over the spec loader and the mapping parser (docs/fuzzing.md): one input is
/// read as an architecture, a workload and a mapping file, and the mapping is resolved against
/// a fixed architecture. Any outcome but a crash or a hang is fine; every problem must come
/// back as diagnostics.
///
/// Built two ways:
/// - `scripts/fuzz.sh` builds it with `-sanitize=fuzzer -DLOUPE_FUZZING -parse-as-library`:
///   the entry point hands over to libFuzzer's driver, which calls `LLVMFuzzerTestOneInput`;
/// - a plain `swift build` gives a replayer: `loupe-fuzz FILE...` runs the target once on each
///   file (a crash found by the fuzzer, or the seed corpus), and exits 0 when none crashes.
enum FuzzTarget {
    /// A small architecture the fuzzed mapping files are resolved against.
    static let architecture: Architecture? = try? SpecLoader.loadArchitecture(yaml: """
        version: 1
        architecture:
          name: fuzz
          technology: 65nm
          clock: 200 MHz
          levels:
            - {name: DRAM, class: dram}
            - {name: GlobalBuffer, class: sram, size: 64 KiB}
            - {name: Spad, class: regfile, size: 64 words, array: [4, 4]}
            - {name: MAC, class: compute}
        """, file: "fuzz-architecture.yaml")

    static func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        _ = try? SpecLoader.loadArchitecture(yaml: text, file: "input.yaml")
        let workload = try? SpecLoader.loadWorkload(yaml: text, file: "input.yaml")
        if let mapping = try? SpecLoader.loadMapping(yaml: text, file: "input.yaml"), let architecture {
            for name in mapping.layers.keys.sorted() {
                _ = try? SpecLoader.resolveMapping(mapping, layer: name, architecture: architecture)
            }
            _ = SpecLoader.checkMapping(mapping, architecture: architecture, workload: workload)
        }
    }
}

#if LOUPE_FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    FuzzTarget.run(Data(bytes: bytes, count: count))
    return 0
}

/// libFuzzer's driver, called from our own entry point: SwiftPM links an executable target's
/// `main` to `<target>_main` (here `loupe_fuzz_main`), which keeps libFuzzer's own `main` out.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("loupe_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { bytes, size in fuzzOneInput(bytes, size) }
}
#else
@main
struct Replay {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            FileHandle.standardError.write(Data("usage: loupe-fuzz FILE... (runs the fuzz target once on each file)\n".utf8))
            exit(64)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("loupe-fuzz: cannot read \(path)\n".utf8))
                exit(66)
            }
            FuzzTarget.run(data)
        }
        print("loupe-fuzz: \(paths.count) input\(paths.count == 1 ? "" : "s"), no crash")
    }
}
#endif
