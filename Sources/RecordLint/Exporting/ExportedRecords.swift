/// The one place `export` reads records: through the library's `RecordReader`,
/// in file order, handing on each record's content or what is wrong with it.
enum ExportedRecords {
    /// Calls `body` with each record of each file: its content, or the finding that says why it has none.
    static func forEach(_ files: [String], _ body: (TrainingRecord?, Finding?) throws -> Void) throws {
        for file in files {
            let reader = try RecordReader(file == "-" ? .standardInput : .file(file))
            try reader.forEach { record in
                if let content = record.content, content.features != nil {
                    try body(content, nil)
                } else {
                    try body(nil, record.problem ?? Self.noFeatures(record, file: file))
                }
            }
        }
    }

    private static func noFeatures(_ record: DecodedRecord, file: String) -> Finding {
        let unsupported = record.unsupportedFeatures != nil
        return Finding(
            rule: unsupported ? .unsupportedValue : .missingFeatures, severity: .error, file: file, record: record.index,
            offset: record.offset,
            message: unsupported ? "features[\"values\"] holds no tensor" : "the record has no features[\"values\"]")
    }
}
