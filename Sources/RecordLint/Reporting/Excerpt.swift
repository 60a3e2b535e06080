/// Bounded, printable excerpts of what comes from the input (a uid, a shape),
/// and the escaping that keeps one finding on one line: nothing a payload
/// holds can make output grow with it or write a line of its own.
enum Excerpt {
    /// Bytes of a uid quoted before it is cut.
    static let uidBytes = 64
    /// Entries of a list (a shape) quoted before it is cut.
    static let listEntries = 8

    /// A uid, whole when short, otherwise its first `uidBytes` bytes, "..." and its length.
    static func uid(_ pointer: UnsafePointer<CChar>) -> String {
        var length = 0
        while pointer[length] != 0 { length += 1 }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            guard length > uidBytes * 2 else {
                return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
            }
            var cut = uidBytes
            // Not inside a UTF-8 sequence: back up over continuation bytes.
            while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: cut), as: UTF8.self) + "... (\(length) bytes)"
        }
    }

    /// Bytes from the wire (a map key) as text, whole when short, otherwise cut as a uid is.
    static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.count > uidBytes * 2 else { return String(decoding: bytes, as: UTF8.self) }
        var cut = uidBytes
        while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<cut]), as: UTF8.self) + "... (\(bytes.count) bytes)"
    }

    /// `[a, b, c]`, or the first `listEntries` entries, "..." and the count.
    static func list(_ values: UnsafeBufferPointer<UInt64>) -> String {
        guard values.count > listEntries else { return "[" + values.map(String.init).joined(separator: ", ") + "]" }
        return "[" + values.prefix(listEntries).map(String.init).joined(separator: ", ") + ", ...] (\(values.count) entries)"
    }

    /// `text` with every control character (C0, DEL, C1) written out as
    /// `\n`, `\r`, `\t`, `\e` or `\u{XX}`, and backslashes doubled only where
    /// something was escaped, for text and GitHub output; JSON escapes on its own.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{1B}": out += "\\e"
            case let control where isControl(control): out += "\\u{" + String(control.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
