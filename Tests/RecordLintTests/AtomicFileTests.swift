import Foundation
import Testing

@testable import RecordLint

#if canImport(Glibc)
import Glibc
#endif

@Suite("AtomicFile: kernel copies and the read-and-write fallback give the same bytes")
struct AtomicFileCopyTests {
    @Test func sendfileAndTheFallbackCopyTheSameRanges() throws {
        try withScratchDirectory { directory in
            var bytes = [UInt8](repeating: 0, count: 3 << 20)
            var random = SplitMix64(state: 42)
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: random.next()) }
            let input = directory + "/in.bin"
            try Data(bytes).write(to: URL(fileURLWithPath: input))
            let source = open(input, O_RDONLY)
            defer { close(source) }
            for (name, kernel) in [("kernel", true), ("fallback", false)] {
                let file = try AtomicFile(path: directory + "/" + name)
                try file.write([1, 2, 3])
                #expect(try file.copy(from: source, offset: 5, count: 2 << 20, kernel: kernel) == 2 << 20)
                let tail = try file.copy(from: source, offset: bytes.count - 10, count: 100, kernel: kernel)
                #expect(tail == 10, "a copy past the end stops at the end")
                #expect(file.size == 3 + (2 << 20) + 10)
                try file.commit()
                let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
                #expect(written == [1, 2, 3] + bytes[5..<(5 + (2 << 20))] + bytes[(bytes.count - 10)...])
            }
        }
    }

    /// A filter reserves what its inputs hold; what it leaves out is not kept on the disk.
    @Test func spaceReservedAndNotWrittenIsGivenBackAtTheCommit() throws {
        try withScratchDirectory { directory in
            let file = try AtomicFile(path: directory + "/out.rec")
            try file.write([UInt8](repeating: 9, count: 64 << 10))
            file.reserve(8 << 20)
            try file.commit()
            var info = stat()
            #expect(stat(directory + "/out.rec", &info) == 0)
            #expect(Int(info.st_size) == 64 << 10)
            #expect(Int(info.st_blocks) * 512 < 1 << 20, "blocks past the end were given back")
            #expect(
                [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/out.rec")))
                    == [UInt8](repeating: 9, count: 64 << 10))
        }
    }
}
