import Foundation
import Testing

@testable import RecordLint

@Suite("filter's speculative copy: renamed only when the check found every file whole")
struct SpeculativeCopyTests {
    private func write(_ bytes: [UInt8], _ path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private func entries(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func cleanFilesAreCopiedEndToEndWithEmptyRejects() throws {
        try withScratchDirectory { directory in
            let first = denseFile(count: 3, dimension: 4).bytes
            let second = denseFile(count: 5, dimension: 4).bytes
            try write(first, directory + "/a.rec")
            try write(second, directory + "/b.rec")
            let files = [directory + "/a.rec", directory + "/b.rec"]
            let checked = Dictionary(uniqueKeysWithValues: files.map { ($0, FileSnapshot($0)!) })
            let copy = SpeculativeCopy(files: files, output: directory + "/out.rec")
            let result = try copy.commit(
                intact: [
                    files[0]: RecordFilter.IntactFile(bytes: first.count, records: 3),
                    files[1]: RecordFilter.IntactFile(bytes: second.count, records: 5),
                ], checked: checked, rejects: directory + "/rejects.rec")
            #expect(result == FilterResult(kept: 8, dropped: 0, damaged: 0))
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/out.rec"))) == first + second)
            #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/rejects.rec")).isEmpty)
            #expect(try entries(directory) == ["a.rec", "b.rec", "out.rec", "rejects.rec"])
        }
    }

    /// What `filter` does: the check's own report decides. A clean check keeps the copy; a check that
    /// finds a record to leave out (here one of the wrong dimension) throws it away.
    @Test func theChecksReportDecides() throws {
        try withScratchDirectory { directory in
            let clean = denseFile(count: 4, dimension: 3).bytes
            var writer = denseFile(count: 2, dimension: 3)
            writer.append(.dense([1, 2], label: 1))
            for (bytes, kept) in [(clean, 4 as Int?), (writer.bytes, nil)] {
                let file = directory + "/in.rec"
                try write(bytes, file)
                let checked = [file: FileSnapshot(file)!]
                let copy = SpeculativeCopy(files: [file], output: directory + "/out.rec")
                let configuration = CheckConfiguration(featureDim: 3, collectsOffendingRecords: true)
                let report = Checker(configuration: configuration).check([.file(file)])
                let result = try copy.commit(report: report, checked: checked, rejects: nil)
                #expect(result?.kept == kept)
                #expect(try entries(directory) == (kept == nil ? ["in.rec"] : ["in.rec", "out.rec"]))
                try? FileManager.default.removeItem(atPath: directory + "/out.rec")
            }
        }
    }

    /// Space reserved for a copy and not written (an input shorter than it was) is given back when
    /// the copy is named, so the output takes no more disk than it holds.
    @Test func reservedSpaceNotWrittenIsGivenBack() throws {
        try withScratchDirectory { directory in
            let input = directory + "/in.rec"
            try write([UInt8](repeating: 7, count: 64 << 10), input)
            let source = open(input, O_RDONLY)
            defer { close(source) }
            let file = try #require(NamelessFile(beside: directory + "/out.rec"))
            let reserved = file.reserve(8 << 20, at: 0)
            #expect(try file.append(from: source, offset: 0, count: 64 << 10) == 64 << 10)
            var info = stat()
            #expect(fstat(file.descriptor, &info) == 0)
            if reserved { #expect(Int(info.st_blocks) * 512 >= 8 << 20, "the reservation took its blocks") }
            #expect(try file.link(as: directory + "/out.rec"))
            #expect(stat(directory + "/out.rec", &info) == 0)
            #expect(Int(info.st_size) == 64 << 10)
            #expect(Int(info.st_blocks) * 512 < 1 << 20, "blocks past the end were given back")
        }
    }

    @Test func aFileNotFoundWholeLeavesNothing() throws {
        try withScratchDirectory { directory in
            let bytes = denseFile(count: 3, dimension: 4).bytes
            try write(bytes, directory + "/a.rec")
            try write(bytes, directory + "/b.rec")
            let files = [directory + "/a.rec", directory + "/b.rec"]
            let checked = Dictionary(uniqueKeysWithValues: files.map { ($0, FileSnapshot($0)!) })
            let whole = RecordFilter.IntactFile(bytes: bytes.count, records: 3)
            for intact in [[files[0]: whole], [files[0]: whole, files[1]: RecordFilter.IntactFile(bytes: 4, records: 3)]] {
                let copy = SpeculativeCopy(files: files, output: directory + "/out.rec")
                #expect(try copy.commit(intact: intact, checked: checked, rejects: nil) == nil)
                #expect(try entries(directory) == ["a.rec", "b.rec"], "no output and no temporary file")
            }
        }
    }

    @Test func aFileChangedSinceItsCheckLeavesNothing() throws {
        try withScratchDirectory { directory in
            let bytes = denseFile(count: 3, dimension: 4).bytes
            let file = directory + "/a.rec"
            try write(bytes, file)
            let snapshot = FileSnapshot(file)!
            try write(denseFile(count: 3, dimension: 5).bytes, file)
            let copy = SpeculativeCopy(files: [file], output: directory + "/out.rec")
            let intact = [file: RecordFilter.IntactFile(bytes: bytes.count, records: 3)]
            #expect(try copy.commit(intact: intact, checked: [file: snapshot], rejects: nil) == nil)
            #expect(try entries(directory) == ["a.rec"])
        }
    }

    /// A filter killed before the commit (its report piped into `head`, Ctrl-C) leaves nothing: the
    /// copy has no name until it is renamed to the output.
    @Test func theCopyHasNoNameUntilItIsCommitted() throws {
        try withScratchDirectory { directory in
            let bytes = denseFile(count: 3, dimension: 4).bytes
            let file = directory + "/a.rec"
            try write(bytes, file)
            let copy = SpeculativeCopy(files: [file], output: directory + "/out.rec")
            copy.waitForCopy()
            #expect(try entries(directory) == ["a.rec"])
            let result = try copy.commit(
                intact: [file: RecordFilter.IntactFile(bytes: bytes.count, records: 3)], checked: [file: FileSnapshot(file)!],
                rejects: nil)
            #expect(result?.kept == 3)
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/out.rec"))) == bytes)
            #expect(try entries(directory) == ["a.rec", "out.rec"])
        }
    }

    @Test func discardStopsAndRemovesTheCopy() throws {
        try withScratchDirectory { directory in
            try write(denseFile(count: 3, dimension: 4).bytes, directory + "/a.rec")
            let copy = SpeculativeCopy(files: [directory + "/a.rec"], output: directory + "/out.rec")
            copy.discard()
            copy.discard()
            #expect(try entries(directory) == ["a.rec"])
        }
    }
}
