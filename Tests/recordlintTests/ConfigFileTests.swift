import Foundation
import RecordLint
import Testing

/// Runs the built binary in `directory`.
private func recordlint(_ arguments: [String], in directory: URL) throws -> Run {
    try recordlint(arguments, directory: directory)
}

@Suite("The configuration file: recordlint.toml and [tool.recordlint], end to end")
struct ConfigFileTests {
    /// A repository with a train channel of 35 features and a validation channel of 34.
    private func repository(config name: String, _ text: String) throws -> URL {
        let root = temporaryDirectory()
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("src/deep"), withIntermediateDirectories: true)
        var train = RecordWriter()
        for row in 0..<30 { train.append(.dense((0..<35).map { Float(row + $0) })) }
        var validation = RecordWriter()
        for row in 0..<4 { validation.append(.dense((0..<34).map { Float(row + $0) })) }
        _ = try writeTemporary(train.bytes, name: "data/train/part-0", in: root)
        _ = try writeTemporary(Array("not data".utf8), name: "data/train/notes.tmp", in: root)
        _ = try writeTemporary(Array("not data".utf8), name: "data/train/old/part-9", in: root)
        _ = try writeTemporary(validation.bytes, name: "data/validation/part-0", in: root)
        _ = try writeTemporary(Array(text.utf8), name: name, in: root)
        return root
    }

    private let settings = """
        algorithm = "kmeans"
        max-findings = 3
        exclude = ["*.tmp", "old/"]
        format = "json"

        [channels]
        train = "data/train"
        validation = "data/validation"
        """

    @Test func aHookNeedsNoFlags() throws {
        let root = try repository(config: "recordlint.toml", settings)
        // Found from a subdirectory, walking up to the repository root; its paths are relative to it.
        let run = try recordlint(["check"], in: root.appendingPathComponent("src/deep"))
        #expect(run.status == 1, "\(run.errors)")
        let report = try run.report()
        #expect(report.settings.algorithm == "kmeans")
        #expect(report.settings.maxFindings == 3 && report.summary.listed == 3)
        #expect(report.files.count == 2)  // notes.tmp and old/ are excluded
        #expect(report.files.map(\.channel) == ["train", "validation"])
        #expect(report.summary.rules == ["inconsistent-dimension": 4, "unused-channel": 1])
        let file = root.appendingPathComponent("recordlint.toml").path
        #expect(report.settings.sources?["algorithm"]?.hasSuffix("recordlint.toml") == true)
        #expect(report.settings.sources?["channels"] == report.settings.sources?["algorithm"])
        #expect(report.settings.sources?["maxFindings"]?.hasSuffix("recordlint.toml") == true)
        #expect(
            report.settings.sources?["algorithm"].map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                == URL(fileURLWithPath: file).standardizedFileURL.path)
    }

    @Test func optionsWinOverTheFile() throws {
        let root = try repository(config: "recordlint.toml", settings)
        let part = root.appendingPathComponent("data/train/part-0").path
        let run = try recordlint(["check", part, "--algorithm", "pca", "--max-findings", "0"], in: root)
        let report = try run.report()  // format still from the file
        #expect(report.settings.algorithm == "pca" && report.settings.maxFindings == 0)
        #expect(report.settings.sources?["algorithm"] == "--algorithm")
        #expect(report.settings.channels == nil && report.files.count == 1)
        #expect(run.status == 0)
        let text = try recordlint(["check", part, "--format", "text"], in: root)
        #expect(text.output.hasPrefix("checked 1 file"))
        // --no-config reads nothing.
        #expect(try recordlint(["check", "--no-config"], in: root).status == 64)
    }

    @Test func pyprojectToolRecordlint() throws {
        let text = """
            [project]
            name = "training"

            [tool.recordlint]
            algorithm = "kmeans"
            format = "json"
            paths = ["data"]
            strict = true
            """
        let root = try repository(config: "pyproject.toml", text)
        let run = try recordlint(["check"], in: root)
        #expect(run.status == 1)
        let report = try run.report()
        #expect(report.settings.strict && report.settings.algorithm == "kmeans")
        #expect(report.files.count == 4)  // no exclude: notes.tmp and old/part-9 are checked (and damaged)
        #expect(report.settings.sources?["strict"]?.hasSuffix("pyproject.toml") == true)
        // A pyproject.toml without the table is no configuration.
        let plain = try repository(config: "pyproject.toml", "[project]\nname = \"x\"\n")
        #expect(try recordlint(["check"], in: plain).status == 64)
    }

    @Test(
        arguments: [
            ("feature-dim = \"abc\"\n", "recordlint.toml:1: feature-dim: must be a positive integer"),
            ("algorithm = \"kmeans\"\nalgoritm = \"pca\"\n", "recordlint.toml:2: algoritm: is no setting"),
            ("strict = 1\n", "recordlint.toml:1: strict: must be true or false"),
            ("[channels]\ntrian = \"data\"\n", "recordlint.toml:2: trian: is no channel"),
            ("algorithm = \n", "recordlint.toml:1:13: not valid TOML"),
            ("exclude = [1, 2]\n", "recordlint.toml:1: exclude: must be a string or a list of strings"),
        ] as [(String, String)])
    func aBadConfigurationFileIsAUsageErrorNamingFileLineAndKey(text: String, message: String) throws {
        let root = try repository(config: "recordlint.toml", text)
        let run = try recordlint(["check", "data"], in: root)
        #expect(run.status == 64)
        #expect(run.errors.contains(message), "\(run.errors)")
    }
}
