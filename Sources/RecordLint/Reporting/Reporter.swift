/// Turns a report into the bytes of one output format. Reporters only format:
/// everything they print was computed by the check.
///
/// A reporter that streams (`isRealtime`, as SwiftLint's reporters say) is
/// given each finding as soon as it is final (`line(for:)`) and the rest of the
/// report at the end (`closing(_:)`); the others get the whole report at the
/// end (`render(_:)`). Callers ask `isRealtime`, never the reporter's type.
public protocol Reporter: Sendable {
    /// Whether findings are written one by one as they become final.
    var isRealtime: Bool { get }
    /// The whole report as text to write to standard output.
    func render(_ report: Report) -> String
    /// One finding's output, for a reporter that streams; `position` counts the findings listed before it.
    func line(for finding: Finding, position: Int) -> String
    /// What follows the streamed findings: the summary, the unchecked inputs, the hints.
    func closing(_ report: Report) -> String
}

extension Reporter {
    /// By default a reporter writes the whole report at the end.
    public var isRealtime: Bool { false }
    /// By default nothing is written per finding.
    public func line(for finding: Finding, position: Int) -> String { "" }
    /// By default the closing is the whole report.
    public func closing(_ report: Report) -> String { render(report) }
}

/// A reporter that streams: its whole report is its findings' lines, then its closing.
public protocol StreamingReporter: Reporter {}

extension StreamingReporter {
    /// Streaming reporters say so.
    public var isRealtime: Bool { true }
    /// The findings' lines, then the closing.
    public func render(_ report: Report) -> String {
        report.findings.enumerated().map { line(for: $0.element, position: $0.offset) }.joined() + closing(report)
    }
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
