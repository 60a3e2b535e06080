/// Runs every rule on the records one walk emits. One checker serves one
/// thread: it owns a decoder and its arena.
final class RecordChecker {
    private let scope: RuleScope
    private let decoder = RecordDecoder()
    private var unjoined: [UInt8] = []

    init(configuration: CheckConfiguration) {
        scope = RuleScope(configuration: configuration)
    }

    var configuration: CheckConfiguration { scope.configuration }

    /// Names the file the following records come from.
    func begin(file: String) {
        scope.file = file
    }

    /// Checks the record (or damaged region) with local index `index` of the current file.
    func check(_ event: WalkEvent, index: Int, into tally: inout ScanTally) {
        switch event {
        case .damage(let damage):
            let context = RecordContext(scope: scope, index: index, offset: damage.offset, uidPointer: nil)
            FramingRules.check(damage, context: context, tally: &tally)
        case .record(let record):
            let decoded = decoder.withRecord(record.payload) { view -> Bool in
                guard let view else { return false }
                checkDecoded(view, index: index, offset: record.offset, tally: &tally)
                return true
            }
            guard !decoded else { return }
            if record.partLengths.count > 1, decodesJoinedWithoutMagic(record, index: index, tally: &tally) {
                return
            }
            let context = RecordContext(scope: scope, index: index, offset: record.offset, uidPointer: nil)
            context.report(
                .invalidProtobuf, to: &tally,
                message: "has a \(record.payload.count)-byte payload that does not decode as aialgs.data.Record"
                    + (record.partLengths.count > 1 ? " (its \(record.partLengths.count) parts joined either way)" : ""),
                actual: record.payload.count)
        }
    }

    private func checkDecoded(_ view: RecordView, index: Int, offset: Int, tally: inout ScanTally) {
        let context = RecordContext(scope: scope, index: index, offset: offset, uidPointer: view.uidPointer)
        if let features = FeatureRules.check(view.features, context: context, tally: &tally) {
            DimensionRules.check(features, context: context, tally: &tally)
            SparseRules.check(features, context: context, tally: &tally)
            ValueRules.check(features, context: context, tally: &tally)
        }
        LabelRules.check(view.label, context: context, tally: &tally)
    }

    /// ml-io joins multi-part records with nothing between the parts: a record
    /// that decodes only that way gets `multipart-convention` and is checked as decoded.
    private func decodesJoinedWithoutMagic(_ record: FramedRecord, index: Int, tally: inout ScanTally) -> Bool {
        unjoined.removeAll(keepingCapacity: true)
        var start = 0
        for (part, length) in record.partLengths.enumerated() {
            unjoined.append(contentsOf: record.payload[start..<(start + length)])
            start += length + (part < record.partLengths.count - 1 ? 4 : 0)
        }
        return unjoined.withUnsafeBytes { payload in
            decoder.withRecord(payload) { view -> Bool in
                guard let view else { return false }
                let context = RecordContext(scope: scope, index: index, offset: record.offset, uidPointer: view.uidPointer)
                context.report(
                    .multipartConvention, to: &tally,
                    message:
                        "is a \(record.partLengths.count)-part record that decodes only when its parts are joined without the magic (ml-io's convention), not with it (dmlc's)",
                    actual: record.partLengths.count)
                checkDecoded(view, index: index, offset: record.offset, tally: &tally)
                return true
            }
        }
    }
}
