/// Collects the findings of one stretch of the scan: exact counts per rule,
/// and the findings themselves up to the listing limit.
///
/// Findings arrive in record order. Once the limit is reached, only further
/// findings of the last listed record are kept, so that sorting by rule and
/// cutting at the end picks the same findings as a sequential walk would.
struct FindingCollector: Sendable {
    /// How many findings to keep (`Int.max` for all).
    let limit: Int
    /// The findings listed and not yet taken (`takeListed`).
    private(set) var listed: [Finding] = []
    /// How many findings were listed, taken ones included.
    private(set) var listedCount = 0
    /// The record of the last finding listed.
    private var lastListedRecord: Int?
    private(set) var ruleCounts = [Int](repeating: 0, count: RuleID.allCases.count)
    private(set) var errors = 0
    private(set) var warnings = 0
    /// Indices of records with a finding of at least `offendingSeverity`, in order (kept only when asked for).
    private(set) var offendingRecords: [Int] = []
    /// The least severity that makes a record offending; `nil` keeps none.
    let offendingSeverity: Severity?
    var keepsOffendingRecords: Bool { offendingSeverity != nil }

    init(limit: Int, offendingSeverity: Severity?) {
        self.limit = limit
        self.offendingSeverity = offendingSeverity
    }

    /// Counts a finding and lists it when there is room; `make` runs only then.
    mutating func add(_ rule: RuleID, _ severity: Severity, record: Int?, make: () -> Finding) {
        ruleCounts[rule.order] += 1
        if severity == .error { errors += 1 } else { warnings += 1 }
        if let offendingSeverity, severity >= offendingSeverity, let record, offendingRecords.last != record {
            offendingRecords.append(record)
        }
        if hasRoom(for: record) { list(make()) }
    }

    private func hasRoom(for record: Int?) -> Bool {
        listedCount < limit || (record != nil && lastListedRecord == record)
    }

    private mutating func list(_ finding: Finding) {
        listed.append(finding)
        listedCount += 1
        lastListedRecord = finding.record
    }

    /// Hands over the findings listed so far (they are final) and keeps only their count.
    mutating func takeListed() -> [Finding] {
        defer { listed = [] }
        return listed
    }

    /// Appends what a later stretch of the same file found, its record indices shifted by `indexOffset`.
    mutating func append(_ other: FindingCollector, indexOffset: Int) {
        for index in ruleCounts.indices { ruleCounts[index] += other.ruleCounts[index] }
        errors += other.errors
        warnings += other.warnings
        if keepsOffendingRecords {
            for record in other.offendingRecords where offendingRecords.last != record + indexOffset {
                offendingRecords.append(record + indexOffset)
            }
        }
        for var finding in other.listed {
            finding.record = finding.record.map { $0 + indexOffset }
            guard hasRoom(for: finding.record) else { break }
            list(finding)
        }
    }

    /// Counts findings that are never listed (they lie past the listing limit).
    mutating func countUnlisted(_ rule: RuleID, _ severity: Severity, times: Int) {
        ruleCounts[rule.order] += times
        if severity == .error { errors += times } else { warnings += times }
    }

    /// Merges findings of the same file decided after the scan (file-level
    /// rules), whose records interleave with the ones already here.
    mutating func merge(interleaved other: FindingCollector) {
        for index in ruleCounts.indices { ruleCounts[index] += other.ruleCounts[index] }
        errors += other.errors
        warnings += other.warnings
        if keepsOffendingRecords {
            offendingRecords = Array(Set(offendingRecords).union(other.offendingRecords)).sorted()
        }
        listed = Finding.inReportOrder(listed + other.listed, fileOrder: [:])
        var kept = 0
        while kept < listed.count, kept < limit || listed[kept].record == listed[kept - 1].record { kept += 1 }
        listed.removeLast(listed.count - kept)
        listedCount = listed.count
        lastListedRecord = listed.last?.record
    }
}
