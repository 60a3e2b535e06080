import Foundation
import Testing

@testable import RecordLint

/// `check`, `inspect` (the reader) and `stats` (the profiler) read through one
/// pipeline, so they agree on every record: how many there are, which are
/// damaged, which do not decode, and the dimensions of the rest.
struct PipelineAgreementTests {
    /// What one command says about a file, in the terms all three share.
    struct Verdict: Equatable, CustomStringConvertible {
        var records: Int
        var damaged: [Int]
        var undecodable: [Int]
        var dimensions: [Int: Int]

        var description: String { "records \(records), damaged \(damaged), undecodable \(undecodable), dims \(dimensions)" }
    }

    static let framingRules: Set<RuleID> = [.badMagic, .truncatedRecord, .badContinuation]

    static func fromCheck(_ bytes: [UInt8]) -> Verdict {
        let report = Checker(configuration: CheckConfiguration(maxFindings: 0)).check([.memory(name: "x.rec", bytes: bytes)])
        return Verdict(
            records: report.files[0].records,
            damaged: report.findings.filter { framingRules.contains($0.rule) }.compactMap(\.record),
            undecodable: report.findings.filter { $0.rule == .invalidProtobuf }.compactMap(\.record),
            dimensions: report.files[0].dimensions.counts)
    }

    static func fromReader(_ bytes: [UInt8]) throws -> Verdict {
        var verdict = Verdict(records: 0, damaged: [], undecodable: [], dimensions: [:])
        verdict.records = try RecordReader(bytes: bytes).forEach { record in
            if let problem = record.problem {
                if framingRules.contains(problem.rule) { verdict.damaged.append(record.index) }
                if problem.rule == .invalidProtobuf { verdict.undecodable.append(record.index) }
            }
            if let dimension = record.content?.features?.dimension { verdict.dimensions[dimension, default: 0] += 1 }
        }
        return verdict
    }

    static func fromStats(_ bytes: [UInt8]) throws -> (records: Int, damaged: Int, undecodable: Int, dimensions: [Int: Int]) {
        let profile = try Profiler.profile(.memory(name: "x.rec", bytes: bytes))
        return (profile.records, profile.damaged, profile.undecodable, profile.dimensions.counts)
    }

    static func expectAgreement(_ bytes: [UInt8], _ name: String) throws {
        let check = fromCheck(bytes)
        let reader = try fromReader(bytes)
        let stats = try fromStats(bytes)
        #expect(check == reader, "\(name): check says \(check); inspect says \(reader)")
        #expect(stats.records == check.records, "\(name): stats counts \(stats.records) records, check \(check.records)")
        #expect(stats.damaged == check.damaged.count, "\(name): stats counts \(stats.damaged) damaged, check \(check.damaged)")
        #expect(
            stats.undecodable == check.undecodable.count,
            "\(name): stats counts \(stats.undecodable) undecodable, check \(check.undecodable)")
        #expect(stats.dimensions == check.dimensions, "\(name): stats dims \(stats.dimensions), check \(check.dimensions)")
    }

    /// The file of the bug report: a good record, then a 4-part record split the ml-io way.
    static func mlioFile() -> [UInt8] {
        let payload = RecordEncoder.encode(.dense([1, 2, 3], label: 1))
        var writer = RecordWriter()
        writer.append(.dense([4, 5, 6], label: 0))
        writer.appendParts([Array(payload[..<8]), Array(payload[8..<18]), Array(payload[18..<19]), Array(payload[19...])])
        return writer.bytes
    }

    @Test func mlioRecordGetsOneAnswerFromEveryCommand() throws {
        let bytes = Self.mlioFile()
        try Self.expectAgreement(bytes, "ml-io file")
        let report = Checker(configuration: CheckConfiguration(maxFindings: 0)).check([.memory(name: "x.rec", bytes: bytes)])
        #expect(report.findings.map(\.rule) == [.multipartConvention])
        let records = try RecordReader(bytes: bytes).readAll()
        #expect(records.count == 2 && records[1].problem == nil && records[1].joinedWithoutMagic)
        #expect(records[1].content?.features == .dense([1, 2, 3]))
        let profile = try Profiler.profile(.memory(name: "x.rec", bytes: bytes))
        #expect(profile.undecodable == 0 && profile.dense == 2)
    }

    @Test(arguments: [
        "mxnet-multipart.rec", "sdk-dense-float32.rec", "sdk-dense-float64-int-labels.rec", "sdk-sparse-float32.rec",
    ])
    func fixturesGetOneAnswer(name: String) throws {
        try Self.expectAgreement(try fixture(name), name)
    }

    @Test(arguments: [
        "chunked-tensor.rec", "clean-dense.rec", "mnist-785.rec", "nan-values.rec", "sparse-out-of-range.rec", "truncated.rec",
    ])
    func sampleDataGetsOneAnswer(name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../SampleData/\(name)")
        try Self.expectAgreement([UInt8](try Data(contentsOf: url)), name)
    }

    @Test(arguments: 0..<24)
    func randomFilesGetOneAnswer(seed: Int) throws {
        try Self.expectAgreement(RandomFiles.make(seed: UInt64(seed)), "random file \(seed)")
    }
}
