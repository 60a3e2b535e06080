internal import CFastFloat

/// Parses text fields to the correctly rounded Double, with fast_float (the
/// corresponding C function is `cfastfloat_parse_double`, a wrapper of
/// `fast_float::from_chars`), as Python's `float()` and numpy's `loadtxt` do:
/// spaces and tabs around the number and a leading `+` are allowed.
enum DecimalParser {
    /// The number the whole of `field` spells, or `nil` when it is not one number.
    static func parse(_ field: UnsafeRawBufferPointer) -> Double? {
        var start = 0
        var end = field.count
        while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
        while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
        guard start < end, let base = field.baseAddress else { return nil }
        // fast_float follows std::from_chars, which takes `-` but not `+`.
        if field[start] == UInt8(ascii: "+") {
            start += 1
            guard start < end, field[start] != UInt8(ascii: "-"), field[start] != UInt8(ascii: "+") else { return nil }
        }
        var value = 0.0
        let used = cfastfloat_parse_double(base + start, end - start, &value)
        return used == end - start ? value : nil
    }

    /// The number `text` spells (for tests and command-line values).
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
