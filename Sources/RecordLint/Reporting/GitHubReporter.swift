#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--format github`: workflow commands that GitHub Actions shows as annotations.
public struct GitHubReporter: Reporter {
    /// Creates the reporter.
    public init() {}

    public func render(_ report: Report) -> String {
        var lines: [String] = []
        for finding in report.findings {
            let place = finding.record.map { "record \($0) (offset \(finding.offset ?? 0)): " } ?? ""
            lines.append(
                "::\(finding.severity.rawValue) file=\(escape(finding.file, property: true)),title=\(finding.rule.rawValue)::"
                    + escape(place + TextReporter.messageBody(finding), property: false))
        }
        for input in report.unchecked {
            lines.append(
                "::error file=\(escape(input.path, property: true)),title=unchecked::" + escape(input.reason, property: false))
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// GitHub's escaping for workflow command data and properties.
    private func escape(_ text: String, property: Bool) -> String {
        var escaped = text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
        if property {
            escaped = escaped.replacing(":", with: "%3A").replacing(",", with: "%2C")
        }
        return escaped
    }
}
