#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--format json`: the whole report as one JSON object (SPEC.md). It streams:
/// `findings` comes first and each finding is written as soon as it is final,
/// so memory does not grow with the number listed; the other keys follow in
/// sorted order once the check is done.
public struct JSONReporter: StreamingReporter {
    /// Creates the reporter.
    public init() {}

    /// The report without its findings, encoded after them.
    private struct Rest: Encodable {
        let report: Report

        private enum Keys: String, CodingKey { case version, settings, files, hints, summary, unchecked, shard }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(report.version, forKey: .version)
            try container.encode(report.settings, forKey: .settings)
            try container.encode(PathBytesJSON.files(report.files), forKey: .files)
            try container.encode(report.hints, forKey: .hints)
            try container.encode(report.summary, forKey: .summary)
            try container.encode(PathBytesJSON.unchecked(report.unchecked), forKey: .unchecked)
            try container.encodeIfPresent(report.shard, forKey: .shard)
        }
    }

    public func line(for finding: Finding, position: Int) -> String {
        let object = FindingJSON.pretty(FindingJSON.members(of: finding), indent: "    ")
        return (position == 0 ? "{\n  \"findings\" : [\n    " : ",\n    ") + object
    }

    public func closing(_ report: Report) -> String {
        let rest = Self.encode(Rest(report: report), pretty: true)
        let head = report.summary.listed == 0 ? "{\n  \"findings\" : [\n\n  ],\n" : "\n  ],\n"
        return head + rest.dropFirst(2) + "\n"
    }

    /// Encodes a value with the report's conventions: keys sorted so output is stable, no escaped slashes.
    static func encode<Value: Encodable>(_ value: Value, pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let data = try! encoder.encode(value)  // Report holds only strings and finite numbers.
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads a report written by this reporter (for `merge`).
    public static func decode(_ bytes: [UInt8]) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(bytes))
    }
}

/// `--format jsonl`: one `{"type": "finding", ...}` line per finding, then
/// one `{"type": "summary", ...}` line with the files, hints and summary.
public struct JSONLinesReporter: StreamingReporter {
    /// Creates the reporter.
    public init() {}

    private struct SummaryLine: Encodable {
        let type = "summary"
        let files: [PathBytesJSON.Field<Report.FileReport>]
        let hints: [String]
        let summary: Report.Summary
        let unchecked: [PathBytesJSON.Field<Report.UncheckedInput>]
    }

    /// One finding's line, written as soon as it is certain.
    public func line(for finding: Finding, position: Int) -> String {
        FindingJSON.compact(FindingJSON.members(of: finding, extra: [("type", "\"finding\"")])) + "\n"
    }

    /// The closing line: files, hints, summary and unchecked inputs.
    public func closing(_ report: Report) -> String {
        JSONReporter.encode(
            SummaryLine(
                files: PathBytesJSON.files(report.files), hints: report.hints, summary: report.summary,
                unchecked: PathBytesJSON.unchecked(report.unchecked)),
            pretty: false) + "\n"
    }
}
