/// A small, fast, seedable random number generator (SplitMix64, Steele et al., OOPSLA 2014),
/// so that a search — and every randomized test — is reproducible from its seed on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed derived from several values, so each (layer, chunk) gets its own stream.
    public static func mix(_ values: UInt64...) -> UInt64 {
        var g = SplitMix64(seed: 0x5851_F42D_4C95_7F2D)
        var h: UInt64 = 0
        for v in values {
            g.state ^= v
            h ^= g.next()
        }
        return h
    }

    /// A stable 64-bit hash of a string (FNV-1a), independent of Swift's per-process hashing seed.
    public static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01B3
        }
        return h
    }
}
