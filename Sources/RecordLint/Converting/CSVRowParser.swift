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

    /// Parses `line` into `values` (emptied first).
    func parse(_ line: UnsafeRawBufferPointer, into values: inout [Double]) -> Outcome {
        values.removeAll(keepingCapacity: true)
        var end = line.count
        var first = 0
        while first < end, line[first] == 0x20 || line[first] == 0x09 { first += 1 }
        if first == end || line[first] == UInt8(ascii: "#") { return .blank }
        var fieldStart = 0
        var column = 1
        let base = line.baseAddress!
        let plainFields = Self.allowsPlainFields(delimiter)
        while true {
            // Most fields are plain decimals ended by the delimiter or the line: one pass over their bytes.
            if plainFields, let plain = DecimalParser.plainPrefix(base + fieldStart, count: end - fieldStart) {
                let next = fieldStart + plain.length
                if next == end || line[next] == delimiter {
                    values.append(plain.value)
                    if next == end { return .row }
                    fieldStart = next + 1
                    column += 1
                    continue
                }
            }
            var fieldEnd = fieldStart
            while fieldEnd < end, line[fieldEnd] != delimiter, line[fieldEnd] != UInt8(ascii: "#") { fieldEnd += 1 }
            if fieldEnd < end, line[fieldEnd] == UInt8(ascii: "#") { end = fieldEnd }  // a comment to the line's end
            let field = UnsafeRawBufferPointer(rebasing: line[fieldStart..<fieldEnd])
            if let value = DecimalParser.parse(field) {
                values.append(value)
            } else {
                return .bad(column: column, rule: Self.rule(of: field), message: Self.message(field, column: column))
            }
            if fieldEnd >= end { return .row }
            fieldStart = fieldEnd + 1
            column += 1
        }
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
