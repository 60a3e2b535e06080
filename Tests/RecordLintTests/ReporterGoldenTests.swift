import Foundation
import TestSupport
import Testing

@testable import RecordLint

/// Each reporter's output for one fixed report, compared with a committed golden file.
/// Set RECORDLINT_UPDATE_GOLDEN=1 to rewrite the files after an intended change.
@Suite("Reporters against golden files")
struct ReporterGoldenTests {
    static let report: Report = {
        var writer = RecordWriter()
        writer.append(TrainingRecord(features: .dense([1, 2, 3]), label: .dense([1]), uid: "row-0"))
        writer.append(TrainingRecord(features: .dense([1, 2, 3, 9]), label: .dense([0]), uid: "row-1"))
        writer.append(TrainingRecord(features: .sparse(keys: [2, 1], values: [1, 1], dimension: 3), label: .dense([1])))
        writer.appendRaw([1, 2, 3, 4, 5, 6, 7, 8])
        writer.append(TrainingRecord(features: .dense([1, .nan, 3]), label: .dense([1])))
        let directory = scratchDirectory("golden")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("train.rec").path
        try! Data(writer.bytes).write(to: URL(fileURLWithPath: path))
        var report = Checker(configuration: CheckConfiguration(featureDim: 3, maxFindings: 0)).check([.file(path)])
        // Fixed names and times, so the output does not depend on where and how fast it ran.
        report.files[0].path = "train.rec"
        report.findings = report.findings.map { finding in
            var renamed = finding
            renamed.file = "train.rec"
            return renamed
        }
        report.summary.seconds = 0.012
        return report
    }()

    /// The same report for a file whose path holds a space, `%` and non-ASCII
    /// letters, beside an input that could not be read.
    static let oddPathsReport: Report = {
        var report = ReporterGoldenTests.report
        let path = "data set/100% ünïcode #1.rec"
        report.files[0].path = path
        report.findings = report.findings.map { finding in
            var renamed = finding
            renamed.file = path
            return renamed
        }
        report.unchecked = [Report.UncheckedInput(path: "missing dir/50%.rec", reason: "No such file or directory")]
        return report
    }()

    @Test(arguments: ["text", "json", "jsonl", "github", "sarif"])
    func matchesGolden(format: String) throws {
        try compare(Self.report, format: format, golden: "report")
    }

    @Test(arguments: ["text", "sarif"])
    func matchesGoldenWithOddPathsAndAnUnreadableInput(format: String) throws {
        try compare(Self.oddPathsReport, format: format, golden: "report-odd-paths")
    }

    @Test func sarifPercentEncodesPathsAndNamesUnreadableInputs() throws {
        let sarif = ReportFormat.sarif.reporter().render(Self.oddPathsReport)
        #expect(try SARIFSchema.violations(sarif) == nil)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let uris = try #require(run["results"] as? [[String: Any]]).compactMap { result in
            (((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"]
                as? [String: Any])?["uri"] as? String
        }
        #expect(Set(uris) == ["data%20set/100%25%20%C3%BCn%C3%AFcode%20%231.rec"])
        #expect(uris[0].removingPercentEncoding == "data set/100% ünïcode #1.rec")
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let notifications = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notifications.count == 1)
        #expect(notifications[0]["level"] as? String == "error")
        #expect(
            (notifications[0]["message"] as? [String: Any])?["text"] as? String
                == "could not check missing dir/50%.rec: No such file or directory")
        let clean = try #require(
            try JSONSerialization.jsonObject(with: Data(ReportFormat.sarif.reporter().render(Self.report).utf8)) as? [String: Any]
        )
        let cleanInvocation = try #require(
            ((clean["runs"] as? [[String: Any]])?.first?["invocations"] as? [[String: Any]])?.first)
        #expect(cleanInvocation["executionSuccessful"] as? Bool == true)
    }

    @Test func pathsBecomeURIReferences() {
        #expect(SARIFReporter.uriReference("train/part-0.rec") == "train/part-0.rec")
        #expect(SARIFReporter.uriReference("/abs/a b.rec") == "/abs/a%20b.rec")
        #expect(SARIFReporter.uriReference("c:x?y") == "c%3Ax%3Fy")
        #expect(SARIFReporter.uriReference("//server/x") == "file:////server/x")
    }

    /// Every golden SARIF file is valid against the OASIS SARIF 2.1.0 schema.
    @Test(.enabled(if: SARIFSchema.python != nil, Comment(rawValue: SARIFSchema.unavailable)))
    func sarifValidationIsAvailableAndGoldenFilesAreValid() throws {
        for report in [Self.report, Self.oddPathsReport] {
            #expect(try SARIFSchema.violations(ReportFormat.sarif.reporter().render(report)) == nil)
        }
        // The validator does reject a path that is not a URI reference.
        let bad = ReportFormat.sarif.reporter().render(Self.report).replacingOccurrences(
            of: "\"train.rec\"", with: "\"a b%.rec\"")
        let python = try #require(SARIFSchema.python)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, SARIFSchema.directory.appendingPathComponent("validate.py").path]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = Pipe()
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(bad.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
    }

    private func compare(_ report: Report, format: String, golden name: String) throws {
        let rendered = ReportFormat(rawValue: format)!.reporter().render(report)
        if format == "sarif" { #expect(try SARIFSchema.violations(rendered) == nil) }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).\(format)")
        if ProcessInfo.processInfo.environment["RECORDLINT_UPDATE_GOLDEN"] == "1" {
            try Data(rendered.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == golden, "\(format) differs from Golden/\(name).\(format):\n\(Self.diff(golden, rendered))")
    }

    /// The lines that differ, as `-golden` / `+rendered`.
    static func diff(_ golden: String, _ rendered: String) -> String {
        let old = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let new = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for index in 0..<max(old.count, new.count) {
            let before = index < old.count ? String(old[index]) : nil
            let after = index < new.count ? String(new[index]) : nil
            if before != after {
                if let before { lines.append("-\(before)") }
                if let after { lines.append("+\(after)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
