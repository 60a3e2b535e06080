/// How much memory reading one record may take, whatever its bytes claim.
///
/// protobuf-c materializes a record in the decoder's arena; a crafted payload
/// (a run of empty map entries, unknown fields or 1-byte packed varints) can
/// ask for 10 to 60 times its size. The arena refuses to hand out more than
/// `decodeMemory(forPayload:)`, and such a record is a `record-too-complex`
/// finding, not an allocation of gigabytes.
public struct DecodeLimits: Sendable, Equatable {
    /// The most bytes the decoder may hand out for one record; `nil` uses
    /// `defaultDecodeMemory(forPayload:)`.
    public var decodeMemory: Int?
    /// The largest multi-part record the walker joins, in bytes held while
    /// joining (payloads, the magic between them, and 8 bytes a part for its
    /// length); a larger one is a `record-too-large` finding and is skipped.
    public var recordBytes: Int

    /// The default `recordBytes`: what one frame can hold (2^29 - 1 bytes, FORMAT.md §2).
    public static let defaultRecordBytes = (1 << 29) - 1

    /// Creates limits; the defaults fit any record a real writer makes.
    public init(decodeMemory: Int? = nil, recordBytes: Int = DecodeLimits.defaultRecordBytes) {
        self.decodeMemory = decodeMemory
        self.recordBytes = recordBytes
    }

    /// 64 MiB plus 4 bytes for every payload byte: a real record needs at most
    /// about 4 (Int32 values written as 1-byte varints decode to 4 bytes each;
    /// float32 data decodes to about its own size, sparse uint64 keys to under 3 times).
    public static func defaultDecodeMemory(forPayload bytes: Int) -> Int {
        (64 << 20) + 4 * max(0, bytes)
    }

    /// The cap for a payload of `bytes` bytes.
    public func decodeMemory(forPayload bytes: Int) -> Int {
        decodeMemory ?? Self.defaultDecodeMemory(forPayload: bytes)
    }
}
