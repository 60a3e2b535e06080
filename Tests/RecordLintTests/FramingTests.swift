import RecordLint
import Testing

@Suite("Framing: headers, padding, multi-part records, damage and resync")
struct FramingTests {
    let good = RecordEncoder.encode(.dense([1, 2, 3]))

    @Test func zeroLengthPayloadIsAFrameWhoseRecordHasNoFeatures() throws {
        var writer = RecordWriter()
        writer.appendFrame(payload: [])
        writer.append(.dense([1, 2, 3]))
        let report = try check(writer.bytes)
        #expect(ruleRecords(report) == ["missing-features@0"])
        #expect(report.files[0].records == 2)
    }

    @Test(arguments: [1, 2, 3])
    func paddingOfOneToThreeBytes(padding: Int) throws {
        // A uid makes the payload length anything we like.
        let uid = String(repeating: "u", count: 10 + (4 - padding))
        let payload = RecordEncoder.encode(TrainingRecord(features: .dense([1]), uid: uid))
        #expect(RecordIO.paddedLength(payload.count) - payload.count == padding)
        var writer = RecordWriter()
        writer.appendFrame(payload: payload)
        writer.appendFrame(payload: payload)
        let records = try RecordReader(bytes: writer.bytes).readAll()
        #expect(records.map(\.content?.uid) == [uid, uid])
        #expect(records[1].offset == 8 + payload.count + padding)
    }

    @Test func multipartJoinedWithMagicAndZeroLengthParts() throws {
        // Two magic words back to back at aligned payload offsets: dmlc writes an empty middle part.
        let magicFloat = Float(bitPattern: RecordIO.magic)
        let record = TrainingRecord(features: .dense([magicFloat, magicFloat, 1]))
        let payload = RecordEncoder.encode(record)
        var writer = RecordWriter()
        writer.appendDMLC(payload: payload)
        writer.append(.dense([4, 5, 6]))
        let records = try RecordReader(bytes: writer.bytes).readAll()
        #expect(records.count == 2)
        #expect(records[0].parts == 3)
        #expect(records[0].payloadBytes == payload.count)
        #expect(records[0].content == record)
        #expect(records[1].index == 1)
        #expect(try check(writer.bytes, featureDim: 3).findings.isEmpty)
    }

    @Test func dmlcWrittenRecordWithMagicInsideDecodes() throws {
        // A float whose bits are the magic: -1804698880.0 ends up as an aligned magic word in the payload.
        let magicFloat = Float(bitPattern: RecordIO.magic)
        let record = TrainingRecord(features: .dense([magicFloat, 1, magicFloat]))
        var writer = RecordWriter()
        writer.appendDMLC(payload: RecordEncoder.encode(record))
        writer.append(.dense([1, 2, 3]))
        let report = try check(writer.bytes, featureDim: 3)
        #expect(report.findings.isEmpty)
        #expect(report.files[0].records == 2)
        let read = try RecordReader(bytes: writer.bytes).readAll()
        #expect(read[0].parts > 1)
        #expect(read[0].content == record)
    }

    @Test(arguments: [UInt8(4), 5, 6, 7])
    func continuationFlagsFourToSevenAreBadContinuation(flag: UInt8) throws {
        var writer = RecordWriter()
        writer.append(.dense([1, 2, 3]))
        writer.appendFrame(payload: good, flag: flag)
        writer.append(.dense([1, 2, 3]))
        let report = try check(writer.bytes, featureDim: 3)
        #expect(ruleRecords(report) == ["bad-continuation@1"])
        #expect(report.findings[0].actual == Int(flag))
        #expect(report.files[0].records == 3)
    }

    @Test func orphanAndUnterminatedParts() throws {
        var writer = RecordWriter()
        writer.appendFrame(payload: good, flag: 3)  // a last part without a first
        writer.appendFrame(payload: good, flag: 1)  // a first part ...
        writer.append(.dense([1, 2, 3]))  // ... followed by a complete record
        let report = try check(writer.bytes, featureDim: 3)
        #expect(ruleRecords(report) == ["bad-continuation@0", "bad-continuation@1"])
        #expect(report.files[0].records == 3)
    }

    @Test func truncationInsideHeaderPayloadPaddingAndMultipart() throws {
        var whole = RecordWriter()
        whole.append(.dense([1, 2, 3]))
        let payload = RecordEncoder.encode(TrainingRecord(features: .dense([1]), uid: "abcdefg"))  // needs padding
        #expect(payload.count % 4 != 0)
        whole.appendFrame(payload: payload)
        let first = 8 + RecordIO.paddedLength(good.count)
        let cases: [(cut: Int, expect: String)] = [
            (first + 5, "header"),
            (first + 8 + payload.count - 2, "payload"),
            (first + 8 + payload.count + 1, "padding"),
        ]
        for (cut, part) in cases {
            let report = try check(Array(whole.bytes.prefix(cut)))
            #expect(ruleRecords(report) == ["truncated-record@1"], "cut at \(cut)")
            #expect(report.findings.first?.message.contains(part) == true)
        }
        var multipart = RecordWriter()
        multipart.appendParts([[1, 2, 3, 4], [5, 6, 7, 8], [9]])
        let cut = Array(multipart.bytes.prefix(24))  // the first two parts only
        let report = try check(cut)
        #expect(ruleRecords(report) == ["truncated-record@0"])
        #expect(report.findings[0].message.contains("multi-part"))
    }

    @Test func garbageBetweenRecordsIsOneFindingAndKeepsLaterIndicesRight() throws {
        var writer = RecordWriter()
        writer.append(.dense([1, 2, 3]))
        writer.appendRaw([UInt8](repeating: 0xAB, count: 40))
        writer.append(.dense([1, 2, 3]))
        writer.append(.dense([1, 2, 3, 4]))
        let report = try check(writer.bytes, featureDim: 3)
        #expect(ruleRecords(report) == ["bad-magic@1", "dimension-mismatch@3"])
        let badMagic = report.findings[0]
        #expect(badMagic.offset == 8 + RecordIO.paddedLength(good.count))
        #expect(
            badMagic.sentence
                == "record 1 is not a record: 40 bytes of damaged or non-record data (offsets \(badMagic.offset!) to \(badMagic.offset! + 39)) were skipped; the next record starts at offset \(badMagic.offset! + 40) (no RecordIO magic 0A 23 D7 CE at offset \(badMagic.offset!))"
        )
        #expect(report.files[0].records == 4)
    }

    @Test func garbageAtTheEndShorterThanAHeader() throws {
        var writer = RecordWriter()
        writer.append(.dense([1, 2, 3]))
        writer.appendRaw([1, 2, 3])
        #expect(ruleRecords(try check(writer.bytes)) == ["bad-magic@1"])
        var cut = RecordWriter()
        cut.append(.dense([1, 2, 3]))
        cut.appendRaw([0x0A, 0x23, 0xD7])
        #expect(ruleRecords(try check(cut.bytes)) == ["truncated-record@1"])
    }

    /// `cat cut.rec ok.rec`: the record the cut falls in is one truncated-record finding
    /// that says two files were joined, and every appended record is found and counted,
    /// at aligned and unaligned cuts alike.
    @Test(arguments: RandomFiles.Cut.allCases)
    func fileAppendedToACutFileIsFoundAndCounted(cut: RandomFiles.Cut) throws {
        let appended = denseFile(count: 50, dimension: 16)
        var unaligned = 0
        for seed in 0..<12 {
            let (bytes, cutRecord, cutAt) = RandomFiles.concatenation(seed: UInt64(seed), cut: cut, appending: appended.bytes)
            if cutAt % 4 != 0 { unaligned += 1 }
            let report = try check(bytes)
            let context = "seed \(seed), cut at \(cutAt) in record \(cutRecord)"
            #expect(report.files[0].records == cutRecord + 1 + 50, "\(context)")
            #expect(report.findings.filter { ($0.record ?? 0) > cutRecord }.isEmpty, "\(context)")
            #expect(!report.findings.contains { $0.rule == .badMagic }, "\(context)")
            let framing = report.findings.filter { $0.rule == .truncatedRecord }
            if cut == .boundary {
                #expect(framing.isEmpty, "\(context)")
                continue
            }
            #expect(framing.map(\.record) == [cutRecord], "\(context)")
            let message = try #require(framing.first?.sentence)
            #expect(
                message.hasPrefix(
                    "record \(cutRecord) is cut off and another record starts inside it, at offset \(cutAt): two files joined?"),
                "\(context): \(message)")
            #expect(
                message.contains(cut == .header ? "frame header" : cut == .padding ? "padding" : "only"), "\(context): \(message)"
            )
            // The appended records are the appended file's, at their offsets.
            let read = try RecordReader(bytes: bytes).readAll()
            #expect(
                read.suffix(50).map(\.offset) == (try RecordReader(bytes: appended.bytes).readAll()).map { $0.offset + cutAt })
        }
        if cut != .boundary { #expect(unaligned > 0) }
    }

    @Test func multipartRecordCutInALaterPartWithAFileAppended() throws {
        var writer = RecordWriter()
        writer.append(.dense([1, 2, 3]))
        writer.appendParts([[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16], [17]])
        let secondPart = writer.bytes.count - 44 + 16  // parts of 16, 16 and 12 bytes on disk
        let cutAt = secondPart + 8 + 3
        let appended = denseFile(count: 5, dimension: 3)
        let report = try check(Array(writer.bytes.prefix(cutAt)) + appended.bytes, featureDim: 3)
        #expect(ruleRecords(report) == ["truncated-record@1"])
        #expect(report.files[0].records == 7)
        #expect(report.findings[0].message.contains("at offset \(cutAt): two files joined? (the header of its part 2"))
    }

    /// A large frame cut after 100 bytes of its payload, with a file appended: its claimed
    /// 2 MB end lands inside the appended records, and the record inside it is still found.
    @Test func largeFrameCutOffWithAFileAppended() throws {
        var writer = RecordWriter()
        writer.append(.dense([1, 2, 3]))
        let start = writer.bytes.count
        writer.appendRaw(Array(hex: "0A23D7CE") + withUnsafeBytes(of: UInt32(2_000_001).littleEndian, Array.init))
        writer.appendRaw([UInt8](repeating: 7, count: 100))
        let appended = denseFile(count: 700, dimension: 784)
        let report = try check(writer.bytes + appended.bytes, featureDim: 784, jobs: 2, chunkSize: 256 << 10)
        #expect(ruleRecords(report) == ["dimension-mismatch@0", "truncated-record@1"])
        #expect(report.findings.last?.offset == start)
        #expect(report.findings.last?.message.contains("at offset \(start + 108): two files joined?") == true)
        #expect(report.files[0].records == 2 + 700)
    }

    /// A damaged region that ends where a record starts at an unaligned offset.
    @Test func resyncFindsARecordStartAtAnUnalignedOffset() throws {
        var writer = RecordWriter()
        writer.append(.dense([1, 2, 3]))
        writer.appendRaw([0xAB, 0xAB, 0xAB, 0xAB, 0xAB, 0xAB, 0xAB])
        let damaged = 8 + RecordIO.paddedLength(good.count)
        var rest = denseFile(count: 3, dimension: 3)
        rest.append(.dense([1, 2]))
        let report = try check(writer.bytes + rest.bytes, featureDim: 3)
        #expect(ruleRecords(report) == ["bad-magic@1", "dimension-mismatch@5"])
        #expect(
            report.findings[0].message.contains(
                "7 bytes of damaged or non-record data (offsets \(damaged) to \(damaged + 6)) were skipped; the next record starts at offset \(damaged + 7)"
            ))
        #expect(report.files[0].records == 6)
    }

    /// The SDK writer leaves the magic in payloads; a sequential read does not resync on it.
    @Test func sdkPayloadsHoldingTheMagicAtAlignedOffsetsReadNormally() throws {
        let magicFloat = Float(bitPattern: RecordIO.magic)
        var writer = RecordWriter()
        for row in 0..<50 {
            // Values chosen so that the magic and a plausible lrec word land at aligned file offsets.
            let values = (0..<16).map { $0 % 4 == row % 4 ? magicFloat : Float(bitPattern: 0x0000_0010) }
            writer.append(.dense(values, label: 1))
        }
        let plain = try check(denseFile(count: 50, dimension: 16).bytes, featureDim: 16)
        let tricky = try check(writer.bytes, featureDim: 16)
        #expect(tricky.findings.isEmpty)
        #expect(tricky.files[0].records == plain.files[0].records)
    }
}

@Suite("The decoder's arena")
struct ArenaTests {
    /// A record larger than the arena's first block goes through the overflow path, the
    /// arena grows, and the records after it still decode right.
    @Test func recordsLargerThanTheArenaDecode() throws {
        let big = (0..<300_000).map { Float($0) / 7 }
        let records: [TrainingRecord] = [
            .dense([1, 2, 3], label: 0), .dense(big, label: 1), .dense([4, 5], label: 0), .dense(big.reversed(), label: 1),
            TrainingRecord(
                features: .sparse(
                    keys: Array(0..<200_000).map(UInt64.init), values: Array(repeating: 1, count: 200_000), dimension: 200_000)),
        ]
        var writer = RecordWriter()
        for record in records { writer.append(record) }
        #expect(try RecordReader(bytes: writer.bytes).readAll().map(\.content) == records)
        let report = try check(writer.bytes, maxFindings: 0, jobs: 2, chunkSize: 64 << 10)
        #expect(report.files[0].records == 5)
        #expect(report.files[0].dimensions.counts == [3: 1, 300_000: 2, 2: 1, 200_000: 1])
    }
}
