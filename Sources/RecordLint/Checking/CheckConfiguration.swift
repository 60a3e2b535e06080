/// What a check is asked to do: the expected shape of the data, the algorithm
/// whose rules apply, and how the scan runs and lists.
public struct CheckConfiguration: Sendable {
    /// The expected feature dimension, from `--feature-dim` or the hyperparameters.
    public var featureDim: Int?
    /// The algorithm whose label, dtype and hyperparameter rules apply.
    public var algorithm: Algorithm
    /// `predictor_type` from the hyperparameters, when given.
    public var predictorType: String?
    /// `num_classes` from the hyperparameters, when given.
    public var numClasses: Int?
    /// How many findings are listed; 0 lists all. Counts are always exact.
    public var maxFindings: Int
    /// Worker threads; 1 is the sequential path.
    public var jobs: Int
    /// Bytes of a file one worker takes at a time; `nil` lets the scan choose.
    public var chunkSize: Int?
    /// Whether every offending record's index is kept (for `--indices-out`).
    public var collectsOffendingRecords: Bool

    /// Creates a configuration.
    public init(
        featureDim: Int? = nil, algorithm: Algorithm = .generic, predictorType: String? = nil, numClasses: Int? = nil,
        maxFindings: Int = 1000, jobs: Int = 1, chunkSize: Int? = nil, collectsOffendingRecords: Bool = false
    ) {
        self.featureDim = featureDim
        self.algorithm = algorithm
        self.predictorType = predictorType
        self.numClasses = numClasses
        self.maxFindings = maxFindings
        self.jobs = jobs
        self.chunkSize = chunkSize
        self.collectsOffendingRecords = collectsOffendingRecords
    }

    /// For a second pass over a file: keep the records of only these dimensions, all of them.
    var memberDimensions: Set<Int>?

    /// `maxFindings` with 0 meaning "all".
    var listingLimit: Int { maxFindings == 0 ? .max : maxFindings }

}
