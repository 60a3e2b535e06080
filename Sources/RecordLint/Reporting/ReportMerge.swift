/// Why reports cannot be merged into the report one check would have given;
/// the message names the reports.
public struct MergeError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, naming the reports.
    public let description: String
}

/// `recordlint merge`: combines the JSON reports of shard workers into exactly
/// the report one check over all their files would have written (SPEC.md,
/// `merge`): files in byte order of their paths, findings sorted and listed up
/// to the limit, counts summed, the dataset-level dimension rule and the hints
/// decided again from the merged counts (never copied). Findings about other
/// files (the hyperparameters, which every shard validated) count once.
///
/// It refuses what it cannot merge without lying: a report that is not one a
/// check could have written, the same file in two reports, reports made with
/// settings that decide findings differently, an incomplete shard set, a
/// listing longer than the shards listed, and shards whose own most common
/// dimension is not the dataset's (their findings are relative to another one).
public enum ReportMerge {
    /// Merges `reports`, each named for messages (its path); `maxFindings`
    /// (0 = all) defaults to the shortest listing of the reports.
    public static func merge(_ reports: [(name: String, report: Report)], maxFindings: Int? = nil) throws(MergeError)
        -> Report
    {
        guard let first = reports.first else { throw MergeError(description: "there is no report to merge") }
        for (name, report) in reports {
            if let problem = ReportValidation.problem(with: report) {
                throw MergeError(description: "\(name) is not a report check could have written: \(problem)")
            }
        }
        try checkSettings(reports)
        try checkShards(reports)
        try checkFiles(reports)
        let limit = try listingLimit(reports, requested: maxFindings)

        var settings = first.report.settings
        settings.maxFindings = limit
        do {
            let files = reports.flatMap(\.report.files)
            _ = try ReportValidation.total(files.map(\.records), of: "the reports' records")
            _ = try ReportValidation.total(files.map(\.bytes), of: "the reports' bytes")
            _ = try ReportValidation.total(reports.map { $0.report.summary.errors }, of: "the reports' errors")
            _ = try ReportValidation.total(reports.map { $0.report.summary.warnings }, of: "the reports' warnings")
        } catch {
            throw MergeError(description: "the reports cannot be added up: \(error.description)")
        }
        let rebuilt = settings.featureDim == nil ? try DatasetRebuild(reports, limit: limit) : nil
        let rebuiltReports = rebuilt?.reports ?? reports
        let files = rebuiltReports.flatMap(\.report.files).sorted {
            Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8))
        }
        let fileOrder = Dictionary(files.enumerated().map { ($0.element.path, $0.offset) }) { first, _ in first }
        let isOther = { (finding: Finding) in fileOrder[finding.file] == nil }

        // Findings about other files (the hyperparameters) count once; channel findings are
        // decided again on the merged files, each report's own taken out.
        let isShared = { (finding: Finding) in isOther(finding) && !finding.rule.isChannelRule }
        var others: [Finding] = []
        for finding in rebuiltReports.flatMap(\.report.findings) where isShared(finding) && !others.contains(finding) {
            others.append(finding)
        }
        var rules: [String: Int] = [:]
        for (_, report) in rebuiltReports {
            for (rule, count) in report.summary.rules { rules[rule, default: 0] += count }
            for finding in report.findings where isShared(finding) { rules[finding.rule.rawValue, default: 0] -= 1 }
            for finding in ChannelRules.findings(files: report.files, settings: report.settings) {
                rules[finding.rule.rawValue, default: 0] -= 1
            }
        }
        let channelFindings = ChannelRules.findings(files: files, settings: settings)
        for finding in others + channelFindings { rules[finding.rule.rawValue, default: 0] += 1 }

        var data = rebuiltReports.flatMap(\.report.findings).filter { !isOther($0) }
        rebuilt?.rewriteMessages(of: &data, files: files)
        let findings = Finding.inReportOrder(others + data + channelFindings, fileOrder: fileOrder)
        let shown = Array(findings.prefix(limit == 0 ? Int.max : limit))
        if let rebuilt, let short = rebuilt.incomplete(listing: shown, limit: limit, fileOrder: fileOrder) {
            throw MergeError(description: short)
        }
        let errors = files.reduce(0) { $0 + $1.errors } + (others + channelFindings).count { $0.severity == .error }
        let warnings = files.reduce(0) { $0 + $1.warnings } + (others + channelFindings).count { $0.severity == .warning }
        var unchecked: [Report.UncheckedInput] = []
        for input in reports.flatMap(\.report.unchecked) where !unchecked.contains(input) { unchecked.append(input) }
        let hints = Hints.compute(
            settings: settings, counts: Hints.Counts(files) { files[$0].path != ScanInput.standardInput.displayName })
        let summary = Report.Summary(
            files: files.count, records: files.reduce(0) { $0 + $1.records }, bytes: files.reduce(0) { $0 + $1.bytes },
            errors: errors, warnings: warnings, listed: shown.count, truncated: shown.count < errors + warnings,
            seconds: reports.map(\.report.summary.seconds).max() ?? 0, rules: rules.filter { $0.value > 0 })
        var strippedFiles = files
        for index in strippedFiles.indices { strippedFiles[index].dimensionRecords = nil }
        return Report(
            settings: settings, files: strippedFiles, findings: shown, hints: hints, summary: summary, unchecked: unchecked)
    }

    /// Reports made with settings that decide findings differently cannot be merged.
    private static func checkSettings(_ reports: [(name: String, report: Report)]) throws(MergeError) {
        let first = reports[0]
        let expected = first.report.settings.decidingFindings
        for (name, report) in reports.dropFirst() {
            let settings = report.settings.decidingFindings
            guard let difference = zip(expected, settings).first(where: { $0 != $1 }) else { continue }
            throw MergeError(
                description:
                    "\(first.name) and \(name) were made with different settings (\(difference.0) against \(difference.1)); a merge of them is no one check's report"
            )
        }
    }

    /// The same file checked in two reports would be counted twice.
    private static func checkFiles(_ reports: [(name: String, report: Report)]) throws(MergeError) {
        var owner: [String: String] = [:]
        for (name, report) in reports {
            for path in Set(report.files.map(\.path)) {
                if let other = owner[path] {
                    throw MergeError(
                        description:
                            "\(path) was checked in both \(other) and \(name); each file must be in one report (was a report given twice?)"
                    )
                }
                owner[path] = name
            }
        }
    }

    /// When the reports say which shards they are, they must be all shards of one run, each once.
    private static func checkShards(_ reports: [(name: String, report: Report)]) throws(MergeError) {
        let sharded = reports.filter { $0.report.shard != nil }
        guard let first = sharded.first, let set = first.report.shard else { return }
        if let plain = reports.first(where: { $0.report.shard == nil }) {
            throw MergeError(
                description: "\(first.name) is shard \(set.index) of \(set.count) but \(plain.name) is no shard's report")
        }
        var byIndex: [Int: String] = [:]
        for (name, report) in sharded {
            let shard = report.shard!
            guard shard.count == set.count, shard.fingerprint == set.fingerprint, shard.files == set.files else {
                throw MergeError(
                    description:
                        "\(first.name) and \(name) are shards of different runs (\(describe(set)) against \(describe(shard))): the workers did not see the same file list"
                )
            }
            if let other = byIndex[shard.index] {
                throw MergeError(description: "\(other) and \(name) are both shard \(shard.index) of \(shard.count)")
            }
            byIndex[shard.index] = name
        }
        let missing = (0..<set.count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let shown = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", ..." : "")
            throw MergeError(
                description:
                    "the shard set is incomplete: \(reports.count) of \(set.count) reports given (\(reports.map(\.name).joined(separator: ", "))); shards \(shown) are missing"
            )
        }
    }

    private static func describe(_ shard: Report.ShardSet) -> String {
        "\(shard.count) shards"
            + (shard.files.map { " of a list of \($0) files, fingerprint \(shard.fingerprint ?? "none")" }
                ?? " of files delivered to each worker")
    }

    /// The merged listing limit (0 = all): at most what every report listed, or the
    /// merged listing would miss findings a shard never listed.
    private static func listingLimit(_ reports: [(name: String, report: Report)], requested: Int?) throws(MergeError) -> Int {
        let shortest = reports.min { a, b in
            let x = a.report.settings.maxFindings
            let y = b.report.settings.maxFindings
            return x != 0 && (y == 0 || x < y)
        }!
        let listed = shortest.report.settings.maxFindings
        guard let requested else { return listed }
        if listed != 0, requested == 0 || requested > listed {
            throw MergeError(
                description:
                    "--max-findings \(requested) asks for more findings than \(shortest.name) listed (its --max-findings was \(listed)); run the shards with a larger --max-findings"
            )
        }
        return requested
    }
}
