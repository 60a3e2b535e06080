/// Encodes `aialgs.data.Record` messages byte for byte as the SageMaker Python
/// SDK's protobuf serialisation does: fields in number order, repeated scalars
/// packed, empty repeated fields left out.
public enum RecordEncoder {
    /// The protobuf bytes of `record`.
    public static func encode(_ record: TrainingRecord) -> [UInt8] {
        var out: [UInt8] = []
        if let features = record.features { appendMapEntry(field: 1, tensor: features, to: &out) }
        if let label = record.label { appendMapEntry(field: 2, tensor: label, to: &out) }
        if let uid = record.uid { appendBytes(field: 3, Array(uid.utf8), to: &out) }
        return out
    }

    private static func appendMapEntry(field: Int, tensor: Tensor, to out: inout [UInt8]) {
        var entry: [UInt8] = []
        appendBytes(field: 1, Array("values".utf8), to: &entry)
        var value: [UInt8] = []
        let valueField: Int
        switch tensor.values {
        case .float32: valueField = 2
        case .float64: valueField = 3
        case .int32: valueField = 7
        }
        appendBytes(field: valueField, encodeTensor(tensor), to: &value)
        appendBytes(field: 2, value, to: &entry)
        appendBytes(field: field, entry, to: &out)
    }

    private static func encodeTensor(_ tensor: Tensor) -> [UInt8] {
        var out: [UInt8] = []
        var packed: [UInt8] = []
        switch tensor.values {
        case .float32(let values):
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { packed += $0 } }
        case .float64(let values):
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { packed += $0 } }
        case .int32(let values):
            // int32 is a varint of the sign-extended 64-bit value.
            for value in values { appendVarint(UInt64(bitPattern: Int64(value)), to: &packed) }
        }
        if !packed.isEmpty { appendBytes(field: 1, packed, to: &out) }
        appendPackedVarints(field: 2, tensor.keys, to: &out)
        appendPackedVarints(field: 3, tensor.shape, to: &out)
        return out
    }

    private static func appendPackedVarints(field: Int, _ values: [UInt64], to out: inout [UInt8]) {
        guard !values.isEmpty else { return }
        var packed: [UInt8] = []
        for value in values { appendVarint(value, to: &packed) }
        appendBytes(field: field, packed, to: &out)
    }

    private static func appendBytes(field: Int, _ bytes: [UInt8], to out: inout [UInt8]) {
        appendVarint(UInt64(field << 3 | 2), to: &out)
        appendVarint(UInt64(bytes.count), to: &out)
        out += bytes
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }
}
