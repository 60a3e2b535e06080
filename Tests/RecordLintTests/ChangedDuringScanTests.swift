import Foundation
import Synchronization
import TestSupport
import Testing

@testable import RecordLint

/// A file replaced or written to while it is scanned is never reported as checked: its counts,
/// findings and `--indices-out` lines would come from two files.
@Suite("a file that changes during the scan")
struct ChangedDuringScanTests {
    /// 400 records of 4 values and every 50th of 5: `inconsistent-dimension` needs a second pass.
    private func twoDimensions() -> [UInt8] {
        var writer = RecordWriter()
        for row in 0..<400 { writer.append(.dense([Float](repeating: 1, count: row % 50 == 0 ? 5 : 4), label: 1)) }
        return writer.bytes
    }

    private func check(_ path: String, streaming: Bool, whileScanning change: @escaping @Sendable () -> Void) -> Report {
        var configuration = CheckConfiguration(maxFindings: 0, jobs: 2, chunkSize: 1024, collectsOffendingRecords: true)
        configuration.featureDim = nil
        let once = Atomic<Bool>(false)
        let checker = Checker(configuration: configuration)
        return checker.check(
            [.file(path)],
            progress: { _ in if !once.exchange(true, ordering: .relaxed) { change() } },
            onFinding: streaming ? { _ in } : nil)
    }

    @Test(arguments: [false, true])
    func aFileReplacedUnderItsNameIsUnchecked(streaming: Bool) throws {
        let folder = scratchDirectory("changed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("data.rec").path
        let other = folder.appendingPathComponent("other.rec").path
        try Data(twoDimensions()).write(to: URL(fileURLWithPath: path))
        try Data(twoDimensions().reversed()).write(to: URL(fileURLWithPath: other))
        let report = check(path, streaming: streaming) { _ = rename(other, path) }
        #expect(report.unchecked.map(\.path) == [path])
        #expect(report.unchecked.first?.reason.contains("replaced during the scan") == true)
        #expect(report.files.isEmpty)
    }

    @Test(arguments: [false, true])
    func aFileWrittenToIsUnchecked(streaming: Bool) throws {
        let folder = scratchDirectory("changed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("data.rec").path
        try Data(twoDimensions()).write(to: URL(fileURLWithPath: path))
        let report = check(path, streaming: streaming) {
            let handle = FileHandle(forWritingAtPath: path)!
            handle.seekToEndOfFile()
            handle.write(Data([0, 1, 2, 3]))
            handle.closeFile()
        }
        #expect(report.unchecked.first?.reason.contains("changed during the scan") == true)
        #expect(report.files.isEmpty)
    }

    @Test func anUnchangedFileIsChecked() throws {
        let folder = scratchDirectory("changed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("data.rec").path
        try Data(twoDimensions()).write(to: URL(fileURLWithPath: path))
        let report = check(path, streaming: true) {}
        #expect(report.unchecked.isEmpty)
        #expect(report.summary.errors + report.summary.warnings == 8)
    }
}

/// `filter` checks, then copies: a file changed in between is not copied by the check's indices.
@Suite("filter: a file that changes between the check and the copy")
struct FilterChangedInputTests {
    @Test func theCopyFailsAndNothingIsWritten() throws {
        let folder = scratchDirectory("filter-changed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("data.rec").path
        let out = folder.appendingPathComponent("clean.rec").path
        var writer = RecordWriter()
        for row in 0..<10 { writer.append(.dense([Float(row), 1], label: 1)) }
        try Data(writer.bytes).write(to: URL(fileURLWithPath: path))
        let snapshot = try #require(FileSnapshot(path))
        var other = RecordWriter()
        for row in 0..<12 { other.append(.dense([Float(row), .nan], label: 1)) }
        try Data(other.bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConversionError.self) {
            try RecordFilter.copy([path], dropping: [:], to: out, rejects: nil, checked: [path: snapshot])
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        // Unchanged, it is copied.
        let now = try #require(FileSnapshot(path))
        #expect(try RecordFilter.copy([path], dropping: [:], to: out, rejects: nil, checked: [path: now]).kept == 12)
    }
}
