import Foundation
import RecordLint
import TestSupport
import Testing

/// Runs the built `recordlint` binary.
struct Run {
    let status: Int32
    let output: String
    let errors: String

    /// The JSON report in the output.
    func report() throws -> Report { try JSONReporter.decode(Array(output.utf8)) }
}

/// Runs the built binary with `arguments`: standard input from `stdinFile`, in `directory`, with
/// `environment` when given (else this process's).
func recordlint(
    _ arguments: [String], stdinFile: String? = nil, directory: URL? = nil, environment: [String: String]? = nil
) throws -> Run {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    if let stdinFile { process.standardInput = FileHandle(forReadingAtPath: stdinFile) }
    return try run(process, describing: arguments)
}

/// Runs `process` to its end and collects its status and output; a sanitizer report in the binary
/// (under `make tsan`, `make asan` it is instrumented too) fails the test that ran it.
func run(_ process: Process, describing arguments: [String]) throws -> Run {
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errorText = String(decoding: errorData, as: UTF8.self)
    if errorText.contains("ThreadSanitizer") || errorText.contains("AddressSanitizer") {
        Issue.record("a sanitizer reported on recordlint \(arguments.joined(separator: " ")):\n\(errorText)")
    }
    return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: errorText)
}

/// The executable beside the test bundle (the same build directory).
let binary: URL = {
    var directory = Bundle.main.bundleURL
    for _ in 0..<3 {
        let candidate = directory.appendingPathComponent("recordlint")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/recordlint")
}()

func writeTemporary(_ bytes: [UInt8], name: String = "data.rec", in directory: URL? = nil) throws -> String {
    let folder = directory ?? temporaryDirectory()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
    return url.path
}

func temporaryDirectory() -> URL { scratchDirectory("e2e") }

/// The MNIST-like file of the foundation issue: 2,000 rows of 784 float32
/// pixels and a 0/1 label, where rows 17 and 1503 carry the label as a 785th
/// value. The writer's bytes equal the SDK's (WriterTests pins that): a 784-value
/// frame is 3,184 bytes, a 785-value frame 3,188.
func mnistLike(rows: Int = 2000, labelInFeatures: Set<Int> = [17, 1503]) -> [UInt8] {
    var writer = RecordWriter()
    for row in 0..<rows {
        let label = Float(row % 2)
        var pixels = (0..<784).map { Float(($0 * 31 + row * 7) % 256) / 255 }
        if labelInFeatures.contains(row) { pixels.append(label) }
        writer.append(.dense(pixels, label: label))
    }
    return writer.bytes
}

@Suite("recordlint check, end to end")
struct CheckCommandTests {
    @Test func mnistLabelLeftInTheFeatures() throws {
        let path = try writeTemporary(mnistLike())
        let run = try recordlint(["check", path, "--feature-dim", "784", "--format", "json"])
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.findings.map(\.record) == [17, 1503])
        #expect(report.findings.allSatisfy { $0.rule == .dimensionMismatch && $0.expected == 784 && $0.actual == 785 })
        #expect(report.findings.map(\.offset) == [17 * 3184, 1502 * 3184 + 3188])
        #expect(report.hints.contains { $0.contains("feature_dim + 1 = 785") && $0.contains("label") })
        #expect(report.files[0].records == 2000)
        #expect(report.files[0].dimensions.counts == [784: 1998, 785: 2])
        #expect(report.summary.errors == 2)
    }

    @Test func textOutputIsOneLinePerFindingThenASummary() throws {
        let path = try writeTemporary(mnistLike(rows: 30, labelInFeatures: [3]))
        let run = try recordlint(["check", path, "--feature-dim", "784"])
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[0] == "\(path): record 3 (offset 9552): error[dimension-mismatch]: has 785 feature values, feature_dim is 784")
        #expect(run.output.contains("checked 1 file, 30 records"))
        #expect(run.output.contains("dimension-mismatch  1"))
        #expect(run.output.contains("hint: every record with a wrong dimension"))
        let quiet = try recordlint(["check", path, "--feature-dim", "784", "--quiet"])
        #expect(quiet.output.split(separator: "\n").count == 1)
    }

    @Test func cleanFileExitsZero() throws {
        let path = try writeTemporary(mnistLike(rows: 10, labelInFeatures: []))
        let run = try recordlint(["check", path, "--feature-dim", "784"])
        #expect(run.status == 0)
        #expect(run.output.contains("0 errors"))
    }

    @Test func missingFileAndEmptyDirectoryExitTwo() throws {
        let missing = try recordlint(["check", "/nonexistent/file.rec"])
        #expect(missing.status == 2)
        #expect(missing.output.contains("cannot check"))
        let empty = temporaryDirectory()
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let run = try recordlint(["check", empty.path, "--format", "json"])
        #expect(run.status == 2)
        #expect(try run.report().unchecked.count == 1)
    }

    @Test func badCommandLinesExit64() throws {
        #expect(try recordlint(["check"]).status == 64)
        #expect(try recordlint(["check", "x.rec", "--feature-dim", "0"]).status == 64)
        #expect(try recordlint(["check", "x.rec", "--format", "xml"]).status == 64)
        #expect(try recordlint(["check", "x.rec", "--chunk-size", "12Q"]).status == 64)
    }

    @Test func standardInput() throws {
        let path = try writeTemporary(mnistLike(rows: 40, labelInFeatures: [5]))
        let run = try recordlint(["check", "-", "--feature-dim", "784", "--format", "json"], stdinFile: path)
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.files[0].path == "<stdin>")
        #expect(report.files[0].bytes == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        #expect(report.findings.map(\.record) == [5])
    }

    @Test func directoriesAreWalkedInByteOrderSkippingHiddenAndSidecars() throws {
        let root = temporaryDirectory()
        let good = mnistLike(rows: 2, labelInFeatures: [])
        for name in ["b.rec", "a/z.rec", "a/B.rec", ".hidden.rec", ".cache/x.rec", "hp.json", "x.idx", "t.manifest"] {
            _ = try writeTemporary(good, name: name, in: root)
        }
        let run = try recordlint(["check", root.path, "--format", "json"])
        #expect(run.status == 0)
        let paths = try run.report().files.map { String($0.path.dropFirst(root.path.count + 1)) }
        #expect(paths == ["a/B.rec", "a/z.rec", "b.rec"])
    }

    @Test func aLinkBackUpTheTreeIsWalkedOnce() throws {
        let root = temporaryDirectory()
        _ = try writeTemporary(mnistLike(rows: 2, labelInFeatures: []), name: "sub/a.rec", in: root)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("sub/loop").path, withDestinationPath: root.path)
        let run = try recordlint(["check", root.path, "--format", "json"])
        #expect(run.status == 0)
        #expect(try run.report().files.map { String($0.path.dropFirst(root.path.count + 1)) } == ["sub/a.rec"])
    }

    @Test func strictMakesWarningsFailAndExitZeroOverrides() throws {
        var writer = RecordWriter()
        writer.append(TrainingRecord(features: .sparse(keys: [3, 1], values: [1, 1], dimension: 5)))
        let path = try writeTemporary(writer.bytes)
        #expect(try recordlint(["check", path]).status == 0)
        #expect(try recordlint(["check", path, "--strict"]).status == 1)
        #expect(try recordlint(["check", path, "--strict", "--exit-zero"]).status == 0)
    }

    @Test func githubAndJSONLinesFormats() throws {
        let path = try writeTemporary(mnistLike(rows: 20, labelInFeatures: [2, 9]))
        let github = try recordlint(["check", path, "--feature-dim", "784", "--format", "github"])
        #expect(github.output.hasPrefix("::error file=\(path),title=dimension-mismatch::record 2 (offset 6368): has 785"))
        let lines = try recordlint(["check", path, "--feature-dim", "784", "--format", "jsonl"]).output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].contains("\"type\":\"finding\"") && lines[0].contains("\"record\":2"))
        #expect(lines[2].contains("\"type\":\"summary\""))
    }

    @Test func jsonLinesStreamsExactlyTheReportsFindings() throws {
        let directory = temporaryDirectory()
        var paths: [String] = []
        for (index, bad) in [[1, 7], [], [0, 2, 4]].enumerated() {
            paths.append(try writeTemporary(mnistLike(rows: 8, labelInFeatures: Set(bad)), name: "p\(index).rec", in: directory))
        }
        paths.append(paths[0])  // the same file twice is checked twice
        for limit in ["0", "3"] {
            let common =
                ["check"] + paths + ["--feature-dim", "784", "--max-findings", limit, "--jobs", "2", "--chunk-size", "8K"]
            let json = try recordlint(common + ["--format", "json"]).report()
            let lines = try recordlint(common + ["--format", "jsonl"]).output.split(separator: "\n").map(String.init)
            let findings = try lines.dropLast().map { try JSONDecoder().decode(Finding.self, from: Data($0.utf8)) }
            #expect(findings == json.findings)
            #expect(lines.last?.contains("\"type\":\"summary\"") == true)
        }
    }

    @Test func inspectShowsARecord() throws {
        let path = try writeTemporary(mnistLike(rows: 20, labelInFeatures: [2]))
        let run = try recordlint(["inspect", path, "--record", "2"])
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("record 2 offset 6368: Float32Tensor dense dim 785 values ["))
        #expect(run.output.contains("label 0.0"))
        let json = try recordlint(["inspect", path, "--records", "1..3", "--format", "json"])
        #expect(json.output.split(separator: "\n").count == 3)
        #expect(json.output.contains("\"dimension\":785"))
    }

    @Test func progressGoesToStandardErrorOnlyWhenAsked() throws {
        let path = try writeTemporary(mnistLike(rows: 200, labelInFeatures: [9]))
        let shown = try recordlint([
            "check", path, "--feature-dim", "784", "--format", "json", "--progress", "--chunk-size", "64K",
        ])
        #expect(shown.errors.contains("%") && shown.errors.contains("MB/s"))
        // The total is the file's size: 200 records of 3,184 bytes and one of 3,188.
        #expect(shown.errors.contains("of 0.6 MB"))
        #expect(try shown.report().findings.map(\.record) == [9])
        // Not a terminal: no bar unless asked.
        let piped = try recordlint(["check", path, "--feature-dim", "784"])
        #expect(piped.errors.isEmpty)
        #expect(try recordlint(["check", path, "--no-progress"]).errors.isEmpty)
    }

    @Test func jobsAndChunkSizeDoNotChangeTheReport() throws {
        let path = try writeTemporary(mnistLike(rows: 300, labelInFeatures: [0, 150, 299]))
        let reference = try recordlint(["check", path, "--feature-dim", "784", "--format", "json", "--jobs", "1"]).report()
        for arguments in [["--jobs", "2", "--chunk-size", "4K"], ["--jobs", "4", "--chunk-size", "100K"]] {
            let report = try recordlint(["check", path, "--feature-dim", "784", "--format", "json"] + arguments).report()
            #expect(report.findings == reference.findings)
            #expect(report.files == reference.files)
        }
    }

    /// Regression: two inputs with the same path once crashed building the report's file order.
    @Test func theSameFileTwiceIsCheckedTwice() throws {
        let path = try writeTemporary(mnistLike(rows: 4, labelInFeatures: [1]))
        let run = try recordlint(["check", path, path, "--feature-dim", "784", "--format", "json"])
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.files.count == 2)
        #expect(report.findings.map(\.record) == [1, 1])
    }

    @Test func emptyInputsHaveNoRecords() throws {
        let path = try writeTemporary([])
        let run = try recordlint(["check", path, "--format", "json"])
        #expect(run.status == 0)
        #expect(try run.report().files[0].records == 0)
        let stdin = try recordlint(["check", "-", "--format", "json"], stdinFile: path)
        #expect(stdin.status == 0)
        #expect(try stdin.report().files[0].bytes == 0)
    }

    @Test func neverWritesToTheFileItChecks() throws {
        let bytes = mnistLike(rows: 5, labelInFeatures: [1])
        let path = try writeTemporary(bytes)
        _ = try recordlint(["check", path, "--feature-dim", "784"])
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }
}

/// Whether the tests run under a sanitizer (`make tsan`, `make asan` set RECORDLINT_SANITIZER): its shadow
/// memory and quarantine make a child's peak RSS several times the release build's, so the memory bounds,
/// which are the release build's, are asserted only without one.
let underSanitizer = ProcessInfo.processInfo.environment["RECORDLINT_SANITIZER"] != nil
