/// A fixed-size, heap-allocated scratch array without bounds or exclusivity checks, for the
/// nest kernel's inner loops (each kernel is used by one thread at a time).
///
/// Indices are checked in debug builds only.
public struct Buffer<Element>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    public let count: Int

    public init(repeating value: Element, count: Int) {
        self.count = count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: max(1, count))
    }

    public init(_ values: [Element]) {
        count = values.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        for (i, v) in values.enumerated() { (base + i).initialize(to: v) }
    }

    @inlinable public subscript(_ i: Int) -> Element {
        get {
            assert(i >= 0 && i < count, "Buffer index out of range")
            return base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < count, "Buffer index out of range")
            base[i] = newValue
        }
    }

    /// Frees the memory; the owner calls it once, when it is done.
    public func free() { base.deallocate() }

    /// A copy as an array.
    public var array: [Element] { (0..<count).map { base[$0] } }
}
