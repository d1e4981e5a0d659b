import Foundation
import LoupeModel

extension TechniqueSpec {
    /// A technique entry from text options, for tests: a value with commas becomes a list
    /// (`"MAC,RF"` → `[MAC, RF]`), any other a scalar; keys in sorted order, all located at
    /// `test.yaml:1:1`.
    init(kind: String, options: [String: String]) {
        let here = SourceLocation(file: "test.yaml", line: 1, column: 1)
        let pairs = options.keys.sorted().map { key -> SpecNode.Pair in
            let text = options[key]!
            let value: SpecNode
            if text.contains(",") {
                let items = text.split(separator: ",").map {
                    SpecNode(.scalar($0.trimmingCharacters(in: .whitespaces), plain: true), at: here)
                }
                value = SpecNode(.sequence(items), at: here)
            } else {
                value = SpecNode(.scalar(text, plain: true), at: here)
            }
            return SpecNode.Pair(key: key, keyLocation: here, value: value)
        }
        self.init(kind: kind, kindLocation: here, options: pairs, location: here)
    }
}
