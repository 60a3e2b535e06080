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
        #expect(flagged >= 11)
    }

    @Test(arguments: 0..<16)
    func mutatedRecordsTheWalkFlagsAreSuspect(seed: UInt64) throws {
        var random = SplitMix64(state: seed &* 104_729)
        let base = try fixture("divergence/oneof-twice-sparse.rec")
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
}
