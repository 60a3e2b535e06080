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
    return try run(process, describing: arguments)
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

    @Test func aDashIsStandardOutputNeverAFileNamedDash() throws {
        let folder = temporaryDirectory()
        let input = try writeTemporary(recordsWithNaN(), in: folder)
        let csv = try writeTemporary(Array("1,2,3\n0,4,5\n".utf8), name: "rows.csv", in: folder)
        let indices = try recordlint(["check", input, "--indices-out", "-", "--quiet"], directory: folder)
        #expect(indices.status == 1)
        #expect(indices.output.hasSuffix("\(input)\t3\n"))
        // The writers rewrite their output in place, so a stream is refused with the reason.
        for arguments in [
            ["filter", input, "--out", "-"], ["convert", csv, "-o", "-"], ["export", input, "-o", "-", "--to", "csv"],
        ] {
            let run = try recordlint(arguments, directory: folder)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.errors.contains("-: this output is rewritten in place, so it needs a regular file, not a stream"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))
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

/// Runs the binary as an unprivileged user: directly when the tests are not root, through
/// `setpriv` (as nobody, from a copy of the binary in `folder`) when they are. `nil` when root
/// cannot drop its privileges here.
func recordlintUnprivileged(_ arguments: [String], folder: URL) throws -> Run? {
    guard getuid() == 0 else { return try recordlint(arguments) }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let setpriv else { return nil }
    let copy = folder.appendingPathComponent("recordlint-unprivileged")
    try? FileManager.default.removeItem(at: copy)
    try FileManager.default.copyItem(at: binary, to: copy)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
    let run = try recordlintInShell(
        "exec \(setpriv) --reuid=65534 --regid=65534 --clear-groups \"$@\"", [copy.path] + arguments)
    return run.errors.contains("setpriv:") ? nil : run
}

/// Makes `folder` and every folder above it up to the scratch root readable by everyone, and the
/// folders above that within the temporary directory (Scripts/run-tests.sh makes its own, mode
/// 700) searchable; returns what restores the modes changed outside the scratch root.
func openUp(_ folder: URL) throws -> () -> Void {
    var url = folder
    while url.path.hasPrefix(testScratch.path) {
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        url = url.deletingLastPathComponent()
    }
    var restore: [(String, mode_t)] = []
    let temporary = FileManager.default.temporaryDirectory.standardizedFileURL.path
    while url.path.count >= temporary.count, url.path != "/" {
        var info = stat()
        if stat(url.path, &info) == 0, info.st_mode & 0o001 == 0 {
            restore.append((url.path, info.st_mode & 0o7777))
            chmod(url.path, (info.st_mode & 0o7777) | 0o001)
        }
        url = url.deletingLastPathComponent()
    }
    return { for (path, mode) in restore { chmod(path, mode) } }
}

@Suite("directory walks never skip silently")
struct WalkFailsClosedTests {
    @Test func anUnreadableSubdirectoryIsAnUncheckedInputWithItsReason() throws {
        let folder = temporaryDirectory()
        _ = try writeTemporary(cleanRecords(), name: "data/a.rec", in: folder)
        _ = try writeTemporary(recordsWithNaN(), name: "data/locked/b.rec", in: folder)
        let restore = try openUp(folder.appendingPathComponent("data/locked"))
        defer { restore() }
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o644], ofItemAtPath: folder.appendingPathComponent("data/a.rec").path)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o000], ofItemAtPath: folder.appendingPathComponent("data/locked").path)
        defer {
            try? FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent("data/locked").path)
        }
        let data = folder.appendingPathComponent("data").path
        guard let run = try recordlintUnprivileged(["check", data, "--format", "json"], folder: folder) else {
            print("skipped: running as root and setpriv cannot drop privileges here")
            return
        }
        #expect(run.status == 2)
        let report = try run.report()
        #expect(report.unchecked.map(\.path) == ["\(data)/locked"])
        #expect(report.unchecked.first?.reason.contains("permission denied") == true)
        #expect(report.files.map(\.path) == ["\(data)/a.rec"])
    }

    @Test func loopsDanglingLinksLongPathsAndNonUTF8NamesAreUncheckedWithTheRealReason() throws {
        let folder = temporaryDirectory()
        let data = folder.appendingPathComponent("data")
        // FileManager cannot remove a tree deeper than PATH_MAX; rm can.
        defer { _ = try? recordlintInShell("rm -rf \"$1\"", [data.path]) }
        _ = try writeTemporary(cleanRecords(), name: "a.rec", in: data)
        try FileManager.default.createSymbolicLink(
            atPath: data.appendingPathComponent("dangling.rec").path, withDestinationPath: "nowhere")
        try FileManager.default.createSymbolicLink(
            atPath: data.appendingPathComponent("loop.rec").path, withDestinationPath: "loop.rec")
        // A file under a path longer than PATH_MAX, made one folder at a time.
        var descriptor = open(data.path, O_RDONLY | O_DIRECTORY)
        for level in 0..<20 {
            let name = "level\(level)" + String(repeating: "x", count: 240)
            #expect(mkdirat(descriptor, name, 0o755) == 0)
            let next = openat(descriptor, name, O_RDONLY | O_DIRECTORY)
            close(descriptor)
            descriptor = next
        }
        let deep = openat(descriptor, "deep.rec", O_WRONLY | O_CREAT, 0o644)
        let nan = recordsWithNaN()
        _ = nan.withUnsafeBytes { write(deep, $0.baseAddress, $0.count) }
        close(deep)
        close(descriptor)
        // Latin-1 "café.rec": not UTF-8.
        var latin1 = Array("\(data.path)/caf".utf8) + [0xE9] + Array(".rec".utf8)
        latin1.append(0)
        let bad = latin1.withUnsafeBufferPointer {
            open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644)
        }
        #expect(bad >= 0)
        close(bad)
        let run = try recordlint(["check", data.path, "--format", "json"])
        #expect(run.status == 2)
        let reasons = Dictionary(
            uniqueKeysWithValues: try run.report().unchecked.map {
                ($0.path.split(separator: "/").last.map(String.init) ?? "", $0.reason)
            })
        #expect(reasons["dangling.rec"] == "a symbolic link to a file that does not exist")
        #expect(reasons["loop.rec"] == "too many levels of symbolic links")
        // A name that is not UTF-8 is checked like any other (an empty file: no records), named with \xNN.
        #expect(reasons["caf\\xE9.rec"] == nil)
        #expect(try run.report().files.map(\.path).contains("\(data.path)/caf\\xE9.rec"))
        #expect(reasons.values.contains("file name too long"))
        // Named on the command line, the reasons are the same.
        let named = try recordlint(["check", data.appendingPathComponent("loop.rec").path, "--format", "json"])
        #expect(named.status == 2)
        #expect(try named.report().unchecked.first?.reason == "too many levels of symbolic links")
    }

    @Test func aFIFOInAWalkIsLeftOutWithANoteAndANamedOneIsReadAsAStream() throws {
        let folder = temporaryDirectory()
        _ = try writeTemporary(cleanRecords(), name: "a.rec", in: folder)
        let fifo = folder.appendingPathComponent("pipe.rec").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let walked = try recordlint(["check", folder.path, "--format", "json"])
        #expect(walked.status == 0)
        #expect(walked.errors.contains("\(fifo) is not a regular file"))
        #expect(try walked.report().files.count == 1)
        // Named, the FIFO is read in order as its writer writes it.
        let source = try writeTemporary(recordsWithNaN(), name: "nan.bin", in: folder)
        let named = try recordlintInShell("cat \"$2\" > \"$1\" & exec \"$0\" check \"$1\" --format json", [fifo, source])
        #expect(named.status == 1)
        #expect(try named.report().summary.records == 20)
        #expect(!named.errors.contains("waiting for a writer"))
    }

    @Test func aNamedFIFOWaitingForItsWriterSaysSoAndIsCheckedWhenItComes() throws {
        let folder = temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fifo = folder.appendingPathComponent("late.rec").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let source = try writeTemporary(recordsWithNaN(), name: "nan.bin", in: folder)
        // The writer opens the FIFO 2 s late: the open waits, and after 1 s a note names the FIFO.
        let started = Date()
        let late = try recordlintInShell(
            "(sleep 2; cat \"$2\" > \"$1\") & exec \"$0\" check \"$1\" --format json", [fifo, source])
        #expect(Date().timeIntervalSince(started) >= 2)
        #expect(late.status == 1)
        #expect(late.errors.contains("recordlint: note: waiting for a writer on FIFO \(fifo)"))
        #expect(try late.report().summary.records == 20)
        #expect(try late.report().findings.map(\.record) == [3])
    }

    @Test func commandsThatReadAnInputTwiceRefuseAFIFOInsteadOfWaitingForASecondWriter() throws {
        let folder = temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fifo = folder.appendingPathComponent("once.rec").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Refused before the FIFO is opened: nothing waits, no writer is needed.
        let filter = try recordlint(["filter", "--out", folder.appendingPathComponent("out.rec").path, "--", fifo])
        #expect(filter.status == 64)
        #expect(filter.errors.contains("\(fifo) is not a regular file (a FIFO or device): filter reads its inputs twice"))
        let convert = try recordlint(
            ["convert", "--from", "libsvm", "-o", folder.appendingPathComponent("out.pbr").path, "--", fifo])
        #expect(convert.status == 2)
        #expect(convert.errors.contains("libsvm from it needs --feature-dim"))
        // Telling the algorithm from a hyperparameters file's keys reads it before the check does.
        let data = try writeTemporary(cleanRecords(), name: "a.rec", in: folder)
        let told = try recordlint(["check", "--hyperparameters", fifo, "--", data])
        #expect(told.status == 64)
        #expect(told.errors.contains("\(fifo) is a pipe or FIFO, which can be read once: give --algorithm"))
        let hyperparameters = try writeTemporary(
            Array(#"{"feature_dim": "4", "predictor_type": "regressor"}"#.utf8), name: "hp.json", in: folder)
        let given = try recordlintInShell(
            "cat \"$2\" > \"$1\" & exec \"$0\" check --algorithm linear-learner --hyperparameters \"$1\" -- \"$3\"",
            [fifo, hyperparameters, data])
        #expect(given.status == 0, "\(given.output)")
        #expect(given.output.contains("checked 1 file, 20 records"))
    }
}

/// The peak resident memory (kB) and the run of `recordlint ARGUMENTS` (through `/usr/bin/time`),
/// with standard input from `stdinPath` when given; `nil` when there is no `/usr/bin/time`.
func peakMemory(_ arguments: [String], stdinPath: String? = nil) throws -> (kilobytes: Int, run: Run)? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return nil }
    let redirect = stdinPath.map { " <\"\($0)\"" } ?? ""
    let run = try recordlintInShell(
        "/usr/bin/time -f 'peak %M' \"$0\" \"$@\"\(redirect) 2>&1 >/dev/null | tail -1 >&2", arguments)
    guard let line = run.errors.split(separator: "\n").last, line.hasPrefix("peak "), let kilobytes = Int(line.dropFirst(5))
    else { return nil }
    return (kilobytes, run)
}

@Suite("numbers from the command line are range-checked and size nothing")
struct NumberRangeTests {
    @Test func aHugeFeatureDimIsAUsageErrorAndInAHyperparametersFileAFinding() throws {
        let path = try writeTemporary(cleanRecords())
        let run = try recordlint(["check", path, "--feature-dim", "9223372036854775807"])
        #expect(run.status == 64)
        #expect(run.errors.contains("from 1 to 9007199254740991"))
        #expect(try recordlint(["check", path, "--feature-dim", "9007199254740991"]).status == 1)
        let folder = temporaryDirectory()
        let hyperparameters = try writeTemporary(
            Array(#"{"feature_dim": "9223372036854775807", "predictor_type": "regressor"}"#.utf8), name: "hp.json", in: folder)
        let file = try recordlint([
            "check", path, "--hyperparameters", hyperparameters, "--algorithm", "linear-learner", "--format", "json",
        ])
        #expect(file.status == 1)
        let findings = try file.report().findings
        #expect(findings.map(\.rule) == [.invalidHyperparameter])
        #expect(findings.first?.message.contains("from 1 to 9007199254740991") == true)
    }

    @Test func shardCountsFarAboveTheFilesCostNothing() throws {
        let path = try writeTemporary(cleanRecords())
        let huge = try recordlint(["check", path, "--shard", "0/9223372036854775807", "--format", "json"])
        #expect(huge.status == 0)
        #expect(try huge.report().files.count == 1)
        #expect(try recordlint(["check", path, "--shard", "5/9223372036854775807", "--format", "json"]).report().files.isEmpty)
        guard let measured = try peakMemory(["check", path, "--shard", "0/1000000000"]) else {
            print("skipped the memory bound: no /usr/bin/time")
            return
        }
        #expect(underSanitizer || measured.kilobytes < 200_000, "\(measured.kilobytes) kB for --shard 0/1000000000")
    }

    @Test func jobsAndChunkSizesAreRangeCheckedAndMemoryFollowsTheInput() throws {
        let small = try writeTemporary(cleanRecords())
        #expect(try recordlint(["check", small, "--jobs", "100000"]).status == 64)
        #expect(try recordlint(["check", small, "--chunk-size", "1000G"]).status == 64)
        #expect(try recordlint(["check", small, "--jobs", "0"]).status == 64)
        guard let jobs = try peakMemory(["check", "--jobs", "4096", "-"], stdinPath: small),
            let chunk = try peakMemory(["check", "--chunk-size", "1G", "-"], stdinPath: small)
        else {
            print("skipped the memory bounds: no /usr/bin/time")
            return
        }
        #expect(underSanitizer || jobs.kilobytes < 200_000, "\(jobs.kilobytes) kB for --jobs 4096 on standard input")
        #expect(underSanitizer || chunk.kilobytes < 200_000, "\(chunk.kilobytes) kB for --chunk-size 1G on standard input")
        // 10 MB in 4-byte chunks: 2.6 million units before, at most 65,536 now.
        let large = try writeTemporary(cleanRecords(25_000, dimension: 100), name: "large.rec")
        guard let tiny = try peakMemory(["check", large, "--chunk-size", "4", "--jobs", "2"]) else { return }
        #expect(underSanitizer || tiny.kilobytes < 300_000, "\(tiny.kilobytes) kB for --chunk-size 4 on 10 MB")
        let sequential = try recordlint(["check", large, "--jobs", "1", "--format", "json"])
        let chunked = try recordlint(["check", large, "--chunk-size", "4", "--jobs", "2", "--format", "json"])
        #expect(try sequential.report().summary.records == chunked.report().summary.records)
    }
}

@Suite("convert's numbers are range-checked too")
struct ConvertNumberRangeTests {
    @Test func convertRefusesNumbersOutOfRangeAndSizesItsBufferByTheInput() throws {
        let folder = temporaryDirectory()
        let csv = try writeTemporary(Array("1,2,3\n0,4,5\n".utf8), name: "rows.csv", in: folder)
        let out = folder.appendingPathComponent("out.pbr").path
        for arguments in [["--feature-dim", "9223372036854775807"], ["--chunk-size", "1000G"], ["--jobs", "100000"]] {
            let run = try recordlint(["convert", csv, "-o", out] + arguments)
            #expect(run.status == 64, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        guard let measured = try peakMemory(["convert", csv, "-o", out, "--chunk-size", "1G"]) else { return }
        #expect(measured.run.status == 0)
        #expect(underSanitizer || measured.kilobytes < 200_000, "\(measured.kilobytes) kB for --chunk-size 1G on 12 bytes")
    }
}

@Suite("hyperparameters files: duplicates, size, excerpts, pipes")
struct HyperparameterFileHostileTests {
    @Test func aDuplicateKeyIsAnError() throws {
        let folder = temporaryDirectory()
        let path = try writeTemporary(
            Array(#"{"feature_dim":"10","feature_dim":"abc","predictor_type":"regressor"}"#.utf8), name: "hp.json", in: folder)
        let run = try recordlint(["check", "--hyperparameters", path, "--algorithm", "linear-learner", "--format", "json"])
        #expect(run.status == 1)
        let findings = try run.report().findings
        #expect(findings.contains { $0.message.contains("feature_dim is given 2 times") })
        // The last value counts, as in Python's json: "abc" is also invalid.
        #expect(findings.contains { $0.message.contains(#"feature_dim is "abc""#) })
    }

    @Test func aPipeIsRead() throws {
        let folder = temporaryDirectory()
        let path = try writeTemporary(
            Array(#"{"feature_dim":"4","predictor_type":"regressor"}"#.utf8), name: "hp.json", in: folder)
        let data = try writeTemporary(cleanRecords(), in: folder)
        let run = try recordlintInShell(
            "cat \"$1\" | exec \"$0\" check \"$2\" --hyperparameters /dev/stdin --algorithm linear-learner", [path, data])
        #expect(run.status == 0, "\(run.errors)")
    }

    @Test func aHugeFileIsRefusedAndALargeOneTakesLinearTime() throws {
        let folder = temporaryDirectory()
        let huge =
            "{" + (0..<100_000).map { "\"key\($0)\": \"\(String(repeating: "v", count: 40))\"" }.joined(separator: ",") + "}"
        let hugePath = try writeTemporary(Array(huge.utf8), name: "huge.json", in: folder)
        let refused = try recordlint(["check", "--hyperparameters", hugePath, "--algorithm", "linear-learner"])
        #expect(refused.status == 2)
        #expect(refused.output.contains("larger than 4 MiB"))
        // 3.9 MB, 60,000 keys: 27 s for 87,000 keys before (quadratic), about a second now.
        let large =
            "{" + (0..<60_000).map { "\"k\($0)_\(String(repeating: "x", count: 40))\": \"vvvvvvvvvv\"" }.joined(separator: ",")
            + "}"
        let largePath = try writeTemporary(Array(large.utf8), name: "large.json", in: folder)
        let started = ContinuousClock.now
        let run = try recordlint(["check", "--hyperparameters", largePath, "--algorithm", "linear-learner", "--format", "json"])
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(run.status == 1)
        #expect(try run.report().summary.errors == 60_001)
    }

    @Test func valuesInFindingsAreBoundedExcerpts() throws {
        let folder = temporaryDirectory()
        let long = String(repeating: "9", count: 100_000)
        let path = try writeTemporary(
            Array(#"{"feature_dim":"\#(long)","mini_batch_size":"\#(long)x","predictor_type":"regressor"}"#.utf8),
            name: "hp.json", in: folder)
        let run = try recordlint(["check", "--hyperparameters", path, "--algorithm", "linear-learner", "--format", "json"])
        #expect(run.status == 1)
        #expect(run.output.utf8.count < 10_000)
        let findings = try run.report().findings
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { ($0.value?.count ?? 0) < 300 && $0.message.count < 300 })
    }
}
