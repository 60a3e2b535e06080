import Foundation
import Testing

/// One entry of ConvertFixtures/exports.json: a file and the arrays SDK v2's `read_records` + numpy give.
struct ExportCase: Decodable, CustomTestStringConvertible, Sendable {
    let input: String
    let features: String
    let labels: String?

    var testDescription: String { input }

    static let all: [ExportCase] = {
        let url = ConvertCase.directory.appendingPathComponent("exports.json")
        let data = (try? Data(contentsOf: url)) ?? Data("[]".utf8)
        return (try? JSONDecoder().decode([ExportCase].self, from: data)) ?? []
    }()
}

/// A `.npy` file's dtype, shape and data bytes (the header's padding is not compared).
struct NpyContent: Equatable, CustomStringConvertible {
    let descr: String
    let shape: String
    let data: Data

    init(path: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let length = Int(bytes[bytes.startIndex + 8]) | Int(bytes[bytes.startIndex + 9]) << 8
        let header = String(decoding: bytes[(bytes.startIndex + 10)..<(bytes.startIndex + 10 + length)], as: UTF8.self)
        func value(_ key: String, _ open: Character, _ close: Character) -> String {
            guard let range = header.range(of: "'\(key)': ") else { return "" }
            let rest = header[range.upperBound...].dropFirst(open == "'" ? 1 : 0)
            return String(rest.prefix { $0 != close })
        }
        descr = value("descr", "'", "'")
        shape = value("shape", "(", ")")
        data = bytes[(bytes.startIndex + 10 + length)...]
    }

    var description: String { "\(descr) \(shape)) \(data.count) bytes" }
}

@Suite("export: the arrays SDK v2's read_records + numpy give; round trips")
struct ExportGoldenTests {
    @Test func everyExportCaseIsListed() { #expect(ExportCase.all.count >= 6) }

    @Test(arguments: ExportCase.all)
    func npyEqualsTheSDKArrays(_ golden: ExportCase) throws {
        try withTemporaryDirectory { directory in
            let features = directory.appendingPathComponent("f.npy").path
            let labels = directory.appendingPathComponent("l.npy").path
            let input = ConvertCase.directory.appendingPathComponent(golden.input).path
            let run = try recordlint(
                ["export", input, "--to", "npy", "-o", features] + (golden.labels == nil ? [] : ["--labels-out", labels]))
            #expect(run.status == 0, "\(run.errors)")
            let fixture = { (name: String) in try NpyContent(path: ConvertCase.directory.appendingPathComponent(name).path) }
            #expect(try NpyContent(path: features) == fixture(golden.features))
            if let goldenLabels = golden.labels { #expect(try NpyContent(path: labels) == fixture(goldenLabels)) }
        }
    }

    /// convert → export → convert gives the same bytes, for every format export writes.
    @Test(arguments: [
        ("spellings-float32.pbr", "csv", [String]()), ("spellings-float64.pbr", "csv", ["--dtype", "float64"]),
        ("one-based-float32.pbr", "libsvm", []), ("one-based-float64.pbr", "libsvm", ["--dtype", "float64"]),
        ("zero-based.pbr", "libsvm", ["--zero-based"]), ("label-none.pbr", "csv", ["--label-column", "none"]),
        ("f32-auto.pbr", "npy", ["--dtype", "auto"]), ("f64-auto.pbr", "npy", ["--dtype", "auto"]),
        ("i64-auto.pbr", "npy", ["--dtype", "auto"]),
    ])
    func roundTripIsByteIdentical(_ name: String, _ format: String, _ convertArgs: [String]) throws {
        try withTemporaryDirectory { directory in
            let original = ConvertCase.directory.appendingPathComponent(name).path
            let text = directory.appendingPathComponent("exported.\(format)").path
            let labels = directory.appendingPathComponent("labels.npy").path
            let hasLabels = name != "i64-auto.pbr"
            let zero = convertArgs.contains("--zero-based") ? ["--zero-based"] : []
            let labelsOut = format == "npy" && hasLabels ? ["--labels-out", labels] : []
            let export = try recordlint(["export", original, "--to", format, "-o", text] + zero + labelsOut)
            #expect(export.status == 0, "\(export.errors)")
            let again = directory.appendingPathComponent("again.pbr").path
            let labelsIn = format == "npy" && hasLabels ? ["--labels", labels] : []
            let convert = try recordlint(["convert", text, "-o", again] + convertArgs + labelsIn)
            #expect(convert.status == 0, "\(convert.output)\(convert.errors)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(contentsOf: URL(fileURLWithPath: original)))
        }
    }

    @Test func damagedRecordsAreReportedAndLeftOutOrStopTheExportWithStrict() throws {
        try withTemporaryDirectory { directory in
            var bytes = [UInt8](try Data(contentsOf: ConvertCase.directory.appendingPathComponent("five-00000.pbr")))
            bytes += [0xDE, 0xAD, 0xBE, 0xEF]
            bytes += [UInt8](try Data(contentsOf: ConvertCase.directory.appendingPathComponent("five-00001.pbr")))
            let input = try writeTemporary(bytes, name: "damaged.pbr", in: directory)
            let csv = directory.appendingPathComponent("out.csv").path
            let run = try recordlint(["export", input, "--to", "csv", "-o", csv])
            #expect(run.status == 0)
            #expect(run.output.contains("record 2 (offset 104)"))
            #expect(
                try String(contentsOfFile: csv, encoding: .utf8) == "0.0,0.25,0.0\n1.0,1.25,-0.1\n0.0,2.25,-0.2\n1.0,3.25,-0.3\n")
            try FileManager.default.removeItem(atPath: csv)
            #expect(try recordlint(["export", input, "--to", "csv", "-o", csv, "--strict"]).status == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["damaged.pbr"])
        }
    }
}
