import Foundation
import RecordLint
import Testing

/// Writes `bytes` to the file whose name is `path`'s bytes (which need not be UTF-8).
func writeRaw(_ bytes: [UInt8], to path: [UInt8]) {
    let descriptor = (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
        open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    #expect(descriptor >= 0, "cannot create \(PathText.text(of: path))")
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
}

/// The bytes of the file whose name is `path`'s bytes; `nil` when it cannot be opened.
func readRaw(_ path: [UInt8]) -> [UInt8]? {
    let descriptor = (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
        open($0.baseAddress!, O_RDONLY)
    }
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count <= 0 { return bytes }
        bytes += block[..<count]
    }
}

/// A shell word that expands to `bytes` exactly: `"$(printf '\143\141...')"` (a name that is
/// not UTF-8 cannot pass through `Process.arguments`, which are strings).
func shellWord(_ bytes: [UInt8]) -> String {
    "\"$(printf '" + bytes.map { "\\" + String($0, radix: 8) }.joined() + "')\""
}

@Suite("file names that are not UTF-8 are checked and reported")
struct NonUTF8PathTests {
    /// Latin-1 `café.rec`.
    static let latin1 = Array("caf".utf8) + [0xE9] + Array(".rec".utf8)

    /// A folder holding `caf\xE9.rec` (a NaN in record 3), `a\b.rec`, `new\nline.rec` (a NaN)
    /// and `z\xFF\xFE.rec`: its path, and the names' bytes in walk (byte) order.
    static func folder() -> (path: String, names: [[UInt8]]) {
        let folder = temporaryDirectory().appendingPathComponent("names")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = [
            Array("a\\b.rec".utf8), latin1, Array("new\nline.rec".utf8), Array("z".utf8) + [0xFF, 0xFE] + Array(".rec".utf8),
        ]
        for name in names {
            writeRaw(
                name.first == UInt8(ascii: "a") || name.first == UInt8(ascii: "z") ? cleanRecords() : recordsWithNaN(),
                to: Array("\(folder.path)/".utf8) + name)
        }
        return (folder.path, names)
    }

    @Test func aWalkChecksThemAndTheJSONGivesBackTheirBytes() throws {
        let (folder, names) = Self.folder()
        let run = try recordlint(["check", "--format", "json", "--", folder])
        #expect(run.status == 1, "\(run.errors)")
        let report = try run.report()
        #expect(report.unchecked.isEmpty)
        #expect(report.files.map(\.path) == names.map { "\(folder)/" + PathText.text(of: $0) })
        #expect(report.files.map(\.records) == [20, 20, 20, 20])
        #expect(report.findings.map(\.file) == ["\(folder)/caf\\xE9.rec", "\(folder)/new\\x0Aline.rec"])
        // The escape read back, and the base64 beside it, are the bytes of a file that is there.
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! [String: Any]
        let findings = object["findings"] as! [[String: Any]]
        let files = object["files"] as! [[String: Any]]
        let raw = Array(Data(base64Encoded: findings[0]["fileBytes"] as! String)!)
        #expect(raw == Array("\(folder)/".utf8) + Self.latin1)
        #expect(PathText.bytes(of: findings[0]["file"] as! String) == raw)
        #expect(readRaw(raw) == recordsWithNaN())
        for (file, name) in zip(files, names) {
            #expect(Array(Data(base64Encoded: file["pathBytes"] as! String)!) == Array("\(folder)/".utf8) + name)
        }
        // Text: one line per finding, the names escaped.
        let text = try recordlint(["check", "--", folder])
        #expect(text.output.contains("\(folder)/caf\\xE9.rec: record 3 (offset "))
        #expect(text.output.contains("\(folder)/new\\x0Aline.rec: record 3 (offset "))
        #expect(text.output.split(separator: "\n").filter { $0.contains("non-finite") && $0.contains("record") }.count == 2)
        let github = try recordlint(["check", "--format", "github", "--", folder])
        #expect(github.output.contains("::error file=\(folder)/caf\\xE9.rec,title=non-finite::record 3"))
    }

    @Test func namedOnTheCommandLineEveryReadingCommandTakesThem() throws {
        let directory = temporaryDirectory().appendingPathComponent("named")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        writeRaw(recordsWithNaN(), to: Array("\(directory.path)/".utf8) + Self.latin1)
        let name = shellWord(Self.latin1)
        let check = try recordlintInShell("exec \"$0\" check -- \(name)", [], directory: directory)
        #expect(check.status == 1, "\(check.errors)")
        #expect(check.output.contains("caf\\xE9.rec: record 3 (offset "))
        let inspect = try recordlintInShell("exec \"$0\" inspect --record 3 -- \(name)", [], directory: directory)
        #expect(inspect.status == 0, "\(inspect.errors)")
        #expect(inspect.output.hasPrefix("record 3 offset "))
        let stats = try recordlintInShell("exec \"$0\" stats --format json -- \(name)", [], directory: directory)
        #expect(stats.status == 0, "\(stats.errors)")
        #expect(stats.output.contains("\"pathBytes\" : \"\(Data(Self.latin1).base64EncodedString())\""))
        let hyperparameters = Array("hp".utf8) + [0xFF] + Array(".json".utf8)
        writeRaw(Array(#"{"feature_dim": "5"}"#.utf8), to: Array("\(directory.path)/".utf8) + hyperparameters)
        let withHyperparameters = try recordlintInShell(
            "exec \"$0\" check --algorithm linear-learner --hyperparameters \(shellWord(hyperparameters)) -- \(name)", [],
            directory: directory)
        #expect(withHyperparameters.output.contains("caf\\xE9.rec: record 0 (offset 0): error[dimension-mismatch]"))
        #expect(withHyperparameters.output.contains("and hp\\xFF.json in"))
    }

    @Test func outputsWithNamesThatAreNotUTF8AreWritten() throws {
        let (folder, _) = Self.folder()
        let work = URL(fileURLWithPath: folder).deletingLastPathComponent()
        let indices = Array("idx".utf8) + [0xFF] + Array(".tsv".utf8)
        let check = try recordlintInShell(
            "exec \"$0\" check --indices-out \(shellWord(indices)) -- names", [], directory: work)
        #expect(check.status == 1, "\(check.errors)")
        let lines = readRaw(Array("\(work.path)/".utf8) + indices).map { String(decoding: $0, as: UTF8.self) }
        // The escape keeps a path<TAB>index line on one line, whatever the name holds.
        #expect(lines == "names/caf\\xE9.rec\t3\nnames/new\\x0Aline.rec\t3\n")
        let clean = Array("clean".utf8) + [0xE9] + Array(".rec".utf8)
        let filter = try recordlintInShell(
            "exec \"$0\" filter --drop \(shellWord(indices)) --out \(shellWord(clean)) -- names", [], directory: work)
        #expect(filter.status == 0, "\(filter.errors)")
        #expect(filter.errors.contains("78 records written to clean\\xE9.rec, 2 dropped"))
        let checkCopy = try recordlintInShell("exec \"$0\" check -- \(shellWord(clean))", [], directory: work)
        #expect(checkCopy.status == 0, "\(checkCopy.output)")
        #expect(checkCopy.output.contains("checked 1 file, 78 records"))
        // export and convert, both ways.
        let csv = Array("rows".utf8) + [0xE9] + Array(".csv".utf8)
        let export = try recordlintInShell(
            "exec \"$0\" export --to csv -o \(shellWord(csv)) -- \(shellWord(clean))", [], directory: work)
        #expect(export.status == 0, "\(export.errors)")
        let converted = Array("back".utf8) + [0xE9] + Array(".rec".utf8)
        let convert = try recordlintInShell(
            "exec \"$0\" convert -o \(shellWord(converted)) -- \(shellWord(csv))", [], directory: work)
        #expect(convert.status == 0, "\(convert.errors)")
        #expect(readRaw(Array("\(work.path)/".utf8) + converted) == readRaw(Array("\(work.path)/".utf8) + clean))
    }

    @Test func sarifURIsPercentEncodeTheBytes() throws {
        let (folder, _) = Self.folder()
        let run = try recordlint(["check", "--format", "sarif", "--", folder])
        #expect(run.status == 1)
        #expect(run.output.contains("\"uri\" : \"\(folder)/caf%E9.rec\""))
        #expect(run.output.contains("\"uri\" : \"\(folder)/new%0Aline.rec\""))
    }

    @Test func mergeRoundTripsTheEscapedNamesAndStillFindsAFileGivenTwice() throws {
        let (folder, _) = Self.folder()
        var reports: [String] = []
        for shard in 0..<2 {
            let run = try recordlint(["check", "--shard", "\(shard)/2", "--format", "json", "--", folder])
            reports.append(try writeTemporary(Array(run.output.utf8), name: "shard\(shard).json"))
        }
        let merged = try recordlint(["merge", "--format", "json"] + reports)
        let whole = try recordlint(["check", "--format", "json", "--", folder])
        #expect(merged.status == 1, "\(merged.errors)")
        #expect(try merged.report().files == whole.report().files)
        #expect(try merged.report().findings == whole.report().findings)
        #expect(
            merged.output.contains("\"fileBytes\" : \"\(Data(Array("\(folder)/".utf8) + Self.latin1).base64EncodedString())\""))
        // The same files in two reports.
        let once = try writeTemporary(Array(whole.output.utf8), name: "once.json")
        let again = try writeTemporary(Array(whole.output.utf8), name: "again.json")
        let twice = try recordlint(["merge", once, again])
        #expect(twice.status == 2)
        #expect(twice.errors.contains("was checked in both"))
        // Another spelling of the same bytes is refused, not taken for another file.
        let respelled = try writeTemporary(
            Array(whole.output.replacing("caf\\\\xE9", with: "caf\\\\xe9").utf8), name: "respelled.json")
        let refused = try recordlint(["merge", respelled])
        #expect(refused.status == 2)
        #expect(refused.errors.contains("is not written as recordlint writes paths"))
    }

    @Test func anArgumentThatSpellsTheEscapeOfAnotherIsRefused() throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let run = try recordlintInShell(
            "exec \"$0\" check -- \(shellWord(Self.latin1)) 'caf\\xE9.rec'", [], directory: directory)
        #expect(run.status == 64)
        #expect(run.errors.contains("is both a name given as text and how recordlint writes another argument"))
    }
}
