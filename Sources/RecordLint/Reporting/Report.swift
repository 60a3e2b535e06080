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
    /// Every record with a finding, by file, when the check was asked to keep them
    /// (`--indices-out`); not part of the JSON report.
    public var offendingRecords: [String: [Int]] = [:]

    private enum CodingKeys: String, CodingKey {
        case version, settings, files, findings, hints, summary, unchecked
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
    }

    /// What one input held.
    public struct FileReport: Codable, Sendable, Equatable {
        /// The input, as named in findings (`<stdin>` for standard input).
        public var path: String
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
    /// The `--indices-out` lines: `path<TAB>record-index` for every offending record, in file order.
    public var offendingRecordLines: String {
        var text = ""
        for file in files {
            for record in offendingRecords[file.path] ?? [] { text += "\(file.path)\t\(record)\n" }
        }
        return text
    }
}
