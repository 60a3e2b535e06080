/// What decoding one framed record gave: the one answer every command
/// (`check`, `inspect`, `stats`, `filter`, `export`) works from.
enum DecodeOutcome {
    /// How the parts of a multi-part record were joined for the decode that succeeded.
    enum Joining: Equatable {
        /// A single frame, or parts joined with the magic between them (dmlc-core's convention).
        case asFramed
        /// Parts joined with nothing between them (ml-io's convention); the
        /// record does not decode the dmlc way.
        case withoutMagic(parts: Int)
    }

    /// The record decoded; the view is valid only inside the closure that received it.
    case decoded(RecordView, Joining)
    /// The payload does not decode as `aialgs.data.Record`, joined either way.
    case undecodable(payloadBytes: Int, parts: Int)
    /// Decoding would take more memory than the decoder's cap, or than the system has.
    case tooComplex(DecodeRefusal)
}

extension RecordDecoder {
    /// Decodes a framed record, falling back to ml-io's joining of a
    /// multi-part record when dmlc's does not decode, and passes the outcome to
    /// `body`. Views must not escape `body`.
    @inline(__always)
    func withOutcome<Result>(of record: FramedRecord, _ body: (DecodeOutcome) throws -> Result) rethrows -> Result {
        let parts = max(1, record.partLengths.count)
        ambiguity = nil
        disagreement = nil
        rejection = nil
        if let refusal = precheck(record.payload, parts: parts) { return try body(.tooComplex(refusal)) }
        var result: Result?
        let decoded = try withProtobufReading(
            record.payload, fileOffset: parts == 1 ? record.offset + 8 : nil, joined: "with the magic"
        ) {
            view -> Bool in
            guard let view else { return false }
            result = try body(.decoded(view, .asFramed))
            return true
        }
        if decoded, let result { return result }
        if let refusal = rewriteRefusal { return try body(.tooComplex(refusal)) }
        if !protobufRejected, let refusal = refusal(of: record.payload, parts: parts) { return try body(.tooComplex(refusal)) }
        guard parts > 1 else { return try body(.undecodable(payloadBytes: record.payload.count, parts: parts)) }
        rejoined.removeAll(keepingCapacity: true)
        var start = 0
        for (part, length) in record.partLengths.enumerated() {
            rejoined.append(contentsOf: record.payload[start..<(start + length)])
            start += length + (part < parts - 1 ? 4 : 0)
        }
        let rejected = rejection
        return try rejoined.withUnsafeBytes { joined in
            if let refusal = precheck(joined, parts: parts) { return try body(.tooComplex(refusal)) }
            return try withProtobufReading(joined, fileOffset: nil, joined: "without the magic") { view in
                guard let view else {
                    if let refusal = rewriteRefusal { return try body(.tooComplex(refusal)) }
                    if !protobufRejected, let refusal = refusal(of: joined, parts: parts) {
                        return try body(.tooComplex(refusal))
                    }
                    rejection = rejected ?? rejection
                    return try body(.undecodable(payloadBytes: record.payload.count, parts: parts))
                }
                return try body(.decoded(view, .withoutMagic(parts: parts)))
            }
        }
    }

    /// `withRecord` on the record as protobuf reads it (`ProtobufDialect`): `nil`
    /// without decoding (`protobufRejected` and `rejection` set) when protobuf rejects its
    /// field numbers; the rewritten record, with `ambiguity` set, where
    /// protobuf-c would read it differently. `fileOffset` is where the payload
    /// starts in the file, when it is one frame's. A payload over `maxRewriteBytes`
    /// is not rewritten: `nil`, with `rewriteRefusal` set (the copy would take
    /// memory the cap does not count).
    @inline(__always)
    private func withProtobufReading<Result>(
        _ payload: UnsafeRawBufferPointer, fileOffset: Int?, joined: String, _ body: (RecordView?) throws -> Result
    ) rethrows -> Result {
        protobufRejected = false
        rewriteRefusal = nil
        // The usual record first: one the canonical scanner takes has each field once, field numbers 1
        // to 5 and one Value an entry, so protobuf and protobuf-c read it alike (CanonicalScanTests
        // holds the scanner to refusing everything the dialect walk finds odd).
        if let view = canonicalView(payload) { return try body(view) }
        // Then nothing the C look (record_dialect.c) finds suspect.
        guard ProtobufDialect.suspect(payload) else {
            return try withRecord(payload, scanned: true, body)
        }
        let dialect = ProtobufDialect(payload)
        protobufRejected = dialect.protobufRejects
        if protobufRejected {
            rejection = dialect.rejection(fileOffset: fileOffset, joined: joined)
            return try body(nil)
        }
        guard !dialect.agrees else { return try withRecord(payload, scanned: true, body) }
        guard dialect.needsRewrite else {
            // Only map entries under other keys, or "values" entries upb drops, that protobuf-c reads as the others do.
            return try withRecord(payload, scanned: true) { view in
                if view != nil { noteReadings(dialect, fileOffset: fileOffset, joined: joined) }
                return try body(view)
            }
        }
        guard payload.count <= Self.maxRewriteBytes else {
            rewriteRefusal = DecodeRefusal(
                payloadBytes: payload.count, parts: 1, limit: Self.maxRewriteBytes, handedOut: 0, refused: payload.count,
                outOfMemory: false,
                culprit:
                    "\(dialect.oddEntryCount) map entries protobuf merges and \(dialect.skippedCount) fields it skips as unknown, where protobuf-c would read otherwise",
                rewrite: true)
            return try body(nil)
        }
        dialect.rewritten(payload, into: &rewritten)
        defer { if rewritten.capacity > Self.keptRewriteBytes { rewritten = [] } }
        return try rewritten.withUnsafeBytes { canonical in
            try withRecord(canonical) { view in
                if view != nil { noteReadings(dialect, fileOffset: fileOffset, joined: joined) }
                return try body(view)
            }
        }
    }

    /// Sets `ambiguity` and `disagreement` from the walk of a record that decoded.
    private func noteReadings(_ dialect: ProtobufDialect, fileOffset: Int?, joined: String) {
        ambiguity = dialect.ambiguity(fileOffset: fileOffset, joined: joined)
        disagreement = dialect.disagreement(fileOffset: fileOffset, joined: joined)
    }
}

extension RecordDecoder {
    /// Payloads this large are looked over (`WireCensus`) before protobuf-c
    /// gets them; below it, the 64 MiB the cap always allows covers any payload.
    static let precheckBytes = 1 << 20

    /// For a large payload: a refusal, before anything is allocated, when its
    /// census says decoding would need more than the cap. The arena's cap
    /// still holds for what the census misjudges.
    func precheck(_ payload: UnsafeRawBufferPointer, parts: Int) -> DecodeRefusal? {
        guard payload.count >= Self.precheckBytes else { return nil }
        let limit = limits.decodeMemory(forPayload: payload.count)
        let census = WireCensus(payload, stopAbove: limit)
        guard census.estimatedBytes > limit else { return nil }
        return DecodeRefusal(
            payloadBytes: payload.count, parts: parts, limit: limit, handedOut: 0, refused: census.estimatedBytes,
            outOfMemory: false, culprit: census.culprit)
    }
}
