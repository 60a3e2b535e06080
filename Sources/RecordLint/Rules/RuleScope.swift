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
    /// The channel the file belongs to, when channels are named.
    var channel: Channel?
    /// The file's dimensions when a first pass learned them: `inconsistent-dimension` is then decided per record.
    var knownDimensions: FileDimensions?
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

/// The dimension a file's records are checked against when a first pass
/// learned the dimensions: the most common one of the file (`files` 1) or of
/// the whole dataset (`files` > 1), and the counts the message names.
struct FileDimensions: Sendable {
    /// The most common dimension (ties go to the smaller).
    let mode: Int
    /// How many records have it.
    let modeCount: Int
    /// The records counted (record indices used, for one file).
    let records: Int
    /// How many files `records` spans: 1 names the file, more the dataset.
    var files = 1

    /// The `inconsistent-dimension` message for a record of `dimension`.
    func message(for dimension: Int) -> String {
        if files > 1 {
            return
                "has dimension \(dimension), while \(modeCount) of the dataset's \(records) records (in \(files) files) have \(mode)"
        }
        return "has dimension \(dimension), while \(modeCount) of the file's \(records) records have \(mode)"
    }
}
