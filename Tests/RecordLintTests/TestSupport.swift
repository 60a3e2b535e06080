import Foundation
import RecordLint
import TestSupport
import Testing

/// Writes bytes to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "data.rec") throws -> String {
    let directory = scratchDirectory()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// Checks bytes as a file and returns the report.
func check(
    _ bytes: [UInt8], featureDim: Int? = nil, algorithm: Algorithm = .generic, predictorType: String? = nil,
    numClasses: Int? = nil, maxFindings: Int = 0, jobs: Int = 1, chunkSize: Int? = nil
) throws -> Report {
    let path = try temporaryFile(bytes)
    let configuration = CheckConfiguration(
        featureDim: featureDim, algorithm: algorithm, predictorType: predictorType, numClasses: numClasses,
        maxFindings: maxFindings, jobs: jobs, chunkSize: chunkSize)
    return Checker(configuration: configuration).check([.file(path)])
}

/// The rule ids of a report's findings with their records, in order.
func ruleRecords(_ report: Report) -> [String] {
    report.findings.map { "\($0.rule.rawValue)@\($0.record.map(String.init) ?? "-")" }
}

/// A writer holding `count` dense float32 records of `dimension` values with labels.
func denseFile(count: Int, dimension: Int, label: Float? = 1) -> RecordWriter {
    var writer = RecordWriter()
    for row in 0..<count {
        writer.append(.dense((0..<dimension).map { Float(row + $0) / 8 }, label: label))
    }
    return writer
}

/// A committed fixture's bytes.
func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return [UInt8](try Data(contentsOf: url))
}

extension Array where Element == UInt8 {
    /// Bytes from a hex string with optional spaces.
    init(hex: String) {
        let digits = hex.filter { !$0.isWhitespace }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            bytes.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        self = bytes
    }
}
