import Testing

@_spi(Testing) @testable import RecordLint

/// The canonical-record scanner (record_scan.c): what it takes, why it leaves the rest to
/// protobuf-c, and that the view is the full decode's either way.
@Suite("Canonical scan")
struct CanonicalScanTests {
    typealias Wire = FastPathAgreementTests
    static let dense = Wire.field(1, Wire.floats([1, 2, 3]))
    static let sparse =
        Wire.field(1, Wire.floats([1, 2])) + Wire.field(2, [0x03, 0x90, 0x4E]) + Wire.field(3, [0xA0, 0x8D, 0x06])
    static let values = Array("values".utf8)

    /// A map entry whose Value holds exactly `value` (the Value's own bytes).
    static func entry(_ map: UInt64 = 1, value: [UInt8]) -> [UInt8] {
        Wire.field(map, Wire.field(1, values) + Wire.field(2, value))
    }

    static func expect(
        _ payload: [UInt8], _ outcome: CanonicalScan.Outcome, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(CanonicalScan.outcome(payload) == outcome, "\(payload)", sourceLocation: sourceLocation)
        Wire.expectAgreement(payload, sourceLocation: sourceLocation)
    }

    @Test func recordsTheWritersMakeAreTaken() {
        let records: [TrainingRecord] = [
            .dense([1, 2, 3], label: 1), .dense([], label: 0), .dense([.nan, .infinity, -0.0]),
            TrainingRecord(features: .sparse(keys: [1, 5, 99_999], values: [1, 2, 3], dimension: 100_000), label: .dense([1])),
            TrainingRecord(features: .sparse(keys: [], values: [], dimension: 10), label: .dense([0]), uid: "row-1"),
            TrainingRecord(features: .sparse(keys: [9, 2, 2, .max], values: [1, 2], dimension: 3), label: nil),
            TrainingRecord(features: nil, label: .dense([4]), uid: "label only"),
            TrainingRecord(features: nil, label: nil, uid: "nothing but a uid\u{0}after a NUL"),
        ]
        for record in records { Self.expect(RecordEncoder.encode(record), .taken) }
        Self.expect([], .taken)
        // metadata and configuration (fields 4 and 5): bounded and skipped
        Self.expect(Wire.entry(tensor: Self.dense) + Wire.field(4, [1, 2]) + Wire.field(5, []), .taken)
    }

    @Test func sdkRecordsAreTaken() throws {
        for name in ["sdk-sparse-float32.rec"] {
            let bytes = try fixture(name)
            let length = Int(UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16)
            Self.expect(Array(bytes[8..<(8 + length)]), .taken)
        }
    }

    @Test func recordFieldsOutsideTheShape() {
        let features = Wire.entry(tensor: Self.dense)
        Self.expect(features + Wire.field(6, [1]), .recordField)  // unknown field
        Self.expect(features + [0x30, 0x01], .recordField)  // unknown varint field
        Self.expect(features + Wire.field(3, [0x61]) + Wire.field(3, [0x62]), .recordField)  // uid twice
        Self.expect(features + Wire.entry(tensor: Self.dense), .recordField)  // two entries in a map
        Self.expect(Wire.label + features, .recordField)  // out of order
        Self.expect([0x08, 0x01] + features, .recordField)  // field 1 with wire type 0
        Self.expect([0x8A, 0x00] + Array(features.dropFirst()), .recordField)  // a two-byte tag for field 1
        Self.expect([0x00], .recordField)  // field 0
    }

    @Test func lengthsCutOffTooLongOrPastTheEnd() {
        Self.expect([0x0A], .length)  // a tag and nothing after it
        Self.expect([0x0A, 0x80], .length)  // the prefix cut off
        Self.expect([0x0A, 0x05, 0x0A], .length)  // past the end
        // a 5-byte prefix (protobuf-c reads up to 5; left to it), and 4-byte overlong ones taken
        let entry = Array(Wire.entry(tensor: Self.dense).dropFirst(2))
        Self.expect([0x0A, 0x80 | UInt8(entry.count), 0x80, 0x80, 0x80, 0x00] + entry, .length)
        Self.expect([0x0A, 0x80 | UInt8(entry.count), 0x80, 0x80, 0x00] + entry, .taken)
        // a length one past the end in the entry, the Value, the tensor, a packed run
        let floats = Wire.floats([1, 2])
        Self.expect([0x0A, 0x0A + 2 + 2 + UInt8(floats.count)] + [0x0A, 0x06] + Self.values + [0x12, 0x05], .length)
        Self.expect(Self.entry(value: [0x12, 0x03, 0x0A, 0x01]), .length)
        Self.expect(Self.entry(value: Wire.field(2, [0x0A, 0x09] + floats)), .length)
        Self.expect(Self.entry(value: Wire.field(2, [0x12, 0x80])), .length)
    }

    @Test func truncatedAtEveryByte() {
        let payload = RecordEncoder.encode(
            TrainingRecord(
                features: .sparse(keys: [3, 200, 20_000, 3_000_000], values: [1, 2, 3, 4], dimension: 4_000_000),
                label: .dense([1]), uid: "u"))
        #expect(CanonicalScan.outcome(payload) == .taken)
        for end in 0..<payload.count { Wire.expectAgreement(Array(payload[..<end])) }
        // every byte incremented or given its top bit: whatever either decoder makes of it, the same
        for at in payload.indices {
            for change in [{ (byte: UInt8) in byte &+ 1 }, { $0 ^ 0x80 }, { _ in 0xFF }] {
                var changed = payload
                changed[at] = change(changed[at])
                Wire.expectAgreement(changed)
            }
        }
    }

    @Test func entriesOtherThanValues() {
        Self.expect(Wire.entry(key: "values\0x", tensor: Self.dense), .entry)  // compared with its length
        Self.expect(Wire.entry(key: "values\0", tensor: Self.dense), .entry)
        Self.expect(Wire.entry(key: "value", tensor: Self.dense), .entry)
        Self.expect(Wire.entry(key: "other", tensor: Self.dense), .entry)
        Self.expect(Wire.field(1, Wire.field(1, Self.values)), .entry)  // no Value
        Self.expect(Wire.field(1, Wire.field(2, Wire.field(2, Self.dense))), .entry)  // no key
        Self.expect(Wire.field(1, Wire.field(2, Wire.field(2, Self.dense)) + Wire.field(1, Self.values)), .entry)  // value first
        Self.expect(Wire.field(1, Wire.field(1, Self.values) + Wire.field(2, Wire.field(2, Self.dense)) + [0x18, 0x01]), .entry)
        Self.expect(
            Wire.field(1, Wire.field(1, Self.values) + Wire.field(2, Wire.field(2, Self.dense)) + Wire.field(2, [])), .entry)
    }

    @Test func valuesOtherThanOneFloat32Tensor() {
        Self.expect(Self.entry(value: []), .value)  // an empty Value
        Self.expect(Wire.entry(kind: 3, tensor: Wire.field(1, [UInt8](repeating: 0, count: 8))), .value)  // Float64
        Self.expect(Wire.entry(kind: 7, tensor: Wire.field(1, [0x05])), .value)  // Int32
        Self.expect(Wire.entry(kind: 9, tensor: Wire.field(1, [1, 2, 3])), .value)  // Bytes
        Self.expect(Self.entry(value: Wire.field(2, Self.dense) + Wire.field(2, Self.dense)), .value)  // the oneof twice
        Self.expect(Self.entry(value: Wire.field(2, Wire.field(1, [1, 2, 3])) + Wire.field(2, Self.dense)), .value)
        Self.expect(Self.entry(value: Wire.field(2, Self.dense) + [0x50, 0x01]), .value)  // an unknown field after
    }

    @Test func tensorFieldsOutsideTheShape() {
        let floats = Wire.field(1, Wire.floats([1, 2]))
        Self.expect(Wire.entry(tensor: floats + [0x10, 0x01, 0x10, 0x07]), .tensor)  // unpacked keys
        Self.expect(Wire.entry(tensor: [0x0D] + Wire.floats([3])), .tensor)  // unpacked values
        Self.expect(Wire.entry(tensor: Wire.field(1, [])), .tensor)  // an empty packed run
        Self.expect(Wire.entry(tensor: Wire.field(2, [0x01]) + floats), .tensor)  // keys before values
        Self.expect(Wire.entry(tensor: floats + floats), .tensor)  // values twice (protobuf-c concatenates)
        Self.expect(Wire.entry(tensor: floats + Wire.field(3, [0x02]) + Wire.field(3, [0x04])), .tensor)
        Self.expect(Wire.entry(tensor: floats + Wire.field(4, [0x01])), .tensor)  // an unknown field
        Self.expect(Wire.entry(tensor: Wire.field(1, [0, 0, 0x80, 0x3F, 0])), .floats)  // 5 bytes of floats
        Self.expect(Wire.entry(tensor: Wire.field(1, [0, 0, 0x80])), .floats)
    }

    @Test func varintRuns() {
        let floats = Wire.field(1, Wire.floats([1, 2]))
        let shape = Wire.field(3, [0x64])
        Self.expect(Wire.entry(tensor: floats + Wire.field(2, [0x01, 0x80]) + shape), .varints)  // cut off
        Self.expect(Wire.entry(tensor: floats + Wire.field(2, [0x01]) + Wire.field(3, [0x80])), .varints)
        // 11 bytes: too long; 10 bytes (UInt64.max, and a 10th byte's bits past the 64th) and overlong ones: taken
        Self.expect(Wire.entry(tensor: floats + Wire.field(2, [UInt8](repeating: 0x80, count: 10) + [0x00]) + shape), .varints)
        let tenBytes = [UInt8](repeating: 0xFF, count: 9) + [0x01]
        Self.expect(Wire.entry(tensor: floats + Wire.field(2, [0x80, 0x00] + tenBytes) + shape), .taken)
        Self.expect(Wire.entry(tensor: floats + Wire.field(2, [0x05] + [UInt8](repeating: 0xFF, count: 9) + [0x7F])), .taken)
        let view = Self.features(Wire.entry(tensor: floats + Wire.field(2, [0x80, 0x00] + tenBytes) + shape))
        #expect(view?.keys == [0, .max] && view?.shape == [100] && view?.increasing == true)
        // a run long enough for the grouped loops, one bad varint near its end
        let keys = PackedVarintTests.encode((0..<40).map { 20_000 + UInt64($0) * 7 })
        Self.expect(Wire.entry(tensor: floats + Wire.field(2, keys) + shape), .taken)
        Self.expect(Wire.entry(tensor: floats + Wire.field(2, keys + [UInt8](repeating: 0x81, count: 11) + [0x01])), .varints)
    }

    /// The scanner's view of the features (keys, shape, whether the keys increase), nil when not taken.
    static func features(_ payload: [UInt8]) -> (keys: [UInt64], shape: [UInt64], increasing: Bool, values: [UInt32])? {
        guard CanonicalScan.outcome(payload) == .taken else { return nil }
        return payload.withUnsafeBytes { bytes in
            RecordDecoder().withRecord(bytes) { view in
                guard case .tensor(let tensor)? = view?.features, case .float32(let floats) = tensor.values else { return nil }
                return (Array(tensor.keys), Array(tensor.shape), tensor.increasingKeysLargest != nil, floats.map(\.bitPattern))
            }
        }
    }

    /// Float runs at every address modulo 4: read right where they lie, or copied when unaligned.
    @Test func unalignedFloatRuns() {
        let values: [Float] = [1.5, -2, .nan, .infinity, 0x1p-149, 7]
        let payload = RecordEncoder.encode(TrainingRecord(features: .dense(values), label: .dense([1]), uid: "u"))
        #expect(Self.features(payload)?.values == values.map(\.bitPattern))
        for offset in 0..<8 {
            var buffer = [UInt8](repeating: 0xEE, count: offset) + payload + [0xEE]
            let described = buffer.withUnsafeMutableBytes { raw -> [String] in
                let bytes = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + payload.count)])
                #expect(CanonicalScan.outcome(Array(bytes)) == .taken)
                return [true, false].map { fast in
                    let decoder = RecordDecoder()
                    decoder.readsPackedFieldsInPlace = fast
                    return decoder.withRecord(bytes) { view -> String in
                        guard let view else { return "undecodable" }
                        return Wire.describe(view.features) + "; " + Wire.describe(view.label) + "; " + (view.uid ?? "-")
                    }
                }
            }
            #expect(described[0] == described[1], "offset \(offset)")
            #expect(described[0].contains("\(values.map(\.bitPattern))"), "offset \(offset)")
        }
    }

    /// Under a small cap the scanner leaves the record to the decodes that the cap refuses, so the
    /// finding is `record-too-complex` either way; the arena refusing the scanner itself falls back too.
    @Test func theMemoryCap() {
        let payload = RecordEncoder.encode(
            TrainingRecord(features: .sparse(keys: Array(0..<500), values: .init(repeating: 1, count: 500), dimension: 600)))
        #expect(CanonicalScan.outcome(payload, limit: 64) == .memory)
        #expect(CanonicalScan.outcome(payload) == .taken)
        for cap in [64, 2_000, 5_000, 8 * payload.count + 4096] {
            let described = [true, false].map { fast in
                let decoder = RecordDecoder(limits: DecodeLimits(decodeMemory: cap))
                decoder.readsPackedFieldsInPlace = fast
                return payload.withUnsafeBytes { bytes in
                    decoder.withRecord(bytes) { view in view.map { Wire.describe($0.features) } ?? "undecodable" }
                }
            }
            #expect(described[0] == described[1], "cap \(cap)")
        }
    }

    /// The vector loops compare each group of sixteen (AVX-512) or eight (AVX2) keys with the one before
    /// it in vector registers: one key out of order (or repeated) is seen wherever it is, inside a group,
    /// at a group's first key, or where a loop hands over to the scalar steps and back.
    @Test(arguments: [120, 131])  // the 3-byte runs leave 21 and 54 bytes after the AVX-512 loop: AVX2 takes the second
    func oneKeyOutOfOrderIsSeenAnywhereInARun(count: Int) {
        for (first, step) in [(200 as UInt64, 3 as UInt64), (16_400, 17), (15_800, 10)] {  // 2-byte, 3-byte, 2 then 3
            let keys = (0..<count).map { first + UInt64($0) * step }
            #expect(PackedVarints.decode(PackedVarintTests.encode(keys))?.increasing == true, "\(first)")
            for at in 1..<keys.count {
                for broken in [keys[at - 1], keys[at - 1] - 1] {  // repeated, smaller
                    var wrong = keys
                    wrong[at] = broken
                    for loops in PackedVarints.Loops.allCases {
                        let decoded = PackedVarints.decode(PackedVarintTests.encode(wrong), loops: loops)
                        #expect(decoded?.increasing == false, "\(first) at \(at), \(loops)")
                        #expect(decoded?.values == wrong)
                    }
                }
            }
        }
        // One key written in 4 bytes (overlong) among 3-byte keys is decoded by the scalar step, and the
        // vector groups resume after it: the next key, made equal to it, is compared with it, not with
        // the last key of the group before.
        let keys = (0..<120).map { 16_400 + UInt64($0) * 17 }
        func overlong(_ key: UInt64) -> [UInt8] {
            [UInt8(key & 0x7F) | 0x80, UInt8((key >> 7) & 0x7F) | 0x80, UInt8(key >> 14) | 0x80, 0x00]
        }
        for at in 0..<(keys.count - 1) {
            var wrong = keys
            wrong[at + 1] = keys[at]
            for (run, increasing) in [(keys, true), (wrong, false)] {
                let bytes =
                    PackedVarintTests.encode(Array(run[..<at])) + overlong(run[at])
                    + PackedVarintTests.encode(Array(run[(at + 1)...]))
                for loops in PackedVarints.Loops.allCases {
                    let decoded = PackedVarints.decode(bytes, loops: loops)
                    #expect(decoded?.values == run, "overlong at \(at)")
                    #expect(decoded?.increasing == increasing, "overlong at \(at), \(loops)")
                }
            }
        }
    }

    /// A key of 2^31 or more (decoded by the scalar step) before a group of short keys: the vector loops
    /// compare the group with it clamped to 2^31 - 1 in 32-bit lanes, still above every short key, so
    /// the run is not increasing and its largest key is the long one.
    @Test func aLongKeyBeforeShortOnesIsOutOfOrder() {
        for long in [UInt64(1) << 31, (1 << 32) + 5, .max] {
            for before in [0, 3, 17] {
                for (first, step) in [(200 as UInt64, 3 as UInt64), (16_400, 17)] {
                    let keys = (0..<before).map { UInt64($0) } + [long] + (0..<80).map { first + UInt64($0) * step }
                    for loops in PackedVarints.Loops.allCases {
                        let decoded = PackedVarints.decode(PackedVarintTests.encode(keys), loops: loops)
                        #expect(decoded?.values == keys, "\(long) after \(before), \(loops)")
                        #expect(decoded?.increasing == false, "\(long) after \(before), \(loops)")
                        #expect(decoded?.largest == long, "\(long) after \(before), \(loops)")
                    }
                }
            }
        }
    }

    /// Sorted runs of keys of every length, as sparse writers make them, through every loop of
    /// the varint decoder (AVX-512 and AVX2 groups where the CPU has them, the portable ones) against the reference.
    @Test func sortedKeyRunsThroughBothLoops() {
        var random = SplitMix64(state: 2113)
        for _ in 0..<6_000 {
            let range: UInt64 = [128, 16_384, 2_097_152, 100_000, 1 << 40][Int.random(in: 0..<5, using: &random)]
            var keys = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt64.random(in: 0..<range, using: &random) }
            keys.sort()
            var bytes = PackedVarintTests.encode(keys)
            switch Int.random(in: 0..<8, using: &random) {
            case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= 0x80
            case 1: bytes += [UInt8](repeating: 0x80, count: Int.random(in: 1...12, using: &random)) + [0x01]
            case 2 where !bytes.isEmpty: bytes.insert(UInt8.random(in: 0...255, using: &random), at: bytes.count / 2)
            default: break
            }
            let expected = PackedVarintTests.reference(bytes)
            for loops in PackedVarints.Loops.allCases {
                let decoded = PackedVarints.decode(bytes, loops: loops)
                #expect(decoded?.values == expected, "\(loops): \(bytes)")
                if let expected, let decoded {
                    #expect(decoded.largest == (expected.max() ?? 0))
                    #expect(decoded.increasing == zip(expected, expected.dropFirst()).allSatisfy { $0 < $1 })
                }
            }
        }
    }
}
