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
    /// The channels the algorithm reads (the algorithms' docs, "Input/Output Interface").
    var channels: [Channel] = [.train, .test]
    /// The channels whose records must carry labels, when channels are named.
    var labelledChannels: Set<Channel> = []

    /// Whether a record of `channel` (`nil`: channels not named) must carry `label["values"]`.
    func requiresLabel(in channel: Channel?) -> Bool {
        guard let channel else { return requiresLabel }
        return labelledChannels.contains(channel)
    }

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
                ], channels: [.train, .validation, .test], labelledChannels: [.train, .validation, .test])
        case .factorizationMachines:
            AlgorithmProfile(
                requiresLabel: true, float32Only: true,
                labelDomains: ["binary_classifier": .binary, "regressor": .anyFinite], labelledChannels: [.train, .test])
        case .knn:
            AlgorithmProfile(
                requiresLabel: true, float32Only: false,
                labelDomains: ["classifier": .nonNegativeInteger, "regressor": .anyFinite], labelledChannels: [.train, .test])
        // Random Cut Forest trains without labels; its test channel scores against them.
        case .randomCutForest:
            AlgorithmProfile(requiresLabel: false, float32Only: false, labelDomains: [:], labelledChannels: [.test])
        case .ntm:
            AlgorithmProfile(
                requiresLabel: false, float32Only: false, labelDomains: [:], channels: [.train, .validation, .test])
        case .kmeans, .pca, .lda:
            AlgorithmProfile(requiresLabel: false, float32Only: false, labelDomains: [:])
        case .generic:
            AlgorithmProfile(requiresLabel: false, float32Only: false, labelDomains: [:], channels: Channel.allCases)
        }
    }
}
