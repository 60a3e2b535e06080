import RecordLint
import Testing

@Suite("Labels, tensor types and the multi-part convention")
struct LabelAndTypeTests {
    private func report(
        _ labels: [Float?], algorithm: Algorithm, predictorType: String? = nil, numClasses: Int? = nil
    ) throws -> Report {
        var writer = RecordWriter()
        for label in labels { writer.append(.dense([1, 2], label: label)) }
        return try check(writer.bytes, featureDim: 2, algorithm: algorithm, predictorType: predictorType, numClasses: numClasses)
    }

    @Test func binaryClassifierTakesZeroAndOne() throws {
        let result = try report([0, 1, 2, .nan, 0.5], algorithm: .linearLearner, predictorType: "binary_classifier")
        #expect(ruleRecords(result) == ["label-domain@2", "label-non-finite@3", "label-domain@4"])
        #expect(result.findings[0].value == "2")
        #expect(result.findings[0].message.contains("0 or 1"))
    }

    @Test func multiclassTakesClassIndicesBelowNumClasses() throws {
        let result = try report(
            [0, 2, 3, -1, 1.5], algorithm: .linearLearner, predictorType: "multiclass_classifier", numClasses: 3)
        #expect(ruleRecords(result) == ["label-domain@2", "label-domain@3", "label-domain@4"])
        #expect(result.findings[0].message.contains("0 to 2"))
    }

    @Test func knnClassifierTakesNonNegativeIntegers() throws {
        let result = try report([0, 7, 1000, -1, 2.5], algorithm: .knn, predictorType: "classifier")
        #expect(ruleRecords(result) == ["label-domain@3", "label-domain@4"])
    }

    @Test func regressorsTakeAnyFiniteValue() throws {
        let result = try report([-3.5, 1e6, .infinity], algorithm: .factorizationMachines, predictorType: "regressor")
        #expect(ruleRecords(result) == ["label-non-finite@2"])
    }

    @Test func missingLabelOnlyWhereTheAlgorithmTrainsOnLabels() throws {
        #expect(ruleRecords(try report([1, nil], algorithm: .linearLearner)) == ["missing-label@1"])
        #expect(ruleRecords(try report([1, nil], algorithm: .kmeans)).isEmpty)
        #expect(ruleRecords(try report([1, nil], algorithm: .generic)).isEmpty)
    }

    @Test func labelShape() throws {
        var writer = RecordWriter()
        writer.append(TrainingRecord(features: .dense([1, 2]), label: .dense([1, 0])))
        writer.append(TrainingRecord(features: .dense([1, 2]), label: .dense([1])))
        let result = try check(writer.bytes, featureDim: 2, algorithm: .linearLearner, predictorType: "binary_classifier")
        #expect(ruleRecords(result) == ["label-shape@0"])
    }

    /// Written by the SDK from float64 features and int64 labels: Float64Tensor and Int32Tensor.
    @Test func float64FromTheSDKIsAnErrorForLinearLearnerAndAWarningForKMeans() throws {
        let bytes = try fixture("sdk-dense-float64-int-labels.rec")
        let linear = try check(bytes, featureDim: 6, algorithm: .linearLearner, predictorType: "regressor")
        #expect(linear.findings.filter { $0.rule == .tensorType }.count == 6)  // features and label of 3 records
        #expect(linear.findings.allSatisfy { $0.severity == .error })
        let kmeans = try check(bytes, featureDim: 6, algorithm: .kmeans)
        #expect(kmeans.findings.filter { $0.rule == .tensorType }.count == 6)
        #expect(kmeans.findings.allSatisfy { $0.severity == .warning })
        #expect(kmeans.summary.errors == 0)
        let float32 = try check(
            try fixture("sdk-dense-float32.rec"), featureDim: 6, algorithm: .linearLearner, predictorType: "binary_classifier")
        #expect(float32.findings.isEmpty)
    }

    /// ml-io's split_records.pr joins parts with nothing between them and cuts anywhere.
    @Test func mlioSplitRecordsGetTheConventionWarningAndAreChecked() throws {
        let payload = RecordEncoder.encode(.dense([1, 2, 3], label: 7))
        var writer = RecordWriter()
        writer.appendParts([Array(payload[..<8]), Array(payload[8..<18]), Array(payload[18..<19]), Array(payload[19...])])
        writer.append(.dense([1, 2, 3], label: 1))
        let result = try check(writer.bytes, featureDim: 3, algorithm: .linearLearner, predictorType: "binary_classifier")
        #expect(ruleRecords(result) == ["multipart-convention@0", "label-domain@0"])
        #expect(result.findings[0].severity == .warning)
    }
}
