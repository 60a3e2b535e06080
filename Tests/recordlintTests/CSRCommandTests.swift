import Foundation
import RecordLint
import Testing

/// `convert --from csr` and `export --to csr`: a scipy CSR matrix as a directory of `.npy` files.
@Suite("convert --from csr, export --to csr")
struct CSRCommandTests {
    private static let fixtures = ConvertCase.directory

    /// A 1-D little-endian `.npy` of int64s or float32s, as `np.save` writes it.
    private func npy(_ descr: String, _ bytes: [UInt8], count: Int) -> [UInt8] {
        var dict = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(count),), }".utf8)
        while (10 + dict.count + 1) % 64 != 0 { dict.append(0x20) }
        dict.append(0x0A)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(dict.count & 0xFF), UInt8(dict.count >> 8)] + dict + bytes
    }

    private func int64s(_ values: [Int64]) -> [UInt8] {
        npy("<i8", values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }, count: values.count)
    }

    private func float32s(_ values: [Float]) -> [UInt8] {
        npy(
            "<f4", values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } },
            count: values.count)
    }

    /// Writes a CSR directory `name` with the given arrays.
    private func csr(
        _ name: String, in directory: URL, shape: [Int64], indptr: [Int64], indices: [Int64], data: [Float]
    ) throws -> String {
        let path = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        for (member, bytes) in [
            ("shape", int64s(shape)), ("indptr", int64s(indptr)), ("indices", int64s(indices)), ("data", float32s(data)),
        ] {
            try Data(bytes).write(to: path.appendingPathComponent(member + ".npy"))
        }
        return path.path
    }

    @Test func exportThenConvertGivesTheSDKBytesBack() throws {
        try withTemporaryDirectory { directory in
            let sdkFile = Self.fixtures.appendingPathComponent("quirks-f32.pbr").path
            let arrays = directory.appendingPathComponent("arrays").path
            let labels = directory.appendingPathComponent("labels.npy").path
            let exported = try recordlint(["export", sdkFile, "--to", "csr", "-o", arrays, "--labels-out", labels])
            #expect(exported.status == 0, "\(exported.errors)")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: arrays).sorted() == [
                    "data.npy", "indices.npy", "indptr.npy", "shape.npy",
                ])
            let output = directory.appendingPathComponent("again.pbr").path
            let converted = try recordlint([
                "convert", arrays, "--from", "csr", "--labels", labels, "--dtype", "auto", "-o", output,
            ])
            #expect(converted.status == 0, "\(converted.errors)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(contentsOf: URL(fileURLWithPath: sdkFile)))
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
                    "again.pbr", "arrays", "labels.npy",
                ])
        }
    }

    @Test func denseRecordsExportTheirNonZeroValues() throws {
        try withTemporaryDirectory { directory in
            var writer = RecordWriter()
            writer.append(.dense([0, 2.5, 0, -1], label: 1))
            writer.append(.dense([0, 0, 0, 0], label: 0))
            let input = try writeTemporary(writer.bytes, name: "dense.rec", in: directory)
            let arrays = directory.appendingPathComponent("arrays").path
            #expect(try recordlint(["export", input, "--to", "csr", "-o", arrays]).status == 0)
            let back = directory.appendingPathComponent("back.pbr").path
            #expect(try recordlint(["convert", arrays, "--from", "csr", "-o", back]).status == 0)
            var sparse = RecordWriter()
            sparse.append(TrainingRecord(features: .sparse(keys: [1, 3], values: [2.5, -1], dimension: 4)))
            sparse.append(TrainingRecord(features: .sparse(keys: [], values: [], dimension: 4)))
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: back))) == sparse.bytes)
        }
    }

    @Test func badEntriesAreFindingsWithTheRowAndNothingIsWritten() throws {
        try withTemporaryDirectory { directory in
            let arrays = try csr(
                "m", in: directory, shape: [3, 4], indptr: [0, 1, 3, 4], indices: [0, 1, 9, 2], data: [1, 2, 3, .nan])
            let output = directory.appendingPathComponent("out.pbr").path
            let run = try recordlint(["convert", arrays, "--from", "csr", "-o", output])
            #expect(run.status == 1)
            #expect(
                run.output == """
                    \(arrays):2: error: row 1 entry 1 has column 9, outside 0..<4 [bad-index]
                    \(arrays):3:3: error: row 2 column 2 is nan [non-finite]

                    """)
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test(arguments: [
        ([0, 1, 3] as [Int64], [0, 1, 2] as [Int64], "indptr has 3 entries for 3 rows"),
        ([0, 1, 3, 2], [0, 1, 2], "indptr[3] is 2, after 3"),
        ([1, 1, 2, 3], [0, 1, 2], "indptr starts at 1"),
        ([0, 1, 2, 3], [0, 1], "indices has 2 entries, data 3"),
    ])
    func inconsistentArraysAreRefused(indptr: [Int64], indices: [Int64], message: String) throws {
        try withTemporaryDirectory { directory in
            let arrays = try csr("m", in: directory, shape: [3, 4], indptr: indptr, indices: indices, data: [1, 2, 3])
            let output = directory.appendingPathComponent("out.pbr").path
            let run = try recordlint(["convert", arrays, "--from", "csr", "-o", output])
            #expect(run.status == 2)
            #expect(run.errors.contains(message), "\(run.errors)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test func shapesAndLengthsPastWhatTheFilesHoldAreRefusedNotTrapped() throws {
        try withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("out.pbr").path
            for shape: [Int64] in [[Int64.max, 3], [3, Int64.max], [-1, 3]] {
                let arrays = try csr(
                    "m", in: directory, shape: shape, indptr: [0, 1, 2, 3], indices: [0, 1, 2], data: [1, 2, 3])
                let run = try recordlint(["convert", arrays, "--from", "csr", "-o", output])
                #expect(run.status == 2, "\(shape): \(run.errors)")
            }
            // A header claiming 2^61 float32s in a file of a few bytes.
            let arrays = try csr("n", in: directory, shape: [1, 3], indptr: [0, 1], indices: [0], data: [1])
            let claim = npy("<f4", [0, 0, 0, 0], count: 1 << 61)
            try Data(claim).write(to: URL(fileURLWithPath: arrays + "/data.npy"))
            let run = try recordlint(["convert", arrays, "--from", "csr", "-o", output])
            #expect(run.status == 2, "\(run.errors)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test func theMemberFilesAreInputsTooAndNeverWrittenOver() throws {
        try withTemporaryDirectory { directory in
            let arrays = try csr("m", in: directory, shape: [1, 3], indptr: [0, 1], indices: [0], data: [1])
            let before = try Data(contentsOf: URL(fileURLWithPath: arrays + "/data.npy"))
            let run = try recordlint(["convert", arrays, "--from", "csr", "-o", arrays + "/data.npy"])
            #expect(run.status == 2, "\(run.errors)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: arrays + "/data.npy")) == before)
        }
    }

    @Test func exportNeverWritesIntoAnExistingDirectoryWithFilesOrOverAFile() throws {
        try withTemporaryDirectory { directory in
            let sdkFile = Self.fixtures.appendingPathComponent("quirks-i64.pbr").path
            let full = directory.appendingPathComponent("full")
            try FileManager.default.createDirectory(at: full, withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: full.appendingPathComponent("notes.txt"))
            let file = try writeTemporary(Array("keep".utf8), name: "file", in: directory)
            for target in [full.path, file] {
                let run = try recordlint(["export", sdkFile, "--to", "csr", "-o", target])
                #expect(run.status == 2)
                #expect(run.errors.contains(target), "\(run.errors)")
            }
            #expect(try String(contentsOf: full.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep")
            let empty = directory.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            #expect(try recordlint(["export", sdkFile, "--to", "csr", "-o", empty.path]).status == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["empty", "file", "full"])
        }
    }

    @Test func aKeyPastTheShapeStopsTheExport() throws {
        try withTemporaryDirectory { directory in
            var writer = RecordWriter()
            writer.append(TrainingRecord(features: .sparse(keys: [1, 7], values: [1, 2], dimension: 5)))
            let input = try writeTemporary(writer.bytes, name: "s.rec", in: directory)
            for format in ["csr", "npy"] {
                let run = try recordlint(["export", input, "--to", format, "-o", directory.appendingPathComponent("o").path])
                #expect(run.status == 2)
                #expect(run.errors.contains("record 0 (counting exported records) has key 7 past its shape [5]"), "\(run.errors)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["s.rec"])
        }
    }
}
