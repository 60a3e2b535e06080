import Foundation
import RecordLint
import Testing

/// The JSON text without its timing line, for byte-for-byte comparisons.
func withoutTiming(_ json: String) -> String {
    json.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"seconds\" :") }
        .joined(separator: "\n")
}

/// Runs `check` as `count` shards over `arguments` and writes each report to `folder`.
func shardReports(_ arguments: [String], count: Int, in folder: URL, prefix: String = "shard") throws -> [String] {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var reports: [String] = []
    for shard in 0..<count {
        let run = try recordlint(["check"] + arguments + ["--format", "json", "--shard", "\(shard)/\(count)", "--exit-zero"])
        #expect(run.status == 0, "shard \(shard): \(run.errors)")
        let path = folder.appendingPathComponent("\(prefix)-\(shard).json").path
        try Data(run.output.utf8).write(to: URL(fileURLWithPath: path))
        reports.append(path)
    }
    return reports
}

/// Sparse rows of `dimension` columns, as `write_spmatrix_to_sparse_tensor` writes them (a Spark part file).
func sparsePart(rows: Int, dimension: Int, seed: Int) -> [UInt8] {
    var writer = RecordWriter()
    for row in 0..<rows {
        let keys = Set([(row * 7 + seed) % dimension, (row * 13 + 3) % dimension, dimension - 1]).sorted().map(UInt64.init)
        writer.append(
            TrainingRecord(
                features: .sparse(keys: keys, values: keys.map { Float($0 % 5) + 0.5 }, dimension: dimension),
                label: .dense([Float(row % 2)])))
    }
    return writer.bytes
}

@Suite("recordlint merge: exactly one check's report, or a refusal")
struct MergeCommandTests {
    /// A dataset with every dimension problem between files: Spark parts of 64
    /// with one of 65, a validation file of 63, a part whose own records disagree.
    private func oddDataset() throws -> URL {
        let root = temporaryDirectory()
        for part in 0..<5 {
            _ = try writeTemporary(
                sparsePart(rows: 12 + part, dimension: part == 3 ? 65 : 64, seed: part), name: "data/train/part-0000\(part)",
                in: root)
        }
        var mixed = RecordWriter()
        for row in 0..<9 { mixed.append(.dense((0..<(row == 4 ? 65 : 64)).map { Float(($0 + row) % 3) }, label: 1)) }
        _ = try writeTemporary(mixed.bytes, name: "data/train/part-00005", in: root)
        _ = try writeTemporary(sparsePart(rows: 7, dimension: 63, seed: 9), name: "data/validation/part-00000", in: root)
        return root
    }

    @Test(arguments: [(2, 1000), (3, 0), (4, 5), (7, 3)] as [(Int, Int)])
    func shardsMergeToTheBytesOfOneCheck(shards: Int, maxFindings: Int) throws {
        let root = try oddDataset()
        let data = root.appendingPathComponent("data").path
        let options = [data, "--max-findings", String(maxFindings), "--jobs", "2"]
        let whole = try recordlint(["check"] + options + ["--format", "json"])
        #expect(whole.status == 1)
        let reports = try shardReports(options, count: shards, in: root.appendingPathComponent("reports"))
        let merged = try recordlint(["merge", "--format", "json"] + reports)
        #expect(merged.status == 1, "\(merged.errors)")
        #expect(withoutTiming(merged.output) == withoutTiming(whole.output))
        let report = try whole.report()
        #expect(report.summary.rules["inconsistent-dimension"] == 15 + 1 + 7)
        #expect(report.hints.contains { $0.contains("feature dimension is 64") && $0.contains("part-00003") })
        // The text report merges to the same bytes too.
        let text = try recordlint(["merge"] + reports + ["--max-findings", String(maxFindings)])
        let wholeText = try recordlint(["check"] + options)
        #expect(
            text.output.replacingOccurrences(of: #"in [0-9.]+ s"#, with: "", options: .regularExpression)
                == wholeText.output.replacingOccurrences(of: #"in [0-9.]+ s"#, with: "", options: .regularExpression))
    }

    @Test func hintsAreRecomputedFromTheMergedCounts() throws {
        // The issue: each shard said "every record with a wrong dimension has 785 values" while a third had 783.
        let root = temporaryDirectory()
        _ = try writeTemporary(mnistLike(rows: 30, labelInFeatures: [3, 9]), name: "data/a.rec", in: root)
        var short = RecordWriter()
        for row in 0..<30 {
            short.append(.dense((0..<(row == 5 ? 783 : 784)).map { Float(($0 * 31 + row * 7) % 256) / 255 }, label: 1))
        }
        _ = try writeTemporary(short.bytes, name: "data/b.rec", in: root)
        let data = root.appendingPathComponent("data").path
        let options = [data, "--feature-dim", "784"]
        let reports = try shardReports(options, count: 2, in: root.appendingPathComponent("reports"))
        let shardHints = try reports.flatMap { path in
            try JSONReporter.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: path)))).hints
        }
        #expect(shardHints.contains { $0.contains("feature_dim + 1") })
        let merged = try recordlint(["merge", "--format", "json"] + reports)
        let whole = try recordlint(["check"] + options + ["--format", "json"])
        #expect(try merged.report().hints == (try whole.report().hints))
        #expect(try !merged.report().hints.contains { $0.contains("feature_dim + 1") || $0.contains("feature_dim - 1") })
        #expect(withoutTiming(merged.output) == withoutTiming(whole.output))
    }

    @Test func theSameFileInTwoReportsIsRefused() throws {
        let root = try oddDataset()
        let data = root.appendingPathComponent("data").path
        let first = try shardReports([data], count: 1, in: root.appendingPathComponent("a"), prefix: "a")
        let again = try recordlint(["check", data, "--format", "json"])
        let plain = root.appendingPathComponent("plain.json").path
        try Data(again.output.utf8).write(to: URL(fileURLWithPath: plain))
        let twice = try recordlint(["merge", plain, plain])
        #expect(twice.status == 2)
        #expect(twice.errors.contains("was checked in both \(plain) and \(plain)"))
        // A shard's report beside a report that is no shard's.
        let mixed = try recordlint(["merge"] + first + [plain])
        #expect(mixed.status == 2)
        #expect(mixed.errors.contains("is no shard's report"))
    }

    @Test func reportsWithDifferentSettingsAreRefused() throws {
        let root = temporaryDirectory()
        for index in 0..<2 { _ = try writeTemporary(mnistLike(rows: 4, labelInFeatures: []), name: "d/p\(index).rec", in: root) }
        let data = root.appendingPathComponent("d").path
        let folder = root.appendingPathComponent("r")
        let a = try shardReports([data, "--feature-dim", "784"], count: 2, in: folder, prefix: "a")
        let b = try shardReports([data, "--feature-dim", "785"], count: 2, in: folder, prefix: "b")
        let run = try recordlint(["merge", a[0], b[1]])
        #expect(run.status == 2)
        #expect(
            run.errors.contains("\(a[0]) and \(b[1]) were made with different settings (featureDim=784 against featureDim=785)"))
        let strict = try shardReports([data, "--feature-dim", "784", "--strict"], count: 2, in: folder, prefix: "s")
        #expect(try recordlint(["merge", a[0], strict[1]]).errors.contains("strict=false against strict=true"))
        #expect(try recordlint(["merge", a[0], a[1]]).status == 0)
    }

    @Test func anIncompleteShardSetOrShardsOfAnotherRunAreRefused() throws {
        let root = try oddDataset()
        let data = root.appendingPathComponent("data").path
        let reports = try shardReports([data], count: 3, in: root.appendingPathComponent("r"))
        let missing = try recordlint(["merge", reports[0], reports[2]])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("the shard set is incomplete: 2 of 3 reports given"))
        #expect(missing.errors.contains("shards 1 are missing"))
        let doubled = try recordlint(["merge", reports[0], reports[0], reports[1], reports[2]])
        #expect(doubled.status == 2)
        // Another run saw another file list: its shard 1 does not complete this run's set.
        _ = try writeTemporary(sparsePart(rows: 3, dimension: 64, seed: 1), name: "data/train/part-00009", in: root)
        let other = try shardReports([data], count: 3, in: root.appendingPathComponent("o"), prefix: "other")
        let mixed = try recordlint(["merge", reports[0], other[1], reports[2]])
        #expect(mixed.status == 2)
        #expect(mixed.errors.contains("are shards of different runs"))
    }

    @Test func aLongerListingThanTheShardsListedIsRefused() throws {
        let root = try oddDataset()
        let data = root.appendingPathComponent("data").path
        let reports = try shardReports([data, "--max-findings", "4"], count: 2, in: root.appendingPathComponent("r"))
        let run = try recordlint(["merge", "--max-findings", "10"] + reports)
        #expect(run.status == 2)
        #expect(run.errors.contains("asks for more findings than"))
        #expect(try recordlint(["merge", "--max-findings", "0"] + reports).status == 2)
        #expect(try recordlint(["merge", "--max-findings", "2", "--format", "json"] + reports).report().summary.listed == 2)
    }

    @Test func aShardWhoseCutListingHidesFindingsIsRefusedNotShortened() throws {
        // Shard 1 holds b0 (5 records of 64) and b1 (10 of 65, each with a NaN): it took 65
        // for the dataset's dimension, listed b0's records (wrongly) and none of b1's NaNs.
        let root = temporaryDirectory()
        func file(_ rows: Int, _ dimension: Int, nan: Bool) -> [UInt8] {
            var writer = RecordWriter()
            for row in 0..<rows {
                var values = (0..<dimension).map { Float(($0 + row) % 4) }
                if nan { values[1] = .nan }
                writer.append(.dense(values, label: 1))
            }
            return writer.bytes
        }
        _ = try writeTemporary(file(50, 64, nan: false), name: "d/a.rec", in: root)
        _ = try writeTemporary(file(5, 64, nan: false), name: "d/b0.rec", in: root)
        _ = try writeTemporary(file(10, 65, nan: true), name: "d/b1.rec", in: root)
        let data = root.appendingPathComponent("d").path
        let reports = try shardReports([data, "--max-findings", "3"], count: 2, in: root.appendingPathComponent("r"))
        let run = try recordlint(["merge"] + reports)
        #expect(run.status == 2)
        #expect(run.errors.contains("lists too few of its records for an exact merge"))
        // With every finding listed, the same shards merge to the one check's bytes.
        let all = try shardReports([data, "--max-findings", "0"], count: 2, in: root.appendingPathComponent("all"))
        let merged = try recordlint(["merge", "--format", "json"] + all)
        let whole = try recordlint(["check", data, "--max-findings", "0", "--format", "json"])
        #expect(merged.status == 1)
        #expect(withoutTiming(merged.output) == withoutTiming(whole.output))
    }

    @Test func plainReportsWithoutTheirRecordsCannotBeMergedAcrossDimensions() throws {
        // Reports of check without --shard carry no dimensionRecords: a file of another
        // dimension than the dataset's, alone in its report, cannot be listed; merge says so.
        let root = temporaryDirectory()
        let a = try writeTemporary(mnistLike(rows: 20, labelInFeatures: []), name: "a.rec", in: root)
        var odd = RecordWriter()
        for _ in 0..<3 { odd.append(.dense([Float](repeating: 0, count: 783), label: 1)) }
        let b = try writeTemporary(odd.bytes, name: "b.rec", in: root)
        var reports: [String] = []
        for (index, path) in [a, b].enumerated() {
            let run = try recordlint(["check", path, "--format", "json"])
            let report = root.appendingPathComponent("r\(index).json").path
            try Data(run.output.utf8).write(to: URL(fileURLWithPath: report))
            reports.append(report)
        }
        let run = try recordlint(["merge"] + reports)
        #expect(run.status == 2)
        #expect(run.errors.contains("the dataset's most common dimension is 784, but \(reports[1]) was checked against 783"))
    }
}

@Suite("recordlint merge validates each report before using it")
struct MergeValidationTests {
    /// A real shard report as a JSON object, changed by `change`, written to a file.
    private func tampered(_ change: (inout [String: Any]) -> Void) throws -> String {
        let root = temporaryDirectory()
        let data = try writeTemporary(mnistLike(rows: 12, labelInFeatures: [2, 5]), name: "d.rec", in: root)
        let run = try recordlint(["check", data, "--feature-dim", "784", "--format", "json"])
        var object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        change(&object)
        let path = root.appendingPathComponent("report.json").path
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func summary(_ change: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
        { object in
            var summary = object["summary"] as! [String: Any]
            change(&summary)
            object["summary"] = summary
        }
    }

    private func firstFile(_ change: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
        { object in
            var files = object["files"] as! [[String: Any]]
            change(&files[0])
            object["files"] = files
        }
    }

    @Test func anUntouchedReportMerges() throws {
        let path = try tampered { _ in }
        let run = try recordlint(["merge", path])
        #expect(run.status == 1)
        #expect(run.errors.isEmpty)
    }

    @Test(
        arguments: [
            ("another version", "its version is 2"),
            ("seconds 1e300", "summary.seconds is 1e+300"),
            ("maxFindings -1", "settings.maxFindings is -1"),
            ("negative records", "records is -5; counts are never negative"),
            ("huge rule counts", "summary.rules add up to more than"),
            ("listed does not match", "summary.listed is 7 but it lists 2 findings"),
            ("errors do not match the rules", "summary.rules adds up to another number"),
            ("a finding past the file", "names record 99 of"),
            ("an unknown rule", "names \"no-such-rule\", which is no rule"),
            ("a shard out of its set", "its shard entry (3 of 2) is not a shard"),
            ("records that overflow", "the files' records add up to more than"),
        ] as [(String, String)])
    func aReportNoCheckCouldHaveWrittenIsRefused(change: String, message: String) throws {
        let path = try tampered { object in
            switch change {
            case "another version": object["version"] = 2
            case "seconds 1e300": summary { $0["seconds"] = 1e300 }(&object)
            case "maxFindings -1":
                var settings = object["settings"] as! [String: Any]
                settings["maxFindings"] = -1
                object["settings"] = settings
            case "negative records": firstFile { $0["records"] = -5 }(&object)
            case "huge rule counts":
                summary { $0["rules"] = ["dimension-mismatch": Int.max, "non-finite": Int.max] }(&object)
            case "listed does not match": summary { $0["listed"] = 7 }(&object)
            case "errors do not match the rules": summary { $0["rules"] = ["dimension-mismatch": 1] }(&object)
            case "a finding past the file":
                var findings = object["findings"] as! [[String: Any]]
                findings[0]["record"] = 99
                object["findings"] = findings
            case "an unknown rule": summary { $0["rules"] = ["no-such-rule": 2] }(&object)
            case "a shard out of its set":
                object["shard"] = ["index": 3, "count": 2, "files": 1, "fingerprint": "00"]
            case "records that overflow":
                firstFile { $0["records"] = Int.max }(&object)
                var files = object["files"] as! [[String: Any]]
                files.append(files[0])
                files[1]["path"] = "other.rec"
                object["files"] = files
                summary { $0["files"] = 2 }(&object)
            default: Issue.record("no such change: \(change)")
            }
        }
        let run = try recordlint(["merge", path])
        #expect(run.status == 2, "\(change): \(run.errors)")
        #expect(run.errors.contains("is not a report check could have written"), "\(change): \(run.errors)")
        #expect(run.errors.contains(message), "\(change): \(run.errors)")
        #expect(run.output.isEmpty)
    }

    @Test func twoHugeButValidReportsDoNotOverflowTheSums() throws {
        let first = try tampered(
            firstFile { file in
                file["records"] = Int.max - 10
                file["dimensions"] = ["784": 12]
            })
        // Make the summary agree with the huge file so that each report is valid on its own.
        let fixed = try fixSummary(first)
        let second = try fixSummary(
            try tampered(
                firstFile { file in
                    file["records"] = Int.max - 10
                    file["path"] = "elsewhere.rec"
                }))
        let run = try recordlint(["merge", fixed, second])
        #expect(run.status == 2)
        #expect(run.errors.contains("the reports cannot be added up"))
    }

    /// Sets the summary's records to the files' sum.
    private func fixSummary(_ path: String) throws -> String {
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let files = object["files"] as! [[String: Any]]
        var summary = object["summary"] as! [String: Any]
        summary["records"] = files.reduce(0) { $0 + ($1["records"] as! Int) }
        object["summary"] = summary
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }
}
