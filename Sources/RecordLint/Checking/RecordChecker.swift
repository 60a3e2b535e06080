/// Runs every rule on the records one walk emits. One checker serves one
/// thread: it owns a decoder and its arena.
final class RecordChecker {
    let scope: RuleScope
    let decoder: RecordDecoder

    /// For a second pass over a file: the dimensions whose records the tallies keep.
    let memberDimensions: Set<Int>?

    /// Files' dimensions learned by a first pass, by path (see `Scanner.fileDimensions`).
    let fileDimensions: [String: FileDimensions]

    init(
        configuration: CheckConfiguration, memberDimensions: Set<Int>? = nil, fileDimensions: [String: FileDimensions] = [:]
    ) {
        scope = RuleScope(configuration: configuration)
        decoder = RecordDecoder(limits: configuration.limits)
        decoder.readsPackedFieldsInPlace = configuration.readsPackedFieldsInPlace
        self.memberDimensions = memberDimensions
        self.fileDimensions = fileDimensions
    }

    /// An empty tally for a stretch this checker walks.
    func makeTally() -> ScanTally {
        ScanTally(configuration: configuration, memberDimensions: memberDimensions)
    }

    var configuration: CheckConfiguration { scope.configuration }

    /// Names the file the following records come from.
    func begin(file: String) {
        scope.file = file
        scope.channel = configuration.channels[file]
        scope.knownDimensions = fileDimensions[file]
    }

    /// Checks the record (or damaged region) with local index `index` of the current file.
    func check(_ event: WalkEvent, index: Int, into tally: inout ScanTally) {
        switch event {
        case .damage(let damage):
            let context = RecordContext(scope: scope, index: index, offset: damage.offset, uidPointer: nil)
            FramingRules.check(damage, context: context, tally: &tally)
        case .record(let record):
            if let padding = record.nonzeroPadding {
                let context = RecordContext(scope: scope, index: index, offset: record.offset, uidPointer: nil)
                let shown = padding.bytes.map { String($0, radix: 16, uppercase: true) }.map { $0.count == 1 ? "0" + $0 : $0 }
                context.report(
                    .nonzeroPadding, to: &tally,
                    message:
                        "has padding bytes \(shown.joined(separator: " ")) at offset \(padding.offset) after its payload, where a writer puts zero bytes (readers skip them; was the file written or copied wrongly?)",
                    actual: padding.bytes.count)
            }
            decoder.withOutcome(of: record) { outcome in
                switch outcome {
                case .decoded(let view, let joining):
                    if case .withoutMagic(let parts) = joining {
                        let context = RecordContext(
                            scope: scope, index: index, offset: record.offset, uidPointer: view.uidPointer)
                        context.report(
                            .multipartConvention, to: &tally,
                            message:
                                "is a \(parts)-part record that decodes only when its parts are joined without the magic (ml-io's convention), not with it (dmlc's)",
                            actual: parts)
                    }
                    if let ambiguity = decoder.ambiguity {
                        let context = RecordContext(
                            scope: scope, index: index, offset: record.offset, uidPointer: view.uidPointer)
                        context.report(.ambiguousEncoding, to: &tally, message: ambiguity)
                    }
                    if let disagreement = decoder.disagreement {
                        let context = RecordContext(
                            scope: scope, index: index, offset: record.offset, uidPointer: view.uidPointer)
                        context.report(.readersDisagree, to: &tally, message: disagreement)
                    }
                    checkDecoded(view, index: index, offset: record.offset, tally: &tally)
                case .undecodable(let payloadBytes, let parts):
                    let context = RecordContext(scope: scope, index: index, offset: record.offset, uidPointer: nil)
                    context.report(
                        .invalidProtobuf, to: &tally,
                        message: decoder.rejection ?? FeatureRules.undecodable(payloadBytes: payloadBytes, parts: parts),
                        actual: payloadBytes)
                case .tooComplex(let refusal):
                    let context = RecordContext(scope: scope, index: index, offset: record.offset, uidPointer: nil)
                    context.report(
                        .recordTooComplex, to: &tally, message: refusal.message, expected: refusal.limit,
                        actual: refusal.payloadBytes)
                }
            }
        }
    }

    private func checkDecoded(_ view: RecordView, index: Int, offset: Int, tally: inout ScanTally) {
        let context = RecordContext(scope: scope, index: index, offset: offset, uidPointer: view.uidPointer)
        if configuration.countsDimensionsOnly {
            if case .tensor(let features) = view.features, let dimension = features.dimension {
                tally.noteDimension(dimension, record: index, offset: offset, uid: { nil })
            }
            return
        }
        if let features = FeatureRules.check(view.features, context: context, sink: &tally) {
            DimensionRules.check(features, context: context, sink: &tally)
            SparseRules.check(features, context: context, sink: &tally)
            ValueRules.check(features, context: context, sink: &tally)
            if !features.isSparse, case .tensor(let label) = view.label, label.values.count == 1 {
                tally.noteLabelColumns(values: features.values, label: label.values.double(at: 0))
            }
        }
        LabelRules.check(view.label, context: context, sink: &tally)
    }
}
