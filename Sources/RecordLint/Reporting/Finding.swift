/// One problem found: which rule, where (file, record index, byte offset) and
/// what was expected against what was found.
public struct Finding: Codable, Sendable, Equatable {
    /// The rule that fired.
    public var rule: RuleID
    /// Error or warning.
    public var severity: Severity
    /// The data file, or the hyperparameters file.
    public var file: String
    /// The 0-based index of the logical record in its file.
    public var record: Int?
    /// The byte offset of the record's first frame header.
    public var offset: Int?
    /// The record's `uid`, when it has one.
    public var uid: String?
    /// What was expected and what was found, after the record's name
    /// ("has 785 feature values, feature_dim is 784"); `sentence` puts the name in front.
    public var message: String
    /// The expected number (dimension, length, bound).
    public var expected: Int?
    /// The number found.
    public var actual: Int?
    /// The index inside the vector.
    public var position: Int?
    /// The sparse key concerned.
    public var key: Int?
    /// The offending value, as text (`NaN`, `inf`, `2.0`, a hyperparameter value).
    public var value: String?
    /// The hyperparameter concerned.
    public var hyperparameter: String?
    /// The closest valid name, for an unknown hyperparameter.
    public var suggestion: String?
    /// The training job's channel of `file`, when channels are named.
    public var channel: String?

    /// Creates a finding.
    public init(
        rule: RuleID, severity: Severity, file: String, record: Int? = nil, offset: Int? = nil, uid: String? = nil,
        message: String, expected: Int? = nil, actual: Int? = nil, position: Int? = nil, key: Int? = nil,
        value: String? = nil, hyperparameter: String? = nil, suggestion: String? = nil, channel: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.file = file
        self.record = record
        self.offset = offset
        self.uid = uid
        self.message = message
        self.expected = expected
        self.actual = actual
        self.position = position
        self.key = key
        self.value = value
        self.hyperparameter = hyperparameter
        self.suggestion = suggestion
        self.channel = channel
    }
}

extension Finding {
    /// The whole message, naming the record when there is one: "record 7 has 785 feature values, ...".
    /// This is the `message` field of the JSON report.
    public var sentence: String {
        guard let record else { return message }
        return "record \(record) \(message)"
    }

    private enum CodingKeys: String, CodingKey {
        case rule, severity, file, record, offset, uid, message, expected, actual, position, key, value
        case hyperparameter, suggestion, channel, fileBytes
    }

    /// Encodes the finding with `message` holding the whole `sentence`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(file, forKey: .file)
        try container.encodeIfPresent(PathBytesJSON.base64(file), forKey: .fileBytes)
        try container.encodeIfPresent(record, forKey: .record)
        try container.encodeIfPresent(offset, forKey: .offset)
        try container.encodeIfPresent(uid, forKey: .uid)
        try container.encode(sentence, forKey: .message)
        try container.encodeIfPresent(expected, forKey: .expected)
        try container.encodeIfPresent(actual, forKey: .actual)
        try container.encodeIfPresent(position, forKey: .position)
        try container.encodeIfPresent(key, forKey: .key)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encodeIfPresent(hyperparameter, forKey: .hyperparameter)
        try container.encodeIfPresent(suggestion, forKey: .suggestion)
        try container.encodeIfPresent(channel, forKey: .channel)
    }

    /// Decodes a finding that `encode(to:)` wrote (a `merge` reads them back).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let record = try container.decodeIfPresent(Int.self, forKey: .record)
        var message = try container.decode(String.self, forKey: .message)
        if let record, message.hasPrefix("record \(record) ") { message.removeFirst("record \(record) ".count) }
        self.init(
            rule: try container.decode(RuleID.self, forKey: .rule),
            severity: try container.decode(Severity.self, forKey: .severity),
            file: try container.decode(String.self, forKey: .file), record: record,
            offset: try container.decodeIfPresent(Int.self, forKey: .offset),
            uid: try container.decodeIfPresent(String.self, forKey: .uid), message: message,
            expected: try container.decodeIfPresent(Int.self, forKey: .expected),
            actual: try container.decodeIfPresent(Int.self, forKey: .actual),
            position: try container.decodeIfPresent(Int.self, forKey: .position),
            key: try container.decodeIfPresent(Int.self, forKey: .key),
            value: try container.decodeIfPresent(String.self, forKey: .value),
            hyperparameter: try container.decodeIfPresent(String.self, forKey: .hyperparameter),
            suggestion: try container.decodeIfPresent(String.self, forKey: .suggestion))
        channel = try container.decodeIfPresent(String.self, forKey: .channel)
    }

    /// Findings sorted as reports list them: by file order (files not in
    /// `fileOrder`, such as the hyperparameters file, first; channel findings
    /// last), then record, then rule.
    static func inReportOrder(_ findings: [Finding], fileOrder: [String: Int]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            // Channel findings are decided on the whole dataset at the end: they follow the files'.
            let fileA = a.element.rule.isChannelRule ? Int.max : fileOrder[a.element.file] ?? -1
            let fileB = b.element.rule.isChannelRule ? Int.max : fileOrder[b.element.file] ?? -1
            if fileA != fileB { return fileA < fileB }
            let recordA = a.element.record ?? -1
            let recordB = b.element.record ?? -1
            if recordA != recordB { return recordA < recordB }
            if a.element.rule != b.element.rule { return a.element.rule < b.element.rule }
            return a.offset < b.offset
        }.map(\.element)
    }
}
