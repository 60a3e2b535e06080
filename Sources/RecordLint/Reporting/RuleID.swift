/// The stable id of every rule (SPEC.md); used in JSON, text and GitHub output.
public enum RuleID: String, Codable, CaseIterable, Sendable, Comparable {
    case badMagic = "bad-magic"
    case truncatedRecord = "truncated-record"
    case badContinuation = "bad-continuation"
    case multipartConvention = "multipart-convention"
    case invalidProtobuf = "invalid-protobuf"
    case missingFeatures = "missing-features"
    case unsupportedValue = "unsupported-value"
    case tensorType = "tensor-type"
    case dimensionMismatch = "dimension-mismatch"
    case inconsistentDimension = "inconsistent-dimension"
    case sparseKeyOutOfRange = "sparse-key-out-of-range"
    case sparseLengthMismatch = "sparse-length-mismatch"
    case sparseShapeMissing = "sparse-shape-missing"
    case sparseShapeMismatch = "sparse-shape-mismatch"
    case sparseKeysUnsorted = "sparse-keys-unsorted"
    case sparseDuplicateKey = "sparse-duplicate-key"
    case nonFinite = "non-finite"
    case missingLabel = "missing-label"
    case labelShape = "label-shape"
    case labelNonFinite = "label-non-finite"
    case labelDomain = "label-domain"
    case unknownHyperparameter = "unknown-hyperparameter"
    case invalidHyperparameter = "invalid-hyperparameter"
    case missingHyperparameter = "missing-hyperparameter"
    case unusedChannel = "unused-channel"
    case tooFewRecords = "too-few-records"
    // Added by the hostile-input issue; last, so that SARIF rule indices stay as they were.
    case recordTooLarge = "record-too-large"
    case recordTooComplex = "record-too-complex"
    case nonzeroPadding = "nonzero-padding"
    case ambiguousEncoding = "ambiguous-encoding"
    case readersDisagree = "readers-disagree"

    /// The severity SPEC.md gives the rule; an algorithm profile may raise it.
    public var defaultSeverity: Severity {
        switch self {
        case .multipartConvention, .nonzeroPadding, .ambiguousEncoding, .tensorType, .sparseKeysUnsorted, .unusedChannel: .warning
        default: .error
        }
    }

    /// Whether the rule is decided on a whole channel at the end (its findings follow the files').
    public var isChannelRule: Bool { self == .unusedChannel || self == .tooFewRecords }

    /// The rule's place in SPEC.md's table, which orders findings of one record.
    public var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.order < rhs.order }

    /// One line saying what the rule checks.
    public var summary: String {
        switch self {
        case .badMagic: "bytes that are not a record (no RecordIO magic where a frame must start), skipped to the next record"
        case .truncatedRecord:
            "a record cut off by the end of the file (inside its header, payload, padding or multi-part sequence) or by the start of another record (two files joined)"
        case .badContinuation:
            "a record split into pieces that do not fit together (multi-part frames out of order), or a damaged header (continuation flag 4 to 7)"
        case .multipartConvention: "a multi-part record decodes only when joined without the magic (ml-io), not with it (dmlc)"
        case .recordTooLarge:
            "a multi-part record larger than --max-record-size (512 MiB, what one frame can hold); its parts are skipped"
        case .nonzeroPadding:
            "the padding after a payload is not zero bytes (readers skip it, but the writer or a copy went wrong)"
        case .invalidProtobuf:
            "the payload does not decode as aialgs.data.Record (as protobuf-c reads it, or as protobuf does: field numbers 0 and 2^29 and above)"
        case .ambiguousEncoding:
            "protobuf and protobuf-c read the record differently (a tensor given twice in one Value or entry, two empty Values in one entry, a group or a known field with another wire type, an unknown field in an entry under a key other than \"values\"); it is checked as protobuf reads it"
        case .readersDisagree:
            "protobuf's readers read the record differently: a features or label \"values\" entry holds an unknown field, so the SDK's upb drops the entry, where pure-Python protobuf and C++ keep it (as checked)"
        case .recordTooComplex:
            "decoding the record would take more memory than --max-decode-memory (default 64 MiB + 4 x the record), or than the system has"
        case .missingFeatures: "no features[\"values\"]"
        case .unsupportedValue: "features[\"values\"] is Bytes or holds no tensor"
        case .tensorType: "the feature or label tensor is Float64 or Int32"
        case .dimensionMismatch: "a dense vector's length is not feature_dim"
        case .inconsistentDimension:
            "no feature_dim given, and the dimension differs from the most common one of the dataset (all files of the check)"
        case .sparseKeyOutOfRange: "a sparse key is at least feature_dim (or shape[0])"
        case .sparseLengthMismatch: "keys and values have different lengths"
        case .sparseShapeMissing: "a sparse tensor has no shape"
        case .sparseShapeMismatch: "shape is not [feature_dim]"
        case .sparseKeysUnsorted: "sparse keys are not strictly increasing"
        case .sparseDuplicateKey: "the same sparse key twice"
        case .nonFinite: "NaN or ±Inf in the features"
        case .missingLabel: "the algorithm needs a label and the record has none"
        case .labelShape: "the label tensor does not hold exactly one value"
        case .labelNonFinite: "the label is NaN or ±Inf"
        case .labelDomain: "the label is outside the algorithm's domain"
        case .unknownHyperparameter: "a hyperparameter the algorithm does not take"
        case .invalidHyperparameter: "a hyperparameter value of the wrong type, out of range or not allowed"
        case .missingHyperparameter: "a required hyperparameter is absent"
        case .unusedChannel: "a channel the algorithm does not read (its data would be ignored)"
        case .tooFewRecords: "the train channel holds fewer records than mini_batch_size (the training job fails)"
        }
    }
}

/// How serious a finding is.
public enum Severity: String, Codable, Sendable, Comparable {
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
}
