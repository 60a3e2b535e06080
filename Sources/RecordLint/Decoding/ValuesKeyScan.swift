/// Finds, in a record's wire bytes, which entry of the `features` and `label`
/// maps holds the key `"values"`: exactly those six bytes, compared with the
/// key's length. protobuf-c hands keys over as C strings, so a key
/// `"values\0evil"` would read as `"values"`; the SDK's protobuf, which sees
/// the whole key, finds no features there, and neither does recordlint.
///
/// Only the record's top level and each entry's fields are read; tensors are
/// skipped by their length, so the scan costs a few steps a record.
struct ValuesKeyScan {
    /// The index (in wire order, as protobuf-c stores the entries) of the last
    /// `features` entry whose key is `"values"`; the last one wins, as protobuf map semantics say.
    private(set) var features: Int?
    /// The same for `label`.
    private(set) var label: Int?

    init(_ payload: UnsafeRawBufferPointer) {
        var reader = WireReader(payload)
        var featureEntries = 0
        var labelEntries = 0
        while let field = reader.next() {
            guard field.number == 1 || field.number == 2, var entry = field.contents else { continue }
            if Self.hasValuesKey(&entry) {
                if field.number == 1 { features = featureEntries } else { label = labelEntries }
            }
            if field.number == 1 { featureEntries += 1 } else { labelEntries += 1 }
        }
    }

    /// Whether the entry's key (its last field 1, as protobuf-c keeps the last) is exactly "values".
    private static func hasValuesKey(_ entry: inout WireReader) -> Bool {
        var isValues = false
        while let field = entry.next() {
            guard field.number == 1, let key = field.contents else { continue }
            isValues = key.remainingEquals("values")
        }
        return isValues
    }
}

extension WireReader {
    /// Whether the bytes left are exactly `text`'s UTF-8.
    func remainingEquals(_ text: StaticString) -> Bool {
        let remaining = remainingBytes
        guard remaining.count == text.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        return remaining.elementsEqual(expected)
    }
}
