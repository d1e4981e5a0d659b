/// A fixed-size array view without bounds or exclusivity checks, for the inner loops of the nest
/// kernel and the capacity check (each used by one thread at a time). Indices are checked in
/// debug builds only.
///
/// A buffer does not own its memory: the `ScratchArena` that made it does, and frees it when
/// the arena goes (its owner keeps the arena in a stored property, so the buffers live exactly
/// as long as their owner).
struct Buffer<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    fileprivate init(repeating value: Element, count: Int) {
        self.count = count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: max(1, count))
    }

    fileprivate init(_ values: [Element]) {
        count = values.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        for (i, v) in values.enumerated() { (base + i).initialize(to: v) }
    }

    @inline(__always) subscript(_ i: Int) -> Element {
        get {
            assert(i >= 0 && i < count, "Buffer index out of range")
            return base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < count, "Buffer index out of range")
            base[i] = newValue
        }
    }
}

/// Owns the memory of the buffers it makes and frees all of it in its `deinit`. Elements must
/// be trivial (integers, floating-point numbers, Booleans, structs of those): they are not
/// deinitialized.
final class ScratchArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    init() {}

    func buffer<Element>(repeating value: Element, count: Int) -> Buffer<Element> {
        assert(_isPOD(Element.self), "scratch elements must be trivial")
        let b = Buffer(repeating: value, count: count)
        blocks.append(UnsafeMutableRawPointer(b.base))
        return b
    }

    func buffer<Element>(_ values: [Element]) -> Buffer<Element> {
        assert(_isPOD(Element.self), "scratch elements must be trivial")
        let b = Buffer(values)
        blocks.append(UnsafeMutableRawPointer(b.base))
        return b
    }

    deinit {
        for p in blocks { p.deallocate() }
    }
}
