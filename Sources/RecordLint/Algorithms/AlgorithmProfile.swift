/// One algorithm's input rules: whether it needs a label, which labels it
/// accepts for a predictor type, how strict it is about tensor types, and its
/// hyperparameter table.
struct AlgorithmProfile: Sendable {
    /// Whether every record must carry `label["values"]`.
    let requiresLabel: Bool
    /// Whether Float64 and Int32 tensors are errors (only Float32 is read) or warnings.
    let float32Only: Bool
    /// The label domain for each `predictor_type` value the algorithm takes.
    let labelDomains: [String: LabelDomain]

    func severity(of rule: RuleID) -> Severity {
        rule == .tensorType && float32Only ? .error : rule.defaultSeverity
    }

    /// The label domain for a predictor type and class count, when it is known.
    func labelDomain(predictorType: String?, numClasses: Int?) -> LabelDomain? {
        guard let predictorType, let domain = labelDomains[predictorType] else { return nil }
        if case .classIndex = domain { return .classIndex(classes: numClasses) }
        return domain
    }

    static func of(_ algorithm: Algorithm) -> AlgorithmProfile {
        switch algorithm {
        case .linearLearner:
            AlgorithmProfile(
                requiresLabel: true, float32Only: true,
                labelDomains: [
                    "binary_classifier": .binary, "multiclass_classifier": .classIndex(classes: nil),
                    "regressor": .anyFinite,
                ])
        case .factorizationMachines:
            AlgorithmProfile(
                requiresLabel: true, float32Only: true,
                labelDomains: ["binary_classifier": .binary, "regressor": .anyFinite])
        case .knn:
            AlgorithmProfile(
                requiresLabel: true, float32Only: false,
                labelDomains: ["classifier": .nonNegativeInteger, "regressor": .anyFinite])
        case .kmeans, .pca, .ntm, .lda, .randomCutForest, .generic:
            AlgorithmProfile(requiresLabel: false, float32Only: false, labelDomains: [:])
        }
    }
}
