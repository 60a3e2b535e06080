/// The default libsvm feature dimension: the largest index + 1 over all inputs
/// (what `load_svmlight_file` gives `n_features`), found in a first pass.
enum LibSVMDimension {
    /// Reads every input once; rows that do not parse are left to the converting pass to report.
    static func largestIndexPlusOne(_ inputs: [String], settings: ConvertSettings) throws -> Int {
        guard !inputs.contains("-") else {
            throw ConversionError("libsvm from standard input needs --feature-dim (the dimension is found in a first pass)")
        }
        // A FIFO or device read once is gone: the second pass would wait for a writer that has finished.
        if let stream = inputs.first(where: { FileStatus($0).map { !$0.isRegularFile } ?? false }) {
            throw ConversionError(
                "\(stream) is not a regular file (a FIFO or device): libsvm from it needs --feature-dim (the dimension is found in a first pass)"
            )
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
