import Testing

@testable import RecordLint

/// Each rule: a record that fires it and one that does not.
@Suite("Record rules")
struct RuleTests {
    private func report(_ records: [TrainingRecord], featureDim: Int? = nil, maxFindings: Int = 0) throws -> Report {
        var writer = RecordWriter()
        for record in records { writer.append(record) }
        return try check(writer.bytes, featureDim: featureDim, maxFindings: maxFindings)
    }

    @Test func invalidProtobuf() throws {
        var writer = RecordWriter()
        writer.appendFrame(payload: [0x0A, 0xFF, 0xFF, 0xFF, 0x0F])  // a length far past the payload
        writer.append(.dense([1, 2]))
        let result = try check(writer.bytes, featureDim: 2)
        #expect(ruleRecords(result) == ["invalid-protobuf@0"])
    }

    @Test func missingFeatures() throws {
        let result = try report([TrainingRecord(features: nil, label: .dense([1])), .dense([1, 2])], featureDim: 2)
        #expect(ruleRecords(result) == ["missing-features@0"])
    }

    @Test func unsupportedValueForBytes() throws {
        // features {key "values" value {bytes {value "abc"}}}: built by hand, the writer has no Bytes.
        let bytesValue: [UInt8] = [0x4A, 0x05, 0x0A, 0x03] + Array("abc".utf8)
        let entry: [UInt8] = [0x0A, 0x06] + Array("values".utf8) + [0x12, UInt8(bytesValue.count)] + bytesValue
        var writer = RecordWriter()
        writer.appendFrame(payload: [0x0A, UInt8(entry.count)] + entry)
        writer.append(.dense([1, 2]))
        let result = try check(writer.bytes, featureDim: 2)
        #expect(ruleRecords(result) == ["unsupported-value@0"])
        #expect(result.findings[0].value == "Bytes")
    }

    @Test func dimensionMismatchNamesExpectedAndActual() throws {
        let result = try report([.dense([1, 2, 3]), .dense([1, 2, 3, 4]), .dense([1, 2, 3])], featureDim: 3)
        #expect(ruleRecords(result) == ["dimension-mismatch@1"])
        #expect(result.findings[0].expected == 3)
        #expect(result.findings[0].actual == 4)
        #expect(result.findings[0].sentence == "record 1 has 4 feature values, feature_dim is 3")
        #expect(result.hints.contains { $0.contains("label column") })
    }

    @Test func inconsistentDimensionWithoutFeatureDim() throws {
        let result = try report([.dense([1, 2]), .dense([1, 2, 3]), .dense([1, 2]), .dense([1, 2])])
        #expect(ruleRecords(result) == ["inconsistent-dimension@1"])
        #expect(result.findings[0].expected == 2 && result.findings[0].actual == 3)
        // Consistent files are clean without feature_dim.
        #expect(try report([.dense([1, 2]), .dense([3, 4])]).findings.isEmpty)
    }

    @Test func constantButDifferentDimensionHint() throws {
        let result = try report([.dense([1, 2]), .dense([3, 4])], featureDim: 3)
        #expect(result.summary.errors == 2)
        #expect(result.hints.contains { $0.contains("feature_dim is more likely wrong") })
    }

    @Test func sparseKeyOutOfRange() throws {
        let bad = TrainingRecord(features: .sparse(keys: [1, 10], values: [1, 1], dimension: 10))
        let fine = TrainingRecord(features: .sparse(keys: [1, 9], values: [1, 1], dimension: 10))
        let result = try report([fine, bad], featureDim: 10)
        #expect(ruleRecords(result) == ["sparse-key-out-of-range@1"])
        #expect(result.findings[0].key == 10 && result.findings[0].position == 1)
        // Without feature_dim, shape[0] is the bound.
        #expect(ruleRecords(try report([fine, bad])) == ["sparse-key-out-of-range@1"])
    }

    @Test func sparseLengthMismatch() throws {
        let bad = TrainingRecord(features: Tensor(values: .float32([1]), keys: [1, 2], shape: [5]))
        let result = try report([.init(features: .sparse(keys: [1], values: [1], dimension: 5)), bad], featureDim: 5)
        #expect(ruleRecords(result) == ["sparse-length-mismatch@1"])
    }

    @Test func sparseShapeMissingAndMismatch() throws {
        let noShape = TrainingRecord(features: Tensor(values: .float32([1]), keys: [1]))
        let wrongShape = TrainingRecord(features: .sparse(keys: [1], values: [1], dimension: 6))
        let fine = TrainingRecord(features: .sparse(keys: [1], values: [1], dimension: 5))
        let result = try report([fine, noShape, wrongShape], featureDim: 5)
        #expect(ruleRecords(result) == ["sparse-shape-missing@1", "sparse-shape-mismatch@2"])
    }

    @Test func sparseKeysUnsortedIsAWarningAndDuplicatesAreErrors() throws {
        let unsorted = TrainingRecord(features: .sparse(keys: [3, 1], values: [1, 1], dimension: 5))
        let duplicate = TrainingRecord(features: .sparse(keys: [1, 3, 3], values: [1, 1, 1], dimension: 5))
        let farDuplicate = TrainingRecord(features: .sparse(keys: [2, 1, 2], values: [1, 1, 1], dimension: 5))
        let fine = TrainingRecord(features: .sparse(keys: [0, 4], values: [1, 1], dimension: 5))
        let result = try report([fine, unsorted, duplicate, farDuplicate], featureDim: 5)
        #expect(
            ruleRecords(result) == [
                "sparse-keys-unsorted@1", "sparse-duplicate-key@2", "sparse-keys-unsorted@3", "sparse-duplicate-key@3",
            ])
        #expect(result.findings[0].severity == .warning)
        #expect(result.summary.warnings == 2 && result.summary.errors == 2)
    }

    @Test func allZeroSparseRowIsNotADenseMismatch() throws {
        let empty = TrainingRecord(features: .sparse(keys: [], values: [], dimension: 5))
        #expect(try report([empty], featureDim: 5).findings.isEmpty)
    }

    @Test func nonFiniteNamesThePosition() throws {
        var values = [Float](repeating: 0.5, count: 100)
        values[37] = .nan
        values[80] = -.infinity
        let result = try report([.dense([Float](repeating: 1, count: 100)), .dense(values)], featureDim: 100)
        #expect(ruleRecords(result) == ["non-finite@1"])
        #expect(result.findings[0].position == 37)
        #expect(result.findings[0].value == "NaN")
        #expect(result.findings[0].message.contains("2 non-finite values"))
        let doubles = TrainingRecord(features: Tensor(values: .float64([1, .infinity])))
        #expect(ruleRecords(try report([doubles], featureDim: 2)).contains("non-finite@0"))
    }

    @Test func uidIsShownWithTheFinding() throws {
        let result = try report([TrainingRecord(features: .dense([1]), uid: "row-41")], featureDim: 2)
        #expect(result.findings[0].uid == "row-41")
    }

    @Test func maxFindingsListsTheFirstButCountsAll() throws {
        let records = (0..<50).map { _ in TrainingRecord.dense([1, 2, 3]) }
        let result = try report(records, featureDim: 2, maxFindings: 5)
        #expect(result.findings.map(\.record) == [0, 1, 2, 3, 4])
        #expect(result.summary.errors == 50)
        #expect(result.summary.truncated)
        #expect(result.summary.rules["dimension-mismatch"] == 50)
    }
}

@Suite("Text formatting")
struct TextFormattingTests {
    @Test(arguments: [
        (0.0, 0, "0"), (99.6, 0, "100"), (0.021, 2, "0.02"), (1.005, 1, "1.0"), (318.4, 1, "318.4"), (-2.5, 2, "-2.50"),
        (12.0, 3, "12.000"),
    ])
    func decimal(value: Double, places: Int, expected: String) {
        #expect(TextReporter.decimal(value, places: places) == expected)
    }
}

@Suite("Inconsistent dimensions in large files")
struct LargeInconsistentDimensionTests {
    /// More odd records than the first pass keeps: a second pass lists them all, and memory
    /// for the common dimension stays bounded.
    @Test func moreOddRecordsThanTheFirstPassKeeps() throws {
        var writer = RecordWriter()
        let odd = ScanTally.memberCap + 5_000
        // Even rows (one more of them) have the common dimension 2; odd rows have 3.
        for row in 0..<(2 * odd + 1) { writer.append(.dense(row % 2 == 0 ? [1, 2] : [1, 2, 3])) }
        let path = try temporaryFile(writer.bytes)
        for jobs in [1, 2] {
            let report = Checker(configuration: CheckConfiguration(maxFindings: 0, jobs: jobs, collectsOffendingRecords: true))
                .check([.file(path)])
            #expect(report.summary.errors == odd)
            #expect(report.findings.count == odd)
            #expect(report.findings.last?.record == 2 * odd - 1)
            #expect(report.offendingRecords[path]?.count == odd)
        }
    }
}
