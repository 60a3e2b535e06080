import RecordLint
import Testing

/// `--hyperparameters` without `--algorithm`: the keys say which algorithm, or it is a usage error.
@Suite("Telling the algorithm from a hyperparameters file")
struct AlgorithmInferenceTests {
    private func verdict(_ pairs: [(String, String)]) -> AlgorithmInference.Verdict {
        AlgorithmInference.infer(from: Hyperparameters(pairs.map { (key: $0.0, value: $0.1) }))
    }

    private func algorithm(_ pairs: [(String, String)]) -> Algorithm? {
        if case .inferred(let algorithm, _) = verdict(pairs) { return algorithm }
        return nil
    }

    @Test func keysOnlyOneAlgorithmTakes() {
        #expect(algorithm([("predictor_type", "binary_classifier"), ("feature_dim", "784")]) == .linearLearner)
        #expect(algorithm([("predictor_type", "multiclass_classifier"), ("num_classes", "10")]) == .linearLearner)
        #expect(
            algorithm([("predictor_type", "binary_classifier"), ("num_factors", "64"), ("feature_dim", "9")])
                == .factorizationMachines)
        #expect(algorithm([("k", "10"), ("init_method", "kmeans++"), ("feature_dim", "784")]) == .kmeans)
        #expect(algorithm([("k", "10"), ("feature_dim", "784")]) == .kmeans)
        #expect(
            algorithm([("k", "10"), ("sample_size", "1000"), ("predictor_type", "classifier"), ("feature_dim", "3")]) == .knn)
        #expect(algorithm([("num_components", "5"), ("feature_dim", "50"), ("mini_batch_size", "100")]) == .pca)
        #expect(algorithm([("num_topics", "20"), ("encoder_layers", "auto")]) == .ntm)
        #expect(algorithm([("num_topics", "20"), ("alpha0", "0.5")]) == .lda)
        #expect(algorithm([("num_trees", "100"), ("num_samples_per_tree", "256")]) == .randomCutForest)
        // The SDK's Python names for k-means still say k-means.
        #expect(algorithm([("k", "3"), ("max_iterations", "10"), ("center_factor", "2")]) == .kmeans)
    }

    @Test func aMisspelledKeyDoesNotHideTheAlgorithm() {
        // The example: mini_batch_siz is unknown everywhere, predictor_type still says linear-learner.
        #expect(
            verdict([("feature_dim", "abc"), ("mini_batch_siz", "100"), ("predictor_type", "binary_classifier")])
                == .inferred(.linearLearner, keys: ["predictor_type"]))
    }

    @Test func ambiguousAndUnknownFiles() {
        #expect(verdict([("num_topics", "20"), ("feature_dim", "100"), ("mini_batch_size", "10")]) == .ambiguous([.ntm, .lda]))
        #expect(verdict([("feature_dim", "100"), ("mini_batch_size", "10")]) == .unknown)
        #expect(verdict([("learning_rat", "0.1")]) == .unknown)
    }
}
