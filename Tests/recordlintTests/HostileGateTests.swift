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
