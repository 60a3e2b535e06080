import Foundation
import RecordLint
import Testing

@Suite("filter: a clean copy, frames byte for byte")
struct FilterCommandTests {
    /// Frames of records 0..<count (dense, 3 values), record `wide` with 4 values, and the bytes of each.
    private func frames(_ count: Int, wide: Set<Int>) -> [[UInt8]] {
        (0..<count).map { row in
            var writer = RecordWriter()
            writer.append(.dense(wide.contains(row) ? [1, 2, 3, Float(row)] : [1, 2, Float(row)], label: 1))
            return writer.bytes
        }
    }

    @Test func errorRecordsAndDamageAreLeftOutAndTheRestCopiedByteForByte() throws {
        try withTemporaryDirectory { directory in
            let records = frames(8, wide: [2, 6])
            var multi = RecordWriter()
            multi.appendParts([
                Array(RecordEncoder.encode(.dense([9, 9, 9], label: 0)).prefix(8)),
                Array(RecordEncoder.encode(.dense([9, 9, 9], label: 0)).dropFirst(8)),
            ])
            // records 0..3, a damaged region (index 4), records 4..7 as indices 5..8, a multi-part record (index 9)
            let bytes = records[0..<4].joined() + [0xDE, 0xAD, 0xBE, 0xEF] + records[4..<8].joined() + multi.bytes
            let input = try writeTemporary(Array(bytes), name: "in.rec", in: directory)
            let out = directory.appendingPathComponent("clean.rec").path
            let rejects = directory.appendingPathComponent("rejects.rec").path
            let run = try recordlint([
                "filter", input, "--out", out, "--rejects", rejects, "--feature-dim", "3", "--format", "json",
            ])
            #expect(run.status == 0, "\(run.errors)")
            #expect(try run.report().summary.errors == 3)
            #expect(run.errors.contains("7 records written"))
            #expect(run.errors.contains("2 dropped"))
            #expect(run.errors.contains("1 damaged"))
            let clean = [records[0], records[1], records[3], records[4], records[5], records[7]].joined() + multi.bytes
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))) == Array(clean))
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: rejects))) == records[2] + records[6])
            #expect(try recordlint(["check", out, "--feature-dim", "3"]).status == 0)
            #expect(
                Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == [
                    "in.rec", "clean.rec", "rejects.rec",
                ])
        }
    }

    @Test func cleanFilesAreCopiedWholeBesideFilesThatAreWalked() throws {
        try withTemporaryDirectory { directory in
            let records = frames(6, wide: [4])
            var padded = RecordWriter()
            padded.appendParts([
                Array(RecordEncoder.encode(.dense([7, 7, 7], label: 0)).prefix(5)),
                Array(RecordEncoder.encode(.dense([7, 7, 7], label: 0)).dropFirst(5)),
            ])
            let clean = Array(records[0..<3].joined()) + padded.bytes  // no error: copied whole, multi-part frames and all
            let mixed = Array(records[3..<6].joined())  // record 1 (the 4th frame overall) is 4 wide
            let first = try writeTemporary(clean, name: "a.rec", in: directory)
            let second = try writeTemporary(mixed, name: "b.rec", in: directory)
            let third = try writeTemporary(clean, name: "c.rec", in: directory)
            let out = directory.appendingPathComponent("clean.rec").path
            let run = try recordlint(["filter", first, second, third, "--out", out, "--feature-dim", "3", "--quiet"])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.errors.contains("recordlint: 10 records written to \(out), 1 dropped"), "\(run.errors)")
            let expected = clean + records[3] + records[5] + clean
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))) == expected)
        }
    }

    @Test func theCopyIsNamedByOutOrAsConvertNamesItsOutput() throws {
        try withTemporaryDirectory { directory in
            let records = frames(4, wide: [1])
            let input = try writeTemporary(Array(records.joined()), name: "in.rec", in: directory)
            for option in ["--out", "-o", "--output"] {
                let out = directory.appendingPathComponent("clean\(option).rec").path
                let run = try recordlint(["filter", input, option, out, "--feature-dim", "3", "--quiet"])
                #expect(run.status == 0, "\(option): \(run.errors)")
                #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))) == records[0] + records[2] + records[3])
            }
        }
    }

    @Test func dropListDropsExactlyTheRecordsNamed() throws {
        try withTemporaryDirectory { directory in
            let records = frames(5, wide: [])
            let input = try writeTemporary(Array(records.joined()), name: "in.rec", in: directory)
            let list = try writeTemporary(
                Array("# hand-edited\n\(input)\t1\n\(input)\t4\n\n".utf8), name: "drop.tsv", in: directory)
            let out = directory.appendingPathComponent("clean.rec").path
            let run = try recordlint(["filter", input, "--out", out, "--drop", list, "--quiet"])
            #expect(run.status == 0, "\(run.errors)")
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))) == records[0] + records[2] + records[3])
        }
    }

    @Test func warningsAreKeptUnlessStrict() throws {
        try withTemporaryDirectory { directory in
            var writer = RecordWriter()
            writer.append(.dense([1, 2], label: 1))
            writer.append(TrainingRecord(features: Tensor(values: .float64([1, 2])), label: .dense([0])))  // tensor-type warning
            writer.append(.dense([1, 2, 3], label: 1))  // dimension-mismatch error
            let input = try writeTemporary(writer.bytes, name: "in.rec", in: directory)
            let out = directory.appendingPathComponent("clean.rec").path
            #expect(try recordlint(["filter", input, "--out", out, "--feature-dim", "2", "--quiet"]).status == 0)
            #expect(try RecordReader(.file(out)).readAll().count == 2)
            #expect(try recordlint(["filter", input, "--out", out, "--feature-dim", "2", "--strict", "--quiet"]).status == 0)
            #expect(try RecordReader(.file(out)).readAll().count == 1)
        }
    }

    @Test func neverWritesOverAnInput() throws {
        try withTemporaryDirectory { directory in
            let bytes = Array(frames(3, wide: [1]).joined())
            let input = try writeTemporary(bytes, name: "in.rec", in: directory)
            #expect(try recordlint(["filter", input, "--out", input]).status == 64)
            let link = directory.appendingPathComponent("link.rec").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
            #expect(try recordlint(["filter", input, "--out", link, "--feature-dim", "3", "--quiet"]).status == 2)
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: input))) == bytes)
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == ["in.rec", "link.rec"])
        }
    }
}
