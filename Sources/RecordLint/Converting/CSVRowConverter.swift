/// Turns one CSV line into a framed record or a finding, given the column count
/// every row must have. It holds no mutable state, so line-aligned parts of a
/// block can be converted on different threads and give the same bytes.
struct CSVRowConverter: Sendable {
    let parser: CSVRowParser
    let labelColumn: ConvertSettings.LabelColumn
    let kind: ValueKind
    /// The field count every row must have (`nil` only before the first row is known).
    let expected: Int?
    let featureDim: Int?
    let file: String

    /// What one line gave.
    enum Outcome {
        case blank
        /// The record was appended to the writer; the row had `columns` fields.
        case record(columns: Int)
        case finding(ConversionFinding)
    }

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

    /// Converts `line` (number `number`) and appends its frame to `writer`.
    func convert(
        _ line: UnsafeRawBufferPointer, number: Int, fields: inout [Double], features: inout [Double], writer: inout RecordWriter
    ) -> Outcome {
        switch parser.parse(line, into: &fields) {
        case .blank: return .blank
        case .bad(let column, let rule, let message):
            return .finding(ConversionFinding(file: file, line: number, column: column, rule: rule, message: message))
        case .row: break
        }
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
        features.removeAll(keepingCapacity: true)
        var label: Double?
        for (column, value) in fields.enumerated() {
            if column == labelIndex { label = value } else { features.append(value) }
        }
        if let label, ConversionRun.firstNonFinite([label], kind: kind) != nil {
            return .finding(
                ConversionFinding(
                    file: file, line: number, column: labelIndex! + 1, rule: .labelNonFinite, message: "the label is \(label)"))
        }
        if let position = ConversionRun.firstNonFinite(features, kind: kind) {
            let column = labelIndex.map { position >= $0 ? position + 1 : position } ?? position
            return .finding(
                ConversionFinding(
                    file: file, line: number, column: column + 1, rule: .nonFinite,
                    message: "column \(column + 1) is \(features[position])\(ConversionRun.asKind(features[position], kind))"))
        }
        guard case .success(let tensor) = ConversionRun.tensor(features, kind: kind) else { return .blank }
        let labelTensor = label.flatMap { try? ConversionRun.tensor([$0], kind: kind).get() }
        writer.append(TrainingRecord(features: tensor, label: labelTensor))
        return .record(columns: fields.count)
    }
}
