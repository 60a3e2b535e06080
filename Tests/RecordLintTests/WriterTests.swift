import RecordLint
import Testing

@Suite("The writer produces the SageMaker SDK's bytes")
struct WriterTests {
    /// FORMAT.md §1: record 0 of ml-io's complete_records.pr.
    @Test func workedExampleByteForByte() {
        var writer = RecordWriter()
        writer.append(TrainingRecord(features: .dense([1, 0, 0]), label: .dense([1])))
        let expected =
            [UInt8](hex: "0A23D7CE 30000000")
            + [UInt8](hex: "0A1A 0A06") + Array("values".utf8) + [UInt8](hex: "1210 120E 0A0C 0000803F 00000000 00000000")
            + [UInt8](hex: "1212 0A06") + Array("values".utf8) + [UInt8](hex: "1208 1206 0A04 0000803F")
        #expect(writer.bytes == expected)
        #expect(writer.bytes.count == 8 + 48)
    }

    /// Sagemaker SDK 2.257.7 `write_numpy_to_dense_tensor` on a 3×6 float32 matrix with float32 labels.
    @Test func denseFloat32MatchesSDK() throws {
        var writer = RecordWriter()
        let labels: [Float] = [0, 1, 1]
        for row in 0..<3 {
            writer.append(.dense((0..<6).map { (Float(row * 6 + $0) - 4.5) / 2 }, label: labels[row]))
        }
        #expect(writer.bytes == (try fixture("sdk-dense-float32.rec")))
    }

    /// float64 features go to Float64Tensor; int64 labels to Int32Tensor, as the SDK maps numpy dtypes.
    @Test func float64AndIntLabelsMatchSDK() throws {
        var writer = RecordWriter()
        for row in 0..<3 {
            let values = (0..<6).map { Double((Float(row * 6 + $0) - 4.5) / 2) }
            writer.append(TrainingRecord(features: Tensor(values: .float64(values)), label: Tensor(values: .int32([Int32(row)]))))
        }
        #expect(writer.bytes == (try fixture("sdk-dense-float64-int-labels.rec")))
    }

    /// `write_spmatrix_to_sparse_tensor`: keys, values and shape, even for an all-zero row.
    @Test func sparseMatchesSDK() throws {
        var writer = RecordWriter()
        writer.append(TrainingRecord(features: .sparse(keys: [1, 4], values: [1.5, 2], dimension: 6), label: .dense([1])))
        writer.append(TrainingRecord(features: .sparse(keys: [], values: [], dimension: 6), label: .dense([0])))
        writer.append(TrainingRecord(features: .sparse(keys: [0, 5], values: [3.25, -1], dimension: 6), label: .dense([1])))
        #expect(writer.bytes == (try fixture("sdk-sparse-float32.rec")))
    }

    @Test func readerReturnsWhatWasWritten() throws {
        var writer = RecordWriter()
        let records = [
            TrainingRecord(features: .dense([1, 2, 3]), label: .dense([0]), uid: "row-0"),
            TrainingRecord(features: .sparse(keys: [2, 9], values: [0.5, -1], dimension: 10)),
            TrainingRecord(features: Tensor(values: .int32([-3, 7])), label: Tensor(values: .float64([2.5]))),
        ]
        for record in records { writer.append(record) }
        let read = try RecordReader(bytes: writer.bytes).readAll()
        #expect(read.map(\.content) == records)
        #expect(read.map(\.index) == [0, 1, 2])
        #expect(read[1].offset == RecordIO.headerSize + RecordIO.paddedLength(RecordEncoder.encode(records[0]).count))
    }

    @Test func dmlcWriterSplitsAtAlignedMagic() throws {
        var payload: [UInt8] = [1, 2, 3, 4]
        payload += [0x0A, 0x23, 0xD7, 0xCE]
        payload += [5, 6, 7]
        var writer = RecordWriter()
        writer.appendDMLC(payload: payload)
        // First part 4 bytes (cflag 1), last part 3 bytes padded (cflag 3); the magic word is dropped.
        #expect(writer.bytes == [UInt8](hex: "0A23D7CE 04000020 01020304 0A23D7CE 03000060 05060700"))
    }
}

@Suite("Files written by MXNet's dmlc RecordIO writer")
struct MXNetFixtureTests {
    /// 12 SDK-encoded records written with mxnet.recordio.MXRecordIO (MXNet 1.9.1): payloads
    /// holding the magic were split into parts, with empty parts where two magics were adjacent.
    @Test func multipartRecordsJoinAndDecode() throws {
        let bytes = try fixture("mxnet-multipart.rec")
        let records = try RecordReader(bytes: bytes).readAll()
        #expect(records.count == 12)
        #expect(records.map(\.parts) == [2, 3, 1, 2, 1, 3, 2, 1, 1, 4, 1, 1])
        let magicFloat = Float(bitPattern: RecordIO.magic)
        guard case .float32(let values)? = records[9].content?.features?.values else {
            Issue.record("record 9 has no float32 features")
            return
        }
        #expect(values[1...3].allSatisfy { $0 == magicFloat })
        #expect(records.map { $0.content?.label } == (0..<12).map { .dense([Float($0 % 2)]) })
    }

    @Test(arguments: [1, 3])
    func cleanWhateverTheChunks(jobs: Int) throws {
        let bytes = try fixture("mxnet-multipart.rec")
        for chunkSize in [4, 16, 64, 100, 1 << 20] {
            let report = try check(
                bytes, featureDim: 8, algorithm: .linearLearner, predictorType: "binary_classifier", jobs: jobs,
                chunkSize: chunkSize)
            #expect(report.findings.isEmpty, "chunk \(chunkSize)")
            #expect(report.files[0].records == 12)
        }
    }
}
