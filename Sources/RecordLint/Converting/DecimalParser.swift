internal import CFastFloat

/// Parses text fields to the correctly rounded Double, as Python's `float()` and numpy's
/// `loadtxt` do: spaces and tabs around the number and a leading `+` are allowed. The rules are
/// in C (`cfastfloat_parse_field`, Sources/CFastFloat), the same ones `cfastfloat_parse_row` applies
/// to each field of a CSV row: plain decimals by Clinger's fast path, the rest by fast_float.
enum DecimalParser {
    /// The number the whole of `field` spells, or `nil` when it is not one number.
    static func parse(_ field: UnsafeRawBufferPointer) -> Double? {
        guard let base = field.baseAddress, !field.isEmpty else { return nil }
        var value = 0.0
        return cfastfloat_parse_field(base, field.count, &value) != 0 ? value : nil
    }

    /// The number `text` spells (for tests and command-line values).
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
