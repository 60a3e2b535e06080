import Foundation
import RecordLint
import Testing

@Suite("recordlint check on a whole dataset, end to end")
struct DatasetCommandTests {
    @Test func aDirectoryWithAValidationFileOfOneFeatureLessExitsOne() throws {
        let directory = temporaryDirectory()
        var train = RecordWriter()
        for row in 0..<40 { train.append(.dense((0..<35).map { Float(row + $0) }, label: 1)) }
        var validation = RecordWriter()
        for row in 0..<8 { validation.append(.dense((0..<34).map { Float(row + $0) }, label: 0)) }
        _ = try writeTemporary(train.bytes, name: "data/train/train.rec", in: directory)
        _ = try writeTemporary(validation.bytes, name: "data/validation/validation.rec", in: directory)
        let root = directory.appendingPathComponent("data").path
        let run = try recordlint(["check", root, "--format", "json"])
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.summary.errors == 8)
        #expect(
            report.findings.allSatisfy { $0.file.hasSuffix("validation/validation.rec") && $0.rule == .inconsistentDimension })
        #expect(report.hints.contains { $0.contains("feature dimension is 35") && $0.contains("validation.rec") })
        let text = try recordlint(["check", root])
        #expect(text.status == 1)
        #expect(text.output.contains("8 errors"))
    }
}

/// Dense rows of `dimension` float32 values, with a label or without.
private func rows(_ count: Int, dimension: Int = 4, labelled: Bool) -> [UInt8] {
    var writer = RecordWriter()
    for row in 0..<count {
        writer.append(.dense((0..<dimension).map { Float(($0 + row) % 5) }, label: labelled ? Float(row % 2) : nil))
    }
    return writer.bytes
}

@Suite("recordlint check --channel NAME=PATH, end to end")
struct ChannelCommandTests {
    @Test func randomCutForestTakesLabelsOnlyInTest() throws {
        let root = temporaryDirectory()
        let train = try writeTemporary(rows(20, labelled: false), name: "train/part-0", in: root)
        let test = try writeTemporary(rows(6, labelled: false), name: "test/part-0", in: root)
        let run = try recordlint([
            "check", "--channel", "train=\(train)", "--channel", "test=\(test)", "--algorithm", "randomcutforest",
            "--format", "json",
        ])
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.summary.rules == ["missing-label": 6])
        #expect(report.findings.allSatisfy { $0.file == test && $0.channel == "test" })
        #expect(report.findings.first?.message.contains("randomcutforest needs labels in the test channel") == true)
        #expect(report.files.map(\.channel) == ["train", "test"])
        #expect(report.settings.channels == ["train": [train], "test": [test]])
    }

    @Test func linearLearnerNeedsLabelsInEveryChannel() throws {
        let root = temporaryDirectory()
        let train = try writeTemporary(rows(10, labelled: true), name: "train.rec", in: root)
        let validation = try writeTemporary(rows(3, labelled: false), name: "validation.rec", in: root)
        let run = try recordlint([
            "check", "--channel", "train=\(train)", "--channel", "validation=\(validation)", "--algorithm", "linear-learner",
            "--format", "json",
        ])
        let report = try run.report()
        #expect(report.summary.rules == ["missing-label": 3])
        #expect(report.findings.allSatisfy { $0.channel == "validation" })
    }

    @Test func theTrainChannelNeedsOneMiniBatchAndUnreadChannelsAreWarnedAbout() throws {
        let root = temporaryDirectory()
        let hp = try writeTemporary(
            Array(#"{"k": "2", "feature_dim": "4", "mini_batch_size": "50"}"#.utf8), name: "hp.json", in: root)
        let train = try writeTemporary(rows(40, labelled: false), name: "train.rec", in: root)
        let validation = try writeTemporary(rows(5, labelled: false), name: "validation.rec", in: root)
        let run = try recordlint([
            "check", "--channel", "train=\(train)", "--channel", "validation=\(validation)", "--hyperparameters", hp,
            "--format", "json",
        ])
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.settings.algorithm == "kmeans")
        #expect(report.summary.rules == ["too-few-records": 1, "unused-channel": 1])
        let few = try #require(report.findings.first { $0.rule == .tooFewRecords })
        #expect(few.expected == 50 && few.actual == 40 && few.channel == "train" && few.file == "<train channel>")
        let unread = try #require(report.findings.first { $0.rule == .unusedChannel })
        #expect(unread.severity == .warning && unread.message.contains("not read by kmeans, which reads train, test"))
        // Channel findings come after the files' findings.
        #expect(report.findings.last?.rule.isChannelRule == true)
        let enough = try writeTemporary(
            Array(#"{"k": "2", "feature_dim": "4", "mini_batch_size": "40"}"#.utf8), name: "hp40.json", in: root)
        let fine = try recordlint(["check", "--channel", "train=\(train)", "--hyperparameters", enough])
        #expect(fine.status == 0)
    }

    @Test func shardsOfAChannelledJobMergeToOneCheck() throws {
        // Each shard holds less than one mini-batch of train records; the whole channel holds enough.
        let root = temporaryDirectory()
        let hp = try writeTemporary(
            Array(#"{"predictor_type": "binary_classifier", "feature_dim": "4", "mini_batch_size": "30"}"#.utf8),
            name: "hp.json", in: root)
        for part in 0..<4 { _ = try writeTemporary(rows(10, labelled: true), name: "data/train/part-\(part)", in: root) }
        _ = try writeTemporary(rows(4, labelled: false), name: "data/validation/part-0", in: root)
        let options = [
            "--channel", "train=\(root.appendingPathComponent("data/train").path)", "--channel",
            "validation=\(root.appendingPathComponent("data/validation").path)", "--hyperparameters", hp,
        ]
        let whole = try recordlint(["check"] + options + ["--format", "json"])
        #expect(try whole.report().summary.rules == ["missing-label": 4])
        let reports = try shardReports(options, count: 3, in: root.appendingPathComponent("reports"))
        let shardRules = try reports.map { try JSONReporter.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: $0)))) }
            .map(\.summary.rules)
        #expect(shardRules.contains { $0["too-few-records"] == 1 })
        let merged = try recordlint(["merge", "--format", "json"] + reports)
        #expect(withoutTiming(merged.output) == withoutTiming(whole.output))
    }

    @Test func badChannelArguments() throws {
        let path = try writeTemporary(rows(2, labelled: true))
        #expect(try recordlint(["check", "--channel", "training=\(path)"]).status == 64)
        #expect(try recordlint(["check", "--channel", "train="]).status == 64)
        let both = try recordlint(["check", "--channel", "train=\(path)", "--channel", "test=\(path)"])
        #expect(both.status == 64)
        #expect(both.errors.contains("is in both the train and the test channel"))
    }
}
