/// How `inspect` prints a record: one text line or one JSON object.
public enum RecordPrinter {
    /// How many leading values are shown.
    public static let shownValues = 8

    private struct Line: Encodable {
        let record: Int
        let offset: Int
        let parts: Int
        let payloadBytes: Int
        let uid: String?
        let type: String?
        let sparse: Bool?
        let dimension: Int?
        let values: [Double?]?
        let keys: [UInt64]?
        let shape: [UInt64]?
        let label: [Double?]?
        let labelType: String?
        let problem: String?
        let rule: String?
    }

    /// The record as one JSON object on one line (NaN and ±Inf print as null).
    public static func json(_ record: DecodedRecord) -> String {
        let features = record.content?.features
        let line = Line(
            record: record.index, offset: record.offset, parts: record.parts, payloadBytes: record.payloadBytes,
            uid: record.content?.uid, type: features?.kind.rawValue ?? record.unsupportedFeatures?.rawValue,
            sparse: features?.isSparse, dimension: features?.dimension,
            values: features.map { Array($0.doubles.prefix(shownValues)).map(finiteOrNull) },
            keys: features.flatMap { $0.keys.isEmpty ? nil : Array($0.keys.prefix(shownValues)) },
            shape: features.flatMap { $0.shape.isEmpty ? nil : $0.shape },
            label: record.content?.label.map { $0.doubles.map(finiteOrNull) },
            labelType: record.content?.label?.kind.rawValue,
            problem: record.problem?.message, rule: record.problem?.rule.rawValue)
        return JSONReporter.encode(line, pretty: false)
    }

    /// The record as a line of text.
    public static func text(_ record: DecodedRecord) -> String {
        var line = "record \(record.index) offset \(record.offset)"
        if record.parts > 1 { line += " parts \(record.parts)" }
        if let problem = record.problem {
            return line + ": \(problem.severity.rawValue)[\(problem.rule.rawValue)] \(problem.message)"
        }
        guard let content = record.content else { return line }
        // The uid comes from the input (bounded by the decoder's excerpt): written out, so it stays on this line.
        if let uid = content.uid { line += " uid \(Excerpt.printable(uid))" }
        if let features = content.features {
            line += ": \(features.kind.rawValue) \(features.isSparse ? "sparse" : "dense")"
            line += " dim \(features.dimension.map(String.init) ?? "?")"
            if !features.keys.isEmpty { line += " nnz \(features.count)" }
            line += " values [" + shownValues(of: features).joined(separator: ", ")
            line += features.count > shownValues ? ", …]" : "]"
            if !features.keys.isEmpty {
                line += " keys [" + features.keys.prefix(shownValues).map(String.init).joined(separator: ", ")
                line += features.keys.count > shownValues ? ", …]" : "]"
            }
        } else if let kind = record.unsupportedFeatures {
            line += ": features are \(kind.rawValue)"
        } else {
            line += ": no features"
        }
        if let label = content.label {
            let values = shownValues(of: label)
            line += " label " + (values.count == 1 ? values[0] : "[" + values.joined(separator: ", ") + "]")
        }
        return line
    }

    /// The first values as their own type prints them (float32 as Float, so 0.1 stays 0.1).
    private static func shownValues(of tensor: Tensor) -> [String] {
        switch tensor.values {
        case .float32(let values): values.prefix(shownValues).map { $0.isFinite ? "\($0)" : NonFiniteScan.describe(Double($0)) }
        case .float64(let values): values.prefix(shownValues).map { $0.isFinite ? "\($0)" : NonFiniteScan.describe($0) }
        case .int32(let values): values.prefix(shownValues).map { "\($0)" }
        }
    }

    /// JSON has no NaN or Inf: they print as null.
    private static func finiteOrNull(_ value: Double) -> Double? { value.isFinite ? value : nil }
}
