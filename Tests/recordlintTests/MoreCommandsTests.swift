import Foundation
import RecordLint
import TestSupport
import Testing

@Suite("indices-out, sarif, shards and merge, stats")
struct MoreCommandsTests {
    @Test func indicesOutListsEveryOffendingRecordWhateverMaxFindingsSays() throws {
        let directory = temporaryDirectory()
        let data = try writeTemporary(mnistLike(rows: 60, labelInFeatures: [3, 30, 59]), name: "a.rec", in: directory)
        let out = directory.appendingPathComponent("bad.tsv").path
        let run = try recordlint(["check", data, "--feature-dim", "784", "--max-findings", "1", "--indices-out", out, "--quiet"])
        #expect(run.status == 1)
        #expect(run.output.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "\(data)\t3\n\(data)\t30\n\(data)\t59\n")
        // Never over an input, named as such or found in a directory.
        #expect(try recordlint(["check", data, "--indices-out", data]).status == 64)
        let run2 = try recordlint(["check", directory.path, "--indices-out", data])
        #expect(run2.status == 64)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: data))) == mnistLike(rows: 60, labelInFeatures: [3, 30, 59]))
    }

    @Test func indicesOutCoversInconsistentDimensionsPastTheLimit() throws {
        var writer = RecordWriter()
        for row in 0..<30 { writer.append(.dense(row % 10 == 0 ? [1, 2, 3] : [1, 2])) }
        let directory = temporaryDirectory()
        let data = try writeTemporary(writer.bytes, name: "a.rec", in: directory)
        let out = directory.appendingPathComponent("bad.tsv").path
        _ = try recordlint(["check", data, "--max-findings", "1", "--indices-out", out])
        #expect(
            try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t")[1] } == [
                "0", "10", "20",
            ])
    }

    @Test func sarifHasOneRulePerIdAndByteOffsets() throws {
        let data = try writeTemporary(mnistLike(rows: 10, labelInFeatures: [4]))
        let run = try recordlint(["check", data, "--feature-dim", "784", "--format", "sarif"])
        #expect(run.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == RuleID.allCases.map(\.rawValue))
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == 1)
        #expect(results[0]["ruleId"] as? String == "dimension-mismatch")
        let location = try #require((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["region"] as? [String: Any])?["byteOffset"] as? Int == 4 * 3184)
        #expect(try SARIFSchema.violations(run.output) == nil)
    }

    /// A path with a space and `%` is a valid URI reference, and an input that could not be
    /// read is a tool execution notification of an unsuccessful invocation; the log is valid.
    @Test func sarifWithOddPathsAndAnUnreadableInputIsValid() throws {
        let directory = temporaryDirectory().appendingPathComponent("my data")
        let data = try writeTemporary(mnistLike(rows: 5, labelInFeatures: [2]), name: "100% train #2.rec", in: directory)
        let missing = directory.appendingPathComponent("gone 5%.rec").path
        let run = try recordlint(["check", data, missing, "--feature-dim", "784", "--format", "sarif"])
        #expect(run.status == 2)
        #expect(try SARIFSchema.violations(run.output) == nil)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let sarifRun = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(sarifRun["results"] as? [[String: Any]])
        let uri = try #require(
            (((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?[
                "artifactLocation"] as? [String: Any])?["uri"] as? String)
        #expect(uri.hasSuffix("/my%20data/100%25%20train%20%232.rec"))
        #expect(uri.removingPercentEncoding == data)
        let invocation = try #require((sarifRun["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let notifications = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notifications.count == 1)
        let text = try #require((notifications.first?["message"] as? [String: Any])?["text"] as? String)
        #expect(text.contains(missing) && text.lowercased().contains("no such file"))
    }

    /// `cat cut.rec ok.rec > x.rec` with an unaligned cut inside a payload: the appended
    /// 2,000 records are found and counted, and the cut record says two files were joined.
    @Test func fileAppendedToACutFileIsCheckedRecordByRecord() throws {
        let whole = mnistLike()
        let cutAt = 9 * 3184 + 8 + 1001
        let path = try writeTemporary(Array(whole.prefix(cutAt)) + whole, name: "x.rec")
        for jobs in ["1", "2"] {
            let run = try recordlint([
                "check", path, "--feature-dim", "784", "--format", "json", "--jobs", jobs, "--chunk-size", "64K",
            ])
            #expect(run.status == 1)
            let report = try run.report()
            #expect(report.files[0].records == 10 + 2000)
            #expect(report.findings.map(\.record) == [9, 10 + 17, 10 + 1503])
            #expect(report.findings.map(\.rule) == [.truncatedRecord, .dimensionMismatch, .dimensionMismatch])
            #expect(
                report.findings.first?.sentence
                    == "record 9 is cut off and another record starts inside it, at offset \(cutAt): two files joined? (its RecordIO frame header gives a payload of 3176 bytes; only 1001 of them come before the next record's magic 0A 23 D7 CE)"
            )
        }
    }

    @Test func shardsCoverEveryFileOnceAndMergeToTheWholeReport() throws {
        let root = temporaryDirectory()
        for (index, rows) in [40, 5, 22, 13, 30, 8].enumerated() {
            _ = try writeTemporary(mnistLike(rows: rows, labelInFeatures: [index % rows]), name: "part-\(index).rec", in: root)
        }
        let whole = try recordlint(["check", root.path, "--feature-dim", "784", "--format", "json"])
        var reports: [String] = []
        var seen: [String] = []
        for shard in 0..<3 {
            let run = try recordlint([
                "check", root.path, "--feature-dim", "784", "--format", "json", "--shard", "\(shard)/3", "--exit-zero",
            ])
            #expect(run.status == 0)
            seen += try run.report().files.map(\.path)
            let path = root.appendingPathComponent("shard-\(shard).json").path  // .json files are skipped by the walk
            try Data(run.output.utf8).write(to: URL(fileURLWithPath: path))
            reports.append(path)
        }
        #expect(seen.sorted() == (try whole.report().files.map(\.path)).sorted())
        let merged = try recordlint(["merge", "--format", "json"] + reports)
        #expect(merged.status == 1)
        let mergedReport = try merged.report()
        let wholeReport = try whole.report()
        #expect(mergedReport.files == wholeReport.files)
        #expect(mergedReport.findings == wholeReport.findings)
        #expect(mergedReport.summary.errors == wholeReport.summary.errors)
        #expect(mergedReport.summary.rules == wholeReport.summary.rules)
        #expect(try recordlint(["check", root.path, "--shard", "3/3"]).status == 64)
    }

    @Test func mergeCountsSharedHyperparameterFindingsOnce() throws {
        let root = temporaryDirectory()
        let hp = try writeTemporary(
            Array(#"{"k": "10", "feature_dim": "784", "max_iterations": "5"}"#.utf8), name: "hp.json", in: root)
        for index in 0..<2 { _ = try writeTemporary(mnistLike(rows: 5, labelInFeatures: []), name: "p\(index).rec", in: root) }
        var reports: [String] = []
        for shard in 0..<2 {
            let run = try recordlint([
                "check", root.path, "--hyperparameters", hp, "--algorithm", "kmeans", "--shard", "\(shard)/2", "--format", "json",
            ])
            let path = root.appendingPathComponent("r\(shard).json").path
            try Data(run.output.utf8).write(to: URL(fileURLWithPath: path))
            reports.append(path)
        }
        let merged = try recordlint(["merge", "--format", "json"] + reports).report()
        #expect(merged.findings.map(\.rule) == [.unknownHyperparameter])
        #expect(merged.summary.errors == 1)
        #expect(merged.summary.rules == ["unknown-hyperparameter": 1])
        #expect(merged.files.count == 2)
    }

    @Test func statsProfilesTheData() throws {
        var writer = RecordWriter()
        writer.append(.dense([0, 1, 2, 0], label: 1))
        writer.append(.dense([0, 0, .nan, 3], label: 0))
        writer.append(TrainingRecord(features: .sparse(keys: [1, 7], values: [1, 1], dimension: 10), label: .dense([1])))
        writer.append(TrainingRecord(features: Tensor(values: .float64([1, 2, 3, 4]))))
        writer.appendRaw([1, 2, 3, 4, 5, 6, 7, 8])
        let data = try writeTemporary(writer.bytes)
        let run = try recordlint(["stats", data, "--format", "json"])
        #expect(run.status == 0)
        struct Output: Decodable { let files: [DataProfile] }
        let profile = try JSONDecoder().decode(Output.self, from: Data(run.output.utf8)).files[0]
        #expect(profile.records == 5 && profile.damaged == 1)
        #expect(profile.tensorTypes == ["Float32Tensor": 3, "Float64Tensor": 1])
        #expect(profile.dense == 3 && profile.sparse == 1)
        #expect(profile.dimensions.counts == [4: 3, 10: 1])
        #expect(profile.nonZeros == DataProfile.Spread(min: 2, median: 2, max: 4))
        #expect(profile.labels == ["0": 1, "1": 2] && profile.missingLabels == 1)
        #expect(profile.nonFiniteValues == 1)
        let text = try recordlint(["stats", data])
        #expect(text.output.contains("dimensions: 4 ×3, 10 ×1"))
    }
}
