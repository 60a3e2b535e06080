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
