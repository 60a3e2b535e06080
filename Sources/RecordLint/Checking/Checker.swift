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
    /// `onFindings` receives the listed findings as soon as they are certain:
    /// in report order, input by input, and exactly the report's `findings` in all.
    public func check(
        _ inputs: [ScanInput], extraFindings: [Finding] = [], unchecked: [Report.UncheckedInput] = [],
        featureDimSource: String = "--feature-dim", notes: [String] = [],
        progress: (@Sendable (Int) -> Void)? = nil, onFindings: ([Finding]) -> Void = { _ in }
    ) -> Report {
        let started = ContinuousClock.now
        var files: [Report.FileReport] = []
        var shown: [Finding] = []
        var ruleCounts = [Int](repeating: 0, count: RuleID.allCases.count)
        var failures = unchecked
        var offending: [String: [Int]] = [:]
        // Findings about other files come first, then each input's in order: the report's order.
        func list(_ findings: [Finding]) {
            let fresh = Array(findings.prefix(max(0, configuration.listingLimit - shown.count)))
            shown += fresh
            if !fresh.isEmpty { onFindings(fresh) }
        }
        for finding in extraFindings { ruleCounts[finding.rule.order] += 1 }
        list(Finding.inReportOrder(extraFindings, fileOrder: [:]))
        var counts = Hints.Counts()
        Scanner(configuration: configuration).scan(inputs, progress: progress) { scan in
            if let failure = scan.failure {
                failures.append(Report.UncheckedInput(path: failure.path, reason: failure.reason))
                return
            }
            let findings = scan.tally.findings
            files.append(
                Report.FileReport(
                    path: scan.input.displayName, bytes: scan.bytes, records: scan.tally.records,
                    errors: findings.errors, warnings: findings.warnings, dimensions: DimensionHistogram(scan.tally.dimensions)))
            if configuration.collectsOffendingRecords { offending[scan.input.displayName] = findings.offendingRecords }
            for index in ruleCounts.indices { ruleCounts[index] += findings.ruleCounts[index] }
            counts.add(scan.tally)
            list(Finding.inReportOrder(findings.listed, fileOrder: [:]).map(Self.naming))
        }
        let errors = files.reduce(0) { $0 + $1.errors } + extraFindings.count { $0.severity == .error }
        let warnings = files.reduce(0) { $0 + $1.warnings } + extraFindings.count { $0.severity == .warning }
        let elapsed = ContinuousClock.now - started
        let summary = Report.Summary(
            files: files.count, records: files.reduce(0) { $0 + $1.records }, bytes: files.reduce(0) { $0 + $1.bytes },
            errors: errors, warnings: warnings, listed: shown.count, truncated: shown.count < errors + warnings,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds / 1_000_000_000_000_000) / 1000,
            rules: Dictionary(
                uniqueKeysWithValues: RuleID.allCases.compactMap { rule in
                    ruleCounts[rule.order] > 0 ? (rule.rawValue, ruleCounts[rule.order]) : nil
                }))
        return Report(
            settings: defaultSettings, files: files, findings: shown,
            hints: notes + Hints.compute(counts, featureDim: configuration.featureDim, featureDimSource: featureDimSource),
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
