/// Reads a libsvm/svmlight line, `label index:value ...`, as
/// `sklearn.datasets.load_svmlight_file` does: text after `#` is a comment,
/// blank lines are skipped, `qid:N` is ignored, indices must be strictly
/// increasing, values and the label are correctly rounded float64.
struct LibSVMRowParser {
    /// Whether the file's indices count from 0 (otherwise 1 is the first column).
    let zeroBased: Bool

    /// What one line holds.
    enum Outcome: Equatable {
        /// No tokens: not a row.
        case blank
        /// The label, keys and values are in the outputs.
        case row(label: Double)
        /// The line is bad: the 1-based token (column) and what is wrong.
        case bad(column: Int, rule: ConversionFinding.Rule, message: String)
    }

    /// Parses `line` into 0-based `keys` and their `values` (both emptied first).
    func parse(_ line: UnsafeRawBufferPointer, keys: inout [UInt64], values: inout [Double]) -> Outcome {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        var end = line.count
        if let hash = line.firstIndex(of: UInt8(ascii: "#")) { end = hash }
        var position = 0
        var token = 0
        var label: Double?
        while true {
            while position < end, Self.isSpace(line[position]) { position += 1 }
            if position >= end { break }
            var tokenEnd = position
            while tokenEnd < end, !Self.isSpace(line[tokenEnd]) { tokenEnd += 1 }
            token += 1
            let text = UnsafeRawBufferPointer(rebasing: line[position..<tokenEnd])
            position = tokenEnd
            guard label != nil else {
                guard let value = DecimalParser.parse(text) else {
                    return .bad(column: token, rule: .notANumber, message: "the label is not a number: \(FieldText.shown(text))")
                }
                label = value
                continue
            }
            guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else {
                return .bad(
                    column: token, rule: .notANumber, message: "token \(token) is not index:value: \(FieldText.shown(text))")
            }
            let indexText = UnsafeRawBufferPointer(rebasing: text[0..<colon])
            let valueText = UnsafeRawBufferPointer(rebasing: text[(colon + 1)...])
            if indexText.elementsEqual("qid".utf8) { continue }
            guard let value = DecimalParser.parse(valueText) else {
                return .bad(
                    column: token, rule: .notANumber, message: "token \(token) has no number after ':': \(FieldText.shown(text))")
            }
            guard let index = Self.integer(indexText) else {
                return .bad(
                    column: token, rule: .badIndex, message: "token \(token) has no integer index: \(FieldText.shown(text))")
            }
            guard zeroBased || index >= 1 else {
                return .bad(
                    column: token, rule: .badIndex, message: "index 0 in a 1-based file (give --zero-based for 0-based indices)")
            }
            let key = zeroBased ? index : index - 1
            if let last = keys.last, key <= last {
                return .bad(
                    column: token, rule: .badIndex,
                    message: "index \(index) is not greater than the one before it (indices must be sorted and unique)")
            }
            keys.append(key)
            values.append(value)
        }
        guard let label else { return .blank }
        return .row(label: label)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// A non-negative decimal integer (at most 18 digits).
    private static func integer(_ text: UnsafeRawBufferPointer) -> UInt64? {
        guard !text.isEmpty, text.count <= 18 else { return nil }
        var value: UInt64 = 0
        for byte in text {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + UInt64(byte - 0x30)
        }
        return value
    }
}
