/// `recordlint merge`: combines the JSON reports of shard workers into one,
/// as a single check over all their files would have written it: files in
/// byte order of their paths, findings sorted and listed up to the limit,
/// counts summed, hints and unchecked inputs joined. Findings about other
/// files (the hyperparameters, which every shard validated) count once.
public enum ReportMerge {
    /// Merges `reports`; `maxFindings` (0 = all) overrides the first report's listing limit.
    public static func merge(_ reports: [Report], maxFindings: Int? = nil) -> Report {
        precondition(!reports.isEmpty, "merge needs at least one report")
        var settings = reports[0].settings
        settings.maxFindings = maxFindings ?? settings.maxFindings
        settings.strict = reports.contains { $0.settings.strict }
        let files = reports.flatMap(\.files).sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        let fileOrder = Dictionary(files.enumerated().map { ($0.element.path, $0.offset) }) { first, _ in first }
        let isOther = { (finding: Finding) in fileOrder[finding.file] == nil }

        var others: [Finding] = []
        for finding in reports.flatMap(\.findings) where isOther(finding) && !others.contains(finding) {
            others.append(finding)
        }
        var rules: [String: Int] = [:]
        for report in reports {
            for (rule, count) in report.summary.rules { rules[rule, default: 0] += count }
            for finding in report.findings where isOther(finding) { rules[finding.rule.rawValue, default: 0] -= 1 }
        }
        for finding in others { rules[finding.rule.rawValue, default: 0] += 1 }

        let findings = Finding.inReportOrder(others + reports.flatMap(\.findings).filter { !isOther($0) }, fileOrder: fileOrder)
        let shown = Array(findings.prefix(settings.maxFindings == 0 ? Int.max : settings.maxFindings))
        let errors = files.reduce(0) { $0 + $1.errors } + others.count { $0.severity == .error }
        let warnings = files.reduce(0) { $0 + $1.warnings } + others.count { $0.severity == .warning }
        var hints: [String] = []
        for hint in reports.flatMap(\.hints) where !hints.contains(hint) { hints.append(hint) }
        var unchecked: [Report.UncheckedInput] = []
        for input in reports.flatMap(\.unchecked) where !unchecked.contains(input) { unchecked.append(input) }
        let summary = Report.Summary(
            files: files.count, records: files.reduce(0) { $0 + $1.records }, bytes: files.reduce(0) { $0 + $1.bytes },
            errors: errors, warnings: warnings, listed: shown.count, truncated: shown.count < errors + warnings,
            seconds: reports.map(\.summary.seconds).max() ?? 0, rules: rules.filter { $0.value > 0 })
        return Report(settings: settings, files: files, findings: shown, hints: hints, summary: summary, unchecked: unchecked)
    }
}
