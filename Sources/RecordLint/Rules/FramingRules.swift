/// `bad-magic`, `truncated-record`, `bad-continuation`: a framing fault
/// becomes one finding for the damaged region's record index.
enum FramingRules {
    static func check(_ damage: FramingDamage, context: RecordContext, tally: inout some FindingSink) {
        switch damage.fault {
        case .badMagic(let resume):
            let skipped = resume - damage.offset
            context.report(
                .badMagic, to: &tally,
                message:
                    "does not start with the RecordIO magic 0A 23 D7 CE: skipped \(skipped) bytes (offsets \(damage.offset) to \(resume - 1)); scanning resumes at offset \(resume)"
            )
        case .truncated(let point):
            context.report(.truncatedRecord, to: &tally, message: truncationMessage(point))
        case .orphanPart(let flag):
            context.report(
                .badContinuation, to: &tally,
                message:
                    "is a \(flag == 2 ? "middle" : "last") part (cflag \(flag)) of a multi-part record with no first part before it"
            )
        case .unterminated(let parts, let at, let found):
            context.report(
                .badContinuation, to: &tally,
                message:
                    "is a multi-part record whose \(parts) part\(parts == 1 ? "" : "s") are not followed by a middle or last part: found \(found) at offset \(at)"
            )
        case .invalidFlag(let flag, let resume):
            context.report(
                .badContinuation, to: &tally,
                message:
                    "has continuation flag \(flag) (only 0 to 3 exist): skipped \(resume - damage.offset) bytes (offsets \(damage.offset) to \(resume - 1)); scanning resumes at offset \(resume)",
                expected: 3, actual: Int(flag))
        }
    }

    private static func truncationMessage(_ point: FramingFault.TruncationPoint) -> String {
        switch point {
        case .header(let available):
            "is cut off by the end of the file inside its frame header: 8 bytes expected, \(available) found"
        case .payload(let length, let available):
            "is cut off by the end of the file inside its payload: \(length) bytes expected, \(available) found"
        case .padding(let length, let available):
            "is cut off by the end of the file inside its padding: \(RecordIO.paddedLength(length)) bytes of payload and padding expected, \(available) found"
        case .multipart(let parts):
            "is a multi-part record cut off by the end of the file after \(parts) part\(parts == 1 ? "" : "s"), before its last part"
        }
    }
}
