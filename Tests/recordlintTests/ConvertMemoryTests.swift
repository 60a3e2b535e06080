import Foundation
import Testing

/// The bound: a CSV of any size converts within 100 MiB. Memory depends on the block size
/// (two blocks and their frames are held while one is written and the next parsed), not on the
/// input's size, so 12 MB of rows (6 blocks, each buffer used 3 times) shows the steady state. One-digit fields written as
/// float64 are the most frames per byte of text (4 x).
@Suite("convert: memory bounded by the block, not by the input")
struct ConvertMemoryTests {
    @Test func oneDigitFieldsAsFloat64StayWithinTheBound() throws {
        let folder = temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let input = folder.appendingPathComponent("zeros.csv").path
        let row = Array((Array(repeating: "0", count: 1000).joined(separator: ",") + "\n").utf8)
        var block: [UInt8] = []
        for _ in 0..<1000 { block += row }
        FileManager.default.createFile(atPath: input, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: input))
        for _ in 0..<6 { handle.write(Data(block)) }
        try handle.close()
        let output = folder.appendingPathComponent("zeros.pbr").path
        guard
            let measured = try peakMemory([
                "convert", input, "-o", output, "--dtype", "float64", "--jobs", "2",
            ])
        else {
            print("skipped the memory bound: no /usr/bin/time")
            return
        }
        #expect(measured.run.status == 0, "\(measured.run.errors)")
        #expect(underSanitizer || measured.kilobytes < 100 << 10, "\(measured.kilobytes) kB to convert 12 MB")
        let written = try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int
        #expect(written == 6_000 * 8044, "every row written: 999 float64 features and the label, 8,044 bytes a frame")
    }
}
