/// A problem found in an input row while converting: which file, which
/// 1-based line (and column), and what is wrong.
public struct ConversionFinding: Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is; the raw value is the stable id printed.
    public enum Rule: String, Sendable {
        /// A row with a different number of columns than the first row (or `--feature-dim`).
        case columnCount = "column-count"
        /// A field that is not a number.
        case notANumber = "not-a-number"
        /// An empty field.
        case emptyField = "empty-field"
        /// A quoted field (SageMaker's CSV holds numbers only).
        case quotedField = "quoted-field"
        /// NaN or ±Inf among the features.
        case nonFinite = "non-finite"
        /// NaN or ±Inf as the label.
        case labelNonFinite = "label-non-finite"
        /// A label the algorithm (`--algorithm`, its predictor_type and num_classes) does not take.
        case labelDomain = "label-domain"
        /// A libsvm feature index that is negative, 0 in a 1-based file, unsorted, repeated or past `--feature-dim`.
        case badIndex = "bad-index"
        /// An integer that does not fit the Int32 tensor `--dtype auto` gives integer arrays.
        case outOfRange = "out-of-range"
        /// An input that is not what its format says (an `.npy` header, a label count).
        case badInput = "bad-input"
    }

    /// The input file as given (`-` for standard input).
    public var file: String
    /// The 1-based line (the 1-based row for `.npy` input).
    public var line: Int
    /// The 1-based column (field) where one can be named.
    public var column: Int?
    /// The kind of problem.
    public var rule: Rule
    /// What was expected and what was found.
    public var message: String

    /// Creates a finding.
    public init(file: String, line: Int, column: Int? = nil, rule: Rule, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.message = message
    }

    /// `file:line:column: error: message [rule]`, as compilers print.
    public var description: String {
        "\(file):\(line):\(column.map { "\($0):" } ?? "") error: \(message) [\(rule.rawValue)]"
    }
}
