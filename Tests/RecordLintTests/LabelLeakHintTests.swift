import RecordLint
import Testing

/// The hints must not steer users into label leakage: when the extra column is
/// the label, they say so and never suggest a larger feature_dim.
struct LabelLeakHintTests {
    /// `count` records of `dimension` features and a 0/1 label, the label copied into `column` when given.
    static func file(count: Int, dimension: Int, labelColumn column: Int?) -> [UInt8] {
        var writer = RecordWriter()
        for row in 0..<count {
            let label = Float(row % 2)
            var features = (0..<dimension).map { Float(($0 * 7 + row * 3) % 10) / 10 + 0.05 }
            if let column { features.insert(label, at: column) }
            writer.append(.dense(features, label: label))
        }
        return writer.bytes
    }

    @Test func everyRecordWithTheLabelAsItsLastColumnWasToldToRaiseFeatureDim() throws {
        let report = try check(Self.file(count: 64, dimension: 64, labelColumn: 64), featureDim: 64)
        #expect(report.summary.errors == 64)
        #expect(
            report.hints.first?.hasPrefix("the last column of the features equals the label in every record (64 records)") == true
        )
        #expect(!report.hints.contains { $0.contains("set feature_dim to 65") }, "\(report.hints)")
        #expect(!report.hints.contains { $0.contains("feature_dim + 1") })
    }

    @Test func theLabelAsColumnZeroIsNamedWithoutFeatureDimToo() throws {
        let report = try check(Self.file(count: 20, dimension: 8, labelColumn: 0))
        #expect(
            report.hints == [
                "column 0 of the features equals the label in every record (20 records): the label is still in the features; "
                    + "drop that column from the features rather than changing feature_dim"
            ])
    }

    @Test func noLeakHintForCleanDataOrTooFewRecords() throws {
        let clean = try check(Self.file(count: 64, dimension: 65, labelColumn: nil), featureDim: 64)
        #expect(clean.hints.contains { $0.contains("set feature_dim to 65") })
        #expect(!clean.hints.contains { $0.contains("equals the label") })
        let few = try check(Self.file(count: 5, dimension: 8, labelColumn: 0))
        #expect(few.hints.isEmpty)
    }
}
