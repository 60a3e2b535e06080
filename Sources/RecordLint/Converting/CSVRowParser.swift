internal import CFastFloat

/// Splits a CSV line into numbers as `np.loadtxt(path, delimiter=...)` reads
/// it: fields parsed as correctly rounded float64, text after `#` a comment,
/// blank lines skipped. Quoted fields are rejected: SageMaker's CSV is numbers only.
struct CSVRowParser {
    /// The field separator byte.
    let delimiter: UInt8

    /// What one line holds.
    enum Outcome: Equatable {
        /// No fields (a blank or comment-only line): not a row.
        case blank
        /// The row's numbers are in the output array.
        case row
        /// The line is bad: the 1-based column and what is wrong.
        case bad(column: Int, rule: ConversionFinding.Rule, message: String)
    }

    /// Parses `line` into `row` (emptied first), with `cfastfloat_parse_row`, which follows these rules.
    func parse(_ line: UnsafeRawBufferPointer, into row: RowValues) -> Outcome {
        let plainFields: Int32 = Self.allowsPlainFields(delimiter) ? 1 : 0
        while true {
            var count = 0
            var bad = CFastFloatBadField()
            let status = cfastfloat_parse_row(
                line.baseAddress, line.count, delimiter, plainFields, row.storage.baseAddress, row.storage.count, &count,
                &bad)
            switch Int(status) {
            case CFASTFLOAT_ROW_BLANK:
                row.count = 0
                return .blank
            case CFASTFLOAT_ROW_VALUES:
                row.count = count
                return .row
            case CFASTFLOAT_ROW_FULL:
                row.grow()
            default:
                row.count = 0
                let field = UnsafeRawBufferPointer(rebasing: line[bad.start..<bad.end])
                return .bad(column: bad.column, rule: Self.rule(of: field), message: Self.message(field, column: bad.column))
            }
        }
    }

    /// Parses `line` into `values` (emptied first).
    func parse(_ line: UnsafeRawBufferPointer, into values: inout [Double]) -> Outcome {
        let row = RowValues()
        let outcome = parse(line, into: row)
        values = Array(row.values)
        return outcome
    }

    /// Whether a plain decimal can be read up to the delimiter in one pass: not when the delimiter
    /// could be part of a number (a digit, `.`, `-`, `+`) or starts a comment (`#`), where the field
    /// must be cut first.
    static func allowsPlainFields(_ delimiter: UInt8) -> Bool {
        !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(delimiter) && !Array(".-+#".utf8).contains(delimiter)
    }

    private static func rule(of field: UnsafeRawBufferPointer) -> ConversionFinding.Rule {
        if field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .emptyField }
        if field.contains(UInt8(ascii: "\"")) || field.contains(UInt8(ascii: "'")) { return .quotedField }
        return .notANumber
    }

    private static func message(_ field: UnsafeRawBufferPointer, column: Int) -> String {
        switch rule(of: field) {
        case .emptyField: return "column \(column) is empty"
        case .quotedField:
            return "column \(column) is quoted (\(FieldText.shown(field))); SageMaker's CSV holds unquoted numbers only"
        default: return "column \(column) is not a number: \(FieldText.shown(field))"
        }
    }
}

/// A field's text as shown in a message: bounded and escaped so one finding stays one line.
enum FieldText {
    /// At most 40 bytes of `field`, control characters and quotes escaped, in double quotes.
    static func shown(_ field: UnsafeRawBufferPointer) -> String {
        var text = ""
        for byte in field.prefix(40) {
            switch byte {
            case 0x20...0x7E where byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\"):
                text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return "\"\(text)\(field.count > 40 ? "..." : "")\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// One row's numbers, and the bytes of its tensor, in buffers one thread reuses from row to row.
final class RowValues {
    /// Room for the numbers; `count` of them are the row's.
    private(set) var storage: UnsafeMutableBufferPointer<Double>
    /// How many numbers the row has.
    var count = 0
    private var bytes: UnsafeMutableRawBufferPointer

    init(capacity: Int = 1024) {
        storage = .allocate(capacity: max(1, capacity))
        bytes = .allocate(byteCount: max(1, capacity) * 8, alignment: 16)
    }

    deinit {
        storage.deallocate()
        bytes.deallocate()
    }

    /// `count` bytes of room for a tensor's values, valid until the next call.
    func tensorBytes(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if bytes.count < count {
            bytes.deallocate()
            bytes = .allocate(byteCount: count, alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: bytes[0..<count])
    }

    /// The row's numbers, valid until the next parse.
    var values: UnsafeBufferPointer<Double> { UnsafeBufferPointer(rebasing: storage[0..<count]) }

    /// Twice the room (the numbers are not kept).
    func grow() {
        let capacity = storage.count * 2
        storage.deallocate()
        storage = .allocate(capacity: capacity)
        count = 0
    }
}
