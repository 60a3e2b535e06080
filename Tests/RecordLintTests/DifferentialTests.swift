import RecordLint
import TestSupport
import Testing

@Suite("recordlint's framing and decode agree with a plain reader written from FORMAT.md")
struct DifferentialTests {
    @Test(arguments: 0..<12)
    func randomFilesAgree(seed: UInt64) {
        let bytes = RandomFiles.make(seed: seed, records: 200)
        #expect(differentialDisagreement(bytes) == nil)
    }

    @Test(arguments: 0..<24)
    func mutatedFilesAgree(seed: UInt64) {
        var random = SplitMix64(state: seed &* 7919)
        var bytes = denseFile(count: 40, dimension: 6).bytes
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
        }
        #expect(differentialDisagreement(bytes) == nil)
    }

    @Test func theReferenceReadsWhatTheWriterWrites() {
        let bytes = denseFile(count: 5, dimension: 3).bytes
        let (records, complete) = ReferenceReader.read(bytes)
        #expect(complete && records.count == 5)
        #expect(records.allSatisfy { if case .tensor(let tensor) = $0.features { tensor.values.count == 3 } else { false } })
    }

    @Test(arguments: HostileInput.allCases)
    func hostileCasesAgree(hostile: HostileInput) {
        #expect(differentialDisagreement(hostile.bytes(size: 4096)) == nil)
    }
}
