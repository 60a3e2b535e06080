/// `inconsistent-dimension`, decided once a whole file is read, in one place:
/// which records of each dimension the tally keeps (`ScanTally.noteDimension`),
/// the second pass that collects the rest when all are wanted, and the
/// findings for the records whose dimension differs from the file's most common one.
enum DimensionTracking {
    /// Walks a file again, when needed, for the records of its uncommon
    /// dimensions: the first pass keeps a bounded number of each.
    static func collectMembers(of input: ScanInput, into scan: inout FileScan, configuration: CheckConfiguration) {
        guard scan.failure == nil,
            let dimensions = dimensionsToCollect(in: scan.tally, configuration: configuration)
        else { return }
        var second = Scanner(configuration: configuration)
        second.memberDimensions = dimensions
        var members: [Int: [RecordReference]]?
        second.scan([input]) { again in
            if again.failure == nil { members = again.tally.dimensionMembers }
        }
        // The most common dimension's members, kept by the first pass, stay.
        for (dimension, list) in members ?? [:] { scan.tally.dimensionMembers[dimension] = list }
    }

    /// The dimensions whose records must be collected by a second pass over
    /// the file: the first pass kept at most `ScanTally.memberCap` of each, and
    /// more are wanted (all of them for `--indices-out` or `--max-findings 0`).
    static func dimensionsToCollect(in tally: ScanTally, configuration: CheckConfiguration) -> Set<Int>? {
        guard configuration.featureDim == nil,
            let mode = DimensionRules.mode(of: tally.dimensions), tally.dimensions.count > 1
        else { return nil }
        let wanted = configuration.collectsOffendingRecords ? Int.max : configuration.listingLimit
        let incomplete = tally.dimensions.contains { dimension, count in
            dimension != mode.key && (tally.dimensionMembers[dimension]?.count ?? 0) < min(count, wanted)
        }
        return incomplete ? Set(tally.dimensions.keys.filter { $0 != mode.key }) : nil
    }

    /// Findings for the records whose dimension differs from the file's most
    /// common one (ties go to the smaller dimension), when no feature_dim is given.
    static func inconsistentDimensions(in tally: inout ScanTally, file: String, configuration: CheckConfiguration) {
        guard configuration.featureDim == nil, tally.dimensions.count > 1,
            let mode = DimensionRules.mode(of: tally.dimensions)
        else { return }
        let severity = configuration.algorithm.profile.severity(of: .inconsistentDimension)
        var odd: [(dimension: Int, member: RecordReference)] = []
        for (dimension, count) in tally.dimensions where dimension != mode.key {
            let members = tally.dimensionMembers[dimension] ?? []
            odd += members.map { (dimension, $0) }
            // Records past the listing limit are counted, not listed.
            tally.findings.countUnlisted(.inconsistentDimension, severity, times: count - members.count)
        }
        odd.sort { $0.member.index < $1.member.index }
        var extra = FindingCollector(limit: tally.findings.limit, offendingSeverity: tally.findings.offendingSeverity)
        for (dimension, member) in odd {
            extra.add(.inconsistentDimension, severity, record: member.index) {
                Finding(
                    rule: .inconsistentDimension, severity: severity, file: file, record: member.index,
                    offset: member.offset, uid: member.uid,
                    message: FileDimensions(mode: mode.key, modeCount: mode.value, records: tally.records).message(
                        for: dimension),
                    expected: mode.key, actual: dimension)
            }
        }
        tally.findings.merge(interleaved: extra)
    }
}

extension DimensionRecords {
    /// Runs from each dimension's records, in order, at most `limit` of each.
    init(_ members: [Int: [RecordReference]], limit: Int) {
        var runs: [Int: [Run]] = [:]
        for (dimension, references) in members {
            var list: [Run] = []
            for reference in references.prefix(limit) {
                if reference.uid == nil, var last = list.last, last.uid == nil {
                    let count = last.count ?? 1
                    let stride = reference.offset - (last.offset + (count - 1) * (last.stride ?? 0))
                    if reference.index == last.record + count, count == 1 || stride == last.stride {
                        last.count = count + 1
                        last.stride = stride
                        list[list.count - 1] = last
                        continue
                    }
                }
                list.append(Run(record: reference.index, offset: reference.offset, uid: reference.uid))
            }
            runs[dimension] = list
        }
        self.init(runs: runs)
    }
}
