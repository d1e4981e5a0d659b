/// "Did you mean …?" suggestions from edit distance, as swift-argument-parser does for
/// mistyped options. The one algorithm for every suggestion Loupe makes: spec keys and values,
/// units, `--set` paths, `--disable` names and technique options.
public enum DidYouMean {
    /// The Damerau–Levenshtein distance (optimal string alignment: insertions, deletions,
    /// substitutions and transpositions of adjacent characters each cost 1).
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        let width = t.count + 1
        var d = [Int](repeating: 0, count: (s.count + 1) * width)
        for i in 0...s.count { d[i * width] = i }
        for j in 0...t.count { d[j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var v = min(d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1, d[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    v = min(v, d[(i - 2) * width + j - 2] + 1)
                }
                d[i * width + j] = v
            }
        }
        return d[s.count * width + t.count]
    }

    /// The candidate closest to `word`, if it is close enough to be a likely typo: a
    /// case-insensitive match, or an edit distance of at most 2 (less than the candidate's
    /// length) or at most a third of the word's length. Ties go to the earlier candidate.
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let lower = word.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let d = candidate.lowercased() == lower ? 0 : distance(lower, candidate.lowercased())
            let limit = max(min(2, candidate.count - 1), word.count / 3)
            guard d <= limit else { continue }
            if d < best?.distance ?? Int.max { best = (candidate, d) }
        }
        return best?.name
    }

    /// `did you mean 'keeps'?`, or nil when nothing is close.
    public static func hint(for word: String, among candidates: some Sequence<String>) -> String? {
        suggestion(for: word, among: candidates).map { "did you mean '\($0)'?" }
    }
}
