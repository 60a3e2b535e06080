/// Checks recordio-protobuf inputs and builds the report: the entry point of
/// the library. It owns the whole request: the hyperparameters file is read
/// and validated here, and the report's settings are made here.
public struct Checker: Sendable {
    /// What was asked for.
    public let configuration: CheckConfiguration
    /// The hyperparameters file's findings and what it feeds the data rules.
    private let setup: HyperparameterSetup

    /// Creates a checker; reads and validates `configuration.hyperparametersFile` when set.
    public init(configuration: CheckConfiguration) {
        self.configuration = configuration
        setup = HyperparameterSetup(configuration)
    }

    /// Things the user should know before the scan (they also lead the report's hints).
    public var notes: [String] { setup.notes }

    /// The settings the report shows: what the data was checked against.
    public var settings: Report.Settings {
        let resolved = setup.configuration
        var sources = resolved.sources
        if resolved.featureDim != nil, sources["featureDim"] == nil, setup.featureDimFromFile {
            sources["featureDim"] = "hyperparameters"
        }
        return Report.Settings(
            featureDim: resolved.featureDim, algorithm: resolved.algorithm.rawValue, jobs: resolved.jobs,
            maxFindings: resolved.maxFindings, strict: resolved.strict, predictorType: resolved.predictorType,
            numClasses: resolved.numClasses, hyperparameters: resolved.hyperparametersFile,
            sources: sources.isEmpty ? nil : sources,
            channels: resolved.channelPaths.isEmpty
                ? nil : Dictionary(uniqueKeysWithValues: resolved.channelPaths.map { ($0.key.rawValue, $0.value) }),
            miniBatchSize: resolved.miniBatchSize, notes: setup.notes.isEmpty ? nil : setup.notes)
    }

    /// Scans `inputs` (in parallel when `configuration.jobs` > 1) and returns the
    /// report. Inputs already known to be unreadable (`unchecked`) are folded in.
    ///
    /// With `onFinding`, each listed finding is passed on as soon as it is
    /// final, in report order, and the report's `findings` stay empty, so that
    /// memory does not grow with the number listed; without it, the report
    /// holds them.
    public func check(
        _ inputs: [ScanInput], unchecked: [Report.UncheckedInput] = [],
        progress: (@Sendable (Int) -> Void)? = nil, onFinding: ((Finding) -> Void)? = nil
    ) -> Report {
        let started = ContinuousClock.now
        let configuration = setup.configuration
        var files: [Report.FileReport] = []
        var kept: [Finding] = []
        var listed = 0
        var ruleCounts = [Int](repeating: 0, count: RuleID.allCases.count)
        var failures = setup.unchecked + unchecked
        var offending: [String: [Int]] = [:]
        // Findings about the hyperparameters file come first, then each input's in order: the report's order.
        func list(_ findings: [Finding]) {
            for var finding in findings.prefix(max(0, configuration.listingLimit - listed)) {
                listed += 1
                if finding.channel == nil { finding.channel = configuration.channels[finding.file]?.rawValue }
                if let onFinding { onFinding(finding) } else { kept.append(finding) }
            }
        }
        for finding in setup.findings { ruleCounts[finding.rule.order] += 1 }
        list(Finding.inReportOrder(setup.findings, fileOrder: [:]))
        var inDataset = Set<Int>()
        let scanner = Scanner(configuration: configuration)
        // Findings handed over early are final and in report order within their file.
        scanner.scan(
            inputs, progress: progress,
            onFindings: onFinding == nil ? nil : { list(Finding.inReportOrder($0, fileOrder: [:])) }
        ) { scan in
            if let failure = scan.failure {
                failures.append(Report.UncheckedInput(path: failure.path, reason: failure.reason))
                return
            }
            let findings = scan.tally.findings
            files.append(
                Report.FileReport(
                    path: scan.input.displayName, channel: configuration.channels[scan.input.displayName]?.rawValue,
                    bytes: scan.bytes, records: scan.tally.records,
                    errors: findings.errors, warnings: findings.warnings, dimensions: DimensionHistogram(scan.tally.dimensions),
                    mismatched: scan.tally.mismatchedDimensions.isEmpty
                        ? nil : DimensionHistogram(scan.tally.mismatchedDimensions),
                    labelColumns: scan.tally.labelColumns.counts,
                    dimensionRecords: configuration.recordsDimensionRecords && configuration.featureDim == nil
                        && scan.input.path != nil
                        ? DimensionRecords(scan.tally.dimensionMembers, limit: configuration.dimensionRecordLimit) : nil))
            if Scanner.rereadableFiles([scan.input]).count == 1 { inDataset.insert(files.count - 1) }
            if configuration.collectsOffendingRecords { offending[scan.input.displayName] = findings.offendingRecords }
            for index in ruleCounts.indices { ruleCounts[index] += findings.ruleCounts[index] }
            list(Finding.inReportOrder(findings.listed, fileOrder: [:]))
        }
        // Channel rules run on the files' counts at the end, as merge runs them; their findings come last.
        let channelFindings = ChannelRules.findings(files: files, settings: settings)
        for finding in channelFindings { ruleCounts[finding.rule.order] += 1 }
        list(channelFindings)
        let others = setup.findings + channelFindings
        let errors = files.reduce(0) { $0 + $1.errors } + others.count { $0.severity == .error }
        let warnings = files.reduce(0) { $0 + $1.warnings } + others.count { $0.severity == .warning }
        let elapsed = ContinuousClock.now - started
        let summary = Report.Summary(
            files: files.count, records: files.reduce(0) { $0 + $1.records }, bytes: files.reduce(0) { $0 + $1.bytes },
            errors: errors, warnings: warnings, listed: listed, truncated: listed < errors + warnings,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds / 1_000_000_000_000_000) / 1000,
            rules: Dictionary(
                uniqueKeysWithValues: RuleID.allCases.compactMap { rule in
                    ruleCounts[rule.order] > 0 ? (rule.rawValue, ruleCounts[rule.order]) : nil
                }))
        return Report(
            settings: settings, files: files, findings: kept,
            hints: Hints.compute(
                settings: settings,
                counts: Hints.Counts(files, inDataset: inDataset.contains)),
            summary: summary, unchecked: failures, offendingRecords: offending)
    }
}
