import Foundation
import Testing

@testable import RecordLint

/// File names as escaped text: every byte string a file system allows is written one way and
/// read back to the same bytes.
struct PathTextTests {
    /// Names and their escaped text.
    static let examples: [([UInt8], String)] = [
        (Array("train/part-0.rec".utf8), "train/part-0.rec"),
        (Array("caf".utf8) + [0xE9] + Array(".rec".utf8), "caf\\xE9.rec"),
        (Array("café.rec".utf8), "café.rec"),
        (Array("a\\b".utf8), "a\\\\b"),
        (Array("line\nbreak\t\u{7F}".utf8), "line\\x0Abreak\\x09\\x7F"),
        ([0xC3], "\\xC3"),
        ([0xC0, 0xAF], "\\xC0\\xAF"),  // an overlong "/"
        ([0xED, 0xA0, 0x80], "\\xED\\xA0\\x80"),  // a UTF-16 surrogate written as UTF-8
        ([0xF4, 0x90, 0x80, 0x80], "\\xF4\\x90\\x80\\x80"),  // past U+10FFFF
        ([0xE2, 0x82, 0x41], "\\xE2\\x82A"),  // a sequence cut short
        (Array("\\x41".utf8), "\\\\x41"),  // a name that spells an escape is not one
    ]

    @Test(arguments: examples)
    func escapesWhatIsNotPlainText(bytes: [UInt8], text: String) {
        #expect(PathText.text(of: bytes) == text)
        #expect(PathText.bytes(of: text) == bytes)
        #expect(PathText.isCanonical(text))
        #expect(PathText.isEscaped(text) == (text != String(decoding: bytes, as: UTF8.self)))
    }

    @Test func everyByteStringReadsBackToItself() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let length = Int.random(in: 1...12, using: &generator)
            // Bytes 1...255 (a name holds no NUL), weighted toward the awkward ones.
            let bytes = (0..<length).map { _ in
                UInt8.random(in: 0...3, using: &generator) == 0
                    ? [0x5C, 0x78, 0x0A, 0xC3, 0xA9, 0xE9, 0xFF, 0x80].randomElement(using: &generator)!
                    : UInt8.random(in: 1...255, using: &generator)
            }
            let text = PathText.text(of: bytes)
            #expect(PathText.bytes(of: text) == bytes, "\(bytes)")
            #expect(PathText.isCanonical(text))
        }
    }

    @Test(arguments: ["a\\", "a\\q", "\\x4", "\\xZZ", "\\x00", "\\xC3\\xA9", "tab\there"])
    func textThatIsNotEscapedTextIsNotCanonical(text: String) {
        #expect(!PathText.isCanonical(text))
    }

    @Test func joinedPathsAreTheEscapeOfTheJoinedBytes() {
        let folder = Array("d".utf8) + [0xFF]
        let name = Array("x".utf8) + [0xE9]
        #expect(PathText.text(of: folder) + "/" + PathText.text(of: name) == PathText.text(of: folder + [0x2F] + name))
    }

    @Test func theJSONReportCarriesTheBytesOfAnEscapedPath() throws {
        let path = PathText.text(of: Array("dir/caf".utf8) + [0xE9] + Array(".rec".utf8))
        #expect(PathBytesJSON.base64(path) == Data(Array("dir/caf".utf8) + [0xE9] + Array(".rec".utf8)).base64EncodedString())
        #expect(PathBytesJSON.base64("dir/plain.rec") == nil)
        let finding = Finding(rule: .nonFinite, severity: .error, file: path, record: 0, offset: 0, message: "has NaN")
        let line = FindingJSON.compact(FindingJSON.members(of: finding))
        #expect(line.contains("\"fileBytes\":\"ZGlyL2NhZukucmVj\""))
        #expect(SARIFReporter.uriReference(path) == "dir/caf%E9.rec")
    }
}
