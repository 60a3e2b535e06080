/// Turns a report into the bytes of one output format. Reporters only format:
/// everything they print was computed by the check.
public protocol Reporter: Sendable {
    /// The report as text to write to standard output.
    func render(_ report: Report) -> String
}

/// The output formats, by the name `--format` takes.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text
    case json
    case jsonl
    case github
    case sarif

    /// The reporter for this format.
    public func reporter(quiet: Bool = false) -> any Reporter {
        switch self {
        case .text: TextReporter(quiet: quiet)
        case .json: JSONReporter()
        case .jsonl: JSONLinesReporter()
        case .github: GitHubReporter()
        case .sarif: SARIFReporter()
        }
    }
}
