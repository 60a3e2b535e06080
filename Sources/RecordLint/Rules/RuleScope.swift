/// What the rules read for every record of a walk: the file, the
/// configuration and what follows from it (the algorithm's profile, the label
/// domain, each rule's severity), worked out once rather than per record.
/// A record's `RecordContext` refers to it without reference counting.
final class RuleScope {
    let configuration: CheckConfiguration
    let profile: AlgorithmProfile
    /// The label domain for the configured predictor type, when there is one.
    let labelDomain: LabelDomain?
    /// The file being walked.
    var file: String
    private let severities: [Severity]

    init(configuration: CheckConfiguration, file: String = "") {
        self.configuration = configuration
        self.file = file
        profile = configuration.algorithm.profile
        labelDomain = profile.labelDomain(predictorType: configuration.predictorType, numClasses: configuration.numClasses)
        severities = RuleID.allCases.map(profile.severity(of:))
    }

    func severity(of rule: RuleID) -> Severity { severities[rule.order] }
}
