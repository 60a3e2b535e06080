import Foundation
import RecordLint
import TestSupport
import Testing

/// All files of one check form one dataset (SPEC.md, "Whole datasets"): a
/// file whose records differ from the dataset's most common dimension is an
/// `inconsistent-dimension` finding, not "0 errors, exit 0".
@Suite("Dimensions across the files of a dataset")
struct DatasetDimensionTests {
    /// Writes files into one folder and checks them together.
    private func checkTogether(
        _ files: [(name: String, bytes: [UInt8])], maxFindings: Int = 0, jobs: Int = 1, chunkSize: Int? = nil
    ) throws -> Report {
        try check(write(files), maxFindings: maxFindings, jobs: jobs, chunkSize: chunkSize)
    }

    private func write(_ files: [(name: String, bytes: [UInt8])]) throws -> [ScanInput] {
        let directory = scratchDirectory("dataset")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var inputs: [ScanInput] = []
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            try Data(file.bytes).write(to: url)
            inputs.append(.file(url.path))
        }
        return inputs
    }

    private func check(_ inputs: [ScanInput], maxFindings: Int = 0, jobs: Int = 1, chunkSize: Int? = nil) -> Report {
        let configuration = CheckConfiguration(maxFindings: maxFindings, jobs: jobs, chunkSize: chunkSize)
        return Checker(configuration: configuration).check(inputs)
    }

    /// Sparse rows of `dimension` columns (shape[0]), as `write_spmatrix_to_sparse_tensor` writes them.
    private func sparseFile(count: Int, dimension: Int) -> [UInt8] {
        var writer = RecordWriter()
        for row in 0..<count {
            writer.append(
                TrainingRecord(
                    features: .sparse(
                        keys: [UInt64(row % dimension), UInt64(dimension - 1)], values: [1, 2], dimension: dimension),
                    label: .dense([0])))
        }
        return writer.bytes
    }

    @Test func aValidationFileWithOneFeatureLessIsAnError() throws {
        let report = try checkTogether([
            ("train.rec", denseFile(count: 50, dimension: 35).bytes),
            ("validation.rec", denseFile(count: 10, dimension: 34).bytes),
        ])
        #expect(report.summary.errors == 10)
        #expect(report.summary.rules == ["inconsistent-dimension": 10])
        #expect(report.findings.allSatisfy { $0.file.hasSuffix("validation.rec") && $0.expected == 35 && $0.actual == 34 })
        #expect(report.findings.map(\.record) == Array(0..<10))
        #expect(
            report.findings.first?.message
                == "has dimension 34, while 50 of the dataset's 60 records (in 2 files) have 35")
        let hint = try #require(report.hints.first { $0.hasPrefix("the dataset's feature dimension is 35") })
        #expect(hint.contains("validation.rec (10 records of dimension 34)"))
        #expect(!hint.contains("train.rec"))
    }

    @Test func oneSparsePartFileOfSixtyFiveAmongPartsOfSixtyFour() throws {
        var files: [(name: String, bytes: [UInt8])] = (0..<4).map { ("part-0000\($0)", sparseFile(count: 20, dimension: 64)) }
        files.insert(("part-00002b", sparseFile(count: 20, dimension: 65)), at: 3)
        let report = try checkTogether(files)
        #expect(report.summary.errors == 20)
        #expect(Set(report.findings.map(\.file)).count == 1)
        #expect(report.findings.allSatisfy { $0.file.hasSuffix("part-00002b") && $0.expected == 64 && $0.actual == 65 })
        #expect(report.hints.contains { $0.contains("is 64") && $0.contains("part-00002b (20 records of dimension 65)") })
    }

    @Test func aFileThatDisagreesWithItselfKeepsThePerFileMessage() throws {
        var odd = denseFile(count: 8, dimension: 35)
        odd.append(.dense([Float](repeating: 1, count: 36), label: 1))
        let report = try checkTogether([
            ("a.rec", denseFile(count: 5, dimension: 35).bytes), ("b.rec", odd.bytes),
        ])
        #expect(ruleRecords(report) == ["inconsistent-dimension@8"])
        #expect(report.findings.first?.message == "has dimension 36, while 8 of the file's 9 records have 35")
        // No file differs as a whole: the dataset hint is not given.
        #expect(!report.hints.contains { $0.hasPrefix("the dataset's") })
    }

    @Test func recordsOfTheDatasetsDimensionInAnOddFileAreNotBlamed() throws {
        // b.rec is mostly 65, in a dataset of 64: its 65s are wrong, its one 64 is right.
        var mixed = denseFile(count: 6, dimension: 65)
        mixed.append(.dense([Float](repeating: 1, count: 64), label: 1))
        let report = try checkTogether([
            ("a.rec", denseFile(count: 20, dimension: 64).bytes), ("b.rec", mixed.bytes),
        ])
        #expect(ruleRecords(report) == (0..<6).map { "inconsistent-dimension@\($0)" })
        #expect(report.findings.allSatisfy { $0.expected == 64 })
    }

    @Test func aConsistentDatasetHasNoFinding() throws {
        let report = try checkTogether([
            ("a.rec", denseFile(count: 5, dimension: 7).bytes), ("b.rec", denseFile(count: 9, dimension: 7).bytes),
        ])
        #expect(report.summary.errors == 0)
        #expect(report.hints.isEmpty)
    }

    @Test(arguments: [(0, 1, nil), (3, 1, nil), (0, 4, 64), (2, 3, 100)] as [(Int, Int, Int?)])
    func theSameFindingsWhateverTheListingAndTheThreads(maxFindings: Int, jobs: Int, chunkSize: Int?) throws {
        let files: [(name: String, bytes: [UInt8])] = [
            ("a.rec", denseFile(count: 30, dimension: 12).bytes), ("b.rec", denseFile(count: 5, dimension: 11).bytes),
            ("c.rec", denseFile(count: 30, dimension: 12).bytes),
        ]
        let inputs = try write(files)
        let sequential = check(inputs, maxFindings: 0)
        let other = check(inputs, maxFindings: maxFindings, jobs: jobs, chunkSize: chunkSize)
        let expected = maxFindings == 0 ? sequential.findings : Array(sequential.findings.prefix(maxFindings))
        #expect(other.findings.map(\.sentence) == expected.map(\.sentence))
        #expect(other.summary.errors == 5)
        #expect(other.hints == sequential.hints)
    }
}
