import LoupeModel

extension Evaluator {
    /// Energy of one instance's accesses: `⌈reads/B⌉·E_read + ⌈fills/B⌉·E_write + ⌈updates/B⌉·E_update`
    /// with `B = block_words` — a storage action moves one block (Timeloop's vector access).
    public static func accessEnergy(_ a: TensorAccesses, level: Level) -> Double {
        let b = Double(max(1, level.blockWords))
        return (a.reads / b).rounded(.up) * level.energy.read
            + (a.fills / b).rounded(.up) * level.energy.write
            + (a.updates / b).rounded(.up) * level.energy.update
    }
}
