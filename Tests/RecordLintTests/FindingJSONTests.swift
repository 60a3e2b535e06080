import Foundation
import Testing

@testable import RecordLint

/// The hand-written finding JSON (fast enough for millions of findings) gives the bytes `JSONEncoder` gives.
struct FindingJSONTests {
    @Test(arguments: ["plain", "quote \" back\\slash /slash", "tab\tnew\nline\r\u{01}\u{1F}\u{08}\u{0C}", "ünïcode ✓ 😀", ""])
    func matchesJSONEncoder(text: String) throws {
        let finding = Finding(
            rule: .nonFinite, severity: .error, file: "dir/\(text).rec", record: 3, offset: 96, uid: text,
            message: "has \(text)", expected: -1, actual: Int.max, position: 0, key: 7, value: text, hyperparameter: text,
            suggestion: text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(finding), as: UTF8.self)
        #expect(FindingJSON.compact(FindingJSON.members(of: finding)) == expected)
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let pretty = String(decoding: try encoder.encode(finding), as: UTF8.self)
        #expect(FindingJSON.pretty(FindingJSON.members(of: finding), indent: "") == pretty)
    }
}
