import Foundation
import RecordLint
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One run of the built binary: exit status, the child's peak resident
/// memory (`wait4`'s rusage, through `child-rusage`, not a guess from
/// timing), wall time and output.
struct Measured {
    let status: Int32
    let peakBytes: Int
    let seconds: Double
    let output: [UInt8]

    var text: String { String(decoding: output, as: UTF8.self) }
}

/// `child-rusage`, beside the recordlint binary.
let childRusage = binary.deletingLastPathComponent().appendingPathComponent("child-rusage")

/// Runs `recordlint arguments`, standard input from `stdin` (a path) when given, under `ulimit -v` when
/// `addressSpaceKiB` is set. The binary runs in a child that `child-rusage` forks: a child spawned
/// straight from this (large) test process would start its peak RSS from the test process's.
func measure(_ arguments: [String], stdin: String? = nil, addressSpaceKiB: Int? = nil) throws -> Measured {
    let scratch = scratchDirectory("measure")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outputPath = scratch.appendingPathComponent("output").path
    let reportPath = scratch.appendingPathComponent("rusage").path
    var command = [binary.path] + arguments
    if let addressSpaceKiB {
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        command = ["/bin/sh", "-c", "ulimit -v \(addressSpaceKiB) && exec \(quoted)"]
    }
    command = [childRusage.path, reportPath] + command
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    if let stdin { posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0) }
    let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid = pid_t()
    let started = Date()
    let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let seconds = Date().timeIntervalSince(started)
    let output = (try? Data(contentsOf: URL(fileURLWithPath: outputPath))).map { [UInt8]($0) } ?? []
    let report = (try? String(contentsOfFile: reportPath, encoding: .utf8)) ?? ""
    let fields = report.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    guard fields.count == 2 else { throw POSIXError(.EIO) }
    // ru_maxrss is in KiB on Linux.
    return Measured(status: Int32(fields[0]), peakBytes: fields[1] * 1024, seconds: seconds, output: output)
}

/// Writes a hostile case to a scratch file.
func hostileFile(_ hostile: HostileInput, size: Int) throws -> String {
    let url = scratchDirectory("hostile").appendingPathExtension("rec")
    FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    hostile.write(size: size) { handle.write(Data($0)) }
    try handle.close()
    return url.path
}

/// The best of `runs` wall times (the machine is shared: the least disturbed run).
func bestTime(_ arguments: [String], runs: Int = 2) throws -> Double {
    try (0..<runs).map { _ in try measure(arguments).seconds }.min()!
}

@Suite("Hostile input, end to end: memory bounded by the data, time linear in it", .serialized)
struct HostileInputCommandTests {
    /// What the binary needs to check a tiny clean file: the floor every bound adds to.
    static let baseline: Int = {
        let path = try! hostileFile(.clean, size: 4096)
        return try! measure(["check", path, "--jobs", "1"]).peakBytes
    }()

    /// The goal: 64 MiB plus 2 x the largest record's bytes per worker (one worker here).
    func bound(record bytes: Int) -> Int { Self.baseline + (64 << 20) + 2 * bytes }

    @Test(arguments: [
        (HostileInput.packedVarintKeys, 24 << 20), (.unknownFields, 8 << 20), (.emptyMapEntries, 8 << 20), (.oneofBomb, 8 << 20),
    ])
    func aBombIsOneFindingInBoundedMemory(hostile: HostileInput, size: Int) throws {
        // 1-byte keys decode to 8 bytes each: past 16 MiB that is more than the default cap (64 MiB + 4 x the record).
        let path = try hostileFile(hostile, size: size)
        let run = try measure(["check", path, "--jobs", "1", "--format", "json"])
        #expect(run.status == 1)
        #expect(run.text.contains("\"rule\" : \"record-too-complex\""))
        #expect(underSanitizer || run.peakBytes <= bound(record: size), "peak \(run.peakBytes >> 20) MiB")
    }

    @Test func aBombTakesTimeLinearInItsSize() throws {
        // Doubling the payload at most about doubles the time (3 x allows for a shared machine).
        let small = try hostileFile(.emptyMapEntries, size: 4 << 20)
        let large = try hostileFile(.emptyMapEntries, size: 8 << 20)
        let ratio = try bestTime(["check", large, "--jobs", "1"]) / bestTime(["check", small, "--jobs", "1"])
        #expect(ratio < 3, "8 MiB took \(ratio) x the time of 4 MiB")
    }

    @Test func aLongContinuationChainIsLinear() throws {
        let small = try hostileFile(.continuationChain, size: 2 << 20)
        let large = try hostileFile(.continuationChain, size: 4 << 20)
        let ratio = try bestTime(["check", large, "--jobs", "1"]) / bestTime(["check", small, "--jobs", "1"])
        #expect(ratio < 3, "a 4 MB chain took \(ratio) x the time of a 2 MB one")
    }

    @Test func anEndlessChainOnStandardInputStaysBounded() throws {
        // 32 MB of empty middle parts read from a pipe-like stream: cut at --max-record-size, then skipped.
        let path = try hostileFile(.continuationChain, size: 32 << 20)
        let run = try measure(["check", "-", "--max-record-size", "1M", "--format", "json"], stdin: path)
        #expect(run.status == 1)
        #expect(run.text.contains("\"rule\" : \"record-too-large\""))
        #expect(underSanitizer || run.peakBytes <= bound(record: 1 << 20), "peak \(run.peakBytes >> 20) MiB")
    }

    @Test func aMultipartRecordPastTheCapIsSkippedInBoundedMemory() throws {
        // Four 16 MiB parts, a 16 MiB cap: the parts are walked, not kept.
        let path = try hostileFile(.multipartHuge, size: 64 << 20)
        let run = try measure(["check", path, "--jobs", "1", "--max-record-size", "16M", "--format", "json"])
        #expect(run.status == 1)
        #expect(run.text.contains("\"rule\" : \"record-too-large\""))
        #expect(underSanitizer || run.peakBytes <= bound(record: 16 << 20) + (16 << 20), "peak \(run.peakBytes >> 20) MiB")
    }

    @Test func fakeHeadersAtEveryMiBDoNotSlowTheParallelScan() throws {
        let clean = try hostileFile(.clean, size: 16 << 20)
        let fake = try hostileFile(.fakeHeaders, size: 16 << 20)
        let arguments = ["--feature-dim", "784", "--jobs", "2", "--chunk-size", "1M"]
        let run = try measure(["check", fake] + arguments)
        #expect(run.status == 0)
        let ratio = try bestTime(["check", fake] + arguments) / bestTime(["check", clean] + arguments)
        #expect(ratio < 2.5, "fake headers took \(ratio) x the time of the clean file")
    }

    @Test func aHugeUidAndALongShapeGiveBoundedOutput() throws {
        for (hostile, size) in [(HostileInput.hugeUid, 8 << 20), (.sparseShape, 4 << 20)] {
            let path = try hostileFile(hostile, size: size)
            for format in ["text", "json"] {
                let run = try measure(["check", path, "--feature-dim", "4", "--jobs", "1", "--format", format])
                #expect(run.status == 1)
                #expect(run.output.count < 16 << 10, "\(hostile) \(format): \(run.output.count) bytes of output")
                #expect(underSanitizer || run.peakBytes <= bound(record: size), "peak \(run.peakBytes >> 20) MiB")
            }
        }
    }

    @Test func outOfMemoryIsSaidAsSuch() throws {
        // A real Int32 record of 10 M one-byte values decodes to 40 MB; 60 MB of address space cannot hold it.
        var writer = RecordWriter()
        writer.appendFrame(
            payload: RecordEncoder.encode(
                TrainingRecord(features: Tensor(values: .int32([Int32](repeating: 7, count: 10_000_000))))))
        let path = try writeTemporary(writer.bytes)
        let tiny = try hostileFile(.clean, size: 4096)
        // Under a sanitizer (make asan/tsan) the binary reserves more address space than any limit leaves.
        guard try measure(["check", tiny, "--jobs", "1"], addressSpaceKiB: 60_000).status == 0 else { return }
        let run = try measure(
            ["check", path, "--jobs", "1", "--max-decode-memory", "1G", "--format", "json"], addressSpaceKiB: 60_000)
        #expect(run.status == 1)
        #expect(run.text.contains("\"rule\" : \"record-too-complex\""))
        #expect(run.text.contains("out of memory"))
        #expect(!run.text.contains("invalid-protobuf"))
    }
}
