import Foundation
import LoupeModel
@testable import LoupeSpec
import Testing

@Test func zzDump() throws {
    var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1...7 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
    yaml += "? *a7\n: 1\n? *a6\n: 2\n"
    let t = Date()
    for d in Fixtures.archErrors(yaml) { print(d) }
    print(Date().timeIntervalSince(t))
    for d in Fixtures.archErrors("version: 1\narchitecture: \"\\uD800\"\n") { print(d) }
}
