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
        if let plain = plainPrefix(base + start, count: end - start), plain.length == end - start { return plain.value }
        var value = 0.0
        let used = cfastfloat_parse_double(base + start, end - start, &value)
        return used == end - start ? value : nil
    }

    /// Powers of ten a Double holds exactly.
    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    /// The common case without the call: a prefix `-?digits(.digits)?` of at most 19 digits whose
    /// mantissa a Double holds exactly (< 2^53), with at most 22 digits after the point. Then
    /// mantissa / 10^k, one correctly rounded division of two exact Doubles, is the correctly rounded
    /// value (Clinger's fast path, the one fast_float takes first too). Returns the value and the bytes
    /// it spans (it stops at the first other byte), or `nil` when the prefix is not such a number.
    @inline(__always)
    static func plainPrefix(_ text: UnsafeRawPointer, count: Int) -> (value: Double, length: Int)? {
        guard count > 0 else { return nil }
        var index = 0
        let negative = text.load(as: UInt8.self) == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < count {
            let byte = text.load(fromByteOffset: index, as: UInt8.self)
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                guard digits < 19 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index += 1
        }
        guard digits > 0, mantissa < 1 << 53, fractionDigits <= 22 else { return nil }
        let value = fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / exactPowersOfTen[fractionDigits]
        return (negative ? -value : value, index)
    }

    /// The number `text` spells (for tests and command-line values).
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
