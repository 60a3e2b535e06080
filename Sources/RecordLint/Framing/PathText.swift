#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How recordlint holds a file name: as text that keeps every byte the file system allows.
///
/// A path is a run of bytes (anything but NUL); Swift's `String` holds valid UTF-8 only. Every
/// path inside recordlint (inputs, outputs, report fields, `--indices-out` lines) is therefore
/// its *escaped text*: the bytes as UTF-8 text, except that
/// - a byte that is not part of valid UTF-8 is `\xNN` (two upper-case hex digits),
/// - a control byte (0x01–0x1F, 0x7F) is `\xNN` too, so a name never breaks a line or a field,
/// - a backslash is `\\`.
///
/// A name with none of these is its own escaped text (`train/part-0.rec`). The escape is
/// reversible (`bytes(of:)`), and one string has one meaning: text with no backslash was never
/// escaped, and in escaped text every backslash starts an escape. The text is turned back into
/// bytes only where a path meets the system (`withSystemPath(_:_:)`).
public enum PathText {
    /// The escaped text of a name's bytes: `caf\xE9.rec` for Latin-1 `café.rec`, `a\\b` for `a\b`.
    public static func text<Bytes: Collection>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let bytes = Array(bytes)
        if !bytes.contains(where: needsEscape), let plain = String(validating: bytes, as: UTF8.self) { return plain }
        var text = ""
        text.reserveCapacity(bytes.count + 8)
        var start = 0
        while start < bytes.count {
            let lead = bytes[start]
            if lead < 0x80 {
                if lead == UInt8(ascii: "\\") {
                    text += "\\\\"
                } else if lead < 0x20 || lead == 0x7F {
                    text += escaped(lead)
                } else {
                    text.unicodeScalars.append(Unicode.Scalar(lead))
                }
                start += 1
                continue
            }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
            if length > 0, start + length <= bytes.count,
                let scalar = String(validating: bytes[start..<(start + length)], as: UTF8.self)
            {
                text += scalar
                start += length
            } else {
                text += escaped(lead)
                start += 1
            }
        }
        return text
    }

    /// The escaped text of a name given as text (a command-line argument, a configuration value):
    /// its backslashes doubled and its control characters escaped.
    public static func text(ofName name: String) -> String { text(of: Array(name.utf8)) }

    /// The bytes escaped text stands for; `nil` when it is not escaped text (a backslash that
    /// starts no escape, or an escaped NUL, which no path holds).
    public static func bytes(of text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.contains(UInt8(ascii: "\\")) else { return utf8 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                index += 1
                continue
            }
            guard index + 1 < utf8.count else { return nil }
            if utf8[index + 1] == UInt8(ascii: "\\") {
                bytes.append(byte)
                index += 2
                continue
            }
            guard utf8[index + 1] == UInt8(ascii: "x"), index + 3 < utf8.count, let high = hexValue(utf8[index + 2]),
                let low = hexValue(utf8[index + 3]), high | low != 0
            else { return nil }
            bytes.append(high << 4 | low)
            index += 4
        }
        return bytes
    }

    /// Whether `text` is escaped text as `text(of:)` writes it, the one spelling of its bytes
    /// (so `\xC3\xA9`, which is `é`, is not).
    public static func isCanonical(_ text: String) -> Bool {
        guard let bytes = bytes(of: text) else { return false }
        return Self.text(of: bytes) == text
    }

    /// Whether `text` had something escaped: its bytes then differ from its UTF-8, and reports
    /// carry them beside it (`fileBytes`, `pathBytes`).
    public static func isEscaped(_ text: String) -> Bool { text.utf8.contains(UInt8(ascii: "\\")) }

    /// Calls `body` with the path's bytes as a NUL-terminated C string, for a system call. Text
    /// that is not escaped text (it never comes from recordlint itself) is passed as it is.
    public static func withSystemPath<Result>(
        _ text: String, _ body: (UnsafePointer<CChar>) throws -> Result
    ) rethrows -> Result {
        guard isEscaped(text), let bytes = bytes(of: text) else { return try text.withCString(body) }
        let terminated = bytes.map { CChar(bitPattern: $0) } + [0]
        return try terminated.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// The escaped text of a C string the system gave (a `mkstemp` name, a directory entry).
    static func text(ofSystemPath pointer: UnsafePointer<CChar>) -> String {
        text(of: UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) })
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\")
    }

    private static func escaped(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
