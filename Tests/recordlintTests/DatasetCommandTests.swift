import Foundation
import RecordLint
import Testing

@Suite("recordlint check on a whole dataset, end to end")
struct DatasetCommandTests {
    @Test func aDirectoryWithAValidationFileOfOneFeatureLessExitsOne() throws {
        let directory = temporaryDirectory()
        var train = RecordWriter()
        for row in 0..<40 { train.append(.dense((0..<35).map { Float(row + $0) }, label: 1)) }
        var validation = RecordWriter()
        for row in 0..<8 { validation.append(.dense((0..<34).map { Float(row + $0) }, label: 0)) }
        _ = try writeTemporary(train.bytes, name: "data/train/train.rec", in: directory)
        _ = try writeTemporary(validation.bytes, name: "data/validation/validation.rec", in: directory)
        let root = directory.appendingPathComponent("data").path
        let run = try recordlint(["check", root, "--format", "json"])
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.summary.errors == 8)
        #expect(
            report.findings.allSatisfy { $0.file.hasSuffix("validation/validation.rec") && $0.rule == .inconsistentDimension })
        #expect(report.hints.contains { $0.contains("feature dimension is 35") && $0.contains("validation.rec") })
        let text = try recordlint(["check", root])
        #expect(text.status == 1)
        #expect(text.output.contains("8 errors"))
    }
}
