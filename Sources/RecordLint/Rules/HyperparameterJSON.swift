/// Reads a hyperparameters file: one JSON object (RFC 8259) whose values are strings, numbers,
/// booleans or lists of them, in one pass over the bytes (linear time, memory proportional to
/// the file). Every key is kept in file order, duplicates included, so that a key given twice
/// can be reported: JSONDecoder keeps the first and Python's `json`, which users load the file
/// with, the last.
struct HyperparameterJSON {
    /// The members in file order, values as the service would receive them.
    private(set) var members: [(key: String, value: String)] = []

    private let bytes: [UInt8]
    private var position = 0

    /// Parses `bytes`; throws `HyperparameterFileError.notAnObject` for anything but such an object.
    init(_ bytes: [UInt8]) throws(HyperparameterFileError) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }  // a UTF-8 byte order mark, as editors write
        skipSpace()
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                members.append((key, try value(depth: 0).serviceString))
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        skipSpace()
        guard position == bytes.count else { throw .notAnObject }
    }

    /// A value, turned into the string the service would receive.
    private enum Value {
        case string(String)
        case text(String)

        var serviceString: String {
            switch self {
            case .string(let value), .text(let value): value
            }
        }

        var jsonText: String {
            switch self {
            case .string(let value): "\"" + value + "\""
            case .text(let value): value
            }
        }
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func expect(_ byte: UInt8) throws(HyperparameterFileError) {
        guard peek == byte else { throw .notAnObject }
        position += 1
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func literal(_ word: String) -> Bool {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, bytes[position..<(position + expected.count)].elementsEqual(expected)
        else { return false }
        position += expected.count
        return true
    }

    /// Lists may hold lists, to a depth far beyond any real value; an object inside is refused, as before.
    private mutating func value(depth: Int) throws(HyperparameterFileError) -> Value {
        guard depth < 64, let byte = peek else { throw .notAnObject }
        switch byte {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): if literal("true") { return .text("true") }
        case UInt8(ascii: "f"): if literal("false") { return .text("false") }
        case UInt8(ascii: "["):
            position += 1
            var items: [Value] = []
            skipSpace()
            if peek == UInt8(ascii: "]") {
                position += 1
                return .text("[]")
            }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return .text("[" + items.map(\.jsonText).joined(separator: ", ") + "]")
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .text(try number())
        default: break
        }
        throw .notAnObject
    }

    /// A number as JSONDecoder gave it before: an integer (also `1.0`, `1e3`) that fits 64 bits as
    /// its digits, any other number as Swift writes the Double nearest to it.
    private mutating func number() throws(HyperparameterFileError) -> String {
        let start = position
        if peek == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            let from = position
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
            return position - from
        }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw .notAnObject }
        var isInteger = true
        if peek == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            guard digits() > 0 else { throw .notAnObject }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            isInteger = false
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw .notAnObject }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let value = Int64(text) { return String(value) }
        guard let value = Double(text), value.isFinite else { throw .notAnObject }
        // `1.0` and `1e3` are integers to JSONDecoder too.
        if value.rounded() == value, let integer = Int64(exactly: value) { return String(integer) }
        return String(value)
    }

    /// A string, its escapes decoded; invalid UTF-8 or a lone surrogate makes the file unreadable.
    private mutating func string() throws(HyperparameterFileError) -> String {
        try expect(UInt8(ascii: "\""))
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flushRun(_ end: Int) throws(HyperparameterFileError) {
            guard end > runStart else { return }
            guard let run = String(validating: bytes[runStart..<end], as: UTF8.self) else { throw .notAnObject }
            scalars.append(contentsOf: run.unicodeScalars)
        }
        while true {
            guard let byte = peek else { throw .notAnObject }
            if byte == UInt8(ascii: "\"") {
                try flushRun(position)
                position += 1
                return String(scalars)
            }
            guard byte >= 0x20 else { throw .notAnObject }
            guard byte == UInt8(ascii: "\\") else {
                position += 1
                continue
            }
            try flushRun(position)
            position += 1
            guard let escape = peek else { throw .notAnObject }
            position += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard literal("\\u") else { throw .notAnObject }
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw .notAnObject }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw .notAnObject }
                scalars.append(scalar)
            default: throw .notAnObject
            }
            runStart = position
        }
    }

    private mutating func hex4() throws(HyperparameterFileError) -> UInt32 {
        guard bytes.count - position >= 4 else { throw .notAnObject }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .notAnObject
            }
            code = code << 4 | UInt32(digit)
            position += 1
        }
        return code
    }
}
