import RecordLint

/// recordlint's reading against `ReferenceReader`: for every record the plain
/// reader accepts (those before the first frame it stops at), recordlint must
/// find it at the same offset with the same parts, and, where the plain reader
/// decodes it, the same features, label and uid (what protobuf reads) and the same verdict on
/// whether protobuf-c would read it otherwise (`ambiguous-encoding`) and whether upb would
/// (`readers-disagree`); where protobuf rejects it (its field numbers, groups, nesting), `invalid-protobuf`. Returns what differs, or `nil`.
public func differentialDisagreement(_ bytes: [UInt8]) -> String? {
    let reference = ReferenceReader.read(bytes).records
    let read: [DecodedRecord]
    do {
        read = try RecordReader(bytes: bytes).readAll()
    } catch {
        return "recordlint could not read the bytes: \(error)"
    }
    guard read.count >= reference.count else {
        return "recordlint read \(read.count) records, the reference \(reference.count) before it stopped"
    }
    for (index, expected) in reference.enumerated() {
        let record = read[index]
        guard record.offset == expected.offset, record.parts == expected.parts else {
            return
                "record \(index): recordlint at \(record.offset) (\(record.parts) parts), the reference at \(expected.offset) (\(expected.parts) parts)"
        }
        if expected.protobufRejects {
            // Or a record too large or too complex to decode: refused before protobuf's rules matter.
            let refused: Set<RuleID> = [.invalidProtobuf, .recordTooComplex, .recordTooLarge]
            guard record.content == nil, let rule = record.problem?.rule, refused.contains(rule) else {
                return
                    "record \(index): protobuf rejects its field numbers, recordlint says \(record.problem?.rule.rawValue ?? "nothing")"
            }
            continue
        }
        guard let features = expected.features, let label = expected.label else { continue }
        guard let content = record.content else {
            return "record \(index): the reference decodes it, recordlint says \(record.problem?.sentence ?? "nothing")"
        }
        if (record.ambiguity != nil) != expected.ambiguous {
            return
                "record \(index): ambiguous encoding: recordlint \(record.ambiguity ?? "none"), the reference \(expected.ambiguous)"
        }
        if (record.disagreement != nil) != expected.readersDisagree {
            return
                "record \(index): readers disagree: recordlint \(record.disagreement ?? "none"), the reference \(expected.readersDisagree)"
        }
        if record.joinedWithoutMagic != expected.joinedWithoutMagic {
            return
                "record \(index): joined without the magic: recordlint \(record.joinedWithoutMagic), the reference \(expected.joinedWithoutMagic)"
        }
        if let uid = expected.uid, content.uid != uid {
            return "record \(index): uid \(String(describing: content.uid)), the reference \(uid)"
        }
        if let problem = compare(features, content.features, unsupported: record.unsupportedFeatures != nil) {
            return "record \(index) features: \(problem)"
        }
        if let problem = compare(label, content.label, unsupported: nil) {
            return "record \(index) label: \(problem)"
        }
    }
    return nil
}

/// `unsupported` is nil where recordlint does not say (the label).
private func compare(_ expected: ReferenceReader.Entry, _ tensor: Tensor?, unsupported: Bool?) -> String? {
    switch expected {
    case .missing:
        if tensor != nil || unsupported == true { return "the reference finds no \"values\" entry, recordlint does" }
    case .unsupported:
        if tensor != nil || unsupported == false {
            return "the reference finds no tensor, recordlint \(String(describing: tensor))"
        }
    case .tensor(let reference):
        guard let tensor else { return "the reference finds a tensor, recordlint none" }
        let (kind, values): (Int, [UInt64]) =
            switch tensor.values {
            case .float32(let values): (2, values.map { UInt64($0.bitPattern) })
            case .float64(let values): (3, values.map(\.bitPattern))
            case .int32(let values): (7, values.map { UInt64(UInt32(bitPattern: $0)) })
            }
        if kind != reference.kind || values != reference.values || tensor.keys != reference.keys
            || tensor.shape != reference.shape
        {
            return "recordlint \(tensor), the reference \(reference)"
        }
    }
    return nil
}
