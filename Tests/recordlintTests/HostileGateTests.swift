import Foundation
import RecordLint
import TestSupport
import Testing

/// Runs `recordlint ARGUMENTS` through `/bin/sh -c SCRIPT`, where the script says what the
/// binary's descriptors are (`"$0" "$@" >/dev/full`, `>&-`, ...).
func recordlintInShell(_ script: String, _ arguments: [String], directory: URL? = nil) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script, binary.path] + arguments
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
        status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
        errors: String(decoding: errorData, as: UTF8.self))
}

/// A small clean file: 20 records of 4 float32 values.
func cleanRecords(_ rows: Int = 20, dimension: Int = 4) -> [UInt8] {
    var writer = RecordWriter()
    for row in 0..<rows { writer.append(.dense((0..<dimension).map { Float($0 + row) }, label: 1)) }
    return writer.bytes
}

/// The same with a NaN in record 3.
func recordsWithNaN() -> [UInt8] {
    var writer = RecordWriter()
    for row in 0..<20 { writer.append(.dense([1, row == 3 ? .nan : 2, 3, 4], label: 1)) }
    return writer.bytes
}

@Suite("an exit 0 that can be trusted: arguments and outputs")
struct FailClosedOutputTests {
    @Test func aFileNameBeginningWithADashNeverPrintsHelp() throws {
        let folder = temporaryDirectory()
        _ = try writeTemporary(recordsWithNaN(), name: "-dash.rec", in: folder)
        let refused = try recordlintInShell("exec \"$0\" check -dash.rec", [], directory: folder)
        #expect(refused.status == 64)
        #expect(refused.errors.contains("Put -- before file names"))
        #expect(!refused.output.contains("OVERVIEW"))
        let checked = try recordlintInShell("exec \"$0\" check -- -dash.rec", [], directory: folder)
        #expect(checked.status == 1)
        #expect(checked.output.contains("non-finite"))
        // Negative numbers are values, not clusters of options.
        #expect(ArgumentScreenProbe.isRefused(["--max-findings", "-1"]) == false)
    }

    @Test(arguments: [
        ["check", "--format", "text"], ["check", "--format", "json"], ["check", "--format", "jsonl"],
        ["check", "--format", "sarif"], ["check", "--format", "github"], ["stats"], ["stats", "--format", "json"],
        ["inspect"], ["inspect", "--format", "json"],
    ])
    func aWriteToAFullDeviceOrAClosedOutputExitsTwo(command: [String]) throws {
        // A NaN, so that every format has something to say.
        let path = try writeTemporary(recordsWithNaN())
        let full = try recordlintInShell("exec \"$0\" \"$@\" >/dev/full", command + ["--", path])
        #expect(full.status == 2, "\(command) to /dev/full")
        #expect(full.errors.contains("cannot write standard output: No space left on device"))
        let closed = try recordlintInShell("exec \"$0\" \"$@\" >&-", command + ["--", path])
        #expect(closed.status == 2, "\(command) with standard output closed")
        #expect(closed.errors.contains("cannot write standard output"))
        let fine = try recordlintInShell("exec \"$0\" \"$@\" >/dev/null", command + ["--", path])
        #expect(fine.status == (command[0] == "check" ? 1 : 0))
    }
}

/// The screen lives in the executable; the test runs the binary with the arguments and looks for the refusal.
enum ArgumentScreenProbe {
    static func isRefused(_ arguments: [String]) -> Bool {
        let run = try? recordlint(["check"] + arguments + ["--", "/nonexistent"])
        return run?.errors.contains("is not an option") ?? true
    }
}

@Suite("outputs never clobber a file")
struct NeverClobberTests {
    @Test func indicesOutNeverReplacesASymbolicLink() throws {
        let folder = temporaryDirectory()
        let input = try writeTemporary(recordsWithNaN(), in: folder)
        let kept = try writeTemporary(Array("keep\n".utf8), name: "kept.txt", in: folder)
        let link = folder.appendingPathComponent("link.tsv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: kept)
        let run = try recordlint(["check", input, "--indices-out", link, "--quiet"])
        #expect(run.status == 2)
        #expect(run.errors.contains("is a symbolic link"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == kept)
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == "keep\n")
    }

    @Test func indicesOutRefusesAFIFOAndADeviceWithoutOpeningThem() throws {
        let folder = temporaryDirectory()
        let input = try writeTemporary(recordsWithNaN(), in: folder)
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try recordlint(["check", input, "--indices-out", fifo, "--quiet"])
        #expect(run.status == 2)
        #expect(run.errors.contains("is a FIFO, not a regular file"))
        // As root, renaming over /dev/null would destroy it: it is refused, whoever runs it.
        let device = try recordlint(["check", input, "--indices-out", "/dev/null", "--quiet"])
        #expect(device.status == 2)
        #expect(device.errors.contains("/dev/null is a character device"))
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func indicesOutToStandardOutputIsWrittenInPlace() throws {
        let input = try writeTemporary(recordsWithNaN())
        let run = try recordlint(["check", input, "--indices-out", "/dev/stdout", "--quiet"])
        #expect(run.status == 1)
        #expect(run.output.hasSuffix("\(input)\t3\n"))
    }

    @Test func indicesOutIsCheckedAgainstEveryShardAndTheHyperparametersByIdentity() throws {
        let folder = temporaryDirectory()
        let first = try writeTemporary(recordsWithNaN(), name: "a.rec", in: folder)
        let second = try writeTemporary(cleanRecords(40), name: "b.rec", in: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: second))
        // Another name for b.rec, which --shard 1/2 does not check (b.rec is the larger file: shard 0's).
        let alias = folder.appendingPathComponent("alias.tsv").path
        #expect(link(second, alias) == 0)
        for shard in ["0/2", "1/2"] {
            let run = try recordlint(["check", first, second, "--shard", shard, "--indices-out", alias, "--quiet"])
            #expect(run.status == 64, "shard \(shard)")
            #expect(run.errors.contains("is one of the inputs (\(second))"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: second)) == before)
        let hyperparameters = try writeTemporary(Array(#"{"feature_dim": "4"}"#.utf8), name: "hp.json", in: folder)
        let run = try recordlint([
            "check", first, "--hyperparameters", hyperparameters, "--algorithm", "linear-learner", "--indices-out",
            hyperparameters,
        ])
        #expect(run.status == 64)
        #expect(try String(contentsOfFile: hyperparameters, encoding: .utf8) == #"{"feature_dim": "4"}"#)
        // Through /dev/stdout appended to an input.
        let appended = try recordlintInShell(
            "exec \"$0\" check \"$1\" --indices-out /dev/stdout --quiet >>\"$1\"", [first])
        #expect(appended.status == 64)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(recordsWithNaN()))
    }

    @Test func filterConvertAndExportRefuseLinksAndDevicesBeforeReading() throws {
        let folder = temporaryDirectory()
        let input = try writeTemporary(recordsWithNaN(), in: folder)
        let csv = try writeTemporary(Array("1,2,3\n0,4,5\n".utf8), name: "rows.csv", in: folder)
        let kept = try writeTemporary(Array("keep\n".utf8), name: "kept.txt", in: folder)
        let link = folder.appendingPathComponent("out-link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: kept)
        let runs = [
            try recordlint(["filter", input, "--out", link]),
            try recordlint(["filter", input, "--out", folder.appendingPathComponent("new.rec").path, "--rejects", link]),
            try recordlint(["convert", csv, "-o", link]),
            try recordlint(["export", input, "-o", link, "--to", "csv"]),
            try recordlint(["export", input, "-o", "/dev/null", "--to", "csv"]),
        ]
        for run in runs {
            #expect(run.status == 2)
            #expect(run.errors.contains("is a symbolic link") || run.errors.contains("is a character device"))
            #expect(run.output.isEmpty, "refused before the check: no report")
        }
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == "keep\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("new.rec").path))
    }
}
