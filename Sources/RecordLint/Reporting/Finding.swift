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
    /// A sentence naming the record, what was expected and what was found.
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

    /// Creates a finding.
    public init(
        rule: RuleID, severity: Severity, file: String, record: Int? = nil, offset: Int? = nil, uid: String? = nil,
        message: String, expected: Int? = nil, actual: Int? = nil, position: Int? = nil, key: Int? = nil,
        value: String? = nil, hyperparameter: String? = nil, suggestion: String? = nil
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
    }
}

extension Finding {
    /// Findings sorted as reports list them: by file order (files not in
    /// `fileOrder`, such as the hyperparameters file, first), then record, then rule.
    static func inReportOrder(_ findings: [Finding], fileOrder: [String: Int]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            let fileA = fileOrder[a.element.file] ?? -1
            let fileB = fileOrder[b.element.file] ?? -1
            if fileA != fileB { return fileA < fileB }
            let recordA = a.element.record ?? -1
            let recordB = b.element.record ?? -1
            if recordA != recordB { return recordA < recordB }
            if a.element.rule != b.element.rule { return a.element.rule < b.element.rule }
            return a.offset < b.offset
        }.map(\.element)
    }
}
