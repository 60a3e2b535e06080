/// The result of a check, as `--format json` writes it (SPEC.md).
public struct Report: Codable, Sendable, Equatable {
    /// The report format's version.
    public var version = 1
    /// What the check was asked to do.
    public var settings: Settings
    /// Every input that was checked, in order.
    public var files: [FileReport]
    /// The findings listed, up to `--max-findings`, in file, record and rule order.
    public var findings: [Finding]
    /// Explanations of patterns in the findings.
    public var hints: [String]
    /// Exact totals.
    public var summary: Summary
    /// Inputs that could not be checked (missing, unreadable); they make the exit status 2.
    public var unchecked: [UncheckedInput]
    /// Which shard of a `--shard` run this report is, so that `merge` can tell a complete set.
    public var shard: ShardSet?
    /// Every record with a finding, by file, when the check was asked to keep them
    /// (`--indices-out`); not part of the JSON report.
    public var offendingRecords: [String: [Int]] = [:]

    private enum CodingKeys: String, CodingKey {
        case version, settings, files, findings, hints, summary, unchecked, shard
    }

    /// Creates a report.
    public init(
        settings: Settings, files: [FileReport], findings: [Finding], hints: [String], summary: Summary,
        unchecked: [UncheckedInput], shard: ShardSet? = nil, offendingRecords: [String: [Int]] = [:]
    ) {
        self.settings = settings
        self.files = files
        self.findings = findings
        self.hints = hints
        self.summary = summary
        self.unchecked = unchecked
        self.shard = shard
        self.offendingRecords = offendingRecords
    }

    /// One shard of a sharded check: its index and the shard count, and a
    /// fingerprint of the whole expanded file list (paths and sizes), which
    /// every shard of one run shares. A worker whose engine delivered it only its
    /// own files (SageMaker's `ShardedByS3Key`) has no list to fingerprint.
    public struct ShardSet: Codable, Sendable, Equatable {
        /// This shard's 0-based index.
        public var index: Int
        /// How many shards there are.
        public var count: Int
        /// How many files the whole list has (all shards'); absent when each worker had only its own.
        public var files: Int?
        /// A hash of the whole list's paths and sizes, in order; absent when each worker had only its own.
        public var fingerprint: String?

        /// Creates a shard entry.
        public init(index: Int, count: Int, files: Int?, fingerprint: String?) {
            self.index = index
            self.count = count
            self.files = files
            self.fingerprint = fingerprint
        }
    }

    /// What the check was asked to do.
    public struct Settings: Codable, Sendable, Equatable {
        /// The feature dimension checked against, from `--feature-dim` or the hyperparameters.
        public var featureDim: Int?
        /// The algorithm profile applied.
        public var algorithm: String
        /// Worker threads.
        public var jobs: Int
        /// The listing limit (0 = all).
        public var maxFindings: Int
        /// Whether warnings fail the check.
        public var strict: Bool
        /// `predictor_type` from the hyperparameters.
        public var predictorType: String?
        /// `num_classes` from the hyperparameters.
        public var numClasses: Int?
        /// The hyperparameters file, when one was given.
        public var hyperparameters: String?
        /// Where settings that are not defaults came from, by setting name
        /// (`featureDim`: `--feature-dim` or `hyperparameters`; `algorithm`:
        /// `--algorithm` or `inferred`); `nil` when all are defaults or options.
        public var sources: [String: String]?
        /// The channels named (`--channel NAME=PATH`): each channel's paths, as given.
        public var channels: [String: [String]]?
        /// `mini_batch_size` from the hyperparameters, when valid.
        public var miniBatchSize: Int?
        /// What was learned while resolving the settings (an inferred algorithm, a
        /// feature_dim given twice); they also lead the hints.
        public var notes: [String]?

        /// The settings that decide findings: reports that differ in them cannot be merged.
        var decidingFindings: [String] {
            [
                "featureDim=\(featureDim.map(String.init) ?? "none")", "algorithm=\(algorithm)", "strict=\(strict)",
                "hyperparameters=\(hyperparameters ?? "none")", "predictorType=\(predictorType ?? "none")",
                "numClasses=\(numClasses.map(String.init) ?? "none")",
                "channels=\((channels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" })",
                "miniBatchSize=\(miniBatchSize.map(String.init) ?? "none")",
            ]
        }
    }

    /// What one input held.
    public struct FileReport: Codable, Sendable, Equatable {
        /// The input, as named in findings (`<stdin>` for standard input).
        public var path: String
        /// The training job's channel the input belongs to, when channels are named.
        public var channel: String?
        /// Bytes read.
        public var bytes: Int
        /// Record indices used, damaged and truncated records included.
        public var records: Int
        /// Error findings.
        public var errors: Int
        /// Warning findings.
        public var warnings: Int
        /// How many records have each feature dimension.
        public var dimensions: DimensionHistogram
        /// The dimensions of the dense records that fired `dimension-mismatch`, for
        /// hints (so that `merge` recomputes them); absent when there are none.
        public var mismatched: DimensionHistogram?
        /// Whether the label is still among the features (for hints); absent without labelled dense records.
        public var labelColumns: LabelColumns?
        /// A shard worker's file without a feature_dim: the first records of each of
        /// its dimensions, up to the listing limit, for `merge`'s dataset-level rule.
        public var dimensionRecords: DimensionRecords?
    }

    /// The dense, labelled records whose first or last feature equals their
    /// label: the evidence of a label left in the features, summed by `merge`.
    public struct LabelColumns: Codable, Sendable, Equatable {
        /// Dense records with a one-value label and at least two features.
        public var labelled: Int
        /// Of those, the records whose first feature equals the label.
        public var firstMatches: Int
        /// Of those, the records whose last feature equals the label.
        public var lastMatches: Int
        /// The first label seen, as text that reads back exactly (`nan` and `inf` included).
        public var firstLabel: String?
        /// Whether any label differs from the first.
        public var labelsVary: Bool
    }

    /// An input that could not be checked, and why.
    public struct UncheckedInput: Codable, Sendable, Equatable {
        /// The path given.
        public var path: String
        /// Why it could not be checked.
        public var reason: String

        /// Creates an entry.
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Totals over all inputs; counts are exact whatever was listed.
    public struct Summary: Codable, Sendable, Equatable {
        /// Inputs checked.
        public var files: Int
        /// Records in all of them.
        public var records: Int
        /// Bytes in all of them.
        public var bytes: Int
        /// Error findings, listed or not.
        public var errors: Int
        /// Warning findings, listed or not.
        public var warnings: Int
        /// Findings listed in `findings`.
        public var listed: Int
        /// Whether `--max-findings` cut the listing.
        public var truncated: Bool
        /// Wall-clock time of the check.
        public var seconds: Double
        /// How many findings each rule produced (rules with none left out).
        public var rules: [String: Int]
    }
}

/// Feature dimension → record count, encoded as a JSON object with the
/// dimensions in numeric order.
public struct DimensionHistogram: Codable, Sendable, Equatable {
    /// The counts, by dimension.
    public var counts: [Int: Int]

    /// A histogram from dimension → count.
    public init(_ counts: [Int: Int]) { self.counts = counts }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { Int(stringValue) }
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { self.stringValue = String(intValue) }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var counts: [Int: Int] = [:]
        for key in container.allKeys {
            guard let dimension = key.intValue else { continue }
            counts[dimension] = try container.decode(Int.self, forKey: key)
        }
        self.counts = counts
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (dimension, count) in counts.sorted(by: { $0.key < $1.key }) {
            try container.encode(count, forKey: Key(intValue: dimension))
        }
    }
}

extension Report {
    /// The `--indices-out` lines: `path<TAB>record-index` for every offending record, in file order
    /// (the path as escaped text, `PathText`, so no name breaks a line).
    public var offendingRecordLines: String {
        var text = ""
        for file in files {
            for record in offendingRecords[file.path] ?? [] { text += "\(file.path)\t\(record)\n" }
        }
        return text
    }
}
