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
        var labels: [Double]?
        var labelKind = ValueKind.float32
        if let labelsPath = settings.labelsPath {
            let reader = try Self.npy(labelsPath)
            guard reader.header.shape.count == 1 else {
                throw ConversionError("\(labelsPath): the array has shape \(reader.header.shape); labels are a 1-D array")
            }
            guard reader.rows == features.rows else {
                throw ConversionError("\(labelsPath): \(reader.rows) labels for \(features.rows) rows")
            }
            var all: [Double] = []
            all.reserveCapacity(reader.rows)
            try Self.reading(labelsPath) { try reader.forEachRow { values, _ in all.append(values[0]) } }
            labels = all
            labelKind = kind(of: reader.header.element)
        }
        if let featureDim = settings.featureDim, featureDim != features.columns {
            throw ConversionError("\(path): the array has \(features.columns) columns, --feature-dim is \(featureDim)")
        }
        let featureKind = kind(of: features.header.element)
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
                    guard Self.firstNonFinite([labels[row]], kind: labelKind) == nil else {
                        report(
                            ConversionFinding(
                                file: settings.labelsPath!, line: row + 1, rule: .labelNonFinite,
                                message: "label \(row) is \(labels[row])"))
                        return
                    }
                    switch Self.tensor([labels[row]], kind: labelKind) {
                    case .success(let tensor): label = tensor
                    case .failure(let range):
                        report(
                            ConversionFinding(
                                file: settings.labelsPath!, line: row + 1, rule: .outOfRange,
                                message: "label \(row) is \(Int64(range.value)), which an Int32 tensor cannot hold"))
                        return
                    }
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

    /// The tensor kind `--dtype` gives an array of `element`s.
    private func kind(of element: NpyHeader.Element) -> ValueKind {
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
