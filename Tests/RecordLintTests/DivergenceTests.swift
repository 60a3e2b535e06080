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

    static let readings: [String: Reading] = {
        guard let url = Bundle.module.url(forResource: "Fixtures/divergence/sdk-readings", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [String: [String: Any]]
        else { return [:] }
        return cases.compactMapValues { entry in
            guard let readings = entry["readings"] as? [String: Any], let upb = readings["upb"] as? [String: Any],
                let parses = upb["parses"] as? Bool
            else { return nil }
            func map(_ key: String) -> Side?? {
                guard parses else { return nil }
                guard let side = upb[key] as? [String: Any] else { return .some(nil) }
                return .some(
                    Side(
                        kind: side["kind"] as? String, values: side["values"] as? [Double] ?? [],
                        keys: (side["keys"] as? [Int] ?? []).map { UInt64($0) },
                        shape: (side["shape"] as? [Int] ?? []).map { UInt64($0) }))
            }
            return Reading(parses: parses, features: map("features"), label: map("label"))
        }
    }()

    /// The cases where protobuf-c reads otherwise than the SDK and recordlint says so.
    static let ambiguous: Set<String> = [
        "empty-values-twice", "empty-values-twice-other-key", "oneof-twice-in-value", "oneof-twice-sparse",
        "values-twice-in-entry", "label-oneof-twice",
    ]

    /// A known field with another wire type: protobuf takes it as unknown (upb drops a map entry
    /// holding one), protobuf-c rejects the record. recordlint still says `invalid-protobuf` (left
    /// open; see the README's Reliability section).
    static let wireTypeCases: Set<String> = [
        "wire-type-record-features", "wire-type-tensor-values", "wire-type-value-member", "wire-type-entry-key",
    ]

    static var names: [String] { readings.keys.sorted().filter { !wireTypeCases.contains($0) } }

    @Test func everyFixtureHasAnSDKReading() throws {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures/divergence", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".rec") }
        #expect(files.count == Self.readings.count && files.count >= 20)
        #expect(Set(files.map { String($0.dropLast(4)) }) == Set(Self.readings.keys))
    }

    @Test(arguments: names)
    func recordlintReadsWhatTheSDKReads(name: String) throws {
        let reading = try #require(Self.readings[name])
        let records = try RecordReader(bytes: try fixture("divergence/\(name).rec")).readAll()
        #expect(records.count == 1)
        let record = try #require(records.first)
        guard reading.parses else {
            #expect(record.content == nil)
            #expect(record.problem?.rule == .invalidProtobuf)
            #expect(record.problem?.message.contains("rejects the record") == true)
            return
        }
        let content = try #require(record.content, "\(name): \(record.problem?.message ?? "")")
        #expect(Self.matches(content.features, unsupported: record.unsupportedFeatures, reading.features!), "\(name)")
        #expect(Self.matches(content.label, unsupported: nil, reading.label!), "\(name)")
        #expect((record.ambiguity != nil) == Self.ambiguous.contains(name), "\(name): \(record.ambiguity ?? "none")")
    }

    @Test(arguments: names)
    func theReferenceReaderReadsWhatTheSDKReads(name: String) throws {
        let reading = try #require(Self.readings[name])
        let bytes = try fixture("divergence/\(name).rec")
        let (records, complete) = ReferenceReader.read(bytes)
        #expect(complete && records.count == 1)
        let record = try #require(records.first)
        #expect(record.protobufRejects == !reading.parses)
        #expect(record.ambiguous == Self.ambiguous.contains(name))
        if reading.parses {
            #expect(Self.matches(record.features, reading.features!), "\(name)")
            #expect(Self.matches(record.label, reading.label!), "\(name)")
        }
        #expect(differentialDisagreement(bytes) == nil)
    }

    @Test(arguments: wireTypeCases.sorted())
    func aKnownFieldWithAnotherWireTypeIsStillInvalid(name: String) throws {
        // The SDK reads these (the field as unknown); protobuf-c does not, nor does recordlint yet.
        #expect(Self.readings[name]?.parses == true)
        let record = try #require(try RecordReader(bytes: try fixture("divergence/\(name).rec")).readAll().first)
        #expect(record.problem?.rule == .invalidProtobuf)
        #expect(ReferenceReader.read(try fixture("divergence/\(name).rec")).records.first?.features == nil)
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
