/// What a check is asked to do: the expected shape of the data, the algorithm
/// whose rules apply, the hyperparameters file, and how the scan runs and lists.
public struct CheckConfiguration: Sendable {
    /// The expected feature dimension (`--feature-dim`); the hyperparameters' `feature_dim` is used when this is `nil`.
    public var featureDim: Int?
    /// The algorithm whose label, dtype and hyperparameter rules apply.
    public var algorithm: Algorithm
    /// A SageMaker hyperparameters JSON file, read and validated by the check;
    /// its `feature_dim`, `predictor_type` and `num_classes` feed the data rules.
    public var hyperparametersFile: String?
    /// `predictor_type`, when known without a hyperparameters file.
    public var predictorType: String?
    /// `num_classes`, when known without a hyperparameters file.
    public var numClasses: Int?
    /// How many findings are listed; 0 lists all. Counts are always exact.
    public var maxFindings: Int
    /// Whether warnings fail the check (and count as offending records) too.
    public var strict: Bool
    /// Worker threads; 1 is the sequential path.
    public var jobs: Int
    /// Bytes of a file one worker takes at a time; `nil` lets the scan choose.
    public var chunkSize: Int?
    /// Whether every offending record's index is kept (for `--indices-out`): records
    /// with an error finding, or with any finding when `strict`.
    public var collectsOffendingRecords: Bool
    /// How much memory one record may take to join and decode.
    public var limits = DecodeLimits()

    /// Creates a configuration.
    public init(
        featureDim: Int? = nil, algorithm: Algorithm = .generic, hyperparametersFile: String? = nil,
        predictorType: String? = nil, numClasses: Int? = nil, maxFindings: Int = 1000, strict: Bool = false, jobs: Int = 1,
        chunkSize: Int? = nil, collectsOffendingRecords: Bool = false
    ) {
        self.featureDim = featureDim
        self.algorithm = algorithm
        self.hyperparametersFile = hyperparametersFile
        self.predictorType = predictorType
        self.numClasses = numClasses
        self.maxFindings = maxFindings
        self.strict = strict
        self.jobs = jobs
        self.chunkSize = chunkSize
        self.collectsOffendingRecords = collectsOffendingRecords
    }

    /// `maxFindings` with 0 meaning "all".
    var listingLimit: Int { maxFindings == 0 ? .max : maxFindings }

    /// The least severity that makes a record offending (for `--indices-out` and `filter`).
    var offendingSeverity: Severity { strict ? .warning : .error }
}
