import Foundation
import TestSupport
import Testing

@testable import RecordLint

/// The quick look in C (`rl_dialect_suspect`) lets through only records `ProtobufDialect` finds
/// nothing in: every record the walk would flag, the look flags too.
@Suite("the C look flags every record ProtobufDialect finds something in")
struct DialectSuspectTests {
    @Test func everyDivergenceFixtureTheWalkFlagsIsSuspect() throws {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures/divergence", withExtension: nil))
        var flagged = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".rec") {
            let bytes = try fixture("divergence/\(name)")
            let length = Int(UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7] & 0x1F) << 24)
            let payload = Array(bytes[8..<(8 + length)])
            try payload.withUnsafeBytes { payload in
                let dialect = ProtobufDialect(payload)
                if !dialect.agrees {
                    flagged += 1
                    #expect(ProtobufDialect.suspect(payload), "\(name)")
                }
            }
        }
        #expect(flagged >= 35)
    }

    @Test(arguments: 0..<16)
    func mutatedRecordsTheWalkFlagsAreSuspect(seed: UInt64) throws {
        var random = SplitMix64(state: seed &* 104_729)
        let bases = ["oneof-twice-sparse", "group-nested", "entry-unknown-label", "wire-type-tensor-values"]
        let base = try fixture("divergence/\(bases[Int(seed) % bases.count]).rec")
        for _ in 0..<500 {
            var bytes = Array(base.dropFirst(8))
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            bytes.withUnsafeBytes { payload in
                if !ProtobufDialect(payload).agrees { #expect(ProtobufDialect.suspect(payload)) }
            }
        }
    }

    /// The decoder asks the canonical scanner before the dialect walk: a record the scanner takes must
    /// be one protobuf and protobuf-c read alike. Every divergence fixture the walk flags is refused,
    /// and so is every mutant of a canonical record the walk flags.
    @Test func theCanonicalScannerTakesNothingTheWalkFlags() throws {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures/divergence", withExtension: nil))
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".rec") {
            let bytes = try fixture("divergence/\(name)")
            let length = Int(UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7] & 0x1F) << 24)
            let payload = Array(bytes[8..<(8 + length)])
            let flagged = payload.withUnsafeBytes {
                let dialect = ProtobufDialect($0)
                return !dialect.agrees || dialect.rejection != nil
            }
            if flagged { #expect(CanonicalScan.outcome(payload) != .taken, "\(name)") }
        }
        let records: [TrainingRecord] = [
            TrainingRecord(
                features: .sparse(keys: [3, 70, 900, 20_000], values: [1, 2, 3, 4], dimension: 30_000), label: .dense([1])),
            .dense([0.5, 1.5, 2.5], label: 1),
        ]
        var random = SplitMix64(state: 7919)
        var taken = 0
        for training in records {
            var writer = RecordWriter()
            writer.append(training)
            let frame = writer.bytes
            let length = Int(UInt32(frame[4]) | UInt32(frame[5]) << 8 | UInt32(frame[6]) << 16)
            let record = Array(frame[8..<(8 + length)])
            #expect(CanonicalScan.outcome(record) == .taken)
            for _ in 0..<4000 {
                var bytes = record
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                guard CanonicalScan.outcome(bytes) == .taken else { continue }
                taken += 1
                bytes.withUnsafeBytes {
                    let dialect = ProtobufDialect($0)
                    #expect(dialect.agrees && dialect.rejection == nil, "\(bytes)")
                }
            }
        }
        #expect(taken > 0, "some mutants are still canonical")
    }
}
