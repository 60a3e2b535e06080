/// Writes RecordIO-framed records into a byte buffer, as the SageMaker Python
/// SDK's `write_numpy_to_dense_tensor` and `write_spmatrix_to_sparse_tensor`
/// do (magic, length with cflag 0, payload, zero padding; no escaping), or as
/// dmlc-core's writer does (payloads split into parts at aligned magic words).
public struct RecordWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init() {}

    /// Appends a record, framed as the SDK frames it.
    public mutating func append(_ record: TrainingRecord) {
        appendFrame(payload: RecordEncoder.encode(record))
    }

    /// Appends one frame with any payload and continuation flag (0–7), padded to 4 bytes.
    /// A frame holds at most `RecordIO.maximumFrameLength` bytes (the SDK writer does not check).
    public mutating func appendFrame(payload: [UInt8], flag: UInt8 = 0) {
        precondition(payload.count <= RecordIO.maximumFrameLength, "a frame holds less than 2^29 bytes")
        appendWord(RecordIO.magic)
        appendWord(UInt32(flag) << 29 | UInt32(payload.count))
        bytes += payload
        bytes += [UInt8](repeating: 0, count: RecordIO.paddedLength(payload.count) - payload.count)
    }

    /// Appends a payload the way dmlc-core's `RecordIOWriter::WriteRecord`
    /// does: it ends a part at every 4-aligned word equal to the magic, drops
    /// that word, and marks the parts first, middle and last.
    public mutating func appendDMLC(payload: [UInt8]) {
        var parts: [[UInt8]] = []
        var partStart = 0
        var position = 0
        while position + 4 <= payload.count {
            let word =
                UInt32(payload[position]) | UInt32(payload[position + 1]) << 8
                | UInt32(payload[position + 2]) << 16 | UInt32(payload[position + 3]) << 24
            if word == RecordIO.magic {
                parts.append(Array(payload[partStart..<position]))
                partStart = position + 4
            }
            position += 4
        }
        parts.append(Array(payload[partStart...]))
        appendParts(parts)
    }

    /// Appends parts as one multi-part record (cflag 1, 2…, 3), or one frame when there is one part.
    public mutating func appendParts(_ parts: [[UInt8]]) {
        guard parts.count > 1 else { return appendFrame(payload: parts.first ?? []) }
        for (index, part) in parts.enumerated() {
            let flag: UInt8 = index == 0 ? 1 : (index == parts.count - 1 ? 3 : 2)
            appendFrame(payload: part, flag: flag)
        }
    }

    /// Appends raw bytes (for damaged test inputs).
    public mutating func appendRaw(_ raw: [UInt8]) {
        bytes += raw
    }

    private mutating func appendWord(_ word: UInt32) {
        withUnsafeBytes(of: word.littleEndian) { bytes += $0 }
    }
}
