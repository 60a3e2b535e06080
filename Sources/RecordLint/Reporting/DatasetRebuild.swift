/// `merge`'s dataset-level dimension rule (SPEC.md, "Whole datasets"): the
/// dataset's most common dimension is decided again over every report's files.
/// A shard whose own files' most common dimension is another one was checked
/// against that one, so its `inconsistent-dimension` findings are rebuilt from
/// the first records of each dimension its report carries
/// (`dimensionRecords`, written by `check --shard`), its counts adjusted, and
/// the message of every such finding says what one check would have said.
/// Where a rebuilt listing could miss a finding one check would have listed, the
/// merge is refused rather than short.
struct DatasetRebuild {
    /// The dataset's dimensions over all the reports' files (standard input aside).
    let dataset: DatasetDimensions
    /// The reports, the ones checked against another dimension rebuilt.
    private(set) var reports: [(name: String, report: Report)]
    /// Where a rebuilt report's listing may stop being complete.
    private var horizons: [Horizon] = []

    /// A point in report order up to which a rebuilt report lists everything.
    private struct Horizon {
        let report: String
        let file: String
        let record: Int
        /// Whether the findings of `record` itself are all there.
        let inclusive: Bool
    }

    private static let stdin = ScanInput.standardInput.displayName

    private static func dimensions(of files: [Report.FileReport]) -> DatasetDimensions? {
        DatasetDimensions(files.filter { $0.path != stdin }.map { ($0.path, $0.dimensions.counts) })
    }

    /// `nil` when no file has a record with a dimension.
    init?(_ reports: [(name: String, report: Report)], limit: Int) throws(MergeError) {
        guard let whole = Self.dimensions(of: reports.flatMap(\.report.files)) else { return nil }
        dataset = whole
        self.reports = reports
        // Validated: the algorithm is one recordlint knows.
        let algorithm = Algorithm(rawValue: reports[0].report.settings.algorithm) ?? .generic
        let severity = algorithm.profile.severity(of: .inconsistentDimension)
        for position in reports.indices {
            let (name, original) = reports[position]
            guard let own = Self.dimensions(of: original.files), own.mode != whole.mode else { continue }
            var report = original
            let dataFiles = report.files.indices.filter {
                report.files[$0].path != Self.stdin && !report.files[$0].dimensions.counts.isEmpty
            }
            let odd = whole.differing.map(\.path).filter(Set(report.files.map(\.path)).contains)
            if dataFiles.contains(where: { report.files[$0].dimensionRecords == nil }) {
                throw MergeError(
                    description:
                        "the dataset's most common dimension is \(whole.mode), but \(name) was checked against \(own.mode), the most common of its own files (\(odd.prefix(5).joined(separator: ", "))), and it does not carry their records (reports of check --shard do); run the shards with --shard I/N, or with --feature-dim \(whole.mode)"
                )
            }
            // The listing is cut, and findings of other rules may lie past the cut: the shard lists
            // everything up to its last listed finding, no more.
            let dimensionRule = RuleID.inconsistentDimension
            let otherRules = report.summary.rules.filter { $0.key != dimensionRule.rawValue }.values.reduce(0, +)
            if report.summary.truncated, report.findings.count { $0.rule != dimensionRule } < otherRules,
                let last = report.findings.last
            {
                horizons.append(Horizon(report: name, file: last.file, record: last.record ?? -1, inclusive: false))
            }
            let dataPaths = Set(dataFiles.map { report.files[$0].path })
            report.findings.removeAll { $0.rule == .inconsistentDimension && dataPaths.contains($0.file) }
            var delta = 0
            for index in dataFiles {
                let file = report.files[index]
                let counts = file.dimensions.counts
                let before = counts.filter { $0.key != own.mode }.reduce(0) { $0 + $1.value }
                let after = counts.filter { $0.key != whole.mode }.reduce(0) { $0 + $1.value }
                if let expectation = whole.expectation(for: counts, fileRecords: file.records),
                    let records = file.dimensionRecords
                {
                    for (dimension, count) in counts.sorted(by: { $0.key < $1.key }) where dimension != whole.mode {
                        let wanted = limit == 0 ? count : min(count, limit)
                        let references = records.references(of: dimension, limit: wanted)
                        report.findings += references.map { reference in
                            Finding(
                                rule: .inconsistentDimension, severity: severity, file: file.path,
                                record: reference.record, offset: reference.offset, uid: reference.uid,
                                message: expectation.message(for: dimension), expected: whole.mode, actual: dimension)
                        }
                        if references.count < wanted {
                            horizons.append(
                                Horizon(
                                    report: name, file: file.path, record: references.last?.record ?? -1, inclusive: true))
                        }
                    }
                }
                if severity == .error {
                    report.files[index].errors += after - before
                } else {
                    report.files[index].warnings += after - before
                }
                delta += after - before
            }
            let rule = RuleID.inconsistentDimension.rawValue
            report.summary.rules[rule] = report.summary.rules[rule, default: 0] + delta
            if severity == .error { report.summary.errors += delta } else { report.summary.warnings += delta }
            self.reports[position].report = report
        }
    }

    /// Gives every `inconsistent-dimension` finding of a file in the dataset the
    /// message and expected dimension one check over all the files would have given.
    func rewriteMessages(of findings: inout [Finding], files: [Report.FileReport]) {
        let byPath = Dictionary(files.map { ($0.path, $0) }) { first, _ in first }
        for index in findings.indices where findings[index].rule == .inconsistentDimension {
            guard findings[index].file != Self.stdin, let file = byPath[findings[index].file],
                let actual = findings[index].actual,
                let expectation = dataset.expectation(for: file.dimensions.counts, fileRecords: file.records)
            else { continue }
            findings[index].message = expectation.message(for: actual)
            findings[index].expected = expectation.mode
        }
    }

    /// Why the merged listing (`shown`, cut at `limit`) could miss a finding a
    /// rebuilt report did not carry, or `nil` when it is exact.
    func incomplete(listing shown: [Finding], limit: Int, fileOrder: [String: Int]) -> String? {
        func position(_ file: String, _ record: Int?) -> (Int, Int) { (fileOrder[file] ?? -1, record ?? -1) }
        let end = limit > 0 && shown.count == limit ? shown.last.map { position($0.file, $0.record) } : nil
        for horizon in horizons {
            let point = position(horizon.file, horizon.record)
            if let end, horizon.inclusive ? point >= end : point > end { continue }
            return
                "\(horizon.report) lists too few of its records for an exact merge (it stops at record \(horizon.record) of \(horizon.file)), because the dataset's most common dimension (\(dataset.mode)) is not that of its own files; run the shards with a larger --max-findings, or with --feature-dim \(dataset.mode)"
        }
        return nil
    }
}
