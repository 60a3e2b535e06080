internal import CRecordProto

/// The decoder's fast path (`rl_record_unpack_fast`, Sources/CRecordProto/record_fast.c):
/// the record decoded by protobuf-c with `Proto/record_fast.proto`, a wire-compatible
/// schema in which a Float32Tensor's packed fields arrive as bytes, so the float
/// values are read where protobuf-c put them and the keys are decoded by a varint
/// loop made for short keys. A record the fast path cannot take exactly as the full
/// schema would is decoded again with the full schema, so every record gets the same
/// view, and the same findings, either way (the differential fuzz target holds the
/// two to it).
extension RecordDecoder {
    /// The record's view from the fast path, or `nil` when the full decode must make it.
    @inline(__always)
    static func fastView(arena: OpaquePointer, payload: UnsafeRawPointer, count: Int, limit: Int, keys: ValuesKeyScan)
        -> RecordView?
    {
        var record = RLFastRecord()
        guard
            rl_record_unpack_fast(
                arena, payload, count, limit, keys.features ?? Int.max, keys.label ?? Int.max, &record) != 0
        else { return nil }
        return RecordView(
            features: mapValue(record.features), label: mapValue(record.label), uidPointer: record.uid)
    }

    private static func mapValue(_ slot: RLFastTensor) -> MapValue {
        switch slot.state {
        case RL_ENTRY_MISSING: return .missing
        case RL_ENTRY_NO_VALUE: return .unsupported(.empty)
        default: break
        }
        let value = slot.value.pointee
        switch value.value_case {
        case AIALGS__FAST__VALUE__VALUE_FLOAT32_TENSOR:
            let keys = buffer(slot.keys, slot.n_keys)
            return .tensor(
                TensorView(
                    values: .float32(buffer(slot.values, slot.n_values)), keys: keys, shape: buffer(slot.shape, slot.n_shape),
                    increasingKeysLargest: slot.keys_increasing != 0 && !keys.isEmpty ? slot.largest_key : nil))
        case AIALGS__FAST__VALUE__VALUE_FLOAT64_TENSOR:
            let tensor = value.float64_tensor.pointee
            return view(of: tensor, values: .float64(buffer(tensor.values, tensor.n_values)))
        case AIALGS__FAST__VALUE__VALUE_INT32_TENSOR:
            let tensor = value.int32_tensor.pointee
            return view(of: tensor, values: .int32(buffer(tensor.values, tensor.n_values)))
        case AIALGS__FAST__VALUE__VALUE_BYTES:
            return .unsupported(.bytes)
        default:
            return .unsupported(.empty)
        }
    }
}

/// The packed-varint decoder of the fast path, for tests: the values of a packed
/// uint64 run, or `nil` where protobuf-c rejects the run (a varint cut off by the
/// end of the run, or longer than 10 bytes).
enum PackedVarints {
    /// Which of the decoder's loops run: all the CPU has (AVX-512 VBMI, AVX2), AVX2 at most, or the portable ones only.
    enum Loops: CaseIterable {
        case all, avx2, portable
    }

    /// The run decoded with `loops`.
    static func decode(_ bytes: [UInt8], loops: Loops = .all) -> (values: [UInt64], largest: UInt64, increasing: Bool)? {
        bytes.withUnsafeBufferPointer { run -> (values: [UInt64], largest: UInt64, increasing: Bool)? in
            let base = run.baseAddress ?? UnsafePointer(bitPattern: 0x10)!
            let count = rl_varints_count(base, run.count)
            var values = [UInt64](repeating: 0, count: count)
            var largest: UInt64 = 0
            var increasing: UInt32 = 0
            let decoded = values.withUnsafeMutableBufferPointer {
                let out = $0.baseAddress ?? UnsafeMutablePointer(bitPattern: 0x10)!
                switch loops {
                case .all: return rl_varints_decode(base, run.count, out, &largest, &increasing)
                case .avx2: return rl_varints_decode_avx2(base, run.count, out, &largest, &increasing)
                case .portable: return rl_varints_decode_portable(base, run.count, out, &largest, &increasing)
                }
            }
            guard decoded != Int(bitPattern: UInt(RL_VARINTS_INVALID)) else { return nil }
            precondition(decoded == count, "a valid run holds one varint per byte below 0x80")
            return (values, largest, increasing != 0)
        }
    }

    /// Whether the run is one protobuf-c takes (the check made of the tensors the rules do not read).
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { rl_varints_valid($0.baseAddress ?? UnsafePointer(bitPattern: 0x10)!, $0.count) != 0 }
    }
}
