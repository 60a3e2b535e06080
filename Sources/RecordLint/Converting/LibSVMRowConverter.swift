/// Turns one libsvm line into a framed sparse record (`shape` `[dimension]`, the label a one-value
/// tensor) or a finding. It holds no mutable state, so parts of a block convert on different threads.
struct LibSVMRowConverter: LineConverter {
    let parser: LibSVMRowParser
    let dimension: Int
    let kind: ValueKind
    let file: String
    let labelRules: ConvertLabelRules?

    func makeScratch() -> (keys: [UInt64], values: [Double]) { ([], []) }

    func convert(
        _ line: UnsafeRawBufferPointer, number: Int, scratch: inout (keys: [UInt64], values: [Double]), frames: inout [UInt8]
    ) -> LineOutcome {
        let label: Double
        switch parser.parse(line, keys: &scratch.keys, values: &scratch.values) {
        case .blank: return .blank
        case .bad(let column, let rule, let message):
            return .finding(ConversionFinding(file: file, line: number, column: column, rule: rule, message: message))
        case .row(let value): label = value
        }
        let keys = scratch.keys
        let values = scratch.values
        if let last = keys.last, last >= UInt64(dimension) {
            let index = parser.zeroBased ? last : last + 1
            return .finding(
                ConversionFinding(
                    file: file, line: number, column: keys.count + 1, rule: .badIndex,
                    message: "index \(index) is past the feature dimension \(dimension)"))
        }
        if ConversionRun.firstNonFinite([label], kind: kind) != nil {
            return .finding(
                ConversionFinding(file: file, line: number, column: 1, rule: .labelNonFinite, message: "the label is \(label)"))
        }
        if let message = labelRules?.outsideDomain(label, kind: kind) {
            return .finding(ConversionFinding(file: file, line: number, column: 1, rule: .labelDomain, message: message))
        }
        if let position = ConversionRun.firstNonFinite(values, kind: kind) {
            return .finding(
                ConversionFinding(
                    file: file, line: number, column: position + 2, rule: .nonFinite,
                    message: "the value at index \(keys[position] + (parser.zeroBased ? 0 : 1)) is \(values[position])"))
        }
        // Text is read as float32 or float64, which hold any parsed value; Int32 tensors never come from text.
        guard case .success(let tensor) = ConversionRun.tensor(values, kind: kind, keys: keys, shape: [UInt64(dimension)]),
            case .success(let labelTensor) = ConversionRun.tensor([label], kind: kind)
        else { preconditionFailure("text rows are float32 or float64") }
        var writer = RecordWriter()
        writer.append(TrainingRecord(features: tensor, label: labelTensor))
        frames += writer.bytes
        return .record
    }
}
