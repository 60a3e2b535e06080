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
    /// Whether records go through the decoder's fast path first (the default). Off, every
    /// record is decoded with the full schema: only for holding the two paths to the same
    /// report (the differential fuzz target, the tests).
    @_spi(Testing) public var readsPackedFieldsInPlace = true
    /// Whether a file's runs of clean records are checked in one C loop (`rl_clean_run`, the
    /// default; only with `readsPackedFieldsInPlace`). Off, every record goes through the
    /// rules in Swift: only for holding the two to the same report.
    @_spi(Testing) public var skimsCleanRuns = true
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

    /// Things the caller learned while making the configuration (an algorithm told
    /// from the hyperparameters' keys): shown before the scan, and leading the report's hints.
    public var notes: [String] = []

    /// Where settings that are not defaults came from, by the report's setting
    /// names (`algorithm`: `inferred`, ...); the report's settings carry them.
    public var sources: [String: String] = [:]

    /// Whether each file's report keeps the first records of each of its dimensions
    /// (`dimensionRecords`), when no feature_dim is known: a shard worker's report
    /// then lets `merge` apply the dataset-level dimension rule across shards.
    public var recordsDimensionRecords = false

    /// How many records of each dimension a shard worker's report keeps: the listing
    /// limit, never more than the scan keeps (`ScanTally.memberCap`).
    var dimensionRecordLimit: Int { min(listingLimit, ScanTally.memberCap) }

    /// The channel of each input, by its name in reports (`--channel NAME=PATH`).
    public var channels: [String: Channel] = [:]
    /// The paths given for each channel, as given.
    public var channelPaths: [Channel: [String]] = [:]
    /// `mini_batch_size`, when known (from the hyperparameters): the train channel needs at least that many records.
    public var miniBatchSize: Int?

    /// For a counting first pass: only the records' dimensions are noted, no rule runs.
    var countsDimensionsOnly = false

    /// `maxFindings` with 0 meaning "all".
    var listingLimit: Int { maxFindings == 0 ? .max : maxFindings }

    /// The least severity that makes a record offending (for `--indices-out` and `filter`).
    var offendingSeverity: Severity { strict ? .warning : .error }
}
