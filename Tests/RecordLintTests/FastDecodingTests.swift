import Testing

@_spi(Testing) @testable import RecordLint

/// The fast path's varint decoder, against protobuf-c's rules for packed uint64 runs.
@Suite("Packed varints")
struct PackedVarintTests {
    /// protobuf-c's packed uint64 parse (scan_varint + parse_uint64), written plainly:
    /// each varint ends at the first byte below 0x80 within 10 bytes and within the run.
    static func reference(_ bytes: [UInt8]) -> [UInt64]? {
        var values: [UInt64] = []
        var index = 0
        while index < bytes.count {
            var value: UInt64 = 0
            var used = 0
            while true {
                guard used < 10, index + used < bytes.count else { return nil }
                let byte = bytes[index + used]
                if used < 10 { value |= UInt64(byte & 0x7F) << UInt64(7 * used) }
                used += 1
                if byte < 0x80 { break }
            }
            values.append(value)
            index += used
        }
        return values
    }

    /// The shortest encoding, as the SDK writes keys.
    static func encode(_ values: [UInt64]) -> [UInt8] {
        var bytes: [UInt8] = []
        for var value in values {
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
        return bytes
    }

    @Test func shortKeys() {
        // 1, 2 and 3 bytes: below 2^7, 2^14, 2^21.
        let values: [UInt64] = [0, 1, 127, 128, 300, 16_383, 16_384, 99_999, 2_097_151]
        #expect(PackedVarints.decode(Self.encode(values))?.values == values)
        #expect(PackedVarints.decode([0x80, 0x01])?.values == [128])
        #expect(PackedVarints.decode([0xFF, 0xFF, 0x7F])?.values == [2_097_151])
        #expect(PackedVarints.decode([])?.values == [])
    }

    @Test func longKeys() {
        let values: [UInt64] = [2_097_152, 1 << 28, 1 << 35, 1 << 42, 1 << 49, 1 << 56, 1 << 63, .max, .max - 1]
        #expect(PackedVarints.decode(Self.encode(values))?.values == values)
        // UInt64.max is 10 bytes: nine 0xFF and 0x01.
        #expect(PackedVarints.decode([UInt8](repeating: 0xFF, count: 9) + [0x01])?.values == [.max])
    }

    @Test func tenthByteBitsPastTheSixtyFourthFallOff() {
        // protobuf-c keeps only the lowest bit of a 10th byte.
        #expect(PackedVarints.decode([UInt8](repeating: 0xFF, count: 9) + [0x7F])?.values == [.max])
        #expect(PackedVarints.decode([UInt8](repeating: 0x80, count: 9) + [0x02])?.values == [0])
        #expect(PackedVarints.decode([UInt8](repeating: 0x80, count: 9) + [0x03])?.values == [1 << 63])
    }

    @Test func overlongEncodingsAreTheirValue() {
        #expect(PackedVarints.decode([0x80, 0x00])?.values == [0])
        #expect(PackedVarints.decode([0x81, 0x80, 0x80, 0x00])?.values == [1])
        #expect(PackedVarints.decode([UInt8](repeating: 0x80, count: 9) + [0x00])?.values == [0])
        #expect(PackedVarints.decode([0xAC, 0x82, 0x00, 0x05])?.values == [300, 5])
    }

    @Test func rejectsWhatProtobufCRejects() {
        #expect(PackedVarints.decode([0x80]) == nil)  // cut off
        #expect(PackedVarints.decode([0x01, 0x80]) == nil)  // the last one cut off
        #expect(PackedVarints.decode([0x01, 0xFF, 0xFF]) == nil)
        #expect(PackedVarints.decode([UInt8](repeating: 0x80, count: 10) + [0x00]) == nil)  // 11 bytes
        #expect(PackedVarints.decode([UInt8](repeating: 0xFF, count: 10) + [0x01]) == nil)
        // Past the 10-byte fast zone and in the tail: the same answers.
        let prefix = Self.encode((0..<20).map { UInt64($0) * 1000 })
        #expect(PackedVarints.decode(prefix + [UInt8](repeating: 0x80, count: 10) + [0x00]) == nil)
        #expect(PackedVarints.decode([UInt8](repeating: 0x80, count: 10) + [0x00] + prefix) == nil)
        #expect(PackedVarints.decode(prefix + [0x80]) == nil)
        #expect(!PackedVarints.isValid([0x80]))
        #expect(!PackedVarints.isValid([UInt8](repeating: 0x80, count: 10) + [0x00]))
        #expect(PackedVarints.isValid([UInt8](repeating: 0x80, count: 9) + [0x00]))
    }

    /// Long runs go through the loop without bounds checks, their last 10 bytes through the bounded one.
    @Test func longRuns() {
        let keys = (0..<1000).map { UInt64($0) * 131 }
        let run = Self.encode(keys)
        #expect(PackedVarints.decode(run)?.values == keys)
        let mixed = (0..<500).map { UInt64($0) << ($0 % 64) }
        #expect(PackedVarints.decode(Self.encode(mixed))?.values == mixed)
        for at in [0, 1, 63, 64, 100, run.count - 81, run.count - 80, run.count - 11, run.count - 10] {
            // An 11-byte varint, and a varint left open, at each place.
            let tooLong = Array(run[..<at]) + [UInt8](repeating: 0x80, count: 10) + [0x00] + Array(run[at...])
            #expect(PackedVarints.decode(tooLong) == nil, "at \(at)")
            let tenBytes = Array(run[..<at]) + [UInt8](repeating: 0x80, count: 9) + [0x01] + Array(run[at...])
            #expect(PackedVarints.decode(tenBytes)?.values == Self.reference(tenBytes), "at \(at)")
            #expect(PackedVarints.decode(Array(run[..<at]) + [0x80]) == nil, "at \(at)")
        }
    }

    @Test func notesTheLargestAndTheOrder() {
        let sorted = PackedVarints.decode(Self.encode([3, 90, 70_000, 70_001]))
        #expect(sorted?.largest == 70_001 && sorted?.increasing == true)
        let repeated = PackedVarints.decode(Self.encode([3, 3, 9]))
        #expect(repeated?.largest == 9 && repeated?.increasing == false)
        let unsorted = PackedVarints.decode(Self.encode([5, 900, 4]))
        #expect(unsorted?.largest == 900 && unsorted?.increasing == false)
    }

    /// Random runs, most of them short keys, some with long, overlong, cut-off and too-long varints:
    /// the decoder, its validity check and the reference agree on every one.
    @Test func agreesWithTheReferenceOnRandomRuns() {
        var random = SplitMix64(state: 13)
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...120, using: &random) {
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<6: bytes += Self.encode([UInt64.random(in: 0..<(1 << 21), using: &random)])
                case 6: bytes += Self.encode([UInt64.random(in: 0...UInt64.max, using: &random)])
                case 7: bytes += [UInt8](repeating: 0x80, count: Int.random(in: 1...11, using: &random)) + [0x01]
                default: bytes.append(UInt8.random(in: 0...255, using: &random))
                }
            }
            let expected = Self.reference(bytes)
            let decoded = PackedVarints.decode(bytes)
            #expect(decoded?.values == expected, "\(bytes)")
            #expect(PackedVarints.isValid(bytes) == (expected != nil), "\(bytes)")
            if let expected, let decoded {
                #expect(decoded.largest == (expected.max() ?? 0))
                #expect(decoded.increasing == zip(expected, expected.dropFirst()).allSatisfy { $0 < $1 })
            }
        }
    }
}

/// The fast path against the full schema: for every payload, the same view (or none).
@Suite("Fast path agrees with the full decode")
struct FastPathAgreementTests {
    // The wire format, by hand, to write what the library's writer never does.
    static func varint(_ value: UInt64) -> [UInt8] { PackedVarintTests.encode([value]) }
    static func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes
    }
    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }
    /// A map entry of `features` (1) or `label` (2) holding a Value with a tensor of `kind` (2, 3, 7, 9).
    static func entry(_ map: UInt64 = 1, key: String = "values", kind: UInt64 = 2, tensor: [UInt8]) -> [UInt8] {
        field(map, field(1, Array(key.utf8)) + field(2, field(kind, tensor)))
    }
    static let label = entry(2, tensor: field(1, floats([1])))

    /// What a view says, as text (float bits, so NaN compares equal to itself).
    static func describe(_ payload: [UInt8], fast: Bool) -> String {
        let decoder = RecordDecoder()
        decoder.readsPackedFieldsInPlace = fast
        return payload.withUnsafeBytes { bytes in
            decoder.withRecord(bytes) { view -> String in
                guard let view else { return "undecodable" }
                return "features \(describe(view.features)); label \(describe(view.label)); uid \(view.uid ?? "-")"
            }
        }
    }

    static func describe(_ value: MapValue) -> String {
        switch value {
        case .missing: return "missing"
        case .unsupported(let kind): return "unsupported \(kind.rawValue)"
        case .tensor(let tensor):
            let values: String =
                switch tensor.values {
                case .float32(let floats): "f32 \(floats.map(\.bitPattern))"
                case .float64(let doubles): "f64 \(doubles.map(\.bitPattern))"
                case .int32(let ints): "i32 \(Array(ints))"
                }
            return "\(values) keys \(Array(tensor.keys)) shape \(Array(tensor.shape))"
        }
    }

    static func expectAgreement(_ payload: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            describe(payload, fast: true) == describe(payload, fast: false), "\(payload)", sourceLocation: sourceLocation)
    }

    @Test func recordsTheWriterMakes() {
        let records: [TrainingRecord] = [
            .dense([1, 2, 3], label: 1), .dense([], label: 0), .dense([.nan, .infinity, -0.0]),
            TrainingRecord(features: .sparse(keys: [1, 5, 99_999], values: [1, 2, 3], dimension: 100_000), label: .dense([1])),
            TrainingRecord(features: .sparse(keys: [], values: [], dimension: 10), label: .dense([0])),
            TrainingRecord(features: .sparse(keys: [9, 2, 2, .max], values: [1, 2], dimension: 3), label: nil),
            TrainingRecord(
                features: Tensor(values: .float64([1, 2]), keys: [0, 1], shape: [2]), label: Tensor(values: .int32([1]))),
            TrainingRecord(features: Tensor(values: .int32([7]), keys: [], shape: []), label: nil, uid: "row-7"),
        ]
        for record in records {
            let payload = RecordEncoder.encode(record)
            Self.expectAgreement(payload)
            #expect(Self.describe(payload, fast: true) != "undecodable")
        }
    }

    /// Whether the fast path made the view: only its varint loop notes the keys' order.
    static func tookFastPath(_ payload: [UInt8]) -> Bool {
        let decoder = RecordDecoder()
        return payload.withUnsafeBytes { bytes in
            decoder.withRecord(bytes) { view in
                guard case .tensor(let tensor)? = view?.features else { return false }
                return tensor.increasingKeysLargest != nil
            }
        }
    }

    /// The sparse records the SDK writes take the fast path (the agreement above would also hold if none did);
    /// a record protobuf-c drops something of does not.
    @Test func sdkRecordsTakeTheFastPath() throws {
        let bytes = try fixture("sdk-sparse-float32.rec")
        let length = Int(UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16)
        let payload = Array(bytes[8..<(8 + length)])
        #expect(Self.tookFastPath(payload))
        #expect(!Self.tookFastPath(payload + [0x1A, 0x01, 0x61, 0x1A, 0x01, 0x62]))  // a uid given twice
        Self.expectAgreement(payload + [0x1A, 0x01, 0x61, 0x1A, 0x01, 0x62])
    }

    @Test func packedFieldsTheFastPathHandsBack() {
        let sparse = Self.field(1, Self.floats([1, 2])) + Self.field(3, Self.varint(100))
        let cases: [[UInt8]] = [
            // keys in two packed pieces (protobuf-c concatenates them), and shape likewise
            Self.entry(tensor: sparse + Self.field(2, [0x01]) + Self.field(2, [0x05])),
            Self.entry(tensor: Self.field(1, Self.floats([1])) + Self.field(3, [0x02]) + Self.field(3, [0x04])),
            Self.entry(tensor: Self.field(1, Self.floats([1])) + Self.field(1, Self.floats([2]))),
            // unpacked keys and values (wire types 0 and 5)
            Self.entry(tensor: Self.field(1, Self.floats([1, 2])) + [0x10, 0x01, 0x10, 0x07]),
            Self.entry(tensor: [0x0D] + Self.floats([3]) + [0x0D] + Self.floats([4])),
            // a packed run whose length is not a multiple of 4, in the features and in another entry
            Self.entry(tensor: Self.field(1, [0, 0, 0x80, 0x3F, 0])),
            Self.entry(tensor: Self.field(1, Self.floats([1]))) + Self.entry(key: "other", tensor: Self.field(1, [1, 2, 3])),
            // keys cut off, too long, overlong, 10 bytes; in the read entry, another entry, the label
            Self.entry(tensor: sparse + Self.field(2, [0x01, 0x80])),
            Self.entry(tensor: sparse + Self.field(2, [UInt8](repeating: 0x80, count: 10) + [0x00, 0x01])),
            Self.entry(tensor: sparse + Self.field(2, [0x80, 0x80, 0x00, 0x81, 0x00])),
            Self.entry(tensor: sparse + Self.field(2, [UInt8](repeating: 0xFF, count: 9) + [0x7F, 0x03])),
            Self.entry(tensor: Self.field(1, Self.floats([1]))) + Self.entry(key: "x", tensor: Self.field(2, [0xFF])),
            Self.entry(tensor: Self.field(1, Self.floats([1]))) + Self.entry(2, tensor: Self.field(3, [0x80])),
            Self.entry(tensor: Self.field(1, Self.floats([1]))) + Self.entry(key: "x", tensor: Self.field(3, [0x01, 0x80])),
            // an empty packed run, unknown fields in the tensor and in the record
            Self.entry(tensor: Self.field(1, []) + Self.field(2, []) + Self.field(3, [])),
            Self.entry(tensor: Self.field(1, Self.floats([1])) + Self.field(9, [1, 2]) + [0x50, 0x01]) + [0x78, 0x05],
        ]
        for payload in cases { Self.expectAgreement(payload + Self.label) }
    }

    @Test func mapsAndTheOneof() {
        let dense = Self.field(1, Self.floats([1, 2]))
        let cases: [[UInt8]] = [
            // two "values" entries: the last wins; the first one broken breaks the record
            Self.entry(tensor: dense) + Self.entry(tensor: Self.field(1, Self.floats([5]))),
            Self.entry(tensor: Self.field(1, [1])) + Self.entry(tensor: dense),
            // an entry without a Value, a Value with nothing set, a Bytes value, no key
            Self.field(1, Self.field(1, Array("values".utf8))),
            Self.field(1, Self.field(1, Array("values".utf8)) + Self.field(2, [])),
            Self.entry(kind: 9, tensor: Self.field(1, [1, 2, 3])),
            Self.field(1, Self.field(2, Self.field(2, dense))),
            // the tensor given twice in one Value (the oneof keeps the last), the Value twice in one entry (merged)
            Self.field(1, Self.field(1, Array("values".utf8)) + Self.field(2, Self.field(2, dense) + Self.field(2, dense))),
            Self.field(
                1, Self.field(1, Array("values".utf8)) + Self.field(2, Self.field(2, dense)) + Self.field(2, Self.field(2, dense))
            ),
            // a Float32 tensor then a Float64 one in the same Value
            Self.field(
                1,
                Self.field(1, Array("values".utf8))
                    + Self.field(2, Self.field(2, dense) + Self.field(3, Self.field(1, [UInt8](repeating: 0, count: 8))))),
            // a broken Float32 tensor that protobuf-c parses and then drops: replaced in the oneof by
            // another tensor, or by the merge of a Value given twice; in the read entry and in another
            Self.field(
                1,
                Self.field(1, Array("values".utf8))
                    + Self.field(2, Self.field(2, Self.field(1, [1, 2, 3])) + Self.field(2, dense))),
            Self.field(
                1,
                Self.field(1, Array("values".utf8))
                    + Self.field(
                        2, Self.field(2, Self.field(2, [0x80])) + Self.field(3, Self.field(1, [UInt8](repeating: 0, count: 8))))),
            Self.field(
                1, Self.field(1, Array("x".utf8)) + Self.field(2, Self.field(2, Self.field(3, [0xFF])) + Self.field(2, dense)))
                + Self.entry(tensor: dense),
            Self.field(
                1,
                Self.field(1, Array("values".utf8)) + Self.field(2, Self.field(2, Self.field(1, [1])))
                    + Self.field(2, Self.field(2, dense))),
            Self.field(
                1,
                Self.field(1, Array("values".utf8)) + Self.field(2, Self.field(2, Self.field(2, [0x80])))
                    + Self.field(2, Self.field(3, []))),
            // a uid given twice (the first dropped)
            Self.entry(tensor: dense) + Self.field(3, Array("a".utf8)) + Self.field(3, Array("b".utf8)),
            // a Float64 tensor with a bad packed run, an Int32 tensor with varint values
            Self.entry(kind: 3, tensor: Self.field(1, [1, 2, 3])),
            Self.entry(kind: 7, tensor: Self.field(1, [0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) + Self.field(2, [0x03])),
            // a uid, a key "values" with a NUL after it
            Self.entry(tensor: dense) + Self.field(3, Array("uid-1".utf8)),
            Self.entry(key: "values\0", tensor: dense),
            [],
            [0x0A],
        ]
        for payload in cases { Self.expectAgreement(payload) }
    }

    /// Valid records with bytes flipped, cut or repeated: whatever the decoders make of them, the same.
    @Test func mutatedRecords() {
        var random = SplitMix64(state: 1313)
        var payloads = [
            RecordEncoder.encode(
                TrainingRecord(
                    features: .sparse(keys: [3, 200, 20_000, 3_000_000], values: [1, 2, 3, 4], dimension: 4_000_000),
                    label: .dense([1]), uid: "u")),
            RecordEncoder.encode(.dense([1, 2, 3, 4, 5], label: 0)),
        ]
        payloads.append(payloads[0] + payloads[1])
        for _ in 0..<5_000 {
            var payload = payloads[Int.random(in: 0..<payloads.count, using: &random)]
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<payload.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: payload[at] = UInt8.random(in: 0...255, using: &random)
                case 1: payload[at] ^= 0x80
                case 2: payload.removeSubrange(at..<min(payload.count, at + Int.random(in: 1...4, using: &random)))
                default: payload.insert(contentsOf: payload[at..<min(payload.count, at + 6)], at: at)
                }
                if payload.isEmpty { break }
            }
            Self.expectAgreement(payload)
        }
    }

    /// Whole files, through the checker: the report is the same with the fast path off.
    @Test func reportsAreTheSame() throws {
        for seed in 0..<6 {
            let bytes = RandomFiles.make(seed: UInt64(seed))
            let path = try temporaryFile(bytes, name: "fast-\(seed).rec")
            for featureDim in [nil, 16] {
                var configuration = CheckConfiguration(featureDim: featureDim, maxFindings: 0)
                let fast = Checker(configuration: configuration).check([.file(path)])
                configuration.readsPackedFieldsInPlace = false
                let full = Checker(configuration: configuration).check([.file(path)])
                #expect(fast.findings == full.findings)
                #expect(fast.files == full.files)
            }
        }
    }
}
