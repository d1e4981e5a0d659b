import Foundation

/// Runs `count` independent work items on `threads` workers, each item exactly once. The
/// caller's results must not depend on which worker runs which item (the mapper writes each
/// item's result to its own slot), which keeps runs deterministic for any thread count.
enum ParallelWork {
    static func run(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        if count == 0 { return }
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for i in 0..<count { body(i) }
            return
        }
        let next = ResultBox<Int>(count: 1)
        next[0] = 0
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                while true {
                    let i = next.withLock { () -> Int in
                        let v = next.unsafeGet(0) ?? 0
                        next.unsafeSet(0, v + 1)
                        return v
                    }
                    if i >= count { break }
                    body(i)
                }
                group.leave()
            }
        }
        group.wait()
    }
}

/// A fixed number of optional slots shared between threads, guarded by one lock.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(_ i: Int) -> T? {
        get { lock.withLock { slots[i] } }
        set { lock.withLock { slots[i] = newValue } }
    }

    /// Runs `body` holding the lock; inside it use `unsafeGet`/`unsafeSet`.
    func withLock<R>(_ body: () -> R) -> R { lock.withLock(body) }
    func unsafeGet(_ i: Int) -> T? { slots[i] }
    func unsafeSet(_ i: Int, _ v: T?) { slots[i] = v }
}
