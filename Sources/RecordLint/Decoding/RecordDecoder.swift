internal import CRecordProto

/// Decodes `aialgs.data.Record` payloads with libprotobuf-c into an arena that
/// this decoder owns and resets for every record, so that a record costs no
/// malloc in the steady state, and never hands out more than `limits` allow.
/// One decoder serves one thread.
final class RecordDecoder {
    let arena: OpaquePointer
    /// The memory cap for one record.
    let limits: DecodeLimits
    /// The parts of a multi-part record joined without the magic, for ml-io's convention (reused).
    var rejoined: [UInt8] = []
    /// A record rewritten as protobuf reads it (`ProtobufDialect.rewritten`), reused up to `keptRewriteBytes`.
    var rewritten: [UInt8] = []
    static let keptRewriteBytes = 8 << 20
    /// The largest payload rewritten; a larger one protobuf-c would read otherwise is `record-too-complex`.
    static let maxRewriteBytes = 64 << 20
    /// Set when `withOutcome` passed on a record as too complex because it would need a rewrite past `maxRewriteBytes`.
    var rewriteRefusal: DecodeRefusal?
    /// For the record `withOutcome` last passed on as decoded: how protobuf-c
    /// and protobuf would part ways on it (the record was read as protobuf reads
    /// it), for `ambiguous-encoding`; `nil` when they agree.
    var ambiguity: String?
    /// For the record `withOutcome` last passed on as decoded: how protobuf's own readers
    /// disagree on it (upb drops a "values" entry the others keep), for `readers-disagree`;
    /// the view is what pure-Python protobuf and C++ read.
    var disagreement: String?
    /// For the record `withOutcome` last passed on as undecodable: why protobuf
    /// rejects it, when protobuf-c would not have (its field numbers).
    var rejection: String?
    /// Whether the last payload tried was rejected for its field numbers before protobuf-c saw it.
    var protobufRejected = false
    /// Whether records go through the fast path first (`FastDecoding.swift`); off only to compare the two paths.
    var readsPackedFieldsInPlace = true

    /// Creates a decoder with its arena (the corresponding C function is `rl_arena_create`).
    init(limits: DecodeLimits = DecodeLimits(), initialArenaBytes: Int = 256 << 10) {
        self.limits = limits
        guard let arena = rl_arena_create(initialArenaBytes) else {
            fatalError("out of memory creating the protobuf-c arena")
        }
        self.arena = arena
    }

    deinit { rl_arena_destroy(arena) }

    /// Decodes `payload` and passes a view of it to `body`, or `nil` when the
    /// bytes are not a valid record (the C function is `rl_record_unpack`, which
    /// calls `aialgs__data__record__unpack`). The view must not escape `body`.
    /// `scanned: true` says the canonical scanner has already been tried on `payload` (and did not take it).
    @inline(__always)
    func withRecord<Result>(
        _ payload: UnsafeRawBufferPointer, scanned: Bool = false, _ body: (RecordView?) throws -> Result
    ) rethrows -> Result {
        let base = payload.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!  // protobuf-c reads nothing when the length is 0
        let limit = limits.decodeMemory(forPayload: payload.count)
        if !scanned, let view = canonicalView(payload) { return try body(view) }
        // Keys compared with their length, from the wire: protobuf-c's C strings end at a NUL.
        let keys = ValuesKeyScan(payload)
        if readsPackedFieldsInPlace,
            let view = Self.fastView(arena: arena, payload: base, count: payload.count, limit: limit, keys: keys)
        {
            return try body(view)
        }
        guard let record = rl_record_unpack(arena, base, payload.count, limit) else {
            return try body(nil)
        }
        let message = record.pointee
        let view = RecordView(
            features: Self.valuesEntry(at: keys.features, count: message.n_features, entries: message.features) {
                $0.pointee.value
            },
            label: Self.valuesEntry(at: keys.label, count: message.n_label, entries: message.label) {
                $0.pointee.value
            },
            uidPointer: UnsafePointer(message.uid))
        return try body(view)
    }

    /// The view of a canonical record (CanonicalScan.swift), or `nil` when the scanner does not take it.
    /// Tried only where the cap cannot refuse the full decode of a record of that shape: protobuf-c
    /// hands out at most 8 bytes a payload byte (a 1-byte key becomes a UInt64) plus its structs, so
    /// under a smaller cap the scanner could take a record the full decode refuses.
    @inline(__always)
    func canonicalView(_ payload: UnsafeRawBufferPointer) -> RecordView? {
        let limit = limits.decodeMemory(forPayload: payload.count)
        guard readsPackedFieldsInPlace, limit >= Self.scanHeadroom(forPayload: payload.count) else { return nil }
        let base = payload.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!
        return Self.scannedView(arena: arena, payload: base, count: payload.count, limit: limit)
    }

    /// The least cap under which the scanner may take a payload of `bytes` bytes: what protobuf-c's
    /// full decode of any canonical record that size can ask for (8 bytes a payload byte, and 4 KiB for
    /// its structs: a Record, two entries with their keys, Values and tensors, the uid's NUL).
    static func scanHeadroom(forPayload bytes: Int) -> Int { 8 * bytes + 4096 }

    /// Why the last `withRecord` passed `nil`, when the cause was memory rather
    /// than the bytes: the cap, or the system. `payload` must be the same bytes.
    func refusal(of payload: UnsafeRawBufferPointer, parts: Int) -> DecodeRefusal? {
        let status = rl_arena_status(arena)
        guard status == RL_DECODE_LIMIT || status == RL_DECODE_NO_MEMORY else { return nil }
        return DecodeRefusal(
            payloadBytes: payload.count, parts: parts, limit: limits.decodeMemory(forPayload: payload.count),
            handedOut: rl_arena_live_bytes(arena), refused: rl_arena_refused_bytes(arena),
            outOfMemory: status == RL_DECODE_NO_MEMORY, culprit: WireCensus(payload).culprit)
    }

    /// Bytes the arena keeps between records, and bytes it has mapped for the last one (for tests).
    var arenaFootprint: (retained: Int, mapped: Int) { (rl_arena_capacity(arena), rl_arena_mapped_bytes(arena)) }

    /// The value of the map entry at `index`, the one whose key is "values" (`ValuesKeyScan`).
    private static func valuesEntry<Entry>(
        at index: Int?, count: Int, entries: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>?,
        value: (UnsafeMutablePointer<Entry>) -> UnsafeMutablePointer<Aialgs__Data__Value>?
    ) -> MapValue {
        guard let index, index < count, let entries, let entry = entries[index] else { return .missing }
        guard let found = value(entry) else { return .unsupported(.empty) }
        return mapValue(found.pointee)
    }

    private static func mapValue(_ value: Aialgs__Data__Value) -> MapValue {
        switch value.value_case {
        case AIALGS__DATA__VALUE__VALUE_FLOAT32_TENSOR:
            let tensor = value.float32_tensor.pointee
            return view(of: tensor, values: .float32(buffer(tensor.values, tensor.n_values)))
        case AIALGS__DATA__VALUE__VALUE_FLOAT64_TENSOR:
            let tensor = value.float64_tensor.pointee
            return view(of: tensor, values: .float64(buffer(tensor.values, tensor.n_values)))
        case AIALGS__DATA__VALUE__VALUE_INT32_TENSOR:
            let tensor = value.int32_tensor.pointee
            return view(of: tensor, values: .int32(buffer(tensor.values, tensor.n_values)))
        case AIALGS__DATA__VALUE__VALUE_BYTES:
            return .unsupported(.bytes)
        default:
            return .unsupported(.empty)
        }
    }

    static func view<Tensor: ProtobufCTensor>(of tensor: Tensor, values: TensorValues) -> MapValue {
        .tensor(TensorView(values: values, keys: buffer(tensor.keys, tensor.n_keys), shape: buffer(tensor.shape, tensor.n_shape)))
    }

    static func buffer<Element>(_ pointer: UnsafePointer<Element>?, _ count: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : count)
    }
}

/// The keys and shape every protoc-c tensor struct has.
protocol ProtobufCTensor {
    var n_keys: Int { get }
    var keys: UnsafeMutablePointer<UInt64>! { get }
    var n_shape: Int { get }
    var shape: UnsafeMutablePointer<UInt64>! { get }
}

extension Aialgs__Data__Float32Tensor: ProtobufCTensor {}
extension Aialgs__Data__Float64Tensor: ProtobufCTensor {}
extension Aialgs__Data__Int32Tensor: ProtobufCTensor {}
