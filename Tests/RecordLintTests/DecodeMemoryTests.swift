import TestSupport
import Testing

@testable import RecordLint

@Suite("Decoder memory: a cap, a finding naming what blew up, nothing kept from a huge record")
struct DecodeMemoryTests {
    /// The finding `check` makes for a hostile case of `size` bytes.
    func findings(_ hostile: HostileInput, size: Int, limits: DecodeLimits = DecodeLimits()) -> [Finding] {
        var configuration = CheckConfiguration(maxFindings: 0)
        configuration.limits = limits
        return Checker(configuration: configuration).check([.memory(name: "hostile.rec", bytes: hostile.bytes(size: size))])
            .findings
    }

    @Test(arguments: [
        (HostileInput.packedVarintKeys, "keys in features tensors"),
        (.unknownFields, "unknown fields in the record"),
        (.emptyMapEntries, "entries in the features map"),
        (.oneofBomb, "repeats of a features Value's oneof"),
    ])
    func aBombIsRecordTooComplexNamingWhatBlewUp(hostile: HostileInput, culprit: String) throws {
        // 4 MiB payloads against a 16 MiB cap: found by the census before protobuf-c runs.
        let found = findings(hostile, size: 4 << 20, limits: DecodeLimits(decodeMemory: 16 << 20))
        let finding = try #require(found.first)
        #expect(found.count == 1)
        #expect(finding.rule == .recordTooComplex)
        #expect(finding.message.contains("needs more than 16 MiB to decode"))
        #expect(finding.message.contains(culprit))
        #expect(finding.expected == 16 << 20)
    }

    @Test(arguments: [HostileInput.packedVarintKeys, .unknownFields, .emptyMapEntries, .oneofBomb])
    func aBombBehindAGroupIsStillFoundBeforeDecoding(hostile: HostileInput) throws {
        // An empty group of field 6 first (protobuf skips it, the rewrite drops it): the census steps over it.
        let payload = try #require(RecordReader.payloads(hostile.bytes(size: 4 << 20)).first)
        var writer = RecordWriter()
        writer.appendFrame(payload: [0x33, 0x34] + payload)
        var configuration = CheckConfiguration(maxFindings: 0)
        configuration.limits = DecodeLimits(decodeMemory: 16 << 20)
        let found = Checker(configuration: configuration).check([.memory(name: "hostile.rec", bytes: writer.bytes)])
            .findings
        #expect(found.map(\.rule).contains(.recordTooComplex), "\(found.map(\.message))")
        let behind = ([0x33, 0x34] + payload).withUnsafeBytes { WireCensus($0).estimatedBytes }
        #expect(behind >= payload.withUnsafeBytes { WireCensus($0).estimatedBytes })
    }

    @Test(arguments: [HostileInput.packedVarintKeys, .unknownFields, .emptyMapEntries, .oneofBomb])
    func theArenaCapHoldsBelowTheCensusSize(hostile: HostileInput) throws {
        // 512 KiB payloads are not looked over first: the arena itself refuses past 1 MiB.
        let decoder = RecordDecoder(limits: DecodeLimits(decodeMemory: 1 << 20))
        let payload = try #require(RecordReader.payloads(hostile.bytes(size: 512 << 10)).first)
        let refusal = payload.withUnsafeBytes { bytes -> DecodeRefusal? in
            let view = decoder.withRecord(bytes) { $0 != nil }
            #expect(!view)
            return decoder.refusal(of: bytes, parts: 1)
        }
        let found = try #require(refusal)
        #expect(!found.outOfMemory)
        #expect(found.handedOut + found.refused > 1 << 20)
        #expect(found.handedOut <= 1 << 20)
    }

    @Test func aOneofSetAgainGivesTheReplacedTensorBack() throws {
        // 100,000 repeats of an empty tensor decode in far less than one tensor struct each.
        let decoder = RecordDecoder(limits: DecodeLimits(decodeMemory: 8 << 20))
        let payload = try #require(RecordReader.payloads(HostileInput.oneofBomb.bytes(size: 200_000)).first)
        payload.withUnsafeBytes { bytes in
            let decoded = decoder.withRecord(bytes) { view -> Bool in
                guard let view, case .tensor(let tensor) = view.features else { return false }
                return tensor.values.count == 0
            }
            #expect(decoded)
        }
    }

    @Test func aHugeRecordIsNotKeptForTheRestOfTheRun() throws {
        // A 40 MB dense record decodes (64 MiB + 4 x its size), then a small one: the arena keeps at most 8 MiB.
        let decoder = RecordDecoder()
        let big = RecordEncoder.encode(.dense([Float](repeating: 1, count: 10_000_000)))
        let small = RecordEncoder.encode(.dense([1, 2, 3]))
        let bigValues = big.withUnsafeBytes { bytes in
            decoder.withRecord(bytes) { view -> Int in
                guard let view, case .tensor(let tensor) = view.features else { return -1 }
                return tensor.values.count
            }
        }
        #expect(bigValues == 10_000_000)
        #expect(decoder.arenaFootprint.mapped >= 40_000_000)
        let smallValues = small.withUnsafeBytes { bytes in
            decoder.withRecord(bytes) { view -> Int in
                guard let view, case .tensor(let tensor) = view.features else { return -1 }
                return tensor.values.count
            }
        }
        #expect(smallValues == 3)
        #expect(decoder.arenaFootprint.mapped == 0)
        #expect(decoder.arenaFootprint.retained <= 8 << 20)
    }

    @Test func realRecordsFitTheDefaultCap() throws {
        // Int32 values written as 1-byte varints decode to 4 bytes each: the worst real case, 4 x the payload.
        let ints = RecordEncoder.encode(
            TrainingRecord(features: Tensor(values: .int32([Int32](repeating: 7, count: 20_000_000)))))
        let sparse = RecordEncoder.encode(
            TrainingRecord(
                features: .sparse(
                    keys: (0..<3_000_000).map { UInt64($0) }, values: [Float](repeating: 1, count: 3_000_000),
                    dimension: 3_000_000)))
        for payload in [ints, sparse] {
            var writer = RecordWriter()
            writer.appendFrame(payload: payload)
            let report = Checker(configuration: CheckConfiguration(maxFindings: 0)).check([
                .memory(name: "real.rec", bytes: writer.bytes)
            ])
            #expect(!report.findings.contains { $0.rule == .recordTooComplex || $0.rule == .invalidProtobuf })
        }
    }
}

extension RecordReader {
    /// The payloads of the single frames in `bytes`.
    static func payloads(_ bytes: [UInt8]) -> [[UInt8]] {
        var payloads: [[UInt8]] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let word =
                UInt32(bytes[offset + 4]) | UInt32(bytes[offset + 5]) << 8 | UInt32(bytes[offset + 6]) << 16
                | UInt32(bytes[offset + 7]) << 24
            let length = Int(word & 0x1FFF_FFFF)
            payloads.append(Array(bytes[(offset + 8)..<min(bytes.count, offset + 8 + length)]))
            offset += 8 + length + (4 - length % 4) % 4
        }
        return payloads
    }
}
