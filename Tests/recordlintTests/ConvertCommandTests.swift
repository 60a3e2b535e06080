import Foundation
import RecordLint
import Testing

@Suite("convert: validation, atomic output, never over an input")
struct ConvertCommandTests {
    private func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        try writeTemporary(Array(text.utf8), name: name, in: directory)
    }

    @Test func findingsNameFileLineAndColumnAndNothingIsWritten() throws {
        try withTemporaryDirectory { directory in
            let input = try write("1,0.5,2\n0,x,3\n1,nan,2\n1,2\n0,,1\n1,\"3\",4\n0,1,1e39\n", "bad.csv", in: directory)
            let output = directory.appendingPathComponent("out.pbr").path
            let run = try recordlint(["convert", input, "-o", output])
            #expect(run.status == 1)
            #expect(
                run.output == """
                    \(input):2:2: error: column 2 is not a number: "x" [not-a-number]
                    \(input):3:2: error: column 2 is nan [non-finite]
                    \(input):4: error: the row has 2 columns, expected 3 [column-count]
                    \(input):5:2: error: column 2 is empty [empty-field]
                    \(input):6:2: error: column 2 is quoted ("\\x223\\x22"); SageMaker's CSV holds unquoted numbers only [quoted-field]
                    \(input):7:3: error: column 3 is 1e+39 (inf as float32) [non-finite]

                    """)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["bad.csv"])
        }
    }

    @Test func skipBadRowsWritesTheGoodRows() throws {
        try withTemporaryDirectory { directory in
            let input = try write("1,0.5,2\n0,x,3\n0,4,5", "bad.csv", in: directory)
            let output = directory.appendingPathComponent("out.pbr").path
            let run = try recordlint(["convert", input, "-o", output, "--skip-bad-rows"])
            #expect(run.status == 0)
            #expect(run.output.contains("bad.csv:2:2: error"))
            var writer = RecordWriter()
            writer.append(.dense([0.5, 2], label: 1))
            writer.append(.dense([4, 5], label: 0))
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: output))) == writer.bytes)
        }
    }

    @Test func crlfAndNoFinalNewlineAreAcceptedAndStdinIsRead() throws {
        try withTemporaryDirectory { directory in
            let input = try write("1,0.5,2\r\n\r\n0,4,5", "a.csv", in: directory)
            let output = directory.appendingPathComponent("out.pbr").path
            let run = try recordlint(["convert", "-", "--from", "csv", "-o", output], stdinFile: input)
            #expect(run.status == 0, "\(run.errors)")
            var writer = RecordWriter()
            writer.append(.dense([0.5, 2], label: 1))
            writer.append(.dense([4, 5], label: 0))
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: output))) == writer.bytes)
        }
    }

    @Test func neverWritesOverAnInputAndRefusesUnknownFormats() throws {
        try withTemporaryDirectory { directory in
            let input = try write("1,2\n", "a.csv", in: directory)
            #expect(try recordlint(["convert", input, "-o", input]).status == 64)
            let link = directory.appendingPathComponent("link.pbr").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
            let run = try recordlint(["convert", input, "-o", link])
            #expect(run.status == 2)
            #expect(run.errors.contains("one of the inputs"))
            #expect(try String(contentsOfFile: input, encoding: .utf8) == "1,2\n")
            let unknown = try write("1,2\n", "a.txt", in: directory)
            #expect(try recordlint(["convert", unknown, "-o", directory.appendingPathComponent("o").path]).status == 2)
        }
    }

    @Test func featureDimIsEnforcedOnCSVAndLibSVM() throws {
        try withTemporaryDirectory { directory in
            let csv = try write("1,2,3\n", "a.csv", in: directory)
            let out = directory.appendingPathComponent("o.pbr").path
            let run = try recordlint(["convert", csv, "--feature-dim", "3", "-o", out])
            #expect(run.status == 1)
            #expect(run.output.contains("a.csv:1: error: the row has 3 columns, expected 4"))
            let svm = try write("1 1:2 5:1\n0 0:1\n", "a.libsvm", in: directory)
            let run2 = try recordlint(["convert", svm, "--feature-dim", "4", "-o", out])
            #expect(run2.status == 1)
            #expect(run2.output.contains("a.libsvm:1:3: error: index 5 is past the feature dimension 4 [bad-index]"))
            #expect(run2.output.contains("a.libsvm:2:2: error: index 0 in a 1-based file"))
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
