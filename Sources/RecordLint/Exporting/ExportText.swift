/// Text lines of exported records, with numbers printed as the shortest text that
/// reads back as the same float32 (or float64) bits, so `convert` gives the same bytes.
enum ExportText {
    /// `label,v1,v2,...` (no label column when there is no label), the sparse vector made dense.
    static func csvLine(features: Tensor, label: Tensor?) -> String {
        var fields: [String] = label.map { [text($0.values, at: 0)] } ?? []
        let values = ExportLayout.dense(features)
        for index in 0..<features.count(of: values) { fields.append(text(values, at: index)) }
        return fields.joined(separator: ",") + "\n"
    }

    /// `label index:value ...`: a sparse vector's keys as they are, a dense vector's non-zero values.
    static func libsvmLine(features: Tensor, label: Tensor, zeroBased: Bool) -> String {
        var line = text(label.values, at: 0)
        let base: UInt64 = zeroBased ? 0 : 1
        for index in 0..<features.count {
            let key = features.isSparse ? features.keys[index] : UInt64(index)
            if !features.isSparse && isZero(features.values, at: index) { continue }
            line += " \(key + base):" + text(features.values, at: index)
        }
        return line + "\n"
    }

    /// The shortest round-trip text of value `index`.
    static func text(_ values: Tensor.Values, at index: Int) -> String {
        switch values {
        case .float32(let values): values[index].description
        case .float64(let values): values[index].description
        case .int32(let values): String(values[index])
        }
    }

    private static func isZero(_ values: Tensor.Values, at index: Int) -> Bool {
        switch values {
        case .float32(let values): values[index] == 0 && values[index].sign == .plus
        case .float64(let values): values[index] == 0 && values[index].sign == .plus
        case .int32(let values): values[index] == 0
        }
    }
}

extension Tensor {
    /// The number of `values` (of a possibly densified copy of this tensor's values).
    fileprivate func count(of values: Values) -> Int {
        switch values {
        case .float32(let values): values.count
        case .float64(let values): values.count
        case .int32(let values): values.count
        }
    }
}
