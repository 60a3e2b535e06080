#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns command-line paths into the inputs to scan, as SPEC.md says:
/// directories are walked recursively in byte order of the full path, hidden
/// entries and `.idx`, `.manifest` and `.json` files are skipped, and `-` is
/// standard input.
///
/// Paths are escaped text (`PathText`): a name that is not UTF-8 is walked, checked and
/// reported like any other, written with `\xNN` escapes. Nothing is skipped silently. Every
/// entry that cannot be looked at or read (a directory without permission, a path longer than
/// the system allows, a loop of symbolic links, a link to nothing) is an unchecked input with
/// the system's reason, so the run exits 2. Entries that are not regular files (FIFOs, sockets,
/// devices) are left out of walks with a note: opening a FIFO waits for a writer. Named on the
/// command line, a FIFO or device is read in order as a stream.
public enum InputExpansion {
    /// File name endings a directory walk skips (indexes, manifests, hyperparameters).
    public static let skippedSuffixes = [".idx", ".manifest", ".json"]

    /// The inputs, and the paths that could not be expanded (missing, unreadable, empty directories).
    /// Paths, given and found, are escaped text (`PathText`).
    /// Use `expand(_:notes:)` to hear of the entries a walk left out.
    public static func expand(_ paths: [String]) -> (inputs: [ScanInput], unchecked: [Report.UncheckedInput]) {
        var notes: [String] = []
        return expand(paths, notes: &notes)
    }

    /// The inputs and the paths that could not be expanded; `notes` gets a line for every entry a
    /// walk left out because it is not a regular file.
    public static func expand(_ paths: [String], notes: inout [String]) -> (
        inputs: [ScanInput], unchecked: [Report.UncheckedInput]
    ) {
        var inputs: [ScanInput] = []
        var unchecked: [Report.UncheckedInput] = []
        for path in paths {
            if path == "-" {
                inputs.append(.standardInput)
                continue
            }
            let status: FileStatus
            switch look(at: path) {
            case .failure(let failure):
                unchecked.append(Report.UncheckedInput(path: path, reason: failure.text))
                continue
            case .success(let found): status = found
            }
            guard status.isDirectory else {
                inputs.append(.file(path))
                continue
            }
            var walk = Walk()
            walk.walk(directory: path)
            if walk.found.isEmpty && walk.unchecked.isEmpty {
                unchecked.append(Report.UncheckedInput(path: path, reason: "a directory with no files to check"))
            }
            unchecked += walk.unchecked
            notes += walk.notes
            inputs += walk.found.map { (path: $0, bytes: PathText.bytes(of: $0) ?? Array($0.utf8)) }
                .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }.map { ScanInput.file($0.path) }
        }
        return (inputs, unchecked)
    }

    /// The bytes of the inputs that are regular files (what a progress bar counts toward).
    public static func totalBytes(of inputs: [ScanInput]) -> Int {
        inputs.reduce(0) { $0 + FileStatus.size(of: $1) }
    }

    /// The paths of the inputs that are files (not standard input).
    public static func filePaths(of inputs: [ScanInput]) -> [String] { inputs.compactMap(\.path) }

    /// The paths of the inputs that exist and are not regular files (FIFOs, devices): read once
    /// as a stream, they cannot be read again by a command that reads its inputs twice.
    public static func streamPaths(of inputs: [ScanInput]) -> [String] {
        filePaths(of: inputs).filter { FileStatus($0).map { !$0.isRegularFile && !$0.isDirectory } ?? false }
    }

    /// Whether `path` names, perhaps by another name, one of the inputs' files.
    public static func sameFile(_ path: String, asAnyOf inputs: [ScanInput]) -> Bool {
        guard let identity = FileStatus(path)?.identity else { return false }
        return inputs.contains { input in
            guard case .file(let other) = input else { return false }
            return FileStatus(other)?.identity == identity
        }
    }

    /// `stat(2)` of `path`, or the real reason it failed: a link to nothing is said to be one.
    private static func look(at path: String) -> Result<FileStatus, Reason> {
        if let status = FileStatus(path) { return .success(status) }
        let code = errno
        var info = stat()
        if code == ENOENT, SystemCall.lstatPath(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            return .failure(Reason("a symbolic link to a file that does not exist"))
        }
        return .failure(Reason(String(cString: strerror(code)).lowercasedFirst))
    }

    /// Why a path could not be looked at, in words.
    private struct Reason: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    /// One recursive directory walk: `visited` holds the directories seen, so that a link back
    /// up the tree is walked once.
    private struct Walk {
        var found: [String] = []
        var unchecked: [Report.UncheckedInput] = []
        var notes: [String] = []
        var visited = Set<FileStatus.Identity>()

        mutating func walk(directory: String) {
            guard let identity = FileStatus(directory)?.identity, visited.insert(identity).inserted else { return }
            guard let stream = SystemCall.opendirPath(directory) else {
                unchecked.append(
                    Report.UncheckedInput(
                        path: directory, reason: "cannot list the directory: \(String(cString: strerror(errno)).lowercasedFirst)")
                )
                return
            }
            defer { closedir(stream) }
            var names: [[UInt8]] = []
            while true {
                errno = 0
                guard let entry = readdir(stream) else {
                    if errno != 0 {
                        unchecked.append(
                            Report.UncheckedInput(
                                path: directory,
                                reason: "cannot list the whole directory: \(String(cString: strerror(errno)).lowercasedFirst)"))
                    }
                    break
                }
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    Array(raw.prefix { $0 != 0 })
                }
                if name.first != UInt8(ascii: ".") { names.append(name) }
            }
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            for bytes in names {
                let name = PathText.text(of: bytes)
                let path = prefix + name
                let skipped = skippedSuffixes.contains(where: name.hasSuffix)
                switch InputExpansion.look(at: path) {
                case .failure(let reason):
                    if !skipped { unchecked.append(Report.UncheckedInput(path: path, reason: reason.text)) }
                case .success(let status) where status.isDirectory:
                    walk(directory: path)
                case .success(let status) where status.isRegularFile:
                    if !skipped { found.append(path) }
                case .success where skipped:
                    break
                case .success:
                    notes.append(
                        "\(path) is not a regular file (a FIFO, socket or device): left out of the walk; name it to read it as a stream"
                    )
                }
            }
        }
    }
}

extension String {
    /// The text with its first letter in lower case ("Permission denied" → "permission denied").
    fileprivate var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
