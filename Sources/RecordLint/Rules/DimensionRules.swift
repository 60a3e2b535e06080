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

    /// Findings for the records whose dimension differs from the file's most
    /// common one (ties go to the smaller dimension), when no feature_dim is given.
    static func inconsistentDimensions(in tally: inout ScanTally, file: String, configuration: CheckConfiguration) {
        guard configuration.featureDim == nil, tally.dimensions.count > 1 else { return }
        let mode = tally.dimensions.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!
        let severity = configuration.severity(of: .inconsistentDimension)
        var odd: [(dimension: Int, member: RecordReference)] = []
        for (dimension, count) in tally.dimensions where dimension != mode.key {
            let members = tally.dimensionMembers[dimension] ?? []
            odd += members.map { (dimension, $0) }
            // Records past the listing limit are counted, not listed.
            tally.findings.countUnlisted(.inconsistentDimension, severity, times: count - members.count)
        }
        odd.sort { $0.member.index < $1.member.index }
        var extra = FindingCollector(limit: tally.findings.limit, keepsOffendingRecords: tally.findings.keepsOffendingRecords)
        for (dimension, member) in odd {
            extra.add(.inconsistentDimension, severity, record: member.index) {
                Finding(
                    rule: .inconsistentDimension, severity: severity, file: file, record: member.index,
                    offset: member.offset, uid: member.uid,
                    message: "has dimension \(dimension), while \(mode.value) of the file's \(tally.records) records have \(mode.key)",
                    expected: mode.key, actual: dimension)
            }
        }
        tally.findings.merge(interleaved: extra)
    }
}
