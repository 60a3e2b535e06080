import Foundation
import RecordLint
import TestSupport
import Testing

/// Records protobuf-c and protobuf read differently (Fixtures/divergence, written by
/// Scripts/make-divergence-fixtures.py), held to what the SageMaker SDK v2's read_records made of
/// each (sdk-readings.json, protobuf's default upb implementation): recordlint reads what the SDK
/// reads, says `ambiguous-encoding` where protobuf-c would not, and `invalid-protobuf` where the
/// SDK raises.
@Suite("records protobuf-c and protobuf read differently are read as the SDK reads them")
struct DivergenceTests {
    /// What the SDK found under "values": kind ("float32_tensor", "bytes", or nil for an empty Value) and the tensor.
    struct Side: Sendable {
        let kind: String?
        let values: [Double]
        let keys: [UInt64]
        let shape: [UInt64]
    }

    struct Reading: Sendable {
        let parses: Bool
        /// `nil` when the record does not parse; `.some(nil)` when there is no "values" entry.
        let features: Side??
        let label: Side??
    }

    /// Each case's reading by upb (the SDK's default) and by pure-Python protobuf.
    static let both: [String: (upb: Reading, python: Reading)] = {
        guard let url = Bundle.module.url(forResource: "Fixtures/divergence/sdk-readings", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [String: [String: Any]]
        else { return [:] }
        func reading(_ json: [String: Any]?) -> Reading? {
            guard let json, let parses = json["parses"] as? Bool else { return nil }
            func map(_ key: String) -> Side?? {
                guard parses else { return nil }
                guard let side = json[key] as? [String: Any] else { return .some(nil) }
                return .some(
                    Side(
                        kind: side["kind"] as? String, values: side["values"] as? [Double] ?? [],
                        keys: (side["keys"] as? [Int] ?? []).map { UInt64($0) },
                        shape: (side["shape"] as? [Int] ?? []).map { UInt64($0) }))
            }
            return Reading(parses: parses, features: map("features"), label: map("label"))
        }
        return cases.compactMapValues { entry in
            let readings = entry["readings"] as? [String: Any]
            guard let upb = reading(readings?["upb"] as? [String: Any]),
                let python = reading(readings?["python"] as? [String: Any])
            else { return nil }
            return (upb, python)
        }
    }()

    /// The SDK's (upb's) readings.
    static var readings: [String: Reading] { both.mapValues(\.upb) }

    /// What recordlint must make of a case: `nil` when some reader rejects the record (then
    /// `invalid-protobuf`); else the reading it checks, and whether upb and pure-Python protobuf
    /// read it differently (then `readers-disagree`, and the reading is pure-Python's, C++'s).
    static func expected(_ name: String) -> (reading: Reading, disagree: Bool)? {
        guard let (upb, python) = both[name], upb.parses, python.parses else { return nil }
        let same = String(describing: upb) == String(describing: python)
        return same ? (upb, false) : (python, true)
    }

    /// The cases where protobuf-c reads otherwise than protobuf and recordlint says so (`ambiguous-encoding`).
    static let ambiguous: Set<String> = [
        "empty-values-twice", "empty-values-twice-other-key", "oneof-twice-in-value", "oneof-twice-sparse",
        "values-twice-in-entry", "label-oneof-twice",
        // A known field with another wire type, or a group: protobuf skips it, protobuf-c rejects the record.
        "wire-type-record-features", "wire-type-tensor-values", "wire-type-value-member", "wire-type-entry-key",
        "group-record", "group-record-known-number", "group-nested", "group-value", "group-value-member-number",
        "group-tensor", "group-entry", "group-depth-99-record", "group-depth-97-tensor",
        // An unknown field in an entry no reader reads: upb drops it, the others keep it.
        "entry-unknown-other-key",
    ]

    static var names: [String] { both.keys.sorted() }

    @Test func everyFixtureHasAnSDKReading() throws {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures/divergence", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".rec") }
        #expect(files.count == Self.both.count && files.count >= 43)
        #expect(Set(files.map { String($0.dropLast(4)) }) == Set(Self.both.keys))
        #expect(Self.ambiguous.isSubset(of: Set(Self.both.keys)))
    }

    @Test(arguments: names)
    func recordlintReadsWhatTheSDKReads(name: String) throws {
        let records = try RecordReader(bytes: try fixture("divergence/\(name).rec")).readAll()
        #expect(records.count == 1)
        let record = try #require(records.first)
        guard let (reading, disagree) = Self.expected(name) else {
            #expect(record.content == nil)
            #expect(record.problem?.rule == .invalidProtobuf)
            #expect(record.problem?.message.contains("rejects the record") == true, "\(name): \(record.problem?.message ?? "")")
            return
        }
        let content = try #require(record.content, "\(name): \(record.problem?.message ?? "")")
        #expect(Self.matches(content.features, unsupported: record.unsupportedFeatures, reading.features!), "\(name)")
        #expect(Self.matches(content.label, unsupported: nil, reading.label!), "\(name)")
        #expect((record.ambiguity != nil) == Self.ambiguous.contains(name), "\(name): \(record.ambiguity ?? "none")")
        #expect((record.disagreement != nil) == disagree, "\(name): \(record.disagreement ?? "none")")
    }

    @Test(arguments: names)
    func theReferenceReaderReadsWhatTheSDKReads(name: String) throws {
        let bytes = try fixture("divergence/\(name).rec")
        let (records, complete) = ReferenceReader.read(bytes)
        #expect(complete && records.count == 1)
        let record = try #require(records.first)
        let expected = Self.expected(name)
        #expect(record.protobufRejects == (expected == nil), "\(name)")
        if let (reading, disagree) = expected {
            #expect(record.ambiguous == Self.ambiguous.contains(name), "\(name)")
            #expect(record.readersDisagree == disagree, "\(name)")
            #expect(Self.matches(record.features, reading.features!), "\(name)")
            #expect(Self.matches(record.label, reading.label!), "\(name)")
        }
        #expect(differentialDisagreement(bytes) == nil, "\(name)")
    }

    @Test func aKnownFieldWithAnotherWireTypeIsSkippedAndNamed() throws {
        // A varint field 1 in the Record at payload byte 44 (file offset 52): protobuf skips it.
        let record = try #require(
            try RecordReader(bytes: try fixture("divergence/wire-type-record-features.rec")).readAll().first)
        #expect(record.problem == nil && record.content?.features != nil)
        #expect(
            record.ambiguity?.contains(
                "field 1 with wire type 0 (varint) in the Record at offset 52 (byte 44 of its payload), a field declared length-delimited (2)"
            ) == true, "\(record.ambiguity ?? "none")")
        let tensor = try #require(
            try RecordReader(bytes: try fixture("divergence/wire-type-tensor-values.rec")).readAll().first)
        #expect(tensor.ambiguity?.contains("in a Float32Tensor at offset 32") == true)
        #expect(tensor.ambiguity?.contains("declared fixed32 (5) or packed (2)") == true)
    }

    @Test func upbDroppingAValuesEntryIsAnErrorNamingEachReader() throws {
        let record = try #require(
            try RecordReader(bytes: try fixture("divergence/entry-unknown-field.rec")).readAll().first)
        let message = try #require(record.disagreement)
        #expect(message.contains("features[\"values\"] entry (payload byte 0) holds field 3 with wire type 0 (varint)"))
        #expect(message.contains("at offset 32 (byte 24 of its payload)"))
        #expect(message.contains("upb backend) drops such an entry and reads no features"))
        #expect(message.contains("pure-Python protobuf and C++ (the algorithms' parser) keep it"))
        let last = try #require(
            try RecordReader(bytes: try fixture("divergence/entry-unknown-values-last.rec")).readAll().first)
        #expect(last.disagreement?.contains("reads an earlier features[\"values\"] entry") == true)
    }

    @Test func malformedGroupsAreNamedWithTheirOffsets() throws {
        let cases: [(String, String)] = [
            (
                "group-mismatched-end",
                "an end-group tag of field 7 at offset 53 (byte 45 of its payload), inside the group of field 6"
            ),
            (
                "group-unterminated",
                "a group of field 6 at offset 52 (byte 44 of its payload) that its message ends before closing"
            ),
            ("group-stray-end", "an end-group tag of field 6 at offset 52 (byte 44 of its payload), outside any group"),
            ("group-depth-98-tensor", "groups nested 98 or more deep at offset 132"),
        ]
        for (name, text) in cases {
            let record = try #require(try RecordReader(bytes: try fixture("divergence/\(name).rec")).readAll().first)
            #expect(record.problem?.rule == .invalidProtobuf)
            #expect(record.problem?.message.contains(text) == true, "\(name): \(record.problem?.message ?? "")")
        }
    }

    @Test func deepGroupsCostALoopNotRecursion() throws {
        // 200,000 groups nested: refused at protobuf's limit, in one pass, without a stack per level.
        let depth = 200_000
        let payload = [UInt8](repeating: 0x33, count: depth) + [UInt8](repeating: 0x34, count: depth)
        let record = try #require(try RecordReader(bytes: Self.frame(payload)).readAll().first)
        #expect(record.problem?.rule == .invalidProtobuf)
        #expect(record.problem?.message.contains("groups nested 100 or more deep at offset") == true)
        // 99 nested (the most every reader takes) beside a good record are skipped.
        let good = try Self.payload("group-record")
        let skipped = good + [UInt8](repeating: 0x33, count: 99) + [UInt8](repeating: 0x34, count: 99)
        let read = try #require(try RecordReader(bytes: Self.frame(skipped)).readAll().first)
        #expect(read.content?.features != nil && read.ambiguity != nil)
    }

    @Test func aRecordTooLargeToRewriteNamesTheRewriteLimit() throws {
        // A group (protobuf skips it, protobuf-c rejects the record) beside a 65 MiB unknown field:
        // the rewrite is refused, and the message names its limit, not --max-decode-memory.
        let big = 65 << 20
        var payload = try Self.payload("group-record")
        payload += [0x32, 0x80, 0x80, 0xC0, 0x20]  // field 6, length-delimited, 65 MiB
        payload += [UInt8](repeating: 0, count: big)
        let record = try #require(try RecordReader(bytes: Self.frame(payload)).readAll().first)
        #expect(record.problem?.rule == .recordTooComplex)
        let message = record.problem?.message ?? ""
        #expect(message.contains("must be rewritten to be read as protobuf reads it"), "\(message)")
        #expect(message.contains("for payloads up to 64 MiB"))
        #expect(!message.contains("(--max-decode-memory)"))
        #expect(message.contains("1 fields it skips as unknown"))
    }

    @Test func checkNamesTheOddEntryAndTheOffset() throws {
        let oneof = try RecordReader(bytes: try fixture("divergence/oneof-twice-in-value.rec")).readAll()[0]
        #expect(oneof.ambiguity?.contains("features[\"values\"] (payload byte 0) holds its float32_tensor 2 times") == true)
        let field = try RecordReader(bytes: try fixture("divergence/field-2pow29-record.rec")).readAll()[0]
        // The payload starts at offset 8; the tag is at its byte 44.
        #expect(
            field.problem?.message.contains("field number 536870912 (2^29 or more) at offset 52 (byte 44 of its payload)") == true
        )
    }

    @Test func aRewrittenRecordKeepsItsOtherFields() throws {
        // oneof-twice-in-value's payload, then an unknown field 6 and a uid: both survive the rewrite.
        let payload = try Self.payload("oneof-twice-in-value") + [0x32, 2, 0xAB, 0xCD, 0x1A, 3] + Array("abc".utf8)
        let bytes = Self.frame(payload)
        let record = try #require(try RecordReader(bytes: bytes).readAll().first)
        #expect(record.content?.uid == "abc")
        if case .float32(let values) = record.content?.features?.values {
            #expect(values == [0.5, 0.25, 0.75])
        } else {
            Issue.record("no float32 features")
        }
        #expect(record.ambiguity != nil)
        #expect(differentialDisagreement(bytes) == nil)
    }

    @Test func aBadFieldNumberInAMultipartRecordIsNamedInTheJoinedPayload() throws {
        let payload = try Self.payload("field-2pow29-record")
        let cut = 20
        let first = Array(payload[..<cut])
        let second = Array(payload[cut...])
        let bytes = Self.frame(first, cflag: 1) + Self.frame(second, cflag: 3)
        let record = try #require(try RecordReader(bytes: bytes).readAll().first)
        #expect(record.problem?.rule == .invalidProtobuf)
        #expect(record.problem?.message.contains("of its parts joined without the magic") == true)
        #expect(differentialDisagreement(bytes) == nil)
    }

    @Test func anAmbiguousRecordWithMalformedBytesAfterItIsStillInvalid() throws {
        // Found by the differential fuzzer (Fuzz/Corpus/ambiguous-then-malformed.rec): a Value with its
        // tensor twice, then a 0 byte (a tag of field 0). The rewrite once stopped at that byte and
        // dropped it, which made the record valid.
        let payload = try Self.payload("oneof-twice-in-value") + [0x00, 0x0A, 0x23]
        let bytes = Self.frame(payload)
        let record = try #require(try RecordReader(bytes: bytes).readAll().first)
        #expect(record.content == nil && record.problem?.rule == .invalidProtobuf)
        #expect(differentialDisagreement(bytes) == nil)
    }

    @Test func aLengthInMoreThanFiveBytesIsInvalidWithAGroupAfterItToo() throws {
        // The features entry's length 0x16 written in 6 bytes, which protobuf-c and C++ protobuf refuse. The
        // rewrite a group calls for writes every length at its shortest: it must not make such a record valid.
        let record =
            [UInt8](hex: "0a968080808000 0a0676616c756573120c120a0a080000003f0000803e")
            + [UInt8](hex: "12120a0676616c756573120812060a040000803f")
        for payload in [record, record + [0x33, 0x34], [0x33, 0x34] + record] {
            let bytes = Self.frame(payload)
            let read = try #require(try RecordReader(bytes: bytes).readAll().first)
            #expect(read.content == nil && read.problem?.rule == .invalidProtobuf, "\(payload.count) bytes")
            #expect(differentialDisagreement(bytes) == nil)
        }
        // The same record with its length in one byte reads, and with the group after it is ambiguous.
        let short = [UInt8](hex: "0a16 0a0676616c756573120c120a0a080000003f0000803e 12120a0676616c756573120812060a040000803f")
        for payload in [short, short + [0x33, 0x34]] {
            let read = try #require(try RecordReader(bytes: Self.frame(payload)).readAll().first)
            #expect(read.content != nil && read.problem == nil, "\(payload.count) bytes")
        }
    }

    @Test func aBrokenTensorBeforeTheMergedOneIsStillJudged() throws {
        // float32_tensor with a packed key cut off (protobuf rejects the record), then float64_tensor twice:
        // the rewrite keeps the first tensor for protobuf-c to judge.
        let broken: [UInt8] = [0x12, 0x03, 0x12, 0x01, 0x80]
        let double: [UInt8] = [0x1A, 0x0A, 0x0A, 0x08] + [UInt8](repeating: 0, count: 8)
        let value = broken + double + double
        let entry: [UInt8] = [0x0A, 0x06] + Array("values".utf8) + [0x12, UInt8(value.count)] + value
        let bytes = Self.frame([0x0A, UInt8(entry.count)] + entry)
        let record = try #require(try RecordReader(bytes: bytes).readAll().first)
        #expect(record.content == nil && record.problem?.rule == .invalidProtobuf)
        #expect(differentialDisagreement(bytes) == nil)
        // Without the broken tensor it is read, merged: two float64 values.
        let good = [UInt8](double + double)
        let goodEntry: [UInt8] = [0x0A, 0x06] + Array("values".utf8) + [0x12, UInt8(good.count)] + good
        let merged = try #require(
            try RecordReader(bytes: Self.frame([0x0A, UInt8(goodEntry.count)] + goodEntry)).readAll().first)
        if case .float64(let values) = merged.content?.features?.values {
            #expect(values == [0, 0])
        } else {
            Issue.record("no float64 features")
        }
        #expect(merged.ambiguity != nil)
    }

    static func payload(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/divergence/sdk-readings", withExtension: "json"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let hex = try #require(((root["cases"] as? [String: Any])?[name] as? [String: Any])?["payload"] as? String)
        return [UInt8](hex: hex)
    }

    static func frame(_ payload: [UInt8], cflag: UInt32 = 0) -> [UInt8] {
        withUnsafeBytes(of: UInt32(0xCED7_230A).littleEndian, Array.init)
            + withUnsafeBytes(of: (cflag << 29 | UInt32(payload.count)).littleEndian, Array.init) + payload
            + [UInt8](repeating: 0, count: (4 - payload.count % 4) % 4)
    }

    private static func matches(_ entry: ReferenceReader.Entry?, _ expected: Side?) -> Bool {
        switch entry {
        case .none: return false
        case .missing: return expected == nil
        case .unsupported: return expected != nil && (expected?.kind == nil || expected?.kind == "bytes")
        case .tensor(let tensor):
            guard let expected else { return false }
            let kinds = [2: "float32_tensor", 3: "float64_tensor", 7: "int32_tensor"]
            let values = expected.values.map { UInt64(Float($0).bitPattern) }
            return kinds[tensor.kind] == expected.kind && (expected.kind != "float32_tensor" || tensor.values == values)
                && tensor.keys == expected.keys && tensor.shape == expected.shape
        }
    }

    private static func matches(_ tensor: Tensor?, unsupported: ValueKind?, _ expected: Side?) -> Bool {
        guard let expected else { return tensor == nil && unsupported == nil }
        guard let tensor else {
            return (expected.kind == nil && unsupported == .empty) || (expected.kind == "bytes" && unsupported == .bytes)
        }
        guard expected.kind == "float32_tensor", case .float32(let values) = tensor.values else { return false }
        return values == expected.values.map { Float($0) } && tensor.keys == expected.keys && tensor.shape == expected.shape
    }
}
