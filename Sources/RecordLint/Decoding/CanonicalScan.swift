internal import CRecordProto

/// The decoder's first path (`rl_record_scan`, Sources/CRecordProto/record_scan.c):
/// a scanner of the wire format that takes only records of the canonical
/// shape the SDK, dmlc-core and recordlint's writer produce (each map's one
/// entry `"values"` holding one Float32Tensor with packed fields, in field
/// order), checking every byte it passes as protobuf-c would. It hands the
/// rules the float values where they lie in the payload (copied only when
/// their address is not a multiple of 4) and the keys decoded by the fast
/// path's varint loop, without protobuf-c's copies and passes. A record of
/// any other shape goes on to the protobuf-c decodes, which stay the arbiter
/// (record_scan.c says why the scanner is exact on what it takes).
extension RecordDecoder {
    /// The record's view from the scanner, or `nil` when protobuf-c must decode it.
    @inline(__always)
    static func scannedView(arena: OpaquePointer, payload: UnsafeRawPointer, count: Int, limit: Int) -> RecordView? {
        var record = RLScanRecord()
        guard rl_record_scan(arena, payload, count, limit, &record) == RL_SCAN_TAKEN else { return nil }
        return RecordView(features: mapValue(record.features), label: mapValue(record.label), uidPointer: record.uid)
    }

    @inline(__always)
    private static func mapValue(_ slot: RLScanTensor) -> MapValue {
        guard slot.present != 0 else { return .missing }
        let keys = buffer(slot.keys, slot.n_keys)
        return .tensor(
            TensorView(
                values: .float32(buffer(slot.values, slot.n_values)), keys: keys, shape: buffer(slot.shape, slot.n_shape),
                increasingKeysLargest: slot.keys_increasing != 0 && !keys.isEmpty ? slot.largest_key : nil))
    }
}

/// Why the scanner left a payload to protobuf-c, for tests (`RLScanResult`).
enum CanonicalScan {
    enum Outcome: Equatable {
        case taken
        case recordField, length, entry, value, tensor, floats, varints, memory
    }

    /// The scanner's outcome for `payload`, with the decoder's default memory cap.
    static func outcome(_ payload: [UInt8], limit: Int? = nil) -> Outcome {
        guard let arena = rl_arena_create(64 << 10) else { fatalError("out of memory creating an arena") }
        defer { rl_arena_destroy(arena) }
        var record = RLScanRecord()
        let result = payload.withUnsafeBytes { bytes in
            rl_record_scan(
                arena, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!, bytes.count,
                limit ?? DecodeLimits().decodeMemory(forPayload: bytes.count), &record)
        }
        switch result {
        case RL_SCAN_TAKEN: return .taken
        case RL_SCAN_RECORD_FIELD: return .recordField
        case RL_SCAN_LENGTH: return .length
        case RL_SCAN_ENTRY: return .entry
        case RL_SCAN_VALUE: return .value
        case RL_SCAN_TENSOR: return .tensor
        case RL_SCAN_FLOATS: return .floats
        case RL_SCAN_VARINTS: return .varints
        default: return .memory
        }
    }
}
