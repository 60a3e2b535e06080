/// `dimension-mismatch` per record, and the dimension histogram from which
/// `inconsistent-dimension` is decided once the whole file is read.
enum DimensionRules {
    static func check(_ tensor: TensorView, context: RecordContext, tally: inout ScanTally) {
        if let dimension = tensor.dimension {
            tally.noteDimension(dimension, record: context.index, offset: context.offset, uid: { context.uid })
        }
        guard !tensor.isSparse, let featureDim = context.configuration.featureDim else { return }
        let count = tensor.values.count
        if count != featureDim {
            tally.mismatchedDimensions[count, default: 0] += 1
            context.report(
                .dimensionMismatch, to: &tally,
                message: "has \(count) feature values, feature_dim is \(featureDim)",
                expected: featureDim, actual: count)
        }
    }

    /// The file's most common dimension (ties go to the smaller), and how many records have it.
    static func mode(of dimensions: [Int: Int]) -> (key: Int, value: Int)? {
        dimensions.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }
    }

    /// The dimensions whose records must be collected by a second pass over
    /// the file: the first pass kept at most `ScanTally.memberCap` of each, and
    /// more are wanted (all of them for `--indices-out` or `--max-findings 0`).
    static func dimensionsToCollect(in tally: ScanTally, configuration: CheckConfiguration) -> Set<Int>? {
        guard configuration.featureDim == nil, configuration.memberDimensions == nil,
            let mode = mode(of: tally.dimensions), tally.dimensions.count > 1
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
        guard configuration.featureDim == nil, configuration.memberDimensions == nil, tally.dimensions.count > 1,
            let mode = mode(of: tally.dimensions)
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
                    message:
                        "has dimension \(dimension), while \(mode.value) of the file's \(tally.records) records have \(mode.key)",
                    expected: mode.key, actual: dimension)
            }
        }
        tally.findings.merge(interleaved: extra)
    }
}
