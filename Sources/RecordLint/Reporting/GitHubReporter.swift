#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--format github`: workflow commands that GitHub Actions shows as annotations.
public struct GitHubReporter: StreamingReporter {
    /// Creates the reporter.
    public init() {}

    public func line(for finding: Finding, position: Int) -> String {
        let place = finding.record.map { "record \($0) (offset \(finding.offset ?? 0)): " } ?? ""
        return "::\(finding.severity.rawValue) file=\(escape(finding.file, property: true)),title=\(finding.rule.rawValue)::"
            + escape(place + finding.message, property: false) + "\n"
    }

    public func closing(_ report: Report) -> String {
        report.unchecked.map {
            "::error file=\(escape($0.path, property: true)),title=unchecked::" + escape($0.reason, property: false) + "\n"
        }.joined()
    }

    /// GitHub's escaping for workflow command data and properties.
    private func escape(_ text: String, property: Bool) -> String {
        // Control characters (terminal escapes among them) written out first; GitHub's own escapes then.
        var escaped = Excerpt.printable(text).replacing("%", with: "%25").replacing("\r", with: "%0D").replacing(
            "\n", with: "%0A")
        if property {
            escaped = escaped.replacing(":", with: "%3A").replacing(",", with: "%2C")
        }
        return escaped
    }
}
