/// Checks that a JSON report read back (by `merge`) is one `check` could have
/// written before anything is added up: the version, every count in range and
/// not negative, and the counts agreeing with each other and with the
/// findings listed. Sums are computed with overflow checks, so a hostile
/// report is refused, never a trap.
enum ReportValidation {
    /// The longest a check can plausibly have run, in seconds (about 31 years).
    static let maximumSeconds = 1e9

    /// What is wrong with `report`, or `nil` when nothing is.
    static func problem(with report: Report) -> String? {
        do {
            try validate(report)
            return nil
        } catch {
            return error.description
        }
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The sum of `values`, or a problem naming `what` when it overflows.
    static func total(_ values: some Sequence<Int>, of what: String) throws(Problem) -> Int {
        var sum = 0
        for value in values {
            let (next, overflow) = sum.addingReportingOverflow(value)
            if overflow { throw Problem("\(what) add up to more than \(Int.max)") }
            sum = next
        }
        return sum
    }

    private static func nonNegative(_ value: Int, _ what: String) throws(Problem) {
        if value < 0 { throw Problem("\(what) is \(value); counts are never negative") }
    }

    static func validate(_ report: Report) throws(Problem) {
        guard report.version == 1 else {
            throw Problem("its version is \(report.version); this recordlint reads version 1 reports")
        }
        try validate(report.settings)
        // One file, one spelling: merge tells the same file in two reports by its path.
        let paths = report.files.map(\.path) + report.findings.map(\.file) + report.unchecked.map(\.path)
        if let path = paths.first(where: { !PathText.isCanonical($0) }) {
            throw Problem(
                "it names the path \"\(path)\", which is not written as recordlint writes paths (bytes that are not UTF-8 and control bytes as \\xNN, a backslash as \\\\)"
            )
        }
        var listedPerFile: [String: (errors: Int, warnings: Int)] = [:]
        var filesByPath: [String: Report.FileReport] = [:]
        for file in report.files {
            try validate(file)
            filesByPath[file.path] = file
        }
        let summary = report.summary
        for (what, value) in [
            ("summary.files", summary.files), ("summary.records", summary.records), ("summary.bytes", summary.bytes),
            ("summary.errors", summary.errors), ("summary.warnings", summary.warnings), ("summary.listed", summary.listed),
        ] {
            try nonNegative(value, what)
        }
        guard summary.seconds.isFinite, summary.seconds >= 0, summary.seconds <= maximumSeconds else {
            throw Problem("summary.seconds is \(summary.seconds), not a plausible duration (0 to \(Int(maximumSeconds)))")
        }
        guard summary.files == report.files.count else {
            throw Problem("summary.files is \(summary.files) but it lists \(report.files.count) files")
        }
        let records = try total(report.files.map(\.records), of: "the files' records")
        let bytes = try total(report.files.map(\.bytes), of: "the files' bytes")
        guard summary.records == records, summary.bytes == bytes else {
            throw Problem(
                "summary.records and summary.bytes (\(summary.records), \(summary.bytes)) are not the files' sums (\(records), \(bytes))"
            )
        }
        let (findings, overflow) = summary.errors.addingReportingOverflow(summary.warnings)
        if overflow { throw Problem("summary.errors and summary.warnings add up to more than \(Int.max)") }
        for (rule, count) in summary.rules {
            guard RuleID(rawValue: rule) != nil else { throw Problem("summary.rules names \"\(rule)\", which is no rule") }
            try nonNegative(count, "summary.rules[\"\(rule)\"]")
        }
        guard try total(summary.rules.values, of: "summary.rules") == findings else {
            throw Problem("summary.rules adds up to another number than summary.errors + summary.warnings (\(findings))")
        }
        let fileErrors = try total(report.files.map(\.errors), of: "the files' errors")
        let fileWarnings = try total(report.files.map(\.warnings), of: "the files' warnings")
        guard fileErrors <= summary.errors, fileWarnings <= summary.warnings else {
            throw Problem("its files hold more errors or warnings than its summary counts")
        }
        guard summary.listed == report.findings.count else {
            throw Problem("summary.listed is \(summary.listed) but it lists \(report.findings.count) findings")
        }
        guard summary.listed <= findings, summary.truncated == (summary.listed < findings) else {
            throw Problem("summary.listed and summary.truncated do not agree with the counts (\(findings) findings)")
        }
        if report.settings.maxFindings > 0, summary.listed > report.settings.maxFindings {
            throw Problem("it lists \(summary.listed) findings, more than its maxFindings (\(report.settings.maxFindings))")
        }
        var listedPerRule: [RuleID: Int] = [:]
        for finding in report.findings {
            listedPerRule[finding.rule, default: 0] += 1
            guard let file = filesByPath[finding.file] else { continue }
            if let record = finding.record, record < 0 || record >= file.records {
                throw Problem("a finding names record \(record) of \(file.path), which has \(file.records) records")
            }
            if let offset = finding.offset, offset < 0 || offset >= file.bytes {
                throw Problem("a finding names offset \(offset) of \(file.path), which has \(file.bytes) bytes")
            }
            var listed = listedPerFile[file.path] ?? (0, 0)
            if finding.severity == .error { listed.errors += 1 } else { listed.warnings += 1 }
            listedPerFile[file.path] = listed
        }
        for (rule, listed) in listedPerRule where listed > summary.rules[rule.rawValue, default: 0] {
            throw Problem("it lists \(listed) \(rule.rawValue) findings but counts \(summary.rules[rule.rawValue, default: 0])")
        }
        for (path, listed) in listedPerFile {
            let file = filesByPath[path]!
            if listed.errors > file.errors || listed.warnings > file.warnings {
                throw Problem("it lists more findings of \(path) than the file's counts say")
            }
        }
        if let shard = report.shard {
            guard shard.count >= 1, shard.index >= 0, shard.index < shard.count, (shard.files ?? 0) >= 0 else {
                throw Problem("its shard entry (\(shard.index) of \(shard.count)) is not a shard")
            }
        }
    }

    private static func validate(_ settings: Report.Settings) throws(Problem) {
        try nonNegative(settings.maxFindings, "settings.maxFindings")
        if settings.jobs < 1 { throw Problem("settings.jobs is \(settings.jobs); at least 1 worker checks") }
        if let featureDim = settings.featureDim, featureDim < 1 {
            throw Problem("settings.featureDim is \(featureDim), not a positive integer")
        }
        if let numClasses = settings.numClasses, numClasses < 1 {
            throw Problem("settings.numClasses is \(numClasses), not a positive integer")
        }
        if Algorithm(rawValue: settings.algorithm) == nil {
            throw Problem("settings.algorithm is \"\(settings.algorithm)\", which is no algorithm")
        }
    }

    private static func validate(_ file: Report.FileReport) throws(Problem) {
        let name = "file \(file.path)"
        for (what, value) in [
            ("bytes", file.bytes), ("records", file.records), ("errors", file.errors), ("warnings", file.warnings),
        ] {
            try nonNegative(value, "\(name): \(what)")
        }
        for (label, histogram) in [("dimensions", file.dimensions), ("mismatched", file.mismatched)] {
            guard let histogram else { continue }
            for (dimension, count) in histogram.counts {
                try nonNegative(dimension, "\(name): a dimension in \(label)")
                try nonNegative(count, "\(name): the count of dimension \(dimension) in \(label)")
            }
            guard try total(histogram.counts.values, of: "\(name): \(label)") <= file.records else {
                throw Problem("\(name): \(label) counts more records than the file's \(file.records)")
            }
        }
        if let records = file.dimensionRecords {
            for (dimension, runs) in records.runs {
                guard let present = file.dimensions.counts[dimension] else {
                    throw Problem("\(name): dimensionRecords names dimension \(dimension), which no record has")
                }
                var named = 0
                for run in runs {
                    let count = run.count ?? 1
                    let stride = run.stride ?? 0
                    let (last, overflow) = stride.multipliedReportingOverflow(by: count - 1)
                    guard run.record >= 0, run.offset >= 0, count >= 1, stride >= 0, !overflow,
                        run.record <= file.records - count, run.offset < file.bytes - last
                    else { throw Problem("\(name): a run of dimensionRecords lies outside the file") }
                    let (sum, sumOverflow) = named.addingReportingOverflow(count)
                    if sumOverflow { throw Problem("\(name): dimensionRecords names more records than there are") }
                    named = sum
                }
                guard named <= present else {
                    throw Problem("\(name): dimensionRecords names more records of dimension \(dimension) than it has")
                }
            }
        }
        if let columns = file.labelColumns {
            try nonNegative(columns.firstMatches, "\(name): labelColumns.firstMatches")
            try nonNegative(columns.lastMatches, "\(name): labelColumns.lastMatches")
            guard columns.labelled <= file.records, columns.firstMatches <= columns.labelled,
                columns.lastMatches <= columns.labelled
            else { throw Problem("\(name): labelColumns counts do not agree with each other") }
        }
    }
}
