extension ConversionRun {
    /// Converts a CSV input: dense rows, the label where `labelColumn` says; blocks of lines are
    /// parsed on `settings.jobs` threads and stitched in order.
    mutating func readCSV(_ path: String) throws {
        let parser = CSVRowParser(delimiter: settings.delimiter)
        let settings = settings
        let kind = textKind
        try settings.labelRules?.refuse(hasLabels: settings.labelColumn != .none, kinds: [kind])
        let blocks = CSVBlockConverter(
            parser: parser, jobs: settings.jobs, blockSize: settings.blockSize, minimumPartBytes: settings.minimumPartBytes)
        expectedColumns = try blocks.run(
            source: Self.source(path), header: settings.header,
            expected: expectedColumns
                ?? CSVRowConverter.expected(featureDim: settings.featureDim, labelColumn: settings.labelColumn),
            converter: { expected in
                CSVRowConverter(
                    parser: parser, labelColumn: settings.labelColumn, kind: kind, expected: expected,
                    featureDim: settings.featureDim,
                    file: path, labelRules: settings.labelRules)
            }
        ) { part, linesBefore in
            rows += part.rows
            for var finding in part.findings {
                finding.line += linesBefore
                report(finding)
            }
            guard writing else { return }
            try sink.appendFrames(part.frames, recordEnds: part.recordEnds)
            records += part.recordEnds.count
        }
    }

    /// Converts a libsvm input: sparse rows of `dimension` columns, each with its label.
    mutating func readLibSVM(_ path: String, dimension: Int) throws {
        let parser = LibSVMRowParser(zeroBased: settings.zeroBased)
        var keys: [UInt64] = []
        var values: [Double] = []
        let kind = textKind
        try settings.labelRules?.refuse(hasLabels: true, kinds: [kind])
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
            if let message = settings.labelRules?.outsideDomain(label) {
                report(ConversionFinding(file: path, line: number, column: 1, rule: .labelDomain, message: message))
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
