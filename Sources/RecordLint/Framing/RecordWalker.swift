/// Walks RecordIO frames in order, joining multi-part records and turning
/// damage into `FramingDamage` events, one per record index.
///
/// The walk is a pure function of the input and the start offset: two walks
/// from the same offset emit the same events, which is what lets the parallel
/// scan accept a chunk walked from a guessed start when the guess is the true
/// boundary.
final class RecordWalker {
    private let window: ByteWindow
    private var joined: [UInt8] = []

    init(window: ByteWindow) {
        self.window = window
    }

    /// Emits every record that starts at or after `start` and before `limit`,
    /// in order, and returns the offset where the walk left off (the next
    /// record start at or past `limit`, or the end of the input).
    @discardableResult
    func walk(from start: Int, until limit: Int = .max, _ body: (WalkEvent) throws -> Void) throws -> Int {
        var position = start
        while position < limit {
            window.release(before: position)
            guard try window.hasBytes(at: position) else { break }
            position = try step(at: position, body)
        }
        return position
    }

    /// Handles the record at `position`; returns where the next one starts.
    private func step(at position: Int, _ body: (WalkEvent) throws -> Void) throws -> Int {
        guard let headerBytes = try window.bytes(at: position, count: RecordIO.headerSize) else {
            return try truncatedHeader(at: position, body)
        }
        let header = FrameHeader(bytes: headerBytes)
        guard header.hasMagic else {
            let resume = try nextRecordStart(after: position)
            try body(.damage(FramingDamage(offset: position, end: resume, fault: .badMagic(resumeAt: resume))))
            return resume
        }
        switch header.flag {
        case .complete:
            guard let (payload, end) = try framePayload(at: position, header: header, body) else {
                return try window.end()
            }
            try body(.record(FramedRecord(offset: position, end: end, payload: payload, partLengths: [])))
            return end
        case .first:
            return try multipart(at: position, first: header, body)
        case .middle, .last:
            guard let (_, end) = try framePayload(at: position, header: header, body) else {
                return try window.end()
            }
            try body(.damage(FramingDamage(offset: position, end: end, fault: .orphanPart(flag: header.rawFlag))))
            return end
        case nil:
            let resume = try nextRecordStart(after: position)
            let fault = FramingFault.invalidFlag(flag: header.rawFlag, resumeAt: resume)
            try body(.damage(FramingDamage(offset: position, end: resume, fault: fault)))
            return resume
        }
    }

    /// The payload of the frame at `position` and the offset past its padding,
    /// or `nil` after reporting a truncation.
    private func framePayload(
        at position: Int, header: FrameHeader, _ body: (WalkEvent) throws -> Void
    ) throws -> (UnsafeRawBufferPointer, Int)? {
        let payloadStart = position + RecordIO.headerSize
        let frameEnd = position + header.frameSize
        if try window.bytes(at: payloadStart, count: frameEnd - payloadStart) == nil {
            let end = try window.end()
            let available = end - payloadStart
            let point: FramingFault.TruncationPoint =
                available < header.length
                ? .payload(length: header.length, available: available)
                : .padding(length: header.length, available: available)
            try body(.damage(FramingDamage(offset: position, end: end, fault: .truncated(point))))
            return nil
        }
        let payload = try window.bytes(at: payloadStart, count: header.length)!
        return (payload, frameEnd)
    }

    /// Fewer than 8 bytes remain at `position`.
    private func truncatedHeader(at position: Int, _ body: (WalkEvent) throws -> Void) throws -> Int {
        let end = try window.end()
        let available = end - position
        let present = try window.bytes(at: position, count: available)!
        var magicBytes = RecordIO.magic.littleEndian
        let isMagicPrefix = withUnsafeBytes(of: &magicBytes) { magic in
            zip(present.prefix(4), magic).allSatisfy { $0 == $1 }
        }
        let fault: FramingFault = isMagicPrefix ? .truncated(.header(available: available)) : .badMagic(resumeAt: end)
        try body(.damage(FramingDamage(offset: position, end: end, fault: fault)))
        return end
    }

    /// Joins the parts of a multi-part record that starts at `position`.
    private func multipart(at position: Int, first: FrameHeader, _ body: (WalkEvent) throws -> Void) throws -> Int {
        joined.removeAll(keepingCapacity: true)
        var partLengths: [Int] = []
        var header = first
        var framePosition = position
        while true {
            let payloadStart = framePosition + RecordIO.headerSize
            let frameEnd = framePosition + header.frameSize
            guard try window.bytes(at: payloadStart, count: frameEnd - payloadStart) != nil else {
                let end = try window.end()
                let fault = FramingFault.truncated(.multipart(parts: partLengths.count + 1))
                try body(.damage(FramingDamage(offset: position, end: end, fault: fault)))
                return end
            }
            let payload = try window.bytes(at: payloadStart, count: header.length)!
            if !partLengths.isEmpty { appendMagic() }
            joined.append(contentsOf: payload)
            partLengths.append(header.length)
            if header.flag == .last { break }
            framePosition = frameEnd
            guard let nextBytes = try window.bytes(at: framePosition, count: RecordIO.headerSize) else {
                let end = try window.end()
                let fault = FramingFault.truncated(.multipart(parts: partLengths.count))
                try body(.damage(FramingDamage(offset: position, end: end, fault: fault)))
                return end
            }
            header = FrameHeader(bytes: nextBytes)
            guard header.hasMagic, header.flag == .middle || header.flag == .last else {
                let found = header.hasMagic ? "a frame with cflag \(header.rawFlag)" : "no magic"
                let fault = FramingFault.unterminated(parts: partLengths.count, interruptedAt: framePosition, found: found)
                try body(.damage(FramingDamage(offset: position, end: framePosition, fault: fault)))
                return framePosition
            }
        }
        let end = framePosition + header.frameSize
        try joined.withUnsafeBytes { payload in
            try body(.record(FramedRecord(offset: position, end: end, payload: payload, partLengths: partLengths)))
        }
        return end
    }

    private func appendMagic() {
        withUnsafeBytes(of: RecordIO.magic.littleEndian) { joined.append(contentsOf: $0) }
    }

    /// The next aligned offset after `position` where a record plausibly starts
    /// (magic, cflag 0 or 1, and a first frame that fits in the input), or the
    /// end of the input.
    func nextRecordStart(after position: Int) throws -> Int {
        var candidate = (position + 4) & ~3
        while let word = try window.bytes(at: candidate, count: RecordIO.headerSize) {
            let header = FrameHeader(bytes: word)
            if header.canStartRecord, try window.contains(offset: candidate, count: header.frameSize) {
                return candidate
            }
            window.release(before: candidate)
            candidate += 4
        }
        return try window.end()
    }

    /// The first offset in `start..<limit` that looks like a record start and
    /// is followed by a plausible frame (or the end of the input), for a walk
    /// that begins in the middle of a file. `nil` when there is none.
    func firstPlausibleStart(from start: Int, before limit: Int) throws -> Int? {
        var candidate = (start + 3) & ~3
        let end = try window.end()
        while candidate < limit, let word = try window.bytes(at: candidate, count: RecordIO.headerSize) {
            let header = FrameHeader(bytes: word)
            if header.canStartRecord, candidate + header.frameSize <= end {
                let next = candidate + header.frameSize
                if next == end { return candidate }
                if let following = try window.peekHeader(at: next),
                    following.hasMagic, following.flag != nil, next + following.frameSize <= end
                {
                    return candidate
                }
            }
            window.release(before: candidate)
            candidate += 4
        }
        return nil
    }
}
