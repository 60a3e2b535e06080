#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--format text`: one line per finding
/// (`PATH: record N (offset X): error[rule]: message`), then a short summary
/// with the counts per rule and the hints.
public struct TextReporter: StreamingReporter {
    /// Without the summary: findings only.
    public let quiet: Bool

    /// Creates the reporter.
    public init(quiet: Bool = false) {
        self.quiet = quiet
    }

    public func line(for finding: Finding, position: Int) -> String { Self.line(finding) + "\n" }

    public func closing(_ report: Report) -> String {
        var lines = report.unchecked.map { Excerpt.printable("\($0.path): error: cannot check: \($0.reason)") }
        if !quiet {
            if report.summary.listed > 0 || !lines.isEmpty { lines.append("") }
            lines += summaryLines(report)
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// One finding as a line.
    public static func line(_ finding: Finding) -> String {
        var place = finding.file + ":"
        if let record = finding.record {
            var detail = "offset \(finding.offset ?? 0)"
            if let uid = finding.uid { detail += ", uid \(uid)" }
            place += " record \(record) (\(detail)):"
        }
        // Paths, uids and hyperparameter names come from the input: one line is one finding.
        return Excerpt.printable("\(place) \(finding.severity.rawValue)[\(finding.rule.rawValue)]: \(finding.message)")
    }

    private func summaryLines(_ report: Report) -> [String] {
        let summary = report.summary
        var lines = [
            "checked \(plural(summary.files, "file")), \(plural(summary.records, "record")), "
                + "\(Self.bytes(summary.bytes))" + (report.settings.hyperparameters.map { " and \($0)" } ?? "")
                + " in \(Self.decimal(summary.seconds, places: 2)) s: "
                + "\(plural(summary.errors, "error")), \(plural(summary.warnings, "warning"))"
        ]
        if !report.unchecked.isEmpty {
            lines.append("could not check \(plural(report.unchecked.count, "input"))")
        }
        let rules = summary.rules.sorted { (RuleID(rawValue: $0.key)?.order ?? 0) < (RuleID(rawValue: $1.key)?.order ?? 0) }
        let width = rules.map(\.key.count).max() ?? 0
        for (rule, count) in rules {
            lines.append("  " + rule + String(repeating: " ", count: width - rule.count) + "  \(count)")
        }
        if summary.truncated {
            lines.append("listed the first \(summary.listed) findings (--max-findings); the counts above are exact")
        }
        lines += report.hints.map { "hint: \($0)" }
        return lines
    }

    private func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// A byte count as people read it: bytes, kB, MB or GB.
    public static func bytes(_ count: Int) -> String {
        if count < 10_000 { return "\(count) bytes" }
        if count < 10_000_000 { return decimal(Double(count) / 1e3, places: 1) + " kB" }
        if count < 10_000_000_000 { return decimal(Double(count) / 1e6, places: 1) + " MB" }
        return decimal(Double(count) / 1e9, places: 2) + " GB"
    }

    /// `value` rounded to `places` decimals, always showing them (as printf's `%.Nf`).
    public static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let fraction = String(scaled % scale)
        return sign + String(scaled / scale) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
