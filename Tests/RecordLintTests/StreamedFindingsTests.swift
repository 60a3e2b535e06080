import Foundation
import RecordLint
import Testing

/// Findings handed over as they become final (what the streaming reporters
/// write) are exactly the report's findings, in the same order, with and
/// without a feature_dim, for every --jobs: the first pass that decides
/// `inconsistent-dimension` record by record changes nothing.
struct StreamedFindingsTests {
    static func streamed(_ paths: [String], _ configuration: CheckConfiguration) -> (findings: [Finding], report: Report) {
        var findings: [Finding] = []
        let report = Checker(configuration: configuration).check(paths.map(ScanInput.file), onFinding: { findings.append($0) })
        return (findings, report)
    }

    static func mixedDimensions(seed: Int) -> [UInt8] {
        var writer = RecordWriter()
        for row in 0..<3000 {
            let dimension = row % 97 == 5 ? 9 : row % 31 == 0 ? 7 : 8
            writer.append(.dense((0..<dimension).map { Float(row * $0 + seed) }, label: row % 200 == 3 ? .nan : 1))
        }
        return writer.bytes
    }

    @Test(arguments: [1, 2, 3])
    func streamedFindingsAreTheReportsFindings(jobs: Int) throws {
        let paths =
            try (0..<4).map { try temporaryFile(RandomFiles.make(seed: UInt64(300 + $0), records: 200)) }
            + [try temporaryFile(Self.mixedDimensions(seed: jobs)), try temporaryFile(Self.mixedDimensions(seed: 7))]
        for featureDim in [nil, 8] as [Int?] {
            for chunkSize in [nil, 4096] as [Int?] {
                let configuration = CheckConfiguration(featureDim: featureDim, maxFindings: 0, jobs: jobs, chunkSize: chunkSize)
                let whole = Checker(configuration: configuration).check(paths.map(ScanInput.file))
                let (findings, streamed) = Self.streamed(paths, configuration)
                #expect(whole.findings.count > 100)
                #expect(findings == whole.findings, "feature_dim \(String(describing: featureDim)), jobs \(jobs)")
                #expect(streamed.findings.isEmpty)
                #expect(streamed.files == whole.files && streamed.hints == whole.hints)
                #expect(streamed.summary.rules == whole.summary.rules && streamed.summary.listed == whole.summary.listed)
                if featureDim == nil { #expect(whole.summary.rules["inconsistent-dimension", default: 0] > 0) }
            }
        }
    }
}
