import Testing

@testable import RecordLint

/// The parallel scan gives the sequential walk's report, whatever the jobs and chunk size.
@Suite("Parallel scan equals the sequential walk")
struct ParallelScanTests {
    /// The parts of a report that must not depend on how the scan ran.
    struct Comparable: Equatable {
        let files: [Report.FileReport]
        let findings: [Finding]
        let hints: [String]
        let counts: [Int]

        init(_ report: Report) {
            files = report.files
            findings = report.findings
            hints = report.hints
            counts = [report.summary.records, report.summary.errors, report.summary.warnings, report.summary.listed]
        }
    }

    @Test(arguments: 0..<24)
    func randomFilesGiveIdenticalReports(seed: Int) throws {
        let bytes = RandomFiles.make(seed: UInt64(seed))
        let path = try temporaryFile(bytes)
        for featureDim in [16, nil] as [Int?] {
            for maxFindings in [0, 7] {
                let base = CheckConfiguration(featureDim: featureDim, maxFindings: maxFindings, jobs: 1)
                let reference = Comparable(Checker(configuration: base).check([.file(path)]))
                for jobs in 1...4 {
                    for chunkSize in [4096, 4100, 12_288, 65_536] {
                        var configuration = base
                        configuration.jobs = jobs
                        configuration.chunkSize = chunkSize
                        let report = Comparable(Checker(configuration: configuration).check([.file(path)]))
                        #expect(
                            report == reference,
                            "seed \(seed) jobs \(jobs) chunk \(chunkSize) featureDim \(String(describing: featureDim)) max \(maxFindings)"
                        )
                        if report != reference { return }
                    }
                }
            }
        }
    }

    /// A cut-off file with another appended (`cat cut.rec ok.rec`), cut in a header, a
    /// payload, a padding or between records, mostly at unaligned offsets.
    @Test(arguments: 0..<12)
    func concatenatedFilesGiveIdenticalReports(seed: Int) throws {
        for cut in RandomFiles.Cut.allCases {
            let (bytes, _, cutAt) = RandomFiles.concatenation(seed: UInt64(seed), cut: cut)
            let path = try temporaryFile(bytes)
            let reference = Comparable(
                Checker(configuration: CheckConfiguration(featureDim: 16, maxFindings: 0, jobs: 1)).check([.file(path)]))
            for jobs in [2, 3] {
                for chunkSize in [4096, 4100, 12_288] {
                    let configuration = CheckConfiguration(featureDim: 16, maxFindings: 0, jobs: jobs, chunkSize: chunkSize)
                    let report = Comparable(Checker(configuration: configuration).check([.file(path)]))
                    #expect(report == reference, "seed \(seed) cut \(cut) at \(cutAt) jobs \(jobs) chunk \(chunkSize)")
                    if report != reference { return }
                }
            }
        }
    }

    @Test func randomFilesReallyHoldEveryKindOfDamage() throws {
        var rules = Set<RuleID>()
        for seed in 0..<24 {
            let report = try check(RandomFiles.make(seed: UInt64(seed)), featureDim: 16)
            rules.formUnion(report.findings.map(\.rule))
        }
        let expected: Set<RuleID> = [
            .badMagic, .truncatedRecord, .badContinuation, .invalidProtobuf, .dimensionMismatch,
            .sparseKeysUnsorted, .sparseDuplicateKey, .nonFinite,
        ]
        #expect(expected.isSubset(of: rules))
    }

    @Test func fakeFrameChainsForceAWalkAgain() throws {
        // Many fake chains, small chunks: the guessed starts land on fake frames, and the stitch must undo them.
        var writer = RecordWriter()
        var random = SplitMix64(state: 99)
        for _ in 0..<300 { RandomFiles.appendFakeChain(&writer, &random) }
        let path = try temporaryFile(writer.bytes)
        let sequential = Checker(configuration: CheckConfiguration(maxFindings: 0, jobs: 1)).check([.file(path)])
        let parallel = Checker(configuration: CheckConfiguration(maxFindings: 0, jobs: 3, chunkSize: 4096)).check([.file(path)])
        #expect(Comparable(parallel) == Comparable(sequential))
        #expect(sequential.files[0].records == 300)
    }

    @Test func manySmallFilesOnFourWorkersGiveTheSequentialReport() throws {
        let paths = try (0..<12).map { seed in try temporaryFile(RandomFiles.make(seed: UInt64(100 + seed), records: 30)) }
        let inputs = paths.map(ScanInput.file)
        let sequential = Checker(configuration: CheckConfiguration(featureDim: 16, maxFindings: 0, jobs: 1)).check(inputs)
        let parallel = Checker(configuration: CheckConfiguration(featureDim: 16, maxFindings: 0, jobs: 4)).check(inputs)
        #expect(Comparable(parallel) == Comparable(sequential))
    }
}

@Suite("Standard input is checked in batches with the same result")
struct StreamScanTests {
    @Test(arguments: [1, 3])
    func streamGivesTheFileReport(jobs: Int) throws {
        for seed in [3, 7, 11] {
            let bytes = RandomFiles.make(seed: UInt64(seed), records: 600)
            let path = try temporaryFile(bytes)
            let configuration = CheckConfiguration(featureDim: 16, maxFindings: 0, jobs: jobs)
            let fromFile = Checker(configuration: configuration).check([.file(path)])
            // A FIFO is read as a stream; 4 KiB batches make many of them.
            var streaming = configuration
            streaming.chunkSize = 4096
            let fromStream = try StreamScanHarness.check(bytes, configuration: streaming)
            let unnamed = { (report: Report) in
                report.findings.map { finding in
                    var copy = finding; copy.file = ""; return copy
                }
            }
            #expect(unnamed(fromStream) == unnamed(fromFile), "seed \(seed)")
            #expect(fromStream.files[0].records == fromFile.files[0].records)
            #expect(fromStream.files[0].bytes == bytes.count)
        }
        // A file appended to a cut-off one, read as a stream: the same records and findings.
        for cut in RandomFiles.Cut.allCases {
            let bytes = RandomFiles.concatenation(seed: 5, cut: cut).bytes
            let configuration = CheckConfiguration(featureDim: 16, maxFindings: 0, jobs: jobs, chunkSize: 4096)
            let fromFile = Checker(configuration: configuration).check([.file(try temporaryFile(bytes))])
            let fromStream = try StreamScanHarness.check(bytes, configuration: configuration)
            #expect(fromStream.findings.map(\.message) == fromFile.findings.map(\.message), "\(cut)")
            #expect(fromStream.files[0].records == fromFile.files[0].records, "\(cut)")
        }
    }
}

@Suite("Shards")
struct ShardTests {
    @Test func everyFileGoesToExactlyOneShardAndTheBytesBalance() {
        let inputs = (0..<9).map { ScanInput.file("f\($0)") }
        let sizes = [900, 100, 450, 450, 300, 200, 700, 50, 850]
        let shards = (0..<3).map { Shard(index: $0, count: 3)! }
        let selected = shards.map { $0.select(inputs, sizes: sizes) }
        #expect(selected.flatMap { $0 }.count == inputs.count)
        #expect(Set(selected.flatMap { $0.map(\.displayName) }) == Set(inputs.map(\.displayName)))
        let totals = selected.map { files in files.reduce(0) { $0 + sizes[Int($1.displayName.dropFirst())!] } }
        #expect(totals.max()! - totals.min()! <= 100)
        // Deterministic, and each shard keeps the original order.
        #expect(selected == shards.map { $0.select(inputs, sizes: sizes) })
        for files in selected { #expect(files.map(\.displayName) == files.map(\.displayName).sorted()) }
    }

    @Test func parsesIOverN() {
        #expect(Shard("1/4") == Shard(index: 1, count: 4))
        #expect(Shard("4/4") == nil)
        #expect(Shard("a/2") == nil)
    }
}

@Suite("Hostile input")
struct HostileInputTests {
    /// Valid files with bytes flipped, cut and spliced: never a crash, and the parallel
    /// scan still agrees with the sequential walk.
    @Test(arguments: 0..<40)
    func mutatedFilesAreReportedNotCrashedOn(seed: Int) throws {
        var random = SplitMix64(state: UInt64(1000 + seed))
        var bytes = RandomFiles.make(seed: UInt64(seed), records: 120)
        for _ in 0..<Int.random(in: 1...30, using: &random) {
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.insert(contentsOf: [0x0A, 0x23, 0xD7, 0xCE, 0xFF, 0xFF, 0xFF, 0x1F], at: position)  // a huge length
            default: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...64, using: &random)))
            }
            if bytes.isEmpty { bytes = [0] }
        }
        let path = try temporaryFile(bytes)
        let sequential = Checker(configuration: CheckConfiguration(featureDim: 16, maxFindings: 0, jobs: 1)).check([.file(path)])
        let parallel = Checker(configuration: CheckConfiguration(featureDim: 16, maxFindings: 0, jobs: 3, chunkSize: 512)).check([
            .file(path)
        ])
        #expect(ParallelScanTests.Comparable(parallel) == ParallelScanTests.Comparable(sequential))
        #expect(sequential.unchecked.isEmpty)
        // Every byte is accounted for: the last finding or record does not start past the end.
        #expect(sequential.findings.allSatisfy { ($0.offset ?? 0) < bytes.count })
    }

    @Test func pureNoiseIsOneDamagedRegion() throws {
        var random = SplitMix64(state: 5)
        let noise = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let report = try check(noise, featureDim: 16)
        // No aligned magic with a fitting frame anywhere in this noise: one region, to the end.
        #expect(report.files[0].records == 1)
        #expect(report.findings.map(\.rule) == [.badMagic])
        #expect(
            report.findings.first?.message.contains(
                "100000 bytes of damaged or non-record data (offsets 0 to 99999) were skipped, to the end of the file") == true)
    }
}
