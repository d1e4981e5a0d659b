import Foundation
import LoupeEngine
import LoupeModel

/// Searches shared between the estimates of one run, such as the points of a sweep
/// (docs/sweeps.md, "Shared search"; docs/mapper.md §3).
///
/// Two things are kept, both behind one lock:
///
/// - **Identical searches.** A layer's search result is a function of the resolved
///   architecture (its name, source locations, areas and techniques left out: they do not
///   enter the search; the techniques do through the storage ratios), the layer's signature, its
///   storage ratios and the mapper's options (the thread count left out). A search with the same
///   key is done once; the first estimate to need it runs it and the others wait for its result.
///   So the result is the one an uncached run gets, and `searches` counts the distinct searches
///   whatever the order in which the estimates run.
/// - **Candidates** for neighbours: the best mapping of every search, grouped by what makes a
///   mapping of one point a candidate at another (the constraints, the layer's signature and
///   storage ratios, the objective, and each level's name, keeps and which array axes it has).
///   `EstimatePipeline` with `shareCandidates` re-evaluates the group's candidates on its own
///   architecture after its search and keeps the best (docs/sweeps.md).
public final class SearchCache: @unchecked Sendable {
    struct Key: Hashable {
        var architecture: Architecture
        var signature: String
        var ratios: String
        var options: MapperOptions
    }

    struct GroupKey: Hashable {
        var constraints: MapperConstraints
        var signature: String
        var ratios: String
        var objective: Objective
        var levels: [String]
    }

    private let lock = NSCondition()
    private var results: [Key: LayerSearchResult?] = [:]
    private var pending: Set<Key> = []
    private var groups: [GroupKey: [CompactMapping]] = [:]
    private var searchCount = 0

    public init() {}

    /// Distinct searches run so far.
    public var searches: Int { lock.lock(); defer { lock.unlock() }; return searchCount }

    static func key(architecture: Architecture, layer: Layer, ratio: StorageRatios, options: MapperOptions) -> Key {
        var a = architecture
        a.name = ""
        a.location = nil
        a.techniques = []
        a.levels = a.levels.map { level in
            var l = level
            l.location = nil
            l.areaUm2 = 0
            l.areaSource = ""
            l.specAreaUm2 = nil
            return l
        }
        var o = options
        o.threads = 1
        return Key(architecture: a, signature: Mapper.signature(layer), ratios: "\(ratio.levels)", options: o)
    }

    static func groupKey(architecture: Architecture, constraints: MapperConstraints, layer: Layer, ratio: StorageRatios,
                         objective: Objective) -> GroupKey {
        let levels = architecture.levels.map { l in
            "\(l.name) \(l.keeps.map(\.description).sorted()) \(l.arrayX > 1) \(l.arrayY > 1)"
        }
        return GroupKey(constraints: constraints, signature: Mapper.signature(layer), ratios: "\(ratio.levels)",
                        objective: objective, levels: levels)
    }

    enum Claim {
        /// The result is known.
        case done(LayerSearchResult?)
        /// The caller must search and `publish`.
        case mine
        /// Another estimate is searching it: `wait` for it after publishing the caller's own.
        case pending
    }

    func claim(_ key: Key) -> Claim {
        lock.lock(); defer { lock.unlock() }
        if let r = results[key] { return .done(r) }
        if pending.contains(key) { return .pending }
        pending.insert(key)
        searchCount += 1
        return .mine
    }

    func publish(_ key: Key, group: GroupKey, _ result: LayerSearchResult?) {
        lock.lock()
        results[key] = .some(result)
        pending.remove(key)
        if let m = result?.compact, !(groups[group]?.contains(m) ?? false) { groups[group, default: []].append(m) }
        lock.broadcast()
        lock.unlock()
    }

    func wait(_ key: Key) -> LayerSearchResult? {
        lock.lock(); defer { lock.unlock() }
        while results[key] == nil { lock.wait() }
        return results[key]!
    }

    /// The group's candidates, in the canonical order of mappings (so that the order in which
    /// the searches finished does not matter).
    func candidates(_ group: GroupKey) -> [CompactMapping] {
        lock.lock(); defer { lock.unlock() }
        return (groups[group] ?? []).sorted { $0.precedes($1) }
    }
}
