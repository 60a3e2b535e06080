/// Turns one CSV line into a framed record or a finding, given the column count
/// every row must have. It holds no mutable state, so line-aligned parts of a
/// block can be converted on different threads and give the same bytes.
struct CSVRowConverter: LineConverter {
    let parser: CSVRowParser
    let labelColumn: ConvertSettings.LabelColumn
    let kind: ValueKind
    /// The field count every row must have (`nil` only before the first row is known).
    let expected: Int?
    let featureDim: Int?
    let file: String
    /// The algorithm's label rules (`convert --algorithm`), if any.
    var labelRules: ConvertLabelRules? = nil

    func makeScratch() -> RowValues { RowValues() }

    /// The index of the label among `count` fields.
    func labelIndex(count: Int) -> Int? {
        switch labelColumn {
        case .first: 0
        case .last: count - 1
        case .none: nil
        case .index(let index): index
        }
    }

    /// The field count rows must have when `--feature-dim` says it.
    static func expected(featureDim: Int?, labelColumn: ConvertSettings.LabelColumn) -> Int? {
        featureDim.map { $0 + (labelColumn == .none ? 0 : 1) }
    }

    /// Converts `line` (number `number`) and appends its frame to `frames`.
    func convert(_ line: UnsafeRawBufferPointer, number: Int, scratch row: inout RowValues, frames: inout [UInt8])
        -> LineOutcome
    {
        switch parser.parse(line, into: row) {
        case .blank: return .blank
        case .bad(let column, let rule, let message):
            return .finding(ConversionFinding(file: file, line: number, column: column, rule: rule, message: message))
        case .row: break
        }
        let fields = row.values
        let labelIndex = labelIndex(count: fields.count)
        let wanted = expected ?? fields.count
        guard fields.count == wanted else {
            return .finding(
                ConversionFinding(
                    file: file, line: number, rule: .columnCount,
                    message: "the row has \(fields.count) columns, expected \(wanted)"))
        }
        if let labelIndex, labelIndex >= fields.count {
            return .finding(
                ConversionFinding(
                    file: file, line: number, rule: .columnCount,
                    message: "the label column \(labelIndex) is past the row's \(fields.count) columns"))
        }
        if let labelIndex, ConversionRun.firstNonFinite(fields[labelIndex...labelIndex], kind: kind) != nil {
            return .finding(
                ConversionFinding(
                    file: file, line: number, column: labelIndex + 1, rule: .labelNonFinite,
                    message: "the label is \(fields[labelIndex])"))
        }
        if let labelIndex, let message = labelRules?.outsideDomain(fields[labelIndex], kind: kind) {
            return .finding(
                ConversionFinding(file: file, line: number, column: labelIndex + 1, rule: .labelDomain, message: message))
        }
        if let column = DenseFrameEncoder.append(fields, labelIndex: labelIndex, kind: kind, scratch: row, to: &frames) {
            return .finding(
                ConversionFinding(
                    file: file, line: number, column: column + 1, rule: .nonFinite,
                    message: "column \(column + 1) is \(fields[column])\(ConversionRun.asKind(fields[column], kind))"))
        }
        return .record
    }

    /// The field count of the first line of `bytes` that parses as a row.
    static func firstRow(_ bytes: UnsafeRawBufferPointer, parser: CSVRowParser) -> Int? {
        let row = RowValues()
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let lineEnd = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
            if parser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<lineEnd]), into: row) == .row {
                return row.count
            }
            start = end + 1
        }
        return nil
    }
}
