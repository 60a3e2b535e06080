import RecordLint
import Testing

@Suite("Hyperparameters against each algorithm's table")
struct HyperparameterTests {
    private func findings(_ values: [String: String], _ algorithm: Algorithm) -> [String] {
        let check = HyperparameterCheck(
            Hyperparameters(values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }), algorithm: algorithm, file: "hp.json")
        return check.findings.map { "\($0.rule.rawValue):\($0.hyperparameter ?? "")" }
    }

    static let required: [(Algorithm, [String])] = [
        (.linearLearner, ["predictor_type"]),
        (.factorizationMachines, ["feature_dim", "num_factors", "predictor_type"]),
        (.kmeans, ["feature_dim", "k"]),
        (.pca, ["feature_dim", "mini_batch_size", "num_components"]),
        (.knn, ["feature_dim", "k", "sample_size", "predictor_type"]),
        (.ntm, ["feature_dim", "num_topics"]),
        (.lda, ["num_topics", "feature_dim", "mini_batch_size"]),
        (.randomCutForest, ["feature_dim"]),
        (.generic, []),
    ]

    @Test(arguments: required)
    func requiredSet(algorithm: Algorithm, names: [String]) {
        #expect(Set(findings([:], algorithm)) == Set(names.map { "missing-hyperparameter:\($0)" }))
    }

    static let typos: [(Algorithm, String, String)] = [
        (.linearLearner, "mini_batch_siz", "mini_batch_size"),
        (.factorizationMachines, "num_factor", "num_factors"),
        (.kmeans, "init_methd", "init_method"),
        (.pca, "num_componets", "num_components"),
        (.knn, "sample_sise", "sample_size"),
        (.ntm, "num_topic", "num_topics"),
        (.lda, "alpha", "alpha0"),
        (.randomCutForest, "num_tree", "num_trees"),
        (.kmeans, "max_iterations", "local_lloyd_max_iter"),  // the SDK's Python name
        (.kmeans, "max_iteration", "local_lloyd_max_iter"),  // a typo of the Python name
    ]

    @Test(arguments: typos)
    func typoSuggestsTheNearestName(algorithm: Algorithm, typo: String, suggestion: String) {
        let check = HyperparameterCheck(Hyperparameters([(typo, "5")]), algorithm: algorithm, file: "hp.json")
        let finding = check.findings.first { $0.rule == .unknownHyperparameter }
        #expect(finding?.suggestion == suggestion)
        #expect(finding?.hyperparameter == typo)
    }

    @Test func farOffNamesGetNoSuggestion() {
        let check = HyperparameterCheck(Hyperparameters([("learning_rate_schedule_xyz", "1")]), algorithm: .pca, file: "hp.json")
        #expect(check.findings.first { $0.rule == .unknownHyperparameter }?.suggestion == nil)
    }

    static let values: [(Algorithm, String, String, Bool)] = [
        // integer
        (.pca, "num_components", "10", true), (.pca, "num_components", "0", false), (.pca, "num_components", "1.5", false),
        (.pca, "num_components", "010", false), (.pca, "extra_components", "-1", true), (.pca, "extra_components", "-2", false),
        // integer range
        (.randomCutForest, "num_trees", "50", true), (.randomCutForest, "num_trees", "49", false),
        (.randomCutForest, "num_trees", "1000", true), (.randomCutForest, "num_trees", "1001", false),
        // float and float range
        (.linearLearner, "init_bias", "-0.5", true), (.linearLearner, "init_bias", "x", false),
        (.linearLearner, "momentum", "0", true), (.linearLearner, "momentum", "1", false),
        (.linearLearner, "quantile", "0", false), (.linearLearner, "quantile", "0.5", true),
        (.ntm, "learning_rate", "1e-3", true), (.ntm, "learning_rate", "2", false),
        // enum
        (.knn, "index_type", "faiss.IVFPQ", true), (.knn, "index_type", "faiss.HNSW", false),
        (.knn, "faiss_index_pq_m", "16", true), (.knn, "faiss_index_pq_m", "5", false),
        // bool
        (.pca, "subtract_mean", "True", true), (.pca, "subtract_mean", "false", true), (.pca, "subtract_mean", "yes", false),
        // auto
        (.linearLearner, "learning_rate", "auto", true), (.linearLearner, "learning_rate", "Auto", false),
        (.linearLearner, "positive_example_weight_mult", "balanced", true),
        // lists
        (.kmeans, "eval_metrics", "[\"msd\", \"ssd\"]", true), (.kmeans, "eval_metrics", "[\"mse\"]", false),
        (.kmeans, "eval_metrics", "msd", false),
        (.ntm, "encoder_layers", "64,32", true), (.ntm, "encoder_layers", "auto", true), (.ntm, "encoder_layers", "64,0", false),
        // the SDK always sends it for k-means
        (.kmeans, "force_dense", "True", true),
    ]

    @Test(arguments: values)
    func valueKinds(algorithm: Algorithm, name: String, value: String, valid: Bool) {
        let check = HyperparameterCheck(Hyperparameters([(name, value)]), algorithm: algorithm, file: "hp.json")
        let invalid = check.findings.contains { $0.rule == .invalidHyperparameter && $0.hyperparameter == name }
        #expect(invalid == !valid, "\(name)=\(value)")
    }

    @Test func extraQuotesAreNamedAsTheProblem() {
        let check = HyperparameterCheck(Hyperparameters([("feature_dim", "\"784\"")]), algorithm: .kmeans, file: "hp.json")
        let finding = check.findings.first { $0.hyperparameter == "feature_dim" }
        #expect(finding?.rule == .invalidHyperparameter)
        #expect(finding?.message.contains("extra quotes") == true)
    }

    @Test func valuesOverTheServiceLimitAreInvalid() {
        let long = String(repeating: "1", count: 2501)
        let check = HyperparameterCheck(Hyperparameters([("init_bias", long)]), algorithm: .linearLearner, file: "hp.json")
        #expect(check.findings.contains { $0.rule == .invalidHyperparameter && $0.message.contains("at most 2500") })
    }

    @Test func numClassesOnlyAndAlwaysWithMulticlass() {
        #expect(findings(["predictor_type": "multiclass_classifier"], .linearLearner) == ["missing-hyperparameter:num_classes"])
        #expect(findings(["predictor_type": "multiclass_classifier", "num_classes": "10"], .linearLearner).isEmpty)
        #expect(
            findings(["predictor_type": "binary_classifier", "num_classes": "10"], .linearLearner) == [
                "invalid-hyperparameter:num_classes"
            ])
        #expect(
            findings(["predictor_type": "multiclass_classifier", "num_classes": "2"], .linearLearner) == [
                "invalid-hyperparameter:num_classes"
            ])
    }

    @Test func conditionalRules() {
        #expect(
            findings(["predictor_type": "regressor", "target_recall": "0.9"], .linearLearner) == [
                "invalid-hyperparameter:target_recall"
            ])
        #expect(
            findings(
                [
                    "predictor_type": "binary_classifier",
                    "binary_classifier_model_selection_criteria": "precision_at_target_recall", "target_recall": "0.9",
                ],
                .linearLearner
            ).isEmpty)
        let knn = ["feature_dim": "100", "k": "5", "sample_size": "1000", "predictor_type": "classifier"]
        #expect(
            findings(knn.merging(["dimension_reduction_type": "sign"]) { $1 }, .knn) == [
                "missing-hyperparameter:dimension_reduction_target"
            ])
        #expect(
            findings(knn.merging(["dimension_reduction_type": "sign", "dimension_reduction_target": "100"]) { $1 }, .knn)
                == ["invalid-hyperparameter:dimension_reduction_target"])
        #expect(
            findings(knn.merging(["dimension_reduction_type": "fjlt", "dimension_reduction_target": "50"]) { $1 }, .knn).isEmpty)
    }

    @Test func jsonFileValuesBecomeServiceStrings() throws {
        let json = #"{"feature_dim": 784, "predictor_type": "binary_classifier", "normalize_data": true, "l1": 0.5}"#
        let hyperparameters = try Hyperparameters(json: Array(json.utf8))
        #expect(hyperparameters["feature_dim"] == "784")
        #expect(hyperparameters["normalize_data"] == "true")
        #expect(hyperparameters["l1"] == "0.5")
        let check = HyperparameterCheck(hyperparameters, algorithm: .linearLearner, file: "hp.json")
        #expect(check.findings.isEmpty)
        #expect(check.featureDim == 784)
        #expect(check.predictorType == "binary_classifier")
    }

    @Test func theIssueExample() throws {
        let json = #"{"feature_dim": "abc", "mini_batch_siz": "100", "predictor_type": "binary_classifier"}"#
        let check = HyperparameterCheck(try Hyperparameters(json: Array(json.utf8)), algorithm: .linearLearner, file: "hp.json")
        let invalid = try #require(check.findings.first { $0.rule == .invalidHyperparameter })
        #expect(invalid.hyperparameter == "feature_dim")
        #expect(invalid.message.contains("must be a positive integer"))
        let unknown = try #require(check.findings.first { $0.rule == .unknownHyperparameter })
        #expect(unknown.hyperparameter == "mini_batch_siz" && unknown.suggestion == "mini_batch_size")
        #expect(check.findings.count == 2)
    }
}
