import Foundation
import Testing

@testable import RecordLint

#if canImport(Glibc)
import Glibc
#endif

@Suite("RecordFileSink: the space reserved ahead of the writes is given back")
struct RecordFileSinkTests {
    /// The size and the bytes of disk space of the file at `path`.
    private func footprint(_ path: String) -> (size: Int, allocated: Int) {
        var info = stat()
        guard stat(path, &info) == 0 else { return (-1, -1) }
        return (Int(info.st_size), Int(info.st_blocks) * 512)
    }

    @Test func oneFileHoldsWhatWasWrittenAndNoSpacePastIt() throws {
        try withScratchDirectory { directory in
            let output = directory + "/out.pbr"
            let sink = RecordFileSink(output: output, recordsPerFile: nil, inputs: [])
            var expected = RecordWriter()
            for row in 0..<300 {  // some 100 KB of frames: written straight, then gathered ones
                let record = TrainingRecord.dense((0..<80).map { Float(row * $0) }, label: Float(row % 2))
                try sink.append(record)
                expected.append(record)
            }
            let frames = denseFile(count: 200, dimension: 100).bytes
            try sink.appendFrames(frames, recordEnds: [frames.count])
            try sink.commit()
            let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            #expect(written == expected.bytes + frames)
            let (size, allocated) = footprint(output)
            #expect(size == written.count)
            #expect(allocated < size + (1 << 20), "the 8 MiB reserved ahead were given back")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.pbr"])
        }
    }

    @Test func everySplitFileIsGivenBackItsSpace() throws {
        try withScratchDirectory { directory in
            let output = directory + "/out"
            let sink = RecordFileSink(output: output, recordsPerFile: 2, inputs: [])
            for row in 0..<5 { try sink.append(.dense([Float(row), 1, 2], label: 1)) }
            try sink.commit()
            #expect(
                sink.names.map { String($0.dropFirst(directory.count + 1)) } == [
                    "out-00000.pbr", "out-00001.pbr", "out-00002.pbr",
                ])
            for name in sink.names {
                let (size, allocated) = footprint(name)
                #expect(size > 0)
                #expect(allocated < 1 << 20, "\(name) keeps no reserved space")
            }
        }
    }
}
