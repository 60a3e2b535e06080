import ArgumentParser
import RecordLint
import TOMLKit

#if canImport(Glibc)
import Glibc
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// recordlint's configuration file (SPEC.md, "Whole datasets"): `recordlint.toml`,
/// or the `[tool.recordlint]` table of `pyproject.toml`, the nearest one found by
/// walking up from the working directory to the repository root (the directory
/// holding `.git`). It holds the settings a hook or CI job would otherwise pass as
/// options; options win over it. Paths in it are relative to its directory.
/// Parsed with TOMLKit; a bad file is a usage error naming the file, line and key.
struct ConfigFile {
    /// The file read.
    let path: String
    var algorithm: Algorithm?
    var featureDim: Int?
    var hyperparameters: String?
    /// Each channel's paths, in the file's order of channels.
    var channels: [(Channel, [String])] = []
    var strict: Bool?
    /// Glob patterns (fnmatch) of files left out of the check: matched against a
    /// file's name and against its path relative to the configuration's directory;
    /// a pattern ending in `/` leaves out a directory of that name (or path) anywhere.
    var exclude: [String] = []
    var format: ReportFormat?
    var maxFindings: Int?
    var jobs: Int?
    /// What to check when the command line names nothing.
    var paths: [String] = []

    /// The keys the file may hold.
    static let keys = [
        "algorithm", "feature-dim", "hyperparameters", "channels", "strict", "exclude", "format", "max-findings", "jobs",
        "paths",
    ]

    /// The nearest configuration file from `directory` up to the repository root, when there is one.
    static func find(from directory: String) throws -> ConfigFile? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let own = current.appendingPathComponent("recordlint.toml").path
            if FileManager.default.fileExists(atPath: own) { return try load(PathText.text(ofName: own)) }
            let pyproject = current.appendingPathComponent("pyproject.toml").path
            if let text = try? String(contentsOfFile: pyproject, encoding: .utf8), text.contains("[tool.recordlint") {
                if let found = try load(PathText.text(ofName: pyproject)) { return found }
            }
            let isRoot = FileManager.default.fileExists(atPath: current.appendingPathComponent(".git").path)
            let parent = current.deletingLastPathComponent()
            if isRoot || parent.path == current.path { return nil }
            current = parent
        }
    }

    /// Reads `path`: a `pyproject.toml` by its `[tool.recordlint]` table (`nil` without
    /// one), any other file as a whole.
    static func load(_ path: String) throws -> ConfigFile? {
        guard let data = try? WholeFile.read(path) else {
            throw ValidationError("cannot read the configuration file \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ValidationError(
                "\(path):\(error.source.begin.line):\(error.source.begin.column): not valid TOML: \(error.description)")
        }
        let isPyproject = URL(fileURLWithPath: path).lastPathComponent == "pyproject.toml"
        if isPyproject {
            guard let tool = table["tool"]?.table, let own = tool["recordlint"] else { return nil }
            guard let section = own.table else {
                throw ValidationError(
                    "\(path)\(Self.line(of: "recordlint", in: text, section: "tool")): tool.recordlint must be a table")
            }
            return try ConfigFile(path: path, table: section, text: text, section: "tool.recordlint")
        }
        return try ConfigFile(path: path, table: table, text: text, section: nil)
    }

    private init(path: String, table: TOMLTable, text: String, section: String?) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        // A path in the file is a name as text: escaped (PathText) as a command-line path is.
        func resolve(_ name: String) -> String {
            let relative = PathText.text(ofName: name)
            return relative.hasPrefix("/") || relative == "-" ? relative : directory.appendingPathComponent(relative).path
        }
        func fail(_ key: String, _ problem: String, in subsection: String? = nil) -> ValidationError {
            let within = [section, subsection].compactMap { $0 }.joined(separator: ".")
            return ValidationError(
                "\(path)\(Self.line(of: key, in: text, section: within.isEmpty ? nil : within)): \(key): \(problem)")
        }
        func strings(_ key: String, _ value: TOMLValueConvertible, in subsection: String? = nil) throws -> [String] {
            if let single = value.string { return [single] }
            guard let array = value.array, let list = Optional(array.compactMap(\.string)), list.count == array.count,
                !list.isEmpty
            else { throw fail(key, "must be a string or a list of strings", in: subsection) }
            return list
        }
        for key in table.keys {
            let value = table[key]!
            switch key {
            case "algorithm":
                guard let name = value.string, let algorithm = Algorithm(rawValue: name) else {
                    throw fail(key, "must be one of \(Algorithm.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                self.algorithm = algorithm
            case "feature-dim":
                guard let number = value.int, number >= 1 else { throw fail(key, "must be a positive integer") }
                featureDim = number
            case "max-findings":
                guard let number = value.int, number >= 0 else { throw fail(key, "must be 0 (all) or a positive integer") }
                maxFindings = number
            case "jobs":
                guard let number = value.int, number >= 1, number <= 1024 else {
                    throw fail(key, "must be an integer from 1 to 1024")
                }
                jobs = number
            case "strict":
                guard let flag = value.bool else { throw fail(key, "must be true or false") }
                strict = flag
            case "hyperparameters":
                guard let file = value.string else { throw fail(key, "must be a path (a string)") }
                hyperparameters = resolve(file)
            case "format":
                guard let name = value.string, let format = ReportFormat(rawValue: name) else {
                    throw fail(key, "must be one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                self.format = format
            case "exclude": exclude = try strings(key, value)
            case "paths": paths = try strings(key, value).map(resolve)
            case "channels":
                guard let channelTable = value.table else {
                    throw fail(key, "must be a table of channel names to paths, e.g. { train = \"data/train\" }")
                }
                for name in channelTable.keys {
                    guard let channel = Channel(rawValue: name) else {
                        throw fail(name, "is no channel (train, validation, test)", in: "channels")
                    }
                    channels.append((channel, try strings(name, channelTable[name]!, in: "channels").map(resolve)))
                }
            default:
                let nearest = Self.keys.min { Self.distance(key, $0) < Self.distance(key, $1) }!
                let hint = Self.distance(key, nearest) <= 2 ? "; did you mean \(nearest)?" : ""
                throw fail(key, "is no setting (\(Self.keys.joined(separator: ", ")))\(hint)")
            }
        }
    }

    /// Whether `path` (an expanded input) is left out by `exclude`.
    func excludes(_ path: String) -> Bool {
        guard !exclude.isEmpty else { return false }
        let directory = URL(fileURLWithPath: self.path).deletingLastPathComponent().standardizedFileURL.path + "/"
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let relative = absolute.hasPrefix(directory) ? String(absolute.dropFirst(directory.count)) : path
        let name = URL(fileURLWithPath: path).lastPathComponent
        return exclude.contains { pattern in
            fnmatch(pattern, name, 0) == 0 || fnmatch(pattern, relative, 0) == 0
                || (pattern.hasSuffix("/") && (relative.hasPrefix(pattern) || relative.contains("/" + pattern)))
        }
    }

    /// `:LINE` of the first line that sets `key` in `section` (`a.b` for `[a.b]`), or "" when none does.
    static func line(of key: String, in text: String, section: String?) -> String {
        var current: String?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = trimmed(raw)
            if line.hasPrefix("[") {
                current = trimmed(line.filter { $0 != "[" && $0 != "]" })
                continue
            }
            let inSection = current == section
            // `key` may also be written dotted (`channels.train = ...`) or inside an inline table.
            for candidate in [key, "\"\(key)\"", "'\(key)'"] {
                if inSection, line.hasPrefix(candidate),
                    trimmed(line.dropFirst(candidate.count)).first.map({ "=.".contains($0) })
                        == true
                {
                    return ":\(number + 1)"
                }
                if (inSection || current == section.map { $0.split(separator: ".").dropLast().joined(separator: ".") }),
                    line.contains("{"), line.contains("\(candidate) =") || line.contains("\(candidate)=")
                {
                    return ":\(number + 1)"
                }
            }
        }
        return ""
    }

    private static func trimmed(_ text: some StringProtocol) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }

    /// Edit distance, for suggesting the nearest key.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
