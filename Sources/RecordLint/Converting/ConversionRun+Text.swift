extension ConversionRun {
    /// Converts a CSV input: dense rows, the label where `labelColumn` says; blocks of lines are
    /// parsed on `settings.jobs` threads and stitched in order.
    mutating func readCSV(_ path: String) throws {
        let parser = CSVRowParser(delimiter: settings.delimiter)
        let settings = settings
        let kind = textKind
        try settings.labelRules?.refuse(hasLabels: settings.labelColumn != .none, kinds: [kind])
        let known =
            expectedColumns ?? CSVRowConverter.expected(featureDim: settings.featureDim, labelColumn: settings.labelColumn)
        let used = try blocks.run(source: Self.source(path), header: settings.header) { bytes in
            let expected = known ?? CSVRowConverter.firstRow(bytes, parser: parser)
            let converter = CSVRowConverter(
                parser: parser, labelColumn: settings.labelColumn, kind: kind, expected: expected,
                featureDim: settings.featureDim, file: path, labelRules: settings.labelRules)
            return (converter, expected != nil)
        } consume: { part, linesBefore in
            try take(part, linesBefore: linesBefore)
        }
        expectedColumns = used?.expected ?? expectedColumns
    }

    /// Converts a libsvm input: sparse rows of `dimension` columns, keys in the order given; blocks of
    /// lines are parsed on `settings.jobs` threads and stitched in order, as for CSV.
    mutating func readLibSVM(_ path: String, dimension: Int) throws {
        let settings = settings
        let kind = textKind
        try settings.labelRules?.refuse(hasLabels: true, kinds: [kind])
        let converter = LibSVMRowConverter(
            parser: LibSVMRowParser(zeroBased: settings.zeroBased), dimension: dimension, kind: kind, file: path,
            labelRules: settings.labelRules)
        _ = try blocks.run(source: Self.source(path), header: false) { _ in
            (converter, true)
        } consume: { part, linesBefore in
            try take(part, linesBefore: linesBefore)
        }
    }

    /// How text inputs are cut and spread over the threads.
    private var blocks: LineBlockConverter {
        LineBlockConverter(jobs: settings.jobs, blockSize: settings.blockSize, minimumPartBytes: settings.minimumPartBytes)
    }

    /// Takes one converted part, in input order: its findings (line numbers made whole-file) and frames.
    private mutating func take(_ part: LineBlockConverter.Part, linesBefore: Int) throws {
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
        if let message = labelRules?.outsideDomain(label) {
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
