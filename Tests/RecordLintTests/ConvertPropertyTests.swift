import Foundation
import Testing

@testable import RecordLint

/// Runs `body` with a new directory that is removed afterwards, whether `body` fails or not.
func withScratchDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recordlint-convert-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory.path)
}

@Suite("convert: numbers, lines, and random matrices through convert and export")
struct ConvertPropertyTests {
    @Test func numbersAreCorrectlyRoundedAsPythonFloatReadsThem() {
        let cases: [(String, Double?)] = [
            ("1", 1), ("+7", 7), ("-0", -0.0), (".5", 0.5), ("5.", 5), (" 2.5e-3 ", 0.0025), ("1E10", 1e10),
            ("0.30000000000000004", 0.30000000000000004), ("9007199254740993", 9_007_199_254_740_992),
            ("4.9e-324", .leastNonzeroMagnitude), ("1e400", .infinity), ("", nil), ("1e", nil), ("--1", nil), ("+-1", nil),
            ("1,5", nil), ("0x10", nil), ("\"1\"", nil), ("1 2", nil),
        ]
        for (text, expected) in cases {
            let parsed = DecimalParser.parse(text)
            #expect(parsed?.bitPattern == expected?.bitPattern, "\(text)")
        }
        #expect(DecimalParser.parse("nan")?.isNaN == true)
    }

    @Test(arguments: 0..<20)
    func randomDecimalsMatchSwiftsCorrectlyRoundedParse(seed: Int) {
        var random = SplitMix64(state: UInt64(seed))
        for _ in 0..<500 {
            let value = Double(bitPattern: random.next() >> 2 | (random.next() & 1) << 63)
            guard value.isFinite else { continue }
            let digits = Int.random(in: 1...20, using: &random)
            let text = String(format: "%.\(digits)e", value)
            #expect(DecimalParser.parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    /// Plain decimals (`-?digits.digits`, what most CSV holds) take a path without fast_float:
    /// its edges (2^53, 19 digits, 22 fraction digits, leading zeros, -0) against Swift's parse.
    @Test(arguments: 0..<10)
    func plainDecimalsMatchSwiftsCorrectlyRoundedParse(seed: Int) {
        var random = SplitMix64(state: UInt64(seed) &+ 1000)
        var texts = [
            "9007199254740991", "9007199254740992", "9007199254740993", "0.9007199254740993", "-0", "-0.0", "0.000",
            "1234567890123456789", "12345678901234567890", "0.1234567890123456789", "0.0000000000000000000000001",
            "1.0000000000000000000001", "5.", ".5", "-.5", ".", "-", "1.2.3", "00000000000000000001.5", "3.4028235e38",
        ]
        for _ in 0..<2000 {
            let digits = Int.random(in: 1...22, using: &random)
            var text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
            let point = Int.random(in: 0...digits, using: &random)
            if point < digits { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            if random.next() & 1 == 0 { text = "-" + text }
            texts.append(text)
        }
        for text in texts {
            let expected = text == "." || text == "-" || text == "1.2.3" || text == "-." ? nil : Double(text)
            #expect(DecimalParser.parse(text)?.bitPattern == expected?.bitPattern, "\(text)")
        }
    }

    /// The row parser (C, `cfastfloat_parse_row`: eight digits at a time, single digits on their own)
    /// reads each field of a row as Swift's `Double(String)` does: random digit runs of 1 to 24 digits
    /// around a point (the 19-digit and 2^53 edges, runs of eight and more), signs, exponents.
    @Test(arguments: 0..<10)
    func rowFieldsMatchSwiftsCorrectlyRoundedParse(seed: Int) {
        var random = SplitMix64(state: UInt64(seed) &+ 2000)
        let parser = CSVRowParser(delimiter: UInt8(ascii: ","))
        for _ in 0..<300 {
            var texts: [String] = []
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let digits = Int.random(in: 1...24, using: &random)
                var text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
                let point = Int.random(in: 0...digits, using: &random)
                if point < digits { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
                if random.next() % 3 == 0 { text = "-" + text }
                if random.next() % 5 == 0 { text += "e" + String(Int.random(in: -30...30, using: &random)) }
                texts.append(text)
            }
            var values: [Double] = []
            var line = texts.joined(separator: ",")
            let outcome = line.withUTF8 { parser.parse(UnsafeRawBufferPointer($0), into: &values) }
            let expected = texts.map { Double($0) }
            if expected.allSatisfy({ $0 != nil }) {
                #expect(outcome == .row, "\(line)")
                #expect(values.map(\.bitPattern) == expected.map { $0!.bitPattern }, "\(line)")
            } else {
                #expect(outcome != .row, "\(line)")
            }
        }
    }

    /// A digit run read eight bytes at a time stops at the first byte that is not a digit, also a byte
    /// of 0xFA or more (whose carry in the eight-byte test reaches only the bytes after it), at every
    /// position in the eight-byte word.
    @Test func digitRunsStopAtHighBytes() {
        let parser = CSVRowParser(delimiter: UInt8(ascii: ","))
        for position in 0..<12 {
            for high: UInt8 in [0xFA, 0xFF, 0x80, 0x2F, 0x3A] {
                var field = Array("123456789012".utf8)
                field.insert(high, at: position)
                let line = Array("7,".utf8) + field + Array(",0.5".utf8)
                var values: [Double] = []
                let outcome = line.withUnsafeBytes { parser.parse($0, into: &values) }
                guard case .bad(let column, _, _) = outcome else {
                    Issue.record("\(line): \(outcome)")
                    continue
                }
                #expect(column == 2)
            }
        }
    }

    /// Blocks stay at their size for narrow rows and one thread, and grow (to at most 2 MiB) when the
    /// first block holds fewer than `linesPerPart` lines per thread.
    @Test func wideRowsGetLargerBlocks() {
        func size(lineBytes: Int, lines: Int, jobs: Int) -> Int {
            let line = Array(repeating: UInt8(ascii: "0"), count: lineBytes - 1) + [0x0A]
            let block = Array((0..<lines).map { _ in line }.joined())
            return block.withUnsafeBytes { LineBlockConverter.blockSize(for: $0, readSize: 256 << 10, jobs: jobs) }
        }
        #expect(size(lineBytes: 3000, lines: 80, jobs: 2) == 256 << 10)
        #expect(size(lineBytes: 100_000, lines: 2, jobs: 1) == 256 << 10)
        #expect(size(lineBytes: 100_000, lines: 2, jobs: 2) == 100_000 * 16)
        #expect(size(lineBytes: 300_000, lines: 1, jobs: 2) == 2 << 20)
    }

    /// The one-pass reading of plain fields gives what cutting at the delimiter first gives, also when the
    /// delimiter is a character numbers use (`.`, `-`, a digit) or `#`, and around spaces, `+` and comments.
    @Test(arguments: [",", ";", " ", "\t", ".", "-", "5", "#", "+", "e"])
    func plainFieldsAreCutAtTheDelimiterFirst(delimiter: String) {
        let parser = CSVRowParser(delimiter: delimiter.utf8.first!)
        let lines = [
            "1.5.2", "-5-3", "152", "1#2", "1 , 2", "+1,2", "1e3,2", "0.25,-0,7", "3.5;4", "1,2 # c", "-.5,5.", "1,,2", "12e5",
        ]
        for line in lines {
            var values: [Double] = []
            var text = line
            let outcome = text.withUTF8 { parser.parse(UnsafeRawBufferPointer($0), into: &values) }
            // The reference: cut at the delimiter (a `#` ends the line first), then each field parsed on its own.
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let fields = body.split(separator: Character(delimiter), omittingEmptySubsequences: false).map(String.init)
            let blank = body.allSatisfy { $0 == " " || $0 == "\t" }
            let parsed = fields.map { DecimalParser.parse($0) }
            switch outcome {
            case .blank: #expect(blank, "\(line)")
            case .row:
                #expect(!blank && parsed.allSatisfy { $0 != nil }, "\(line)")
                #expect(values.map(\.bitPattern) == parsed.map { $0!.bitPattern }, "\(line) with \(delimiter)")
            case .bad: #expect(!blank && parsed.contains { $0 == nil }, "\(line) with \(delimiter)")
            }
        }
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1 << 20])
    func linesStraddlingBlockBoundariesComeOutWhole(blockSize: Int) throws {
        let text = "a,b\r\nccc\n\nlast line without newline\r"
        let reader = LineReader(source: MemorySource(Array(text.utf8)), blockSize: blockSize)
        var lines: [String] = []
        var numbers: [Int] = []
        try reader.forEachLine { line, number in
            lines.append(String(decoding: line, as: UTF8.self))
            numbers.append(number)
        }
        #expect(lines == ["a,b", "ccc", "", "last line without newline"])
        #expect(numbers == [1, 2, 3, 4])
    }

    /// Random float32 matrices written as CSV with varied spellings and line ends, converted, then exported
    /// to .npy: the bytes of the array equal the matrix's, and the records hold the matrix's rows.
    @Test(arguments: 0..<12)
    func randomCSVMatricesSurviveConvertAndExport(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed) &* 7919)
        let rows = Int.random(in: 1...40, using: &random)
        let columns = Int.random(in: 1...9, using: &random)
        var matrix: [[Float]] = []
        var labels: [Float] = []
        var text = ""
        for row in 0..<rows {
            labels.append(Float(Int.random(in: 0...3, using: &random)))
            let values = (0..<columns).map { _ in Self.randomFloat(using: &random) }
            matrix.append(values)
            let fields = [labels[row]] + values
            text += fields.map { Self.spelling($0, using: &random) }.joined(separator: ",")
            if row < rows - 1 || Bool.random(using: &random) { text += Bool.random(using: &random) ? "\r\n" : "\n" }
        }
        try withScratchDirectory { directory in
            let csv = directory + "/in.csv"
            try Data(text.utf8).write(to: URL(fileURLWithPath: csv))
            let result = try Converter(settings: ConvertSettings()).convert([csv], to: directory + "/out.pbr")
            #expect(result.findingCount == 0, "\(result.findings)")
            #expect(result.records == rows)
            let records = try RecordReader(.file(directory + "/out.pbr")).readAll()
            #expect(records.map { $0.content?.features?.values } == matrix.map { Tensor.Values.float32($0) })
            #expect(records.map { $0.content?.label?.values } == labels.map { Tensor.Values.float32([$0]) })
            var settings = ExportSettings(format: .npy)
            settings.labelsOut = directory + "/labels.npy"
            _ = try Exporter(settings: settings).export([directory + "/out.pbr"], to: directory + "/out.npy")
            let npy = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/out.npy")))
            let header = try NpyHeader(source: MemorySource(npy))
            #expect(header.shape == [rows, columns])
            #expect(header.element == .float32)
            let data = Array(npy[header.dataOffset...])
            #expect(data == matrix.flatMap { $0 }.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        }
    }

    /// Random sparse matrices written as 1-based libsvm, converted, exported to libsvm and converted again.
    @Test(arguments: 0..<12)
    func randomLibSVMMatricesSurviveConvertAndExport(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed) &* 104_729)
        let rows = Int.random(in: 1...30, using: &random)
        let width = Int.random(in: 1...50, using: &random)
        var expected: [Tensor] = []
        var text = ""
        for row in 0..<rows {
            let keys = (0..<width).filter { _ in Int.random(in: 0..<4, using: &random) == 0 }.map(UInt64.init)
            let values = keys.map { _ in Self.randomFloat(using: &random) }
            expected.append(Tensor.sparse(keys: keys, values: values, dimension: width))
            text += "\(Int.random(in: 0...1, using: &random))"
            for (key, value) in zip(keys, values) { text += " \(key + 1):" + Self.spelling(value, using: &random) }
            if row < rows - 1 || Bool.random(using: &random) { text += Bool.random(using: &random) ? "\r\n" : "\n" }
        }
        try withScratchDirectory { directory in
            let input = directory + "/in.libsvm"
            try Data(text.utf8).write(to: URL(fileURLWithPath: input))
            var settings = ConvertSettings()
            settings.featureDim = width
            let result = try Converter(settings: settings).convert([input], to: directory + "/out.pbr")
            #expect(result.findingCount == 0, "\(result.findings)")
            let records = try RecordReader(.file(directory + "/out.pbr")).readAll()
            #expect(records.map { $0.content?.features } == expected)
            _ = try Exporter(settings: ExportSettings(format: .libsvm)).export(
                [directory + "/out.pbr"], to: directory + "/x.libsvm")
            _ = try Converter(settings: settings).convert([directory + "/x.libsvm"], to: directory + "/again.pbr")
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: directory + "/again.pbr"))
                    == Data(contentsOf: URL(fileURLWithPath: directory + "/out.pbr")))
        }
    }

    /// libsvm too: the same bytes and findings for any --jobs and block size, each row the record
    /// the sequential reference (one line at a time, its keys and values) gives; bad rows and comments in between.
    @Test(arguments: 0..<6)
    func libsvmOutputIsTheSameForAnyJobsAndBlockSize(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed) &* 7919)
        var text = ""
        var expected = RecordWriter()
        var bad = 0
        for row in 0..<Int.random(in: 20...120, using: &random) {
            switch row == 0 ? 9 : Int.random(in: 0..<10, using: &random) {
            case 0: text += "# a comment"
            case 1: text += ""
            case 2:
                text += "1 3:x"
                bad += 1
            default:
                let label = Float(Int.random(in: 0...1, using: &random))
                var keys: [UInt64] = []
                var values: [Float] = []
                for key in 0..<12 where Int.random(in: 0..<3, using: &random) == 0 {
                    keys.append(UInt64(key))
                    values.append(Float(Int.random(in: -500...500, using: &random)) / 8)
                }
                text += "\(Int(label))" + zip(keys, values).map { " \($0 + 1):\($1)" }.joined()
                expected.append(
                    TrainingRecord(features: .sparse(keys: keys, values: values, dimension: 12), label: .dense([label])))
            }
            text += row % 4 == 0 ? "\r\n" : "\n"
        }
        // Split by scalars: "\r\n" is one Character.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        try withScratchDirectory { directory in
            let input = directory + "/in.libsvm"
            try Data(text.utf8).write(to: URL(fileURLWithPath: input))
            for jobs in [1, 2, 3, 5] {
                for blockSize in [5, 64, 333, 1 << 20] {
                    var settings = ConvertSettings()
                    settings.jobs = jobs
                    settings.blockSize = blockSize
                    settings.minimumPartBytes = 1
                    settings.skipBadRows = true
                    settings.featureDim = 12
                    let output = directory + "/out-\(jobs)-\(blockSize).pbr"
                    let result = try Converter(settings: settings).convert([input], to: output)
                    #expect(
                        [UInt8](try Data(contentsOf: URL(fileURLWithPath: output))) == expected.bytes,
                        "jobs \(jobs), block \(blockSize)")
                    #expect(result.findingCount == bad)
                    #expect(
                        result.findings.allSatisfy { lines[$0.line - 1].hasPrefix("1 3:x") }, "line numbers name the bad rows")
                }
            }
        }
    }

    /// The same bytes and findings for any --jobs and block size, lines straddling block and part boundaries,
    /// CRLF, blank lines, bad rows, no final newline.
    @Test(arguments: 0..<6)
    func csvOutputIsTheSameForAnyJobsAndBlockSize(seed: Int) throws {
        var random = SplitMix64(state: UInt64(seed) &* 31337)
        var text = ""
        for row in 0..<Int.random(in: 20...120, using: &random) {
            switch row == 0 ? 11 : Int.random(in: 0..<12, using: &random) {
            case 0: text += "\n"
            case 1: text += "1,x,2,3"
            case 2: text += "1,2"
            default:
                text += (0..<4).map { _ in Self.spelling(Self.randomFloat(using: &random), using: &random) }.joined(
                    separator: ",")
            }
            text += row % 3 == 0 ? "\r\n" : "\n"
        }
        if Bool.random(using: &random) { text += "0,1,2,3" }
        try withScratchDirectory { directory in
            let input = directory + "/in.csv"
            try Data(text.utf8).write(to: URL(fileURLWithPath: input))
            var baseline: (Data, [ConversionFinding])?
            for jobs in [1, 2, 3, 5] {
                for blockSize in [7, 64, 333, 1 << 20] {
                    var settings = ConvertSettings()
                    settings.jobs = jobs
                    settings.blockSize = blockSize
                    settings.minimumPartBytes = 1
                    settings.skipBadRows = true
                    let output = directory + "/out-\(jobs)-\(blockSize).pbr"
                    let result = try Converter(settings: settings).convert([input], to: output)
                    let got = (try Data(contentsOf: URL(fileURLWithPath: output)), result.findings)
                    if let baseline {
                        #expect(got.0 == baseline.0, "jobs \(jobs), block \(blockSize)")
                        #expect(got.1 == baseline.1, "jobs \(jobs), block \(blockSize)")
                    } else {
                        baseline = got
                    }
                }
            }
            // The sequential reference: each line on its own (split by scalars: "\r\n" is one Character).
            var expected = RecordWriter()
            var findings = 0
            for scalars in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = String(scalars)
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                    Double(String($0).filter { $0 != "\r" })
                }
                if line.isEmpty || line == "\r" { continue }
                guard fields.count == 4, fields.allSatisfy({ $0 != nil }) else {
                    findings += 1
                    continue
                }
                let values = fields.map { Float($0!) }
                expected.append(.dense(Array(values.dropFirst()), label: values[0]))
            }
            #expect(baseline?.0 == Data(expected.bytes))
            #expect(baseline?.1.count == findings)
        }
    }

    @Test func quotedFieldsAreRejectedWithAClearMessage() throws {
        try withScratchDirectory { directory in
            let input = directory + "/q.csv"
            try Data("1,2\n0,\"3\"\n".utf8).write(to: URL(fileURLWithPath: input))
            let result = try Converter(settings: ConvertSettings()).convert([input], to: directory + "/o.pbr")
            #expect(result.findings.map(\.rule) == [.quotedField])
            #expect(result.findings.first?.line == 2)
            #expect(result.findings.first?.column == 2)
            #expect(!result.written)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["q.csv"])
        }
    }

    private static func randomFloat(using random: inout SplitMix64) -> Float {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return Float(Int.random(in: -1000...1000, using: &random))
        case 1: return Float.random(in: -1...1, using: &random)
        default:
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            return value.isFinite ? value : 0.5
        }
    }

    /// A text for `value` that reads back as the same float32: the shortest, 9 significant digits, or an exponent form.
    private static func spelling(_ value: Float, using random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return value.description
        case 1: return String(format: "%.9g", Double(value))
        case 2: return String(format: "%.8E", Double(value))
        default: return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(Double(value))"
        }
    }
}
