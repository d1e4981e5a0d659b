import ArgumentParser
import Foundation
import LoupeModel
import LoupeReport

/// Output helpers of the command line: diagnostics, progress and exit codes.
enum Terminal {
    /// Exit code for an invalid spec (docs/spec.md §10).
    static let invalidSpec = ExitCode(65)
    /// Exit code for an internal failure.
    static let internalFailure = ExitCode(1)

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints every diagnostic as `file:line:column: error: message`, with its hint as a note.
    static func print(_ diagnostics: [Diagnostic]) {
        for d in diagnostics {
            var line = ""
            if let l = d.location { line += "\(l): " }
            line += "\(d.severity.rawValue): \(d.message)"
            error(line)
            if let hint = d.hint {
                error((d.location.map { "\($0): " } ?? "") + "note: \(hint)")
            }
        }
    }

    /// Runs `body`, turning spec problems into located messages and exit code 65.
    static func guarded<T>(_ body: () throws(DiagnosticError) -> T) throws -> T {
        do { return try body() } catch {
            print(error.diagnostics)
            throw invalidSpec
        }
    }

    /// A progress line on stderr, redrawn in place; only when stderr is a terminal.
    static func progress(_ label: String, done: Int, total: Int, detail: String = "") {
        guard stderrIsTerminal, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total) \(detail)\u{1B}[K".utf8))
        if done == total { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// Ctrl-C stops long searches cleanly: the mapper returns the best mappings found so far.
/// While one is registered, the first Ctrl-C calls it; otherwise (and on a second Ctrl-C)
/// `Signals` ends the process.
final class InterruptHandler: @unchecked Sendable {
    init(onInterrupt: @escaping @Sendable () -> Void) {
        Signals.shared.setInterrupt {
            Terminal.error("\ninterrupted: finishing with the best mappings found so far (Ctrl-C again to abort)")
            onInterrupt()
        }
    }
    deinit { Signals.shared.setInterrupt(nil) }
}

/// SIGINT and SIGTERM, handled on a dispatch queue: the process ends (exit 130 or 143) only
/// once no report is being written (`ReportWriter.exitWhenIdle`), so neither signal leaves a
/// staging directory or a temporary file behind (docs/spec.md §10).
final class Signals: @unchecked Sendable {
    static let shared = Signals()
    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var interrupt: (@Sendable () -> Void)?

    /// Installs the handlers; called once, at start.
    func install() {
        for (number, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            signal(number, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: number, queue: .global())
            s.setEventHandler { [self] in
                if number == SIGINT, let first = takeInterrupt() {
                    first()
                } else {
                    ReportWriter.exitWhenIdle(code)
                }
            }
            s.resume()
            lock.withLock { sources.append(s) }
        }
    }

    /// The next Ctrl-C calls `handler` (once) instead of ending the process.
    func setInterrupt(_ handler: (@Sendable () -> Void)?) {
        lock.withLock { interrupt = handler }
    }

    private func takeInterrupt() -> (@Sendable () -> Void)? {
        lock.withLock {
            defer { interrupt = nil }
            return interrupt
        }
    }
}
