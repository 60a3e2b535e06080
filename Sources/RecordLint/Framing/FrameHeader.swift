/// Constants of the RecordIO framing (dmlc-core `recordio.h`) that SageMaker's
/// `application/x-recordio-protobuf` uses.
public enum RecordIO {
    /// The magic word that starts every frame (`0A 23 D7 CE` on disk, little-endian).
    public static let magic: UInt32 = 0xCED7_230A
    /// Bytes in a frame header: the magic and the `lrec` word.
    public static let headerSize = 8
    /// The largest payload one frame can hold: `lrec`'s low 29 bits.
    public static let maximumFrameLength = (1 << 29) - 1

    /// The length rounded up to the next multiple of 4, as frames are padded.
    @inlinable
    public static func paddedLength(_ length: Int) -> Int {
        (length + 3) & ~3
    }
}

/// The continuation flag: the top three bits of a frame's `lrec` word.
public enum ContinuationFlag: UInt8, Sendable {
    /// A whole record in one frame.
    case complete = 0
    /// The first part of a multi-part record.
    case first = 1
    /// A middle part of a multi-part record.
    case middle = 2
    /// The last part of a multi-part record.
    case last = 3
}

/// One decoded frame header: the magic word and `lrec = cflag << 29 | length`.
struct FrameHeader: Equatable {
    let magic: UInt32
    /// The raw continuation flag, 0 to 7 (4–7 are never written).
    let rawFlag: UInt8
    /// The unpadded payload length.
    let length: Int

    init(magic: UInt32, lrec: UInt32) {
        self.magic = magic
        self.rawFlag = UInt8(truncatingIfNeeded: lrec >> 29)
        self.length = Int(lrec & 0x1FFF_FFFF)
    }

    /// Reads a header from 8 bytes (little-endian words).
    init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= RecordIO.headerSize)
        self.init(
            magic: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)),
            lrec: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
    }

    var hasMagic: Bool { magic == RecordIO.magic }
    var flag: ContinuationFlag? { ContinuationFlag(rawValue: rawFlag) }
    /// Bytes the frame takes on disk: header, payload and padding.
    var frameSize: Int { RecordIO.headerSize + RecordIO.paddedLength(length) }
    /// A frame a record can start with: cflag 0 or 1.
    var canStartRecord: Bool { hasMagic && rawFlag <= 1 }

    /// Whether the first `count` bytes of the header (up to 4) are those of the magic.
    func startsLikeMagic(bytes count: Int) -> Bool {
        let bits = 8 * min(count, 4)
        let mask: UInt32 = bits == 32 ? .max : (1 << bits) - 1
        return magic & mask == RecordIO.magic & mask
    }
}
