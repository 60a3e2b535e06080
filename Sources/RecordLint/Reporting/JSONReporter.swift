#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--format json`: the whole report as one JSON object (SPEC.md).
public struct JSONReporter: Reporter {
    /// Creates the reporter.
    public init() {}

    public func render(_ report: Report) -> String {
        Self.encode(report, pretty: true) + "\n"
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

    private struct FindingLine: Encodable {
        let type = "finding"
        let finding: Finding

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: TypeKey.self)
            try container.encode(type, forKey: .type)
            try finding.encode(to: encoder)
        }
    }

    private struct SummaryLine: Encodable {
        let type = "summary"
        let files: [Report.FileReport]
        let hints: [String]
        let summary: Report.Summary
        let unchecked: [Report.UncheckedInput]
    }

    private enum TypeKey: String, CodingKey { case type }

    /// One finding's line, written as soon as it is certain.
    public func line(for finding: Finding) -> String {
        JSONReporter.encode(FindingLine(finding: finding), pretty: false) + "\n"
    }

    /// The closing line: files, hints, summary and unchecked inputs.
    public func closing(_ report: Report) -> String {
        JSONReporter.encode(
            SummaryLine(files: report.files, hints: report.hints, summary: report.summary, unchecked: report.unchecked),
            pretty: false) + "\n"
    }
}
