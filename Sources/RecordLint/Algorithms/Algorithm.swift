/// The SageMaker built-in algorithms whose input rules recordlint knows.
public enum Algorithm: String, CaseIterable, Codable, Sendable {
    case linearLearner = "linear-learner"
    case factorizationMachines = "factorization-machines"
    case kmeans
    case pca
    case knn
    case ntm
    case lda
    case randomCutForest = "randomcutforest"
    /// No algorithm: framing, decoding, dimension, sparse and value rules only.
    case generic

    /// The algorithm's rules as data.
    var profile: AlgorithmProfile { AlgorithmProfile.of(self) }
}

/// What values a label may take.
public enum LabelDomain: Equatable, Sendable {
    /// 0 or 1 (binary classifiers).
    case binary
    /// An integer in 0..<classes (multiclass classifiers); `nil` classes when num_classes is unknown.
    case classIndex(classes: Int?)
    /// Any non-negative integer (k-NN classifier).
    case nonNegativeInteger
    /// Any finite value (regressors).
    case anyFinite

    /// Whether `value` (finite) lies in the domain.
    func contains(_ value: Double) -> Bool {
        switch self {
        case .binary: value == 0 || value == 1
        case .classIndex(let classes):
            value >= 0 && value.rounded() == value && classes.map { value < Double($0) } ?? true
        case .nonNegativeInteger: value >= 0 && value.rounded() == value
        case .anyFinite: true
        }
    }

    /// What the domain allows, for messages.
    var explanation: String {
        switch self {
        case .binary: "0 or 1 for a binary classifier"
        case .classIndex(let classes?):
            "an integer from 0 to \(classes - 1) for a multiclass classifier with num_classes \(classes)"
        case .classIndex(nil): "a non-negative integer class index for a multiclass classifier"
        case .nonNegativeInteger: "a non-negative integer class for a k-NN classifier"
        case .anyFinite: "any finite value"
        }
    }
}
