import CRecordProto
import Foundation
import Testing

@_spi(Testing) @testable import RecordLint

/// The clean-run shortcut (record_clean_run.c, CleanRunSkim.swift): it takes only records no
/// rule has anything to say about, and the report with it equals the report without it, for
/// every kind of record a rule flags, under every setting that changes what a rule flags.
@Suite("Clean runs")
struct CleanRunTests {
    static let width = 12

    static func clean(_ row: Int) -> TrainingRecord {
        .dense((0..<width).map { Float($0 + row) }, label: Float(row % 2))
    }

    static func cleanSparse(_ row: Int) -> TrainingRecord {
        TrainingRecord(
            features: .sparse(keys: [1, 5, UInt64(width - 1)], values: [1, 2, Float(row)], dimension: width),
            label: .dense([Float(row % 2)]))
    }

    static func uid(_ record: TrainingRecord, _ length: Int) -> TrainingRecord {
        var record = record
        record.uid = String(repeating: "u", count: length)
        return record
    }

    /// One record of each kind some rule flags (or that the shortcut leaves to Swift), as frames.
    static var oddities: [(name: String, append: (inout RecordWriter) -> Void)] {
        func record(_ record: TrainingRecord) -> (inout RecordWriter) -> Void { { $0.append(record) } }
        func sparse(keys: [UInt64], values: [Float], shape: [UInt64]) -> (inout RecordWriter) -> Void {
            record(TrainingRecord(features: Tensor(values: .float32(values), keys: keys, shape: shape), label: .dense([1])))
        }
        return [
            ("dimension-mismatch", record(.dense([1, 2, 3], label: 1))),
            ("wider", record(.dense((0..<(width + 1)).map(Float.init), label: 1))),
            ("non-finite", record(.dense([1, .nan] + (2..<width).map(Float.init), label: 0))),
            ("infinity", record(.dense((1..<width).map(Float.init) + [-.infinity], label: 0))),
            ("missing-features", record(TrainingRecord(features: nil, label: .dense([1])))),
            (
                "float64",
                record(TrainingRecord(features: Tensor(values: .float64((0..<width).map(Double.init))), label: .dense([1])))
            ),
            ("missing-label", record(TrainingRecord(features: .dense((0..<width).map(Float.init))))),
            ("two labels", record(TrainingRecord(features: .dense((0..<width).map(Float.init)), label: .dense([1, 0])))),
            ("NaN label", record(.dense((0..<width).map(Float.init), label: .nan))),
            ("label 2", record(.dense((0..<width).map(Float.init), label: 2))),
            ("label 0.5", record(.dense((0..<width).map(Float.init), label: 0.5))),
            ("label -1", record(.dense((0..<width).map(Float.init), label: -1))),
            ("label leak", record(.dense([7] + (1..<width).map(Float.init), label: 7))),
            ("sparse-length-mismatch", sparse(keys: [1, 2], values: [1], shape: [UInt64(width)])),
            ("sparse-shape-missing", sparse(keys: [1, 2], values: [1, 2], shape: [])),
            ("sparse-shape-mismatch", sparse(keys: [1, 2], values: [1, 2], shape: [UInt64(width + 1)])),
            ("two-number shape", sparse(keys: [1, 2], values: [1, 2], shape: [UInt64(width), 1])),
            ("sparse-key-out-of-range", sparse(keys: [1, UInt64(width)], values: [1, 2], shape: [UInt64(width)])),
            ("sparse-keys-unsorted", sparse(keys: [3, 2], values: [1, 2], shape: [UInt64(width)])),
            ("sparse-duplicate-key", sparse(keys: [2, 2], values: [1, 2], shape: [UInt64(width)])),
            ("all-zero sparse row", sparse(keys: [], values: [], shape: [UInt64(width)])),
            ("huge shape", sparse(keys: [1], values: [1], shape: [UInt64.max])),
            ("empty record", { $0.appendFrame(payload: []) }),
            (
                "nonzero padding",
                { writer in
                    // A clean record with a uid of the length that leaves padding, then a padding byte set.
                    let payload = (1...3).lazy.map { RecordEncoder.encode(uid(clean(1), $0)) }.first { $0.count % 4 != 0 }!
                    var frame = withUnsafeBytes(of: RecordIO.magic.littleEndian) { Array($0) }
                    frame += withUnsafeBytes(of: UInt32(payload.count).littleEndian) { Array($0) } + payload
                    frame += [UInt8](repeating: 0, count: 3 - payload.count % 4) + [0x7F]
                    writer.appendRaw(frame)
                }
            ),
            (
                "multipart",
                {
                    $0.appendParts([
                        Array(RecordEncoder.encode(clean(2)).prefix(9)), Array(RecordEncoder.encode(clean(2)).dropFirst(9)),
                    ])
                }
            ),
            ("flag 2", { $0.appendFrame(payload: RecordEncoder.encode(clean(3)), flag: 2) }),
            ("garbage", { $0.appendRaw([1, 2, 3, 4, 5, 6, 7, 8]) }),
            ("not protobuf", { $0.appendFrame(payload: [0xFF, 0xFF, 0xFF]) }),
            ("uid", record(TrainingRecord(features: .dense((0..<width).map(Float.init)), label: .dense([0]), uid: "r-1"))),
        ]
    }

    /// A file of clean runs, with `odd` records at a few places among them.
    static func file(sparse: Bool, odd: [(inout RecordWriter) -> Void], runs: Int = 3, runLength: Int = 40) -> [UInt8] {
        var writer = RecordWriter()
        var row = 0
        for run in 0..<runs {
            for _ in 0..<runLength {
                writer.append(sparse && row % 3 != 0 ? cleanSparse(row) : clean(row))
                row += 1
            }
            for append in odd where run < runs - 1 || odd.count == 1 { append(&writer) }
        }
        return writer.bytes
    }

    /// Checks `path` with the shortcut and without it (files: bytes in memory are read as a stream, which does not skim).
    static func compareReports(_ path: String, _ configuration: CheckConfiguration, _ comment: String) {
        var without = configuration
        without.skimsCleanRuns = false
        let skimmed = Checker(configuration: configuration).check([.file(path)])
        let walked = Checker(configuration: without).check([.file(path)])
        #expect(skimmed.findings == walked.findings, "\(comment)")
        #expect(skimmed.files == walked.files, "\(comment)")
        #expect(skimmed.hints == walked.hints, "\(comment)")
        #expect(skimmed.offendingRecords == walked.offendingRecords, "\(comment)")
        #expect(skimmed.summary.rules == walked.summary.rules, "\(comment)")
        #expect(skimmed.summary.records == walked.summary.records, "\(comment)")
    }

    /// The settings that change what the per-record rules flag (`channelPath` is named a channel's file in some).
    /// Without feature_dim the tally keeps the first records of each dimension up to the listing limit, and
    /// the loop takes records of a dimension only after that: so those settings list 3 findings (the
    /// counts stay exact), but for one that lists all.
    static func configurations(channelPath: String) -> [(String, CheckConfiguration)] {
        var all: [(String, CheckConfiguration)] = []
        for featureDim in [nil, width] {
            let listed = featureDim == nil ? 3 : 0
            func named(_ name: String, _ configuration: CheckConfiguration) {
                all.append(("\(name), feature_dim \(featureDim.map(String.init) ?? "none")", configuration))
            }
            named("generic", CheckConfiguration(featureDim: featureDim, maxFindings: listed))
            named("all listed", CheckConfiguration(featureDim: featureDim, maxFindings: 0))
            named(
                "binary",
                CheckConfiguration(
                    featureDim: featureDim, algorithm: .linearLearner, predictorType: "binary_classifier",
                    maxFindings: listed))
            named(
                "multiclass",
                CheckConfiguration(
                    featureDim: featureDim, algorithm: .linearLearner, predictorType: "multiclass_classifier",
                    numClasses: 2, maxFindings: listed, collectsOffendingRecords: featureDim != nil))
            named(
                "knn",
                CheckConfiguration(featureDim: featureDim, algorithm: .knn, predictorType: "classifier", maxFindings: listed))
            named(
                "kmeans, strict",
                CheckConfiguration(featureDim: featureDim, algorithm: .kmeans, maxFindings: listed, strict: true))
            for channel in [Channel.train, .test] {
                var forest = CheckConfiguration(featureDim: featureDim, algorithm: .randomCutForest, maxFindings: listed)
                forest.channels = [channelPath: channel]
                named("randomcutforest \(channel)", forest)
            }
            var twoJobs = CheckConfiguration(featureDim: featureDim, maxFindings: listed, jobs: 2, chunkSize: 700)
            twoJobs.channels = [channelPath: .test]
            named("two jobs", twoJobs)
            // Below the scanner's headroom (8 bytes a payload byte and 4 KiB), and below what the full decode needs.
            for cap in [4200, 300] {
                var capped = CheckConfiguration(featureDim: featureDim, maxFindings: listed)
                capped.limits = DecodeLimits(decodeMemory: cap)
                named("cap \(cap)", capped)
            }
        }
        return all
    }

    @Test(arguments: [false, true])
    func eachOddityAmongCleanRuns(sparse: Bool) throws {
        for oddity in Self.oddities {
            let path = try temporaryFile(Self.file(sparse: sparse, odd: [oddity.append]), name: "runs.rec")
            for (name, configuration) in Self.configurations(channelPath: path) {
                Self.compareReports(path, configuration, "\(oddity.name), \(name), sparse \(sparse)")
            }
        }
    }

    @Test func everyOddityInOneFile() throws {
        let path = try temporaryFile(Self.file(sparse: true, odd: Self.oddities.map(\.append), runs: 4, runLength: 30))
        for (name, configuration) in Self.configurations(channelPath: path) {
            Self.compareReports(path, configuration, "all, \(name)")
        }
    }

    /// The shortcut does take the clean records of a file (else the comparisons above would compare the walk with itself).
    /// Without feature_dim, once the tally holds the first records of the dimension (2 here), the rest are taken.
    @Test(arguments: [Self.width, nil])
    func cleanRecordsAreTakenByTheLoop(featureDim: Int?) throws {
        let path = try temporaryFile(Self.file(sparse: true, odd: [], runs: 1, runLength: 500))
        let checker = RecordChecker(configuration: CheckConfiguration(featureDim: featureDim, maxFindings: 2))
        let source = try FileSource(path: path)
        var walked = 0
        checker.begin(file: path)
        var tally = checker.makeTally()
        let walker = RecordWalker(window: ByteWindow(source: source, blockSize: 4096))
        let end = try walker.walk(
            from: 0, until: .max,
            skimming: { block in
                checker.skim(block, into: &tally)
            }
        ) { event in
            checker.check(event, index: tally.records, into: &tally)
            tally.records += 1
            walked += 1
        }
        #expect(end == source.knownSize)
        #expect(tally.records == 500)
        #expect(tally.dimensions == [Self.width: 500])
        // The walk reads at most the record at each block's end, and the last one (no header after it).
        #expect(walked < 50)
        #expect(tally.labelColumns.labelled > 0)
        if featureDim == nil { #expect(tally.dimensionMembers[Self.width]?.map(\.index) == [0, 1]) }
    }

    /// A record of 1 MiB or more is left to the walk (its precheck looks it over first), and the loop goes on after it.
    @Test func largeRecordsAmongCleanRuns() throws {
        var writer = RecordWriter()
        for row in 0..<50 { writer.append(Self.clean(row)) }
        let large = writer.bytes.count
        writer.append(.dense([Float](repeating: 1, count: 300_000), label: 1))
        for row in 0..<50 { writer.append(Self.clean(row)) }
        let path = try temporaryFile(writer.bytes)
        for featureDim in [nil, Self.width, 300_000] {
            Self.compareReports(path, CheckConfiguration(featureDim: featureDim, maxFindings: 3), "large record")
        }
        let run = Self.run(Array(writer.bytes[large...]), featureDim: 300_000)
        #expect(run.records == 0 && run.stopped_at_record == 1)
    }

    /// Frames larger than half a chunk walk's block (80 KB) among small ones: the skim backs off from
    /// them, and takes the small ones again; the report is the walk's.
    @Test func framesLargerThanABlock() throws {
        var writer = RecordWriter()
        for row in 0..<120 {
            writer.append(row % 3 == 0 ? .dense([Float](repeating: 1, count: 20_000), label: 1) : Self.clean(row))
        }
        let path = try temporaryFile(writer.bytes)
        for featureDim in [nil, Self.width, 20_000] {
            Self.compareReports(path, CheckConfiguration(featureDim: featureDim, maxFindings: 3), "large frames")
            Self.compareReports(path, CheckConfiguration(featureDim: featureDim, maxFindings: 3, jobs: 2), "large frames, 2 jobs")
        }
    }

    /// A frame the next header's magic does not follow is left to the walk (which looks for a record starting inside it).
    @Test func aFrameWithoutAHeaderAfterItIsLeftToTheWalk() {
        var writer = RecordWriter()
        writer.append(Self.clean(1))
        let first = writer.bytes.count
        writer.append(Self.clean(2))
        writer.append(Self.clean(3))
        var bytes = writer.bytes
        #expect(Self.run(bytes, featureDim: Self.width).records == 2)
        bytes[first] ^= 0xFF  // the second frame's magic
        let run = Self.run(bytes, featureDim: Self.width)
        #expect(run.records == 0 && run.stopped_at_record == 1)
    }

    /// Files of several dimensions without feature_dim, beside the dataset's (the second pass's known mode).
    @Test func dimensionsLearnedFromTheDataset() throws {
        var writer = RecordWriter()
        for row in 0..<300 { writer.append(row % 50 < 45 ? Self.clean(row) : .dense([1, 2, 3], label: 1)) }
        let mixed = writer.bytes
        let plain = Self.file(sparse: false, odd: [])
        for maxFindings in [0, 1, 5] {
            var configuration = CheckConfiguration(maxFindings: maxFindings)
            var without = configuration
            without.skimsCleanRuns = false
            let inputs: [ScanInput] = [
                .file(try temporaryFile(mixed, name: "a.rec")), .file(try temporaryFile(plain, name: "b.rec")),
            ]
            let skimmed = Checker(configuration: configuration).check(inputs)
            let walked = Checker(configuration: without).check(inputs)
            #expect(skimmed.findings == walked.findings)
            #expect(skimmed.files == walked.files)
            #expect(skimmed.hints == walked.hints)
            configuration.jobs = 2
            #expect(Checker(configuration: configuration).check(inputs).findings == walked.findings)
        }
    }

    /// The loop itself: it takes the clean records, stops before the first it cannot vouch for, and says why it stopped.
    @Test func stopsBeforeTheFirstRecordItCannotTake() throws {
        var writer = RecordWriter()
        for row in 0..<5 { writer.append(Self.clean(row)) }
        let cleanBytes = writer.bytes.count
        writer.append(.dense([1, .nan] + (2..<Self.width).map(Float.init), label: 0))
        let afterNaN = writer.bytes.count
        writer.append(Self.clean(9))
        writer.append(Self.clean(10))
        let run = Self.run(writer.bytes, featureDim: Self.width)
        #expect(run.records == 5)
        #expect(run.consumed == cleanBytes)
        #expect(run.stopped_at_record == 1)
        #expect(run.dimension == UInt64(Self.width))
        #expect(run.labelled == 5)
        #expect(run.labels_vary == 1)
        // From the record after the NaN one: the last record has no header after it in the block, so it is left to the walk.
        let after = Self.run(Array(writer.bytes[afterNaN...]), featureDim: Self.width)
        #expect(after.records == 1 && after.stopped_at_record == 0)
        #expect(after.labelled == 1 && after.labels_vary == 0 && after.first_label == 1)
        // The walk's limits: no record starting at or past stop_before, no frame ending past reach_limit.
        let limited = Self.run(writer.bytes, featureDim: Self.width, stopBefore: 1)
        #expect(limited.records == 1 && limited.stopped_at_record == 0)
        let reach = Self.run(writer.bytes, featureDim: Self.width, reachLimit: cleanBytes - 1)
        #expect(reach.records == 4 && reach.stopped_at_record == 0)
        // A dimension other than the one asked for stops it.
        let other = Self.run(writer.bytes, featureDim: nil, dimension: Self.width + 1)
        #expect(other.records == 0 && other.stopped_at_record == 1)
    }

    static func run(
        _ bytes: [UInt8], featureDim: Int?, dimension: Int? = nil, stopBefore: Int = .max, reachLimit: Int = .max
    ) -> RLCleanTally {
        guard let arena = rl_arena_create(64 << 10) else { fatalError("out of memory creating an arena") }
        defer { rl_arena_destroy(arena) }
        var rules = RLCleanRules()
        if let featureDim {
            rules.has_feature_dim = 1
            rules.feature_dim = UInt64(featureDim)
        }
        if let dimension {
            rules.has_dimension = 1
            rules.dimension = UInt64(dimension)
        }
        rules.label_below = .infinity
        rules.precheck_bytes = RecordDecoder.precheckBytes
        rules.stop_before = stopBefore
        rules.reach_limit = reachLimit
        var tally = RLCleanTally()
        bytes.withUnsafeBufferPointer { rl_clean_run(arena, $0.baseAddress!, $0.count, &rules, &tally) }
        return tally
    }

    /// The non-finite test of the loop, AVX2 and portable, at every position and length up to 40 floats.
    @Test func nonFiniteFloatsAnywhere() {
        let specials: [Float] = [.nan, .infinity, -.infinity, Float(bitPattern: 0x7F80_0001), Float(bitPattern: 0xFFFF_FFFF)]
        let finite: [Float] = [0, -0, 1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude]
        for count in 0...40 {
            var values = (0..<count).map { finite[$0 % finite.count] }
            #expect(rl_floats_any_non_finite(values, values.count) == 0)
            for position in 0..<count {
                for special in specials {
                    let kept = values[position]
                    values[position] = special
                    #expect(rl_floats_any_non_finite(values, values.count) == 1, "\(special) at \(position) of \(count)")
                    values[position] = kept
                }
            }
        }
    }
}
