import Foundation
import RecordLint
import Testing

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

    @Test(arguments: ["text", "json", "jsonl", "github", "sarif"])
    func matchesGolden(format: String) throws {
        let rendered = ReportFormat(rawValue: format)!.reporter().render(Self.report)
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/report.\(format)")
        if ProcessInfo.processInfo.environment["RECORDLINT_UPDATE_GOLDEN"] == "1" {
            try Data(rendered.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == golden, "\(format) differs from Golden/report.\(format):\n\(Self.diff(golden, rendered))")
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
