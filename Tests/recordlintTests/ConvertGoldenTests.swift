import Foundation
import Testing

/// One case of ConvertFixtures/cases.json, written by Scripts/make-convert-fixtures.py with the SDK v2.
struct ConvertCase: Decodable, CustomTestStringConvertible, Sendable {
    let name: String
    let args: [String]
    let output: String?
    let expected: [String]

    var testDescription: String { name }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ConvertFixtures")

    static let all: [ConvertCase] = {
        let data = (try? Data(contentsOf: directory.appendingPathComponent("cases.json"))) ?? Data("[]".utf8)
        return (try? JSONDecoder().decode([ConvertCase].self, from: data)) ?? []
    }()

    /// The arguments with fixture names made absolute.
    var resolvedArgs: [String] {
        args.map { argument in
            let path = Self.directory.appendingPathComponent(argument).path
            return argument.contains(".") && FileManager.default.fileExists(atPath: path) ? path : argument
        }
    }
}

/// Runs `body` with a new directory that is removed afterwards, whether `body` fails or not.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = temporaryDirectory()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

@Suite("convert: the bytes SDK v2 writes for the same matrix")
struct ConvertGoldenTests {
    @Test func everyFixtureCaseIsListed() {
        #expect(ConvertCase.all.count >= 13)
    }

    @Test(arguments: ConvertCase.all)
    func convertWritesTheSDKBytes(_ golden: ConvertCase) throws {
        try withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent(golden.output ?? "out.pbr").path
            let run = try recordlint(["convert"] + golden.resolvedArgs + ["-o", output])
            #expect(run.status == 0, "\(run.output)\(run.errors)")
            let written = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            let wanted = golden.output == nil ? ["out.pbr"] : golden.expected
            #expect(written == wanted, "no temporary file is left, and the names are the SDK shards'")
            for (name, expected) in zip(wanted, golden.expected) {
                let got = try Data(contentsOf: directory.appendingPathComponent(name))
                let want = try Data(contentsOf: ConvertCase.directory.appendingPathComponent(expected))
                #expect(got == want, "\(name) differs from the SDK's \(expected) (\(got.count) vs \(want.count) bytes)")
            }
        }
    }
}
