/// `bad-magic`, `truncated-record`, `bad-continuation`: a framing fault
/// becomes one finding for the damaged region's record index.
///
/// Each message says first, in plain words, what happened to the data (bytes
/// skipped, a record cut off, two files joined), then in parentheses the
/// RecordIO detail (magic, frame header, continuation flag) that shows it.
enum FramingRules {
    static func check(_ damage: FramingDamage, context: RecordContext, tally: inout some FindingSink) {
        switch damage.fault {
        case .badMagic(let resume):
            context.report(
                .badMagic, to: &tally,
                message:
                    "is not a record: \(skipped(damage, nextRecord: resume)) (no RecordIO magic 0A 23 D7 CE at offset \(damage.offset))"
            )
        case .truncated(let point):
            context.report(.truncatedRecord, to: &tally, message: truncationMessage(point))
        case .cutOffByRecord(let length, let available, let next, let parts):
            context.report(
                .truncatedRecord, to: &tally,
                message: cutOffMessage(length: length, available: available, next: next, parts: parts, at: damage.offset),
                expected: length, actual: length == nil ? nil : available)
        case .orphanPart(let flag):
            let piece = flag == 2 ? "middle" : "last"
            context.report(
                .badContinuation, to: &tally,
                message:
                    "is the \(piece) piece of a record split into pieces, without the record's first piece before it (a \(piece) part, cflag \(flag), of a multi-part record with no first part, cflag 1)"
            )
        case .unterminated(let parts, let at, let flag):
            let found =
                flag.map { "a frame with cflag \($0) at offset \(at), where a middle or last part (cflag 2 or 3) must follow" }
                ?? "no RecordIO magic 0A 23 D7 CE at offset \(at), where its next part must start"
            let what = flag == nil ? "damaged or non-record data" : "another record"
            context.report(
                .badContinuation, to: &tally,
                message:
                    "is a record split into pieces whose end is missing: after \(parts) piece\(parts == 1 ? "" : "s") comes \(what) (a multi-part record: \(found))"
            )
        case .tooLarge(let parts, let payloadBytes, let limit):
            context.report(
                .recordTooLarge, to: &tally,
                message:
                    "is a record split into \(parts) pieces holding \(payloadBytes) bytes, more than the \(DecodeRefusal.size(limit)) a record may hold joined (--max-record-size); its pieces were skipped (a multi-part record, cflag 1 to 3)",
                expected: limit, actual: payloadBytes)
        case .invalidFlag(let flag, let resume):
            context.report(
                .badContinuation, to: &tally,
                message:
                    "is not a record: its header is damaged; \(skipped(damage, nextRecord: resume)) (the frame header at offset \(damage.offset) has continuation flag \(flag); only 0 to 3 exist)",
                expected: 3, actual: Int(flag))
        }
    }

    /// "N bytes of damaged or non-record data (offsets A to B) were skipped; the next record starts at offset C".
    private static func skipped(_ damage: FramingDamage, nextRecord: Int?) -> String {
        let count = damage.end - damage.offset
        let bytes =
            "\(count) byte\(count == 1 ? "" : "s") of damaged or non-record data (offsets \(damage.offset) to \(damage.end - 1))"
        let skipped = "\(bytes) \(count == 1 ? "was" : "were") skipped"
        guard let nextRecord else { return "\(skipped), to the end of the file" }
        return "\(skipped); the next record starts at offset \(nextRecord)"
    }

    private static func cutOffMessage(length: Int?, available: Int, next: Int, parts: Int, at offset: Int) -> String {
        let plain = "is cut off and another record starts inside it, at offset \(next): two files joined?"
        guard let length else {
            return
                "\(plain) (only \(available) of the 8 bytes of its RecordIO frame header come before the next record's magic 0A 23 D7 CE)"
        }
        let frame = parts == 0 ? "its RecordIO frame header" : "the header of its part \(parts + 1) (a multi-part record)"
        let cut =
            available < length
            ? "only \(available) of them come before"
            : "they are complete but their padding to \(RecordIO.paddedLength(length)) bytes is cut off by"
        return "\(plain) (\(frame) gives a payload of \(length) bytes; \(cut) the next record's magic 0A 23 D7 CE)"
    }

    private static func truncationMessage(_ point: FramingFault.TruncationPoint) -> String {
        let cause = "as an interrupted write or upload leaves a file"
        return switch point {
        case .header(let available):
            "is cut off by the end of the file after \(available) byte\(available == 1 ? "" : "s"), \(cause) (inside its frame header: only \(available) of its 8 bytes, the RecordIO magic and length, are there)"
        case .payload(let length, let available):
            "is cut off by the end of the file: only \(available) of its \(length) bytes are there, \(cause) (inside its payload: the RecordIO frame header gives a payload length of \(length))"
        case .padding(let length, let available):
            "is cut off by the end of the file in the zero bytes after its data, \(cause) (inside its padding: the \(length)-byte payload is complete, but only \(available - length) of its \(RecordIO.paddedLength(length) - length) padding bytes are there)"
        case .multipart(let parts):
            "is cut off by the end of the file after \(parts) of its pieces, \(cause) (a multi-part record: no last part, cflag 3, after part \(parts))"
        }
    }
}
