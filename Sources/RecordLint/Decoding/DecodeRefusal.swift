/// Why the decoder gave up on a record whose bytes may well be valid: it would
/// have needed more memory than its cap, or the system had none left.
struct DecodeRefusal: Equatable {
    /// The payload's length in bytes.
    let payloadBytes: Int
    /// The frames it was joined from (1 for a single frame).
    let parts: Int
    /// The decoder's cap for this record.
    let limit: Int
    /// Bytes handed out when the request was refused.
    let handedOut: Int
    /// The size of the request that was refused.
    let refused: Int
    /// True when the system refused memory below the cap (an address-space limit).
    let outOfMemory: Bool
    /// What in the payload asks for the memory (from `WireCensus`), when it can be told.
    let culprit: String?
    /// True when the limit is the largest payload rewritten to be read as protobuf reads it
    /// (`RecordDecoder.maxRewriteBytes`), not the decoder's cap.
    var rewrite = false

    /// The `record-too-complex` message, after the record's name.
    var message: String {
        let what = culprit.map { ": \($0)" } ?? ""
        let joined = parts > 1 ? " (\(parts) parts joined)" : ""
        if outOfMemory {
            return
                "has a \(payloadBytes)-byte payload\(joined) that could not be decoded: out of memory "
                + "(the system refused \(Self.size(refused)) after \(Self.size(handedOut)))\(what)"
        }
        if rewrite {
            return
                "has a \(payloadBytes)-byte payload\(joined) that must be rewritten to be read as protobuf reads it, "
                + "which recordlint does for payloads up to \(Self.size(limit)) (a fixed limit: the copy is memory "
                + "--max-decode-memory does not count)\(what)"
        }
        return
            "has a \(payloadBytes)-byte payload\(joined) that needs more than \(Self.size(limit)) to decode "
            + "(--max-decode-memory)\(what)"
    }

    /// A byte count in MiB or KiB, as the limit is given.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
