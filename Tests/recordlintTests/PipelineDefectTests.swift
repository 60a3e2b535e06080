import Foundation
import RecordLint
import Testing

/// Regression tests for the defects a new user hit (the pipeline issue), each named after its bug.
@Suite("defects a new user hit")
struct PipelineDefectTests {
    @Test func chunkSizeSuffixesBelowFourMegabytesWereRejected() throws {
        let path = try writeTemporary(denseRecords(count: 50, dimension: 8))
        for size in ["1M", "2M", "3M", "1G", "1K", "2K", "3K", "4M", "2048K", "4"] {
            let run = try recordlint(["check", path, "--feature-dim", "8", "--chunk-size", size, "--jobs", "2"])
            #expect(run.status == 0, "--chunk-size \(size): \(run.errors)")
        }
        for size in ["3", "0K", "-1M", "1T"] {
            #expect(try recordlint(["check", path, "--chunk-size", size]).status == 64, "--chunk-size \(size)")
        }
    }

    @Test func inspectPastTheEndPrintedNothingAndExitedZero() throws {
        let path = try writeTemporary(denseRecords(count: 3, dimension: 4))
        let run = try recordlint(["inspect", path, "--record", "7"])
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("has only 3 records (indices 0 to 2); there is no record 7"))
        let range = try recordlint(["inspect", path, "--records", "5..9"])
        #expect(range.status == 2 && range.errors.contains("has only 3 records"))
        #expect(try recordlint(["inspect", path, "--records", "1..9"]).status == 0)
    }

    @Test func exitZeroHidInputsThatCouldNotBeRead() throws {
        let path = try writeTemporary(denseRecords(count: 3, dimension: 4))
        let missing = path + ".missing"
        let run = try recordlint(["check", path, missing, "--feature-dim", "5", "--exit-zero"])
        #expect(run.status == 2)
        #expect(try recordlint(["check", path, "--feature-dim", "5", "--exit-zero"]).status == 0)
    }

    @Test func indicesOutListedWarningOnlyRecords() throws {
        var writer = RecordWriter()
        writer.append(.dense([1, 2, 3], label: 1))
        writer.append(TrainingRecord(features: .sparse(keys: [2, 1], values: [1, 1], dimension: 3), label: .dense([1])))
        writer.append(.dense([1, 2], label: 1))
        let directory = temporaryDirectory()
        let path = try writeTemporary(writer.bytes, in: directory)
        let out = directory.appendingPathComponent("bad.tsv").path
        let run = try recordlint(["check", path, "--feature-dim", "3", "--indices-out", out, "--quiet"])
        #expect(run.status == 1)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "\(path)\t2\n")
        _ = try recordlint(["check", path, "--feature-dim", "3", "--indices-out", out, "--quiet", "--strict"])
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "\(path)\t1\n\(path)\t2\n")
    }

    @Test func anUnwritableIndicesOutWasFoundOnlyAfterTheScan() throws {
        let path = try writeTemporary(denseRecords(count: 3, dimension: 4))
        let out = temporaryDirectory().appendingPathComponent("no-such-folder/bad.tsv").path
        let run = try recordlint(["check", path, "--feature-dim", "5", "--indices-out", out])
        #expect(run.status == 2)
        #expect(run.output.isEmpty, "the scan ran before the output was found unwritable:\n\(run.output)")
        #expect(run.errors.contains("cannot write --indices-out \(out)"))
    }

    @Test func progressOffATerminalWroteCarriageReturnsAndEscapes() throws {
        let path = try writeTemporary(denseRecords(count: 2000, dimension: 64))
        let run = try recordlint(["check", path, "--feature-dim", "64", "--progress"])
        #expect(run.status == 0)
        #expect(run.errors.contains("recordlint: ") && run.errors.contains(" MB"))
        #expect(!run.errors.contains("\r") && !run.errors.contains("\u{1B}"))
        let stream = try recordlint(["check", "-", "--feature-dim", "64", "--progress"], stdinFile: path)
        #expect(stream.status == 0)
        #expect(stream.errors.contains("MB read"), "standard input shows the bytes read: \(stream.errors)")
        #expect(!stream.errors.contains("\r"))
    }

    @Test func statsCountedTwentyOneDistinctLabelsForTwentyThousand() throws {
        var writer = RecordWriter()
        for row in 0..<20_000 { writer.append(.dense([1, 2], label: Float(row) / 4 + 0.125)) }
        let path = try writeTemporary(writer.bytes)
        let run = try recordlint(["stats", path, "--format", "json"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        let file = try #require((object?["files"] as? [[String: Any]])?.first)
        #expect(file["distinctLabels"] as? Int == 20_000)
        #expect(file["distinctLabelsAtLeast"] as? Bool == false)
        let range = try #require(file["labelRange"] as? [String: Double])
        #expect(range["min"] == 0.125 && range["max"] == 4999.875)
        #expect(abs((range["mean"] ?? 0) - 2500.0) < 1e-9)
        let text = try recordlint(["stats", path])
        #expect(text.output.contains("labels: 20000 distinct values, min 0.125, max 4999.875, mean 2500.0000"))
    }

    @Test func jsonMessagesNameTheRecordOnceAndTextDoesNotRepeatIt() throws {
        let path = try writeTemporary(denseRecords(count: 2, dimension: 4))
        let json = try recordlint(["check", path, "--feature-dim", "3", "--format", "json"])
        let findings = try json.report().findings
        #expect(findings.first?.message == "has 4 feature values, feature_dim is 3")
        #expect(json.output.contains("\"message\" : \"record 0 has 4 feature values, feature_dim is 3\""))
        let text = try recordlint(["check", path, "--feature-dim", "3"])
        #expect(text.output.contains("record 0 (offset 0): error[dimension-mismatch]: has 4 feature values, feature_dim is 3"))
    }
}

/// `count` dense float32 records of `dimension` values, labelled 1.
func denseRecords(count: Int, dimension: Int) -> [UInt8] {
    var writer = RecordWriter()
    for row in 0..<count { writer.append(.dense((0..<dimension).map { Float(row + $0) }, label: 1)) }
    return writer.bytes
}

@Suite("convert from standard input")
struct ConvertStandardInputTests {
    /// A version-1.0 `.npy` of 3 x 4 float32 values 0..11, as `np.save` writes it.
    static func npy() -> [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] =
            [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        for value in 0..<12 { withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes += $0 } }
        return bytes
    }

    @Test func npyFromStandardInputWasRefusedAfterItsHeaderWasReadOutOfOrder() throws {
        let directory = temporaryDirectory()
        let input = try writeTemporary(Self.npy(), name: "x.npy", in: directory)
        let fromStdin = directory.appendingPathComponent("stdin.pbr").path
        let fromFile = directory.appendingPathComponent("file.pbr").path
        let piped = try recordlint(["convert", "-", "--from", "npy", "-o", fromStdin], stdinFile: input)
        #expect(piped.status == 0, "\(piped.errors)")
        #expect(try recordlint(["convert", input, "-o", fromFile]).status == 0)
        #expect(FileManager.default.contents(atPath: fromStdin) == FileManager.default.contents(atPath: fromFile))
        #expect(try recordlint(["check", fromStdin, "--feature-dim", "4"]).status == 0)
    }
}
