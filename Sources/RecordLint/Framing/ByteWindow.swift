/// A forward-moving window over a `ByteSource`: one reusable buffer that holds
/// the bytes from the oldest position still needed onwards.
///
/// Memory stays bounded by the block size or the largest frame read, never by
/// the input size. Callers ask for ranges at non-decreasing positions (a range
/// may start before the previous one ends, never before the position passed to
/// `release(before:)`), and a returned pointer is valid until the next call.
final class ByteWindow {
    private let source: ByteSource
    private var storage: UnsafeMutableRawBufferPointer
    /// The absolute offset of `storage[0]`.
    private var windowStart = 0
    /// Bytes of `storage` that hold data.
    private var filled = 0
    /// Bytes below this absolute offset may be dropped.
    private var keepFrom = 0
    /// The end of the input, once known.
    private(set) var knownEnd: Int?
    /// The size of the reads the window makes (more when a frame needs it).
    let blockSize: Int

    init(source: ByteSource, blockSize: Int = 1 << 20) {
        self.source = source
        self.blockSize = max(blockSize, 64)
        self.storage = .allocate(byteCount: self.blockSize, alignment: 16)
        self.knownEnd = source.knownSize
    }

    deinit { storage.deallocate() }

    /// Moves the window so that it starts reading at `offset` (for a walk that
    /// begins in the middle of a file). Only for seekable sources.
    func reposition(to offset: Int) {
        windowStart = offset
        filled = 0
        keepFrom = offset
    }

    /// Lets the window drop bytes before `offset`.
    func release(before offset: Int) {
        keepFrom = max(keepFrom, offset)
    }

    /// The `count` bytes at `offset`, or `nil` when the input ends before them.
    func bytes(at offset: Int, count: Int) throws -> UnsafeRawBufferPointer? {
        precondition(offset >= windowStart && offset >= keepFrom, "the window only moves forward")
        if let end = knownEnd, offset + count > end { return nil }
        if offset + count > windowStart + filled {
            guard try fill(through: offset + count) else { return nil }
        }
        return UnsafeRawBufferPointer(rebasing: storage[(offset - windowStart)..<(offset - windowStart + count)])
    }

    /// The bytes held from `offset` on, after reading ahead so that at least `count` are held
    /// unless the input ends sooner (then all that is left); valid until the next call.
    func buffered(from offset: Int, atLeast count: Int) throws -> UnsafeRawBufferPointer {
        precondition(offset >= windowStart && offset >= keepFrom, "the window only moves forward")
        if offset + count > windowStart + filled {
            _ = try fill(through: knownEnd.map { min($0, offset + count) } ?? offset + count)
        }
        // Never past the input's known end (a file that grew after it was opened is read to its size then).
        let held = min(filled, (knownEnd ?? .max) - windowStart)
        guard offset < windowStart + held else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: storage[(offset - windowStart)..<held])
    }

    /// Whether at least one byte exists at `offset`.
    func hasBytes(at offset: Int) throws -> Bool {
        try bytes(at: offset, count: 1) != nil
    }

    /// Whether the input holds `count` bytes at `offset`: arithmetic when the
    /// size is known, reading ahead (bounded by the input) for streams.
    func contains(offset: Int, count: Int) throws -> Bool {
        if let end = knownEnd { return offset + count <= end }
        return try bytes(at: offset, count: count) != nil
    }

    /// The frame header at `offset`, read without moving the window when the
    /// input size is known (a look far ahead must not make the window hold
    /// everything in between).
    func peekHeader(at offset: Int) throws -> FrameHeader? {
        guard let end = knownEnd else {
            return try bytes(at: offset, count: RecordIO.headerSize).map(FrameHeader.init(bytes:))
        }
        guard offset + RecordIO.headerSize <= end else { return nil }
        if offset >= windowStart, offset + RecordIO.headerSize <= windowStart + filled {
            return FrameHeader(bytes: UnsafeRawBufferPointer(rebasing: storage[(offset - windowStart)...]))
        }
        var word: (UInt64) = 0
        let count = try withUnsafeMutableBytes(of: &word) { try source.read(into: $0, at: offset) }
        guard count == RecordIO.headerSize else { return nil }
        return withUnsafeBytes(of: &word) { FrameHeader(bytes: $0) }
    }

    /// A copy of the `count` bytes at `offset` (a few bytes near the end of the
    /// input), read without moving the window when the input size is known.
    func peekBytes(at offset: Int, count: Int) throws -> [UInt8]? {
        guard let end = knownEnd else { return try bytes(at: offset, count: count).map(Array.init) }
        guard offset + count <= end else { return nil }
        if offset >= windowStart, offset + count <= windowStart + filled {
            return Array(UnsafeRawBufferPointer(rebasing: storage[(offset - windowStart)..<(offset - windowStart + count)]))
        }
        var copy = [UInt8](repeating: 0, count: count)
        let read = try copy.withUnsafeMutableBytes { try source.read(into: $0, at: offset) }
        return read == count ? copy : nil
    }

    /// The end of the input: known for files, found by reading for streams.
    func end() throws -> Int {
        while knownEnd == nil {
            _ = try fill(through: windowStart + filled + blockSize)
        }
        return knownEnd!
    }

    /// Reads until the window covers `target` (exclusive); false at end of input.
    private func fill(through target: Int) throws -> Bool {
        // Drop what is no longer needed, then make room.
        let dropped = min(keepFrom, windowStart + filled) - windowStart
        if dropped > 0 {
            let kept = filled - dropped
            if kept > 0 {
                storage.baseAddress!.copyMemory(from: storage.baseAddress! + dropped, byteCount: kept)
            }
            windowStart += dropped
            filled = kept
        }
        let needed = target - windowStart
        while windowStart + filled < target {
            if filled == storage.count {
                // Grow only as data arrives, so a lying length cannot make it allocate more than
                // twice what the input holds; and by doubling, so a window filled by many small
                // requests (the parts of a multi-part record) is copied a bounded number of times.
                // When the input's size is known, `bytes(at:count:)` has checked that the range
                // is in it: grow to it at once, so a large frame is not copied on every doubling.
                let cap = knownEnd == nil ? min(needed, storage.count * 2) : needed
                grow(to: max(cap, storage.count + storage.count / 2))
            }
            // Read as much as there is room for, so small requests do not mean small reads.
            let room = UnsafeMutableRawBufferPointer(rebasing: storage[filled...])
            let count = try source.read(into: room, at: windowStart + filled)
            if count == 0 {
                knownEnd = windowStart + filled
                return false
            }
            filled += count
        }
        return true
    }

    private func grow(to capacity: Int) {
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, storage.count), alignment: 16)
        if filled > 0 {
            bigger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: filled)
        }
        storage.deallocate()
        storage = bigger
    }
}
