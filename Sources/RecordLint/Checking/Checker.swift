#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks recordio-protobuf inputs and builds the report: the entry point of
/// the library.
public struct Checker: Sendable {
    /// What to check and how.
    public let configuration: CheckConfiguration

    /// Creates a checker.
    public init(configuration: CheckConfiguration) {
        self.configuration = configuration
    }

    /// Scans `inputs` (in parallel when `configuration.jobs` > 1) and returns
    /// the report. Findings about other inputs (a hyperparameters file) and
    /// inputs already known to be unreadable are folded in; `notes` lead the hints,
    /// and `featureDimSource` says in them where feature_dim came from.
    public func check(
        _ inputs: [ScanInput], extraFindings: [Finding] = [], unchecked: [Report.UncheckedInput] = [],
        settings: Report.Settings? = nil, featureDimSource: String = "--feature-dim", notes: [String] = [],
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> Report {
        let started = Date()
        let scans = Scanner(configuration: configuration).scan(inputs, progress: progress)
        var files: [Report.FileReport] = []
        var listed: [Finding] = []
        var ruleCounts = [Int](repeating: 0, count: RuleID.allCases.count)
        var failures = unchecked
        var offending: [String: [Int]] = [:]
        for scan in scans {
            if let failure = scan.failure {
                failures.append(Report.UncheckedInput(path: failure.path, reason: failure.reason))
                continue
            }
            let findings = scan.tally.findings
            files.append(Report.FileReport(
                path: scan.input.displayName, bytes: scan.bytes, records: scan.tally.records,
                errors: findings.errors, warnings: findings.warnings, dimensions: DimensionHistogram(scan.tally.dimensions)))
            listed += findings.listed
            if configuration.collectsOffendingRecords { offending[scan.input.displayName] = findings.offendingRecords }
            for index in ruleCounts.indices { ruleCounts[index] += findings.ruleCounts[index] }
        }
        for finding in extraFindings { ruleCounts[finding.rule.order] += 1 }
        let fileOrder = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($0.element.path, $0.offset) })
        let ordered = Finding.inReportOrder(extraFindings + listed, fileOrder: fileOrder).map(Self.naming)
        let shown = Array(ordered.prefix(configuration.listingLimit))
        let errors = files.reduce(0) { $0 + $1.errors } + extraFindings.count { $0.severity == .error }
        let warnings = files.reduce(0) { $0 + $1.warnings } + extraFindings.count { $0.severity == .warning }
        let summary = Report.Summary(
            files: files.count, records: files.reduce(0) { $0 + $1.records }, bytes: files.reduce(0) { $0 + $1.bytes },
            errors: errors, warnings: warnings, listed: shown.count, truncated: shown.count < errors + warnings,
            seconds: (Date().timeIntervalSince(started) * 1000).rounded() / 1000,
            rules: Dictionary(uniqueKeysWithValues: RuleID.allCases.compactMap { rule in
                ruleCounts[rule.order] > 0 ? (rule.rawValue, ruleCounts[rule.order]) : nil
            }))
        return Report(
            settings: settings ?? defaultSettings, files: files, findings: shown,
            hints: notes + Hints.compute(scans: scans, featureDim: configuration.featureDim, featureDimSource: featureDimSource),
            summary: summary, unchecked: failures, offendingRecords: offending)
    }

    /// The settings a report shows when the caller gives none.
    var defaultSettings: Report.Settings {
        Report.Settings(
            featureDim: configuration.featureDim, algorithm: configuration.algorithm.rawValue, jobs: configuration.jobs,
            maxFindings: configuration.maxFindings, strict: false, predictorType: configuration.predictorType,
            numClasses: configuration.numClasses, hyperparameters: nil)
    }

    /// Puts the record's name at the front of a record finding's message, now that its index is final.
    private static func naming(_ finding: Finding) -> Finding {
        guard let record = finding.record else { return finding }
        var named = finding
        named.message = "record \(record) \(finding.message)"
        return named
    }
}
