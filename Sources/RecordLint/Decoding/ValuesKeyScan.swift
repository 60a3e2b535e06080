/// Finds, in a record's wire bytes, which entry of the `features` and `label`
/// maps holds the key `"values"`: exactly those six bytes, compared with the
/// key's length. protobuf-c hands keys over as C strings, so a key
/// `"values\0evil"` would read as `"values"`; the SDK's protobuf, which sees
/// the whole key, finds no features there, and neither does recordlint.
///
/// Only the record's top level and each entry's fields are read; tensors are
/// skipped by their length, so the scan costs a few steps a record. It runs on
/// bytes protobuf-c has just decoded, so they are well-formed; it stops at
/// anything that is not.
struct ValuesKeyScan {
    /// The index (in wire order, as protobuf-c stores the entries) of the last
    /// `features` entry whose key is `"values"`; the last one wins, as protobuf map semantics say.
    private(set) var features: Int?
    /// The same for `label`.
    private(set) var label: Int?

    init(_ payload: UnsafeRawBufferPointer) {
        guard let base = payload.baseAddress else { return }
        var at = 0
        var featureEntries = 0
        var labelEntries = 0
        while let field = Self.field(base, &at, payload.count) {
            guard field.wire == 2, field.number == 1 || field.number == 2 else { continue }
            let isValues = Self.hasValuesKey(base + field.start, field.length)
            if field.number == 1 {
                if isValues { features = featureEntries }
                featureEntries += 1
            } else {
                if isValues { label = labelEntries }
                labelEntries += 1
            }
        }
    }

    /// Whether the entry's key (its last field 1, as protobuf-c keeps the last) is exactly "values".
    @inline(__always)
    private static func hasValuesKey(_ entry: UnsafeRawPointer, _ length: Int) -> Bool {
        var at = 0
        var isValues = false
        while let field = field(entry, &at, length) {
            guard field.number == 1, field.wire == 2 else { continue }
            isValues =
                field.length == 6 && entry.load(fromByteOffset: field.start, as: UInt8.self) == 0x76  // v
                && entry.load(fromByteOffset: field.start + 1, as: UInt8.self) == 0x61  // a
                && entry.load(fromByteOffset: field.start + 2, as: UInt8.self) == 0x6C  // l
                && entry.load(fromByteOffset: field.start + 3, as: UInt8.self) == 0x75  // u
                && entry.load(fromByteOffset: field.start + 4, as: UInt8.self) == 0x65  // e
                && entry.load(fromByteOffset: field.start + 5, as: UInt8.self) == 0x73  // s
        }
        return isValues
    }

    /// The field at `at` (moving past it): number, wire type, and for a
    /// length-delimited one where its data starts and how long it is.
    @inline(__always)
    private static func field(
        _ base: UnsafeRawPointer, _ at: inout Int, _ end: Int
    ) -> (number: UInt64, wire: UInt64, start: Int, length: Int)? {
        guard at < end, let tag = varint(base, &at, end) else { return nil }
        switch tag & 7 {
        case 0:
            guard varint(base, &at, end) != nil else { return nil }
            return (tag >> 3, 0, at, 0)
        case 1, 5:
            let size = tag & 7 == 1 ? 8 : 4
            guard end - at >= size else { return nil }
            at += size
            return (tag >> 3, tag & 7, at - size, size)
        case 2:
            guard let length = varint(base, &at, end), length <= UInt64(end - at) else { return nil }
            at += Int(length)
            return (tag >> 3, 2, at - Int(length), Int(length))
        default:
            return nil
        }
    }

    @inline(__always)
    private static func varint(_ base: UnsafeRawPointer, _ at: inout Int, _ end: Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while at < end, shift < 64 {
            let byte = base.load(fromByteOffset: at, as: UInt8.self)
            at += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
