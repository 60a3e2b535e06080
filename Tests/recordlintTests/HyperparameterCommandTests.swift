import Foundation
import RecordLint
import Testing

@Suite("recordlint check --hyperparameters --algorithm, end to end")
struct HyperparameterCommandTests {
    @Test func theIssueExampleValidatesOnlyTheFile() throws {
        let path = try writeTemporary(
            Array(#"{"feature_dim": "abc", "mini_batch_siz": "100", "predictor_type": "binary_classifier"}"#.utf8),
            name: "hp.json")
        let run = try recordlint(["check", "--hyperparameters", path, "--algorithm", "linear-learner", "--format", "json"])
        #expect(run.status == 1)
        let report = try run.report()
        let rules = Dictionary(uniqueKeysWithValues: report.findings.map { ($0.hyperparameter ?? "", $0) })
        #expect(rules["feature_dim"]?.rule == .invalidHyperparameter)
        #expect(rules["feature_dim"]?.message.contains("positive integer") == true)
        #expect(rules["mini_batch_siz"]?.rule == .unknownHyperparameter)
        #expect(rules["mini_batch_siz"]?.suggestion == "mini_batch_size")
        #expect(report.findings.allSatisfy { $0.file == path && $0.record == nil })
    }

    @Test func featureDimFromTheFileFeedsTheDataRules() throws {
        let directory = temporaryDirectory()
        let hp = try writeTemporary(
            Array(#"{"feature_dim": "784", "predictor_type": "binary_classifier"}"#.utf8), name: "hp.json", in: directory)
        let data = try writeTemporary(mnistLike(rows: 20, labelInFeatures: [4]), name: "train.rec", in: directory)
        let run = try recordlint(["check", data, "--hyperparameters", hp, "--algorithm", "linear-learner", "--format", "json"])
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.findings.map(\.record) == [4])
        #expect(report.settings.featureDim == 784)
    }

    @Test func aWrongFeatureDimHyperparameterIsBlamedNotEveryRecord() throws {
        let directory = temporaryDirectory()
        let hp = try writeTemporary(Array(#"{"feature_dim": 785, "k": 10}"#.utf8), name: "hp.json", in: directory)
        let data = try writeTemporary(mnistLike(rows: 20, labelInFeatures: []), name: "train.rec", in: directory)
        let run = try recordlint(["check", data, "--hyperparameters", hp, "--algorithm", "kmeans", "--format", "json"])
        let report = try run.report()
        #expect(report.summary.errors == 20)
        #expect(report.hints.contains { $0.contains("feature_dim is more likely wrong") && $0.contains("hp.json") })
    }

    @Test func featureDimOnTheCommandLineWinsWithAWarning() throws {
        let directory = temporaryDirectory()
        let hp = try writeTemporary(Array(#"{"feature_dim": "785", "k": "10"}"#.utf8), name: "hp.json", in: directory)
        let data = try writeTemporary(mnistLike(rows: 5, labelInFeatures: []), name: "train.rec", in: directory)
        let run = try recordlint(["check", data, "--hyperparameters", hp, "--algorithm", "kmeans", "--feature-dim", "784"])
        #expect(run.status == 0)
        #expect(run.errors.contains("--feature-dim 784 differs from feature_dim 785"))
    }

    @Test func labelsOfABinaryClassifier() throws {
        let directory = temporaryDirectory()
        let hp = try writeTemporary(
            Array(#"{"feature_dim": "2", "predictor_type": "binary_classifier"}"#.utf8), name: "hp.json", in: directory)
        var writer = RecordWriter()
        for label: Float in [0, 1, 2, .nan] { writer.append(.dense([1, 2], label: label)) }
        let data = try writeTemporary(writer.bytes, name: "train.rec", in: directory)
        let run = try recordlint(["check", data, "--hyperparameters", hp, "--algorithm", "linear-learner", "--format", "json"])
        #expect(run.status == 1)
        #expect(
            try run.report().findings.map { "\($0.rule.rawValue)@\($0.record!)" } == ["label-domain@2", "label-non-finite@3"])
    }

    @Test func unreadableHyperparametersExitTwo() throws {
        #expect(try recordlint(["check", "--hyperparameters", "/nonexistent/hp.json", "--algorithm", "pca"]).status == 2)
        let notJSON = try writeTemporary(Array("feature_dim=3".utf8), name: "hp.json")
        #expect(try recordlint(["check", "--hyperparameters", notJSON]).status == 2)
        #expect(try recordlint(["check", "x.rec", "--algorithm", "xgboost"]).status == 64)
    }
}

@Suite("recordlint check --hyperparameters without --algorithm, end to end")
struct AlgorithmInferenceCommandTests {
    @Test func theAlgorithmIsToldFromTheFileAndItsErrorsAreFound() throws {
        // The issue: this validated nothing and exited 0 on a file with five errors.
        let directory = temporaryDirectory()
        let hp = try writeTemporary(
            Array(#"{"feature_dim": "784", "predictor_type": "binary_classifier", "epochs": "0"}"#.utf8), name: "hp.json",
            in: directory)
        var writer = RecordWriter()
        for row in 0..<5 { writer.append(.dense([Float](repeating: 1, count: 784), label: row == 0 ? nil : 7)) }
        let data = try writeTemporary(writer.bytes, name: "train.rec", in: directory)
        let run = try recordlint(["check", data, "--hyperparameters", hp, "--format", "json"])
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.settings.algorithm == "linear-learner")
        #expect(report.summary.rules == ["invalid-hyperparameter": 1, "missing-label": 1, "label-domain": 4])
        #expect(report.hints.first?.hasPrefix("--algorithm linear-learner inferred from epochs, predictor_type in") == true)
        #expect(run.errors.contains("--algorithm linear-learner inferred"))
    }

    @Test func aFileThatDoesNotSayIsAUsageErrorNamingTheChoices() throws {
        let directory = temporaryDirectory()
        let plain = try writeTemporary(Array(#"{"feature_dim": "3"}"#.utf8), name: "hp.json", in: directory)
        let run = try recordlint(["check", "--hyperparameters", plain])
        #expect(run.status == 64)
        #expect(run.errors.contains("give --algorithm (one of linear-learner, factorization-machines"))
        let both = try writeTemporary(
            Array(#"{"num_topics": "5", "feature_dim": "3", "mini_batch_size": "4"}"#.utf8), name: "topics.json", in: directory)
        let ambiguous = try recordlint(["check", "--hyperparameters", both])
        #expect(ambiguous.status == 64)
        #expect(ambiguous.errors.contains("could be for ntm or lda"))
        // --algorithm generic is a choice, not an omission.
        #expect(try recordlint(["check", "--hyperparameters", plain, "--algorithm", "generic"]).status == 0)
    }
}
