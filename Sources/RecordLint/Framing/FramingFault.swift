/// What is wrong with the framing of one logical record (a damaged region
/// counts as one record).
enum FramingFault: Equatable, Sendable {
    /// No magic where a frame must start; the bytes up to the next record
    /// start, `resumeAt`, were skipped (to the end of the input when `nil`).
    case badMagic(resumeAt: Int?)
    /// The input ends inside a header, a payload, its padding, or a multi-part sequence.
    case truncated(TruncationPoint)
    /// A middle or last part with no first part before it.
    case orphanPart(flag: UInt8)
    /// A multi-part record whose sequence is broken before its last part: at
    /// `interruptedAt` is a frame with cflag `foundFlag` (0 or 1), or no magic (`nil`).
    case unterminated(parts: Int, interruptedAt: Int, foundFlag: UInt8?)
    /// A continuation flag of 4 to 7; the bytes up to `resumeAt` (or the end
    /// of the input, when `nil`) were skipped.
    case invalidFlag(flag: UInt8, resumeAt: Int?)

    /// The record is cut off by the start of another record at `nextStart`,
    /// inside the frame that `parts` complete parts of a multi-part record (0
    /// for a single frame) come before: two files joined? `length` is the
    /// payload length the cut frame's header gives and `available` how many of
    /// its payload bytes come before `nextStart`; `length` is `nil` when the
    /// header itself is cut off, after `available` bytes.
    case cutOffByRecord(length: Int?, available: Int, nextStart: Int, parts: Int)

    /// A multi-part record of `parts` parts and at least `payloadBytes` bytes
    /// that would hold more than `limit` bytes joined (`DecodeLimits.recordBytes`);
    /// its parts were walked and skipped, not joined.
    case tooLarge(parts: Int, payloadBytes: Int, limit: Int)

    /// Where in a record the input ended.
    enum TruncationPoint: Equatable, Sendable {
        case header(available: Int)
        case payload(length: Int, available: Int)
        case padding(length: Int, available: Int)
        case multipart(parts: Int)
    }
}

/// A framing fault at a place in the input: the region from `offset` to `end` is one record.
struct FramingDamage: Sendable {
    let offset: Int
    let end: Int
    let fault: FramingFault
}

/// One complete logical record as framed in the input.
struct FramedRecord {
    /// The byte offset of the record's first frame header.
    let offset: Int
    /// The offset just past the record's last frame, padding included.
    let end: Int
    /// The payload; for a multi-part record, the parts joined with the magic
    /// between them (dmlc-core's convention). Valid only during the callback.
    let payload: UnsafeRawBufferPointer
    /// The lengths of the parts of a multi-part record; empty for a single frame.
    let partLengths: [Int]
    /// The first frame of the record whose padding is not all zero bytes, if any.
    var nonzeroPadding: NonzeroPadding? = nil
}

/// Padding after a payload that is not zero bytes: readers skip it, but a
/// writer or a copy went wrong.
struct NonzeroPadding: Sendable, Equatable {
    /// The offset of the first padding byte.
    let offset: Int
    /// The padding bytes (1 to 3).
    let bytes: [UInt8]
}

/// What the walker found at one record index.
enum WalkEvent {
    case record(FramedRecord)
    case damage(FramingDamage)
}
