import Foundation
import RecordLint
import TestSupport
import Testing

/// `check` on records protobuf-c and protobuf read differently (see DivergenceTests for the SDK's readings).
@Suite("check on records protobuf-c and protobuf read differently")
struct DivergenceCommandTests {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../SampleData")

    @Test func aTensorStreamedInTwoPiecesIsCheckedWhole() throws {
        let path = Self.sampleData.appendingPathComponent("chunked-tensor.rec").path
        let run = try recordlint(["check", path, "--feature-dim", "784", "--format", "json"])
        #expect(run.status == 0)
        let findings = try run.report().findings
        // As protobuf-c reads them the records hold 392 values (a dimension-mismatch each); protobuf reads 784.
        #expect(findings.count == 10)
        #expect(findings.allSatisfy { $0.rule == .ambiguousEncoding && $0.severity == .warning })
        #expect(findings.first?.message.contains("holds its float32_tensor 2 times") == true)
        let strict = try recordlint(["check", path, "--feature-dim", "784", "--strict"])
        #expect(strict.status == 1)
    }

    @Test func aFieldNumberProtobufRejectsIsAnErrorWithItsOffset() throws {
        let scratch = scratchDirectory("divergence")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // Record 1 of 2 (offset 24) holds an unknown field numbered 2^29 at payload byte 16.
        let good: [UInt8] = [0x0A, 0x0E] + [0x0A, 0x06] + Array("values".utf8) + [0x12, 0x04, 0x12, 0x02, 0x0A, 0x00]
        let bad = good + [0x80, 0x80, 0x80, 0x80, 0x10, 0x01]
        let file = scratch.appendingPathComponent("field.rec")
        try Data(Self.frame(good) + Self.frame(bad)).write(to: file)
        let run = try recordlint(["check", file.path, "--format", "json"])
        #expect(run.status == 1)
        let finding = try #require(try run.report().findings.first)
        #expect(finding.rule == .invalidProtobuf && finding.record == 1 && finding.offset == 24)
        #expect(finding.message.contains("field number 536870912 (2^29 or more) at offset 48 (byte 16 of its payload)"))
    }

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(0xCED7_230A).littleEndian, Array.init)
            + withUnsafeBytes(of: UInt32(payload.count).littleEndian, Array.init) + payload
            + [UInt8](repeating: 0, count: (4 - payload.count % 4) % 4)
    }
}
