#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns command-line paths into the inputs to scan, as SPEC.md says:
/// directories are walked recursively in byte order of the full path, hidden
/// entries and `.idx`, `.manifest` and `.json` files are skipped, and `-` is
/// standard input.
public enum InputExpansion {
    /// File name endings a directory walk skips (indexes, manifests, hyperparameters).
    public static let skippedSuffixes = [".idx", ".manifest", ".json"]

    /// The inputs, and the paths that could not be expanded (missing, empty directories).
    public static func expand(_ paths: [String]) -> (inputs: [ScanInput], unchecked: [Report.UncheckedInput]) {
        var inputs: [ScanInput] = []
        var unchecked: [Report.UncheckedInput] = []
        for path in paths {
            if path == "-" {
                inputs.append(.standardInput)
                continue
            }
            guard let isDirectory = FileStatus(path)?.isDirectory else {
                unchecked.append(Report.UncheckedInput(path: path, reason: "no such file or directory"))
                continue
            }
            guard isDirectory else {
                inputs.append(.file(path))
                continue
            }
            var visited = Set<FileStatus.Identity>()
            let found = walk(directory: path, visited: &visited)
            if found.isEmpty {
                unchecked.append(Report.UncheckedInput(path: path, reason: "a directory with no files to check"))
            }
            inputs += found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map(ScanInput.file)
        }
        return (inputs, unchecked)
    }

    /// The bytes of the inputs that are regular files (what a progress bar counts toward).
    public static func totalBytes(of inputs: [ScanInput]) -> Int {
        inputs.reduce(0) { $0 + FileStatus.size(of: $1) }
    }

    /// The paths of the inputs that are files (not standard input).
    public static func filePaths(of inputs: [ScanInput]) -> [String] { inputs.compactMap(\.path) }

    /// Whether `path` names, perhaps by another name, one of the inputs' files.
    public static func sameFile(_ path: String, asAnyOf inputs: [ScanInput]) -> Bool {
        guard let identity = FileStatus(path)?.identity else { return false }
        return inputs.contains { input in
            guard case .file(let other) = input else { return false }
            return FileStatus(other)?.identity == identity
        }
    }

    /// Walks a directory; `visited` holds the directories seen, so that a link back up the tree is walked once.
    private static func walk(directory: String, visited: inout Set<FileStatus.Identity>) -> [String] {
        guard let identity = FileStatus(directory)?.identity, visited.insert(identity).inserted,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else { return [] }
        var found: [String] = []
        for name in names where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard let isDirectory = FileStatus(path)?.isDirectory else { continue }
            if isDirectory {
                found += walk(directory: path, visited: &visited)
            } else if !skippedSuffixes.contains(where: name.hasSuffix) {
                found.append(path)
            }
        }
        return found
    }
}
