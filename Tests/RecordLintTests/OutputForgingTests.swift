import TestSupport
import Testing

@testable import RecordLint

@Suite("Output that cannot be forged: escaped, bounded, keys by length, numbers as they are")
struct OutputForgingTests {
    func report(_ hostile: HostileInput, size: Int = 0, featureDim: Int? = nil, algorithm: Algorithm = .generic) -> Report {
        Checker(configuration: CheckConfiguration(featureDim: featureDim, algorithm: algorithm, maxFindings: 0)).check([
            .memory(name: "hostile.rec", bytes: hostile.bytes(size: size))
        ])
    }

    @Test(arguments: ["text", "github"])
    func aUidWithANewlineAndEscapesStaysOnItsFindingsLine(format: String) throws {
        let report = report(.forgedUid, featureDim: 4)
        #expect(report.findings.count == 1)
        let reporter: any StreamingReporter = format == "text" ? TextReporter() : GitHubReporter()
        let line = reporter.line(for: report.findings[0], position: 0)
        #expect(line.filter { $0 == "\n" }.count == 1 && line.last == "\n")
        #expect(!line.unicodeScalars.dropLast().contains { $0.value < 0x20 || $0.value == 0x7F })
        if format == "text" { #expect(line.contains("\\n") && line.contains("\\e[31m")) }
    }

    @Test func inspectWritesTheUidOutToo() throws {
        let record = try #require(try RecordReader(bytes: HostileInput.forgedUid.bytes(size: 0)).readAll().first)
        let line = RecordPrinter.text(record)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(line.contains("uid x\\nforged.rec"))
    }

    @Test func aKeyWithANulIsNotValues() {
        // "values\0evil" and "values\0x" are other keys: no features and no label, as the SDK's protobuf sees it.
        let rules = report(.nulKey, algorithm: .linearLearner).findings.map(\.rule)
        #expect(rules.contains(.missingFeatures))
        #expect(rules.contains(.missingLabel))
    }

    @Test func keysAndShapesPastIntMaxAreReportedAsTheyAre() throws {
        let found = report(.hugeKeys, featureDim: 4).findings
        let key = try #require(found.first { $0.rule == .sparseKeyOutOfRange })
        #expect(key.key == nil && key.actual == nil && key.value == "9223372036854775808")
        #expect(key.message.contains("9223372036854775808"))
        let shape = try #require(found.first { $0.rule == .sparseShapeMismatch })
        #expect(shape.value == "9223372036854775809" && shape.actual == nil)
        // Without feature_dim, the key is below shape[0] (2^63 + 1): nothing is out of range, and no hint.
        let free = report(.hugeKeys)
        #expect(free.findings.isEmpty)
        #expect(free.hints.isEmpty)
    }

    @Test func aHugeUidIsQuotedAsAnExcerpt() throws {
        let found = report(.hugeUid, size: 1 << 20, featureDim: 4).findings
        #expect(found.count >= 2)
        for finding in found {
            let uid = try #require(finding.uid)
            #expect(uid.utf8.count < 100)
            #expect(uid.hasSuffix("... (1048576 bytes)"))
        }
    }

    @Test func aLongShapeIsQuotedAsAnExcerpt() throws {
        let found = report(.sparseShape, size: 1 << 20, featureDim: 4).findings
        let shape = try #require(found.first { $0.rule == .sparseShapeMismatch })
        #expect(shape.message == "has shape [1, 1, 1, 1, 1, 1, 1, 1, ...] (1048576 entries), expected [4] (feature_dim)")
    }

    @Test func nonzeroPaddingIsAWarning() throws {
        let found = report(.nonzeroPadding).findings
        let padding = try #require(found.first { $0.rule == .nonzeroPadding })
        #expect(padding.severity == .warning && padding.record == 0)
        #expect(padding.message.contains("EE at offset 39"))
        #expect(found.filter { $0.rule == .nonzeroPadding }.count == 1)
    }
}
