extension ConversionRun {
    /// Converts a 2-D `.npy` array (and `--labels`, a 1-D one): dense rows, the
    /// tensor types `--dtype` says (`auto`: each array's own dtype, as the SDK resolves it).
    mutating func readNpy(_ path: String) throws {
        guard path != "-" || settings.labelsPath != "-" else {
            throw ConversionError("standard input (-) can hold the features or the labels, not both")
        }
        let features = try Self.npy(path)
        guard features.header.shape.count == 2 else {
            throw ConversionError("\(path): the array has shape \(features.header.shape); features are a 2-D array")
        }
        let (labels, labelKind) = try loadLabels(rows: features.rows)
        if let featureDim = settings.featureDim, featureDim != features.columns {
            throw ConversionError("\(path): the array has \(features.columns) columns, --feature-dim is \(featureDim)")
        }
        let featureKind = kind(of: features.header.element)
        try settings.labelRules?.refuse(hasLabels: labels != nil, kinds: [featureKind] + (labels != nil ? [labelKind] : []))
        try Self.reading(path) {
            try features.forEachRow { values, row in
                rows += 1
                if let position = Self.firstNonFinite(values, kind: featureKind) {
                    report(
                        ConversionFinding(
                            file: path, line: row + 1, column: position + 1, rule: .nonFinite,
                            message: "row \(row) column \(position) is \(values[position])"))
                    return
                }
                var label: Tensor?
                if let labels {
                    guard let tensor = labelTensor(labels, kind: labelKind, row: row) else { return }
                    label = tensor
                }
                switch Self.tensor(values, kind: featureKind) {
                case .success(let tensor): try write(TrainingRecord(features: tensor, label: label))
                case .failure(let range):
                    report(
                        ConversionFinding(
                            file: path, line: row + 1, column: range.position + 1, rule: .outOfRange,
                            message:
                                "row \(row) column \(range.position) is \(Int64(range.value)), which an Int32 tensor cannot hold")
                    )
                }
            }
        }
    }

    /// The `--labels` array (one value per row) and its tensor kind, or `nil` without `--labels`.
    func loadLabels(rows: Int) throws -> ([Double]?, ValueKind) {
        guard let labelsPath = settings.labelsPath else { return (nil, .float32) }
        let reader = try Self.npy(labelsPath)
        guard reader.header.shape.count == 1 else {
            throw ConversionError("\(labelsPath): the array has shape \(reader.header.shape); labels are a 1-D array")
        }
        guard reader.rows == rows else { throw ConversionError("\(labelsPath): \(reader.rows) labels for \(rows) rows") }
        var all: [Double] = []
        all.reserveCapacity(min(reader.rows, 1 << 20))  // a stream's header is not checked against its size
        try Self.reading(labelsPath) { try reader.forEachRow { values, _ in all.append(values[0]) } }
        return (all, kind(of: reader.header.element))
    }

    /// The label tensor of row `row`; `nil` after reporting why it has none (NaN, ±Inf, past Int32).
    mutating func labelTensor(_ labels: [Double], kind: ValueKind, row: Int) -> Tensor? {
        let path = settings.labelsPath!
        guard Self.firstNonFinite([labels[row]], kind: kind) == nil else {
            report(ConversionFinding(file: path, line: row + 1, rule: .labelNonFinite, message: "label \(row) is \(labels[row])"))
            return nil
        }
        if let message = settings.labelRules?.outsideDomain(labels[row], kind: kind) {
            report(ConversionFinding(file: path, line: row + 1, rule: .labelDomain, message: message))
            return nil
        }
        switch Self.tensor([labels[row]], kind: kind) {
        case .success(let tensor): return tensor
        case .failure(let range):
            report(
                ConversionFinding(
                    file: path, line: row + 1, rule: .outOfRange,
                    message: "label \(row) is \(Int64(range.value)), which an Int32 tensor cannot hold"))
            return nil
        }
    }

    /// The tensor kind `--dtype` gives an array of `element`s.
    func kind(of element: NpyHeader.Element) -> ValueKind {
        switch settings.dtype {
        case .float32: .float32
        case .float64: .float64
        case .auto:
            switch element {
            case .float32: .float32
            case .float64: .float64
            case .integer: .int32
            }
        }
    }

    private static func npy(_ path: String) throws -> NpyRowReader {
        try reading(path) { try NpyRowReader(source: source(path)) }
    }

    /// Runs `body`, naming `path` in a `.npy` format error.
    private static func reading<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as NpyHeader.Unreadable { throw ConversionError("\(path): \(error.reason)") }
    }
}
