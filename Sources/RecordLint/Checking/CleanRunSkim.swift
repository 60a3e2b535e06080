internal import CRecordProto

/// The check's shortcut through runs of clean records (`rl_clean_run`,
/// Sources/CRecordProto/record_clean_run.c): one C loop frames, scans and
/// checks the records of a buffered block while every rule passes them, and
/// hands back what checking them one by one would have added to the tally
/// (their count, their dimension, the label-column evidence). The first
/// record it cannot vouch for is left to `check(_:index:into:)`, so a record
/// with anything to report is always checked in Swift.
extension RecordChecker {
    /// Whether the checker may skim: the fast paths are on and the rules run (not a counting pass).
    var skimsCleanRuns: Bool {
        configuration.skimsCleanRuns && configuration.readsPackedFieldsInPlace && !configuration.countsDimensionsOnly
    }

    /// Takes the clean records at the start of `block` into `tally`.
    func skim(_ block: FrameBlock, into tally: inout ScanTally) -> SkimResult {
        guard var rules = cleanRules(dimensions: tally.dimensionsCountedOnly), let base = block.bytes.baseAddress else {
            // Nothing to take while the tally keeps records' references: the walk backs off as after a record.
            return SkimResult(taken: 0, stoppedAtRecord: true)
        }
        rules.stop_before = block.recordsStartBefore
        rules.reach_limit = block.framesEndBy
        var run = RLCleanTally()
        rl_clean_run(
            decoder.arena, base.assumingMemoryBound(to: UInt8.self), block.bytes.count, &rules, &run)
        if run.records > 0 {
            tally.records += run.records
            tally.noteDimensionRun(Int(run.dimension), count: run.records)
            var evidence = LabelColumnEvidence()
            evidence.labelled = run.labelled
            evidence.firstMatches = run.first_matches
            evidence.lastMatches = run.last_matches
            evidence.firstLabel = run.has_first_label != 0 ? run.first_label : nil
            evidence.labelsVary = run.labels_vary != 0
            tally.labelColumns.add(evidence)
        }
        return SkimResult(taken: run.consumed, stoppedAtRecord: run.stopped_at_record != 0)
    }

    /// The rules of the current file for `rl_clean_run`, or `nil` when no record can be taken.
    private func cleanRules(dimensions: DimensionsCountedOnly) -> RLCleanRules? {
        var rules = RLCleanRules()
        let known = scope.knownDimensions?.mode
        switch dimensions {
        case .none: return nil
        case .only(let dimension):
            if let known, known != dimension { return nil }
            rules.has_dimension = 1
            rules.dimension = UInt64(dimension)
        case .any:
            if let known {
                rules.has_dimension = 1
                rules.dimension = UInt64(known)
            }
        }
        if let featureDim = configuration.featureDim {
            guard let bound = UInt64(exactly: featureDim) else { return nil }
            rules.has_feature_dim = 1
            rules.feature_dim = bound
        }
        rules.label_required = scope.profile.requiresLabel(in: scope.channel) ? 1 : 0
        rules.label_below = .infinity
        switch scope.labelDomain {
        case nil, .anyFinite?: rules.label_domain = RL_LABELS_ANY_FINITE
        case .binary?: rules.label_domain = RL_LABELS_BINARY
        case .classIndex(let classes)?:
            rules.label_domain = RL_LABELS_INTEGER
            rules.label_below = classes.map(Double.init) ?? .infinity
        case .nonNegativeInteger?: rules.label_domain = RL_LABELS_INTEGER
        }
        if let cap = configuration.limits.decodeMemory {
            rules.has_decode_cap = 1
            rules.decode_cap = max(cap, 0)
        }
        rules.precheck_bytes = RecordDecoder.precheckBytes
        return rules
    }
}
