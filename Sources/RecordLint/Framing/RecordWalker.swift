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
    /// The most bytes a multi-part record may hold while joined (`DecodeLimits.recordBytes`).
    private let maxRecordBytes: Int
    /// A walk stops before a frame that ends past this offset and hands off at
    /// its record's start (for a chunk walk: a sequential walk then reads the
    /// record, once). Without it, a fake header at every chunk claiming a frame
    /// to the end of the file would make each chunk read the rest of the file.
    var reachLimit = Int.max

    init(window: ByteWindow, maxRecordBytes: Int = DecodeLimits.defaultRecordBytes) {
        self.window = window
        self.maxRecordBytes = maxRecordBytes
    }

    /// Emits every record that starts at or after `start` and before `limit`,
    /// in order, and returns the offset where the walk left off (the next
    /// record start at or past `limit`, or the end of the input).
    @discardableResult
    func walk(from start: Int, until limit: Int = .max, _ body: (WalkEvent) throws -> Void) throws -> Int {
        try walk(from: start, until: limit, skimming: nil, body)
    }

    /// `walk(from:until:_:)`, offering `skim` the buffered block (half the window's block size or
    /// more, unless the input ends sooner) at each record start first: the
    /// records it takes are not emitted, and the walk goes on where they end. After a block in
    /// which it took nothing because of a record (rather than for want of bytes), it is offered
    /// the next block only after 1, 2, 4, ... up to 64 records walked the usual way, so that a
    /// file of records it never takes (or of frames too large for a block) costs it at most one
    /// look every 64 records.
    @discardableResult
    func walk(
        from start: Int, until limit: Int, skimming skim: ((FrameBlock) -> SkimResult)?, _ body: (WalkEvent) throws -> Void
    ) throws -> Int {
        var position = start
        var pause = 0
        var backoff = 1
        while position < limit {
            window.release(before: position)
            if let skim {
                if pause == 0 {
                    let bytes = try window.buffered(from: position, atLeast: window.blockSize / 2)
                    let result = skim(
                        FrameBlock(
                            bytes: bytes, offset: position, recordsStartBefore: limit - position,
                            framesEndBy: reachLimit == .max ? .max : reachLimit - position))
                    position += result.taken
                    if result.taken > 0 { backoff = 1 }
                    // Taking nothing from a block of at least half the window's block size: its first frame
                    // is larger than that (or the input's last, with no header after it). It is walked the
                    // usual way, and the skim backs off as after a refused record, so a file of frames
                    // larger than a block is not offered to it at every record.
                    if result.stoppedAtRecord || (result.taken == 0 && bytes.count >= window.blockSize / 2) {
                        // The record it stopped at is walked the usual way next.
                        pause = result.taken > 0 ? 1 : backoff
                        if result.taken == 0 { backoff = min(backoff * 2, 64) }
                    } else if result.taken > 0 {
                        continue
                    } else {
                        pause = 1
                    }
                    guard position < limit else { break }
                    window.release(before: position)
                }
                pause -= 1
            }
            guard try window.hasBytes(at: position) else { break }
            guard let next = try step(at: position, body) else { break }
            position = next
        }
        return position
    }

    /// Whether the walk must stop before the frame at `position` (`reachLimit`).
    private func outOfReach(_ position: Int, _ header: FrameHeader) -> Bool {
        reachLimit != .max && position + header.frameSize > reachLimit
    }

    /// Handles the record at `position`; returns where the next one starts,
    /// or `nil` when the record reaches past `reachLimit` (nothing was emitted).
    private func step(at position: Int, _ body: (WalkEvent) throws -> Void) throws -> Int? {
        guard let headerBytes = try window.bytes(at: position, count: RecordIO.headerSize) else {
            return try truncatedHeader(at: position, body)
        }
        let header = FrameHeader(bytes: headerBytes)
        guard header.hasMagic, let flag = header.flag else {
            let next = try nextRecordStart(after: position)
            let resume = try next ?? window.end()
            let fault: FramingFault
            if let next, next - position < RecordIO.headerSize, header.startsLikeMagic(bytes: next - position) {
                // A header cut off by the start of another record.
                fault = .cutOffByRecord(length: nil, available: next - position, nextStart: next, parts: 0)
            } else if header.hasMagic {
                fault = .invalidFlag(flag: header.rawFlag, resumeAt: next)
            } else {
                fault = .badMagic(resumeAt: next)
            }
            try body(.damage(FramingDamage(offset: position, end: resume, fault: fault)))
            return resume
        }
        if outOfReach(position, header) { return nil }
        if flag == .first { return try multipart(at: position, first: header, body) }
        switch try boundary(ofFrameAt: position, header: header) {
        case .recordInside(let next):
            let fault = RecordWalker.cutOff(frameAt: position, header: header, by: next, parts: 0)
            try body(.damage(FramingDamage(offset: position, end: next, fault: fault)))
            return next
        case .pastEnd:
            return try truncatedFrame(at: position, header: header, body)
        case .frameEnd(let end):
            if flag == .complete {
                // The padding first: reading it may move the window, which the payload pointer must outlive.
                let padding = try nonzeroPadding(ofFrameAt: position, header: header)
                let payload = try window.bytes(at: position + RecordIO.headerSize, count: header.length)!
                try body(
                    .record(
                        FramedRecord(offset: position, end: end, payload: payload, partLengths: [], nonzeroPadding: padding)))
            } else {
                try body(.damage(FramingDamage(offset: position, end: end, fault: .orphanPart(flag: header.rawFlag))))
            }
            return end
        }
    }

    /// Frames larger than this have the header after them peeked at rather than read through the window.
    private static let largeFrame = 1 << 20

    /// Where the frame at `position` ends, as far as the walk is concerned.
    private enum FrameBoundary {
        /// The frame fits and ends here.
        case frameEnd(Int)
        /// The frame is cut off: another record starts inside it, here.
        case recordInside(Int)
        /// The frame runs past the end of the input, and no record starts inside it.
        case pastEnd
    }

    /// Checks a frame before its payload is used: when it runs past the end of
    /// the input, or what follows it is not a frame, another record may start
    /// inside it (a cut-off file with another file appended: `cat cut.rec ok.rec`),
    /// at any byte offset. Only then are its bytes searched, once, so the walk stays linear.
    private func boundary(ofFrameAt position: Int, header: FrameHeader) throws -> FrameBoundary {
        let frameEnd = position + header.frameSize
        guard try window.contains(offset: position, count: header.frameSize) else {
            // The bytes are not needed again: the search may let the window move on.
            return try firstStrongStart(from: position + 1, before: .max, releasing: true).map(FrameBoundary.recordInside)
                ?? .pastEnd
        }
        // The next header is read through the window, which the payload fills anyway; past a
        // large frame it is peeked at, so a damaged length does not fill the window before
        // the search finds a record inside.
        let following =
            header.frameSize > RecordWalker.largeFrame
            ? try window.peekHeader(at: frameEnd)
            : try window.bytes(at: frameEnd, count: RecordIO.headerSize).map(FrameHeader.init(bytes:))
        if let following {
            if following.hasMagic { return .frameEnd(frameEnd) }
        } else if try tailIsPlausible(at: frameEnd) {
            return .frameEnd(frameEnd)
        }
        // The payload is still needed if no record starts inside: keep the window where it is.
        return try firstStrongStart(from: position + 1, before: frameEnd, releasing: false).map(FrameBoundary.recordInside)
            ?? .frameEnd(frameEnd)
    }

    /// The frame at `position` is cut off by a record that starts at `next`:
    /// inside its header (whose length then means nothing) or after it.
    private static func cutOff(frameAt position: Int, header: FrameHeader, by next: Int, parts: Int) -> FramingFault {
        guard next - position >= RecordIO.headerSize else {
            return .cutOffByRecord(length: nil, available: next - position, nextStart: next, parts: parts)
        }
        return .cutOffByRecord(
            length: header.length, available: next - position - RecordIO.headerSize, nextStart: next, parts: parts)
    }

    /// Reports the frame at `position`, which runs past the end of the input.
    private func truncatedFrame(at position: Int, header: FrameHeader, _ body: (WalkEvent) throws -> Void) throws -> Int {
        let end = try window.end()
        let available = end - position - RecordIO.headerSize
        let point: FramingFault.TruncationPoint =
            available < header.length
            ? .payload(length: header.length, available: available)
            : .padding(length: header.length, available: available)
        try body(.damage(FramingDamage(offset: position, end: end, fault: .truncated(point))))
        return end
    }

    /// Fewer than 8 bytes remain at `position`.
    private func truncatedHeader(at position: Int, _ body: (WalkEvent) throws -> Void) throws -> Int {
        let end = try window.end()
        let available = end - position
        let present = try window.bytes(at: position, count: available)!
        let fault: FramingFault =
            RecordWalker.isMagicPrefix(present) ? .truncated(.header(available: available)) : .badMagic(resumeAt: nil)
        try body(.damage(FramingDamage(offset: position, end: end, fault: fault)))
        return end
    }

    /// Whether `bytes` (fewer than a header) begin as the magic does.
    private static func isMagicPrefix(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var magicBytes = RecordIO.magic.littleEndian
        return withUnsafeBytes(of: &magicBytes) { magic in
            zip(bytes.prefix(4), magic).allSatisfy { $0 == $1 }
        }
    }

    /// The padding of the frame at `position`, when it is not all zero bytes.
    private func nonzeroPadding(ofFrameAt position: Int, header: FrameHeader) throws -> NonzeroPadding? {
        let start = position + RecordIO.headerSize + header.length
        let count = header.frameSize - RecordIO.headerSize - header.length
        guard count > 0, let padding = try window.bytes(at: start, count: count), padding.contains(where: { $0 != 0 }) else {
            return nil
        }
        return NonzeroPadding(offset: start, bytes: Array(padding))
    }

    /// Joins the parts of a multi-part record that starts at `position`.
    ///
    /// Time and memory are linear: each part is copied once into `joined`
    /// and then released from the window, so the window holds one part at a
    /// time. A record that would hold more than `maxRecordBytes` joined stops
    /// being kept; its remaining parts are walked and skipped, and it is one
    /// `tooLarge` finding.
    private func multipart(at position: Int, first: FrameHeader, _ body: (WalkEvent) throws -> Void) throws -> Int? {
        joined.removeAll(keepingCapacity: true)
        var partLengths: [Int] = []
        var parts = 0
        var payloadBytes = 0
        var tooLarge = false
        var padding: NonzeroPadding?
        var header = first
        var framePosition = position
        while true {
            let frameEnd: Int
            switch try boundary(ofFrameAt: framePosition, header: header) {
            case .recordInside(let next):
                let fault = RecordWalker.cutOff(frameAt: framePosition, header: header, by: next, parts: parts)
                try body(.damage(FramingDamage(offset: position, end: next, fault: fault)))
                return next
            case .pastEnd:
                let end = try window.end()
                let fault = FramingFault.truncated(.multipart(parts: parts + 1))
                try body(.damage(FramingDamage(offset: position, end: end, fault: fault)))
                return end
            case .frameEnd(let end):
                frameEnd = end
            }
            if padding == nil { padding = try nonzeroPadding(ofFrameAt: framePosition, header: header) }
            parts += 1
            payloadBytes += header.length
            // What the join holds: the payloads, the magic between them, a length per part.
            if !tooLarge, payloadBytes + (parts - 1) * 4 + parts * 8 > maxRecordBytes {
                tooLarge = true
                joined = []
                partLengths = []
            }
            if !tooLarge {
                let payload = try window.bytes(at: framePosition + RecordIO.headerSize, count: header.length)!
                if !partLengths.isEmpty { appendMagic() }
                joined.append(contentsOf: payload)
                partLengths.append(header.length)
            }
            // The part is copied: the window need not keep it.
            window.release(before: frameEnd)
            if header.flag == .last { break }
            framePosition = frameEnd
            guard let nextBytes = try window.bytes(at: framePosition, count: RecordIO.headerSize) else {
                let end = try window.end()
                let fault = FramingFault.truncated(.multipart(parts: parts))
                try body(.damage(FramingDamage(offset: position, end: end, fault: fault)))
                return end
            }
            header = FrameHeader(bytes: nextBytes)
            if header.hasMagic, outOfReach(framePosition, header) { return nil }
            guard header.hasMagic, header.flag == .middle || header.flag == .last else {
                let found: UInt8? = header.hasMagic ? header.rawFlag : nil
                let fault = FramingFault.unterminated(parts: parts, interruptedAt: framePosition, foundFlag: found)
                try body(.damage(FramingDamage(offset: position, end: framePosition, fault: fault)))
                return framePosition
            }
        }
        let end = framePosition + header.frameSize
        if tooLarge {
            let fault = FramingFault.tooLarge(parts: parts, payloadBytes: payloadBytes, limit: maxRecordBytes)
            try body(.damage(FramingDamage(offset: position, end: end, fault: fault)))
            return end
        }
        try joined.withUnsafeBytes { payload in
            try body(
                .record(
                    FramedRecord(
                        offset: position, end: end, payload: payload, partLengths: partLengths, nonzeroPadding: padding)))
        }
        return end
    }

    private func appendMagic() {
        withUnsafeBytes(of: RecordIO.magic.littleEndian) { joined.append(contentsOf: $0) }
    }

    /// The next offset after `position` where a record plausibly starts; `nil`
    /// when there is none before the end of the input. At a 4-aligned offset, where frames start in a
    /// well-formed file, a magic with cflag 0 or 1 and a first frame that fits is
    /// enough; at any other offset (a file appended to one cut off mid-frame)
    /// the frame after it must be plausible too (`firstStrongStart`'s test).
    func nextRecordStart(after position: Int) throws -> Int? {
        var candidate = position + 1
        while let word = try window.bytes(at: candidate, count: RecordIO.headerSize) {
            let header = FrameHeader(bytes: word)
            if header.canStartRecord, try window.contains(offset: candidate, count: header.frameSize) {
                if candidate & 3 == 0 { return candidate }
                if try followerIsPlausible(at: candidate + header.frameSize) { return candidate }
            }
            window.release(before: candidate)
            candidate += 1
        }
        return nil
    }

    /// The first offset in `start..<limit` that looks like a record start and
    /// is followed by a plausible frame (or the end of the input), for a walk
    /// that begins in the middle of a file. `nil` when there is none.
    func firstPlausibleStart(from start: Int, before limit: Int) throws -> Int? {
        try firstStrongStart(from: start, before: limit, releasing: true)
    }

    /// The first offset in `start..<limit`, at any byte, where a record start is
    /// likely: the magic, cflag 0 or 1, a frame that fits in the input, and
    /// after it the end of the input or another frame's magic. `releasing` lets
    /// the window drop the bytes searched.
    private func firstStrongStart(from start: Int, before limit: Int, releasing: Bool) throws -> Int? {
        var candidate = start
        while candidate < limit, let word = try window.bytes(at: candidate, count: RecordIO.headerSize) {
            let header = FrameHeader(bytes: word)
            if header.canStartRecord, try window.contains(offset: candidate, count: header.frameSize),
                try followerIsPlausible(at: candidate + header.frameSize)
            {
                return candidate
            }
            if releasing { window.release(before: candidate) }
            candidate += 1
        }
        return nil
    }

    /// Whether what is at `offset` (just past a candidate frame) can follow a
    /// frame: another frame's magic, the end of the input, or the start of a
    /// header cut off by the end. Read without moving the window.
    private func followerIsPlausible(at offset: Int) throws -> Bool {
        if let following = try window.peekHeader(at: offset) { return following.hasMagic }
        return try tailIsPlausible(at: offset)
    }

    /// Whether the fewer than 8 bytes from `offset` to the end of the input
    /// can end a file: none, or the beginning of the magic.
    private func tailIsPlausible(at offset: Int) throws -> Bool {
        let end = try window.end()
        guard offset < end else { return offset == end }
        guard let tail = try window.peekBytes(at: offset, count: end - offset) else { return false }
        return tail.withUnsafeBytes { RecordWalker.isMagicPrefix($0) }
    }
}

/// Bytes of the input held at a record start, offered to a walk's skim (`RecordWalker.walk(from:until:skimming:_:)`).
struct FrameBlock {
    /// The bytes, from a record start on; valid only during the call.
    let bytes: UnsafeRawBufferPointer
    /// Where they start in the input.
    let offset: Int
    /// Records the skim takes must start before this many bytes into the block (the walk's limit).
    let recordsStartBefore: Int
    /// Their frames must end within this many bytes of the block's start (the walk's reach).
    let framesEndBy: Int
}

/// What a skim took of a `FrameBlock`.
struct SkimResult {
    /// Bytes of whole records taken from the block's start (0: none).
    let taken: Int
    /// Whether it stopped before a record whole in the block, which the walk then reads the usual way,
    /// rather than at the block's end or a limit.
    let stoppedAtRecord: Bool
}
