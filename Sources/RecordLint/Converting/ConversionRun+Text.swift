extension ConversionRun {
    /// Converts a CSV input: dense rows, the label where `labelColumn` says.
    mutating func readCSV(_ path: String) throws {
        let parser = CSVRowParser(delimiter: settings.delimiter)
        var fields: [Double] = []
        var features: [Double] = []
        var skipHeader = settings.header
        let kind = textKind
        try LineReader(source: Self.source(path)).forEachLine { line, number in
            if skipHeader {
                skipHeader = false
                return
            }
            switch parser.parse(line, into: &fields) {
            case .blank: return
            case .bad(let column, let rule, let message):
                rows += 1
                report(ConversionFinding(file: path, line: number, column: column, rule: rule, message: message))
                return
            case .row: rows += 1
            }
            let labelIndex: Int?
            switch settings.labelColumn {
            case .first: labelIndex = 0
            case .last: labelIndex = fields.count - 1
            case .none: labelIndex = nil
            case .index(let index): labelIndex = index
            }
            let wanted = expectedColumns ?? settings.featureDim.map { $0 + (labelIndex == nil ? 0 : 1) } ?? fields.count
            expectedColumns = wanted
            guard fields.count == wanted else {
                report(
                    ConversionFinding(
                        file: path, line: number, column: nil, rule: .columnCount,
                        message: "the row has \(fields.count) columns, expected \(wanted)"))
                return
            }
            if let labelIndex, labelIndex >= fields.count {
                report(
                    ConversionFinding(
                        file: path, line: number, rule: .columnCount,
                        message: "the label column \(labelIndex) is past the row's \(fields.count) columns"))
                return
            }
            features.removeAll(keepingCapacity: true)
            var label: Double?
            for (column, value) in fields.enumerated() {
                if column == labelIndex { label = value } else { features.append(value) }
            }
            if let label, Self.firstNonFinite([label], kind: kind) != nil {
                report(
                    ConversionFinding(
                        file: path, line: number, column: labelIndex! + 1, rule: .labelNonFinite,
                        message: "the label is \(label)"))
                return
            }
            if let position = Self.firstNonFinite(features, kind: kind) {
                let column = labelIndex.map { position >= $0 ? position + 1 : position } ?? position
                report(
                    ConversionFinding(
                        file: path, line: number, column: column + 1, rule: .nonFinite,
                        message: "column \(column + 1) is \(features[position])\(Self.asKind(features[position], kind))"))
                return
            }
            guard case .success(let tensor) = Self.tensor(features, kind: kind) else { return }
            let labelTensor = label.flatMap { try? Self.tensor([$0], kind: kind).get() }
            try write(TrainingRecord(features: tensor, label: labelTensor))
        }
    }

    /// Converts a libsvm input: sparse rows of `dimension` columns, each with its label.
    mutating func readLibSVM(_ path: String, dimension: Int) throws {
        let parser = LibSVMRowParser(zeroBased: settings.zeroBased)
        var keys: [UInt64] = []
        var values: [Double] = []
        let kind = textKind
        try LineReader(source: Self.source(path)).forEachLine { line, number in
            let label: Double
            switch parser.parse(line, keys: &keys, values: &values) {
            case .blank: return
            case .bad(let column, let rule, let message):
                rows += 1
                report(ConversionFinding(file: path, line: number, column: column, rule: rule, message: message))
                return
            case .row(let value):
                rows += 1
                label = value
            }
            if let last = keys.last, last >= UInt64(dimension) {
                let index = settings.zeroBased ? last : last + 1
                report(
                    ConversionFinding(
                        file: path, line: number, column: keys.count + 1, rule: .badIndex,
                        message: "index \(index) is past the feature dimension \(dimension)"))
                return
            }
            if Self.firstNonFinite([label], kind: kind) != nil {
                report(
                    ConversionFinding(
                        file: path, line: number, column: 1, rule: .labelNonFinite, message: "the label is \(label)"))
                return
            }
            if let position = Self.firstNonFinite(values, kind: kind) {
                report(
                    ConversionFinding(
                        file: path, line: number, column: position + 2, rule: .nonFinite,
                        message: "the value at index \(keys[position] + (settings.zeroBased ? 0 : 1)) is \(values[position])"))
                return
            }
            guard case .success(let tensor) = Self.tensor(values, kind: kind, keys: keys, shape: [UInt64(dimension)]) else {
                return
            }
            let labelTensor = try? Self.tensor([label], kind: kind).get()
            try write(TrainingRecord(features: tensor, label: labelTensor))
        }
    }
}

/// The default libsvm feature dimension: the largest index + 1 over all inputs
/// (what `load_svmlight_file` gives `n_features`), found in a first pass.
enum LibSVMDimension {
    /// Reads every input once; rows that do not parse are left to the converting pass to report.
    static func largestIndexPlusOne(_ inputs: [String], settings: ConvertSettings) throws -> Int {
        guard !inputs.contains("-") else {
            throw ConversionError("libsvm from standard input needs --feature-dim (the dimension is found in a first pass)")
        }
        let parser = LibSVMRowParser(zeroBased: settings.zeroBased)
        var keys: [UInt64] = []
        var values: [Double] = []
        var largest: UInt64?
        for path in inputs {
            try LineReader(source: ConversionRun.source(path)).forEachLine { line, _ in
                guard case .row = parser.parse(line, keys: &keys, values: &values), let last = keys.last else { return }
                largest = max(largest ?? 0, last)
            }
        }
        return largest.map { Int(clamping: $0 + 1) } ?? 0
    }
}
