#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an output (`--indices-out`, `filter --out`, `convert -o`, `export -o`) may be written,
/// decided before anything is read: recordlint writes regular files (new ones, or existing ones
/// replaced whole by a rename) and, where the output allows it, a stream that is already open
/// (`-` and `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`). It never replaces a symbolic
/// link, a device, a FIFO, a socket or a directory, and never writes over an input.
public enum OutputTarget: Equatable, Sendable {
    /// A regular file, new or existing: written beside it under a temporary name and renamed over it.
    case file
    /// An open descriptor of this process (`/dev/stdout` is 1): written in place, never replaced.
    case stream(Int32)

    /// What `path` is as an output; throws when recordlint must not write it.
    /// `streams`: whether the output can be written as a stream (one pass, no rewriting).
    public static func resolve(_ path: String, streams: Bool) throws(OutputRefusal) -> OutputTarget {
        if let descriptor = streamDescriptor(path) {
            guard streams else {
                throw OutputRefusal("\(path): this output is rewritten in place, so it needs a regular file, not a stream")
            }
            guard fcntl(descriptor, F_GETFD) != -1 else {
                throw OutputRefusal("\(path): descriptor \(descriptor) is not open")
            }
            return .stream(descriptor)
        }
        var info = stat()
        guard SystemCall.lstatPath(path, &info) == 0 else {
            if errno == ENOENT { return .file }
            throw OutputRefusal("\(path): \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFLNK:
            throw OutputRefusal(
                "\(path) is a symbolic link; recordlint never replaces one: give the path of the file it points to")
        default:
            throw OutputRefusal(
                "\(path) is \(kind(info.st_mode)), not a regular file; recordlint writes only regular files"
                    + (streams ? " and /dev/stdout" : ""))
        }
    }

    /// Throws when `path` (an output, by any name: a hard link, a link, `/dev/stdout` redirected)
    /// is the same file as one of `inputs` (every input of the run: all shards' files, the
    /// hyperparameters and configuration files).
    public static func refuseInputs(_ path: String, option: String, inputs: [String]) throws(OutputRefusal) {
        var info = stat()
        let found = streamDescriptor(path).map { fstat($0, &info) == 0 } ?? (SystemCall.statPath(path, &info) == 0)
        guard found else { return }
        let identity = FileStatus.Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        // A terminal or /dev/null written by several names is no input's content.
        guard (info.st_mode & S_IFMT) == S_IFREG else { return }
        for input in inputs where FileStatus(input)?.identity == identity {
            let name = input == path ? "" : " (\(input))"
            throw OutputRefusal("\(option) \(path) is one of the inputs\(name); recordlint never writes to what it checks")
        }
    }

    /// The descriptor `path` names when it is one of this process's open streams (`-` is standard
    /// output, as for most tools; `./-` names a file called `-`).
    static func streamDescriptor(_ path: String) -> Int32? {
        switch path {
        case "-", "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                if let number = Int32(path.dropFirst(prefix.count)), number >= 0 { return number }
            }
            return nil
        }
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a directory"
        default: "not a regular file"
        }
    }
}

/// Why an output may not be written, in a sentence that names it.
public struct OutputRefusal: Error, CustomStringConvertible, Sendable {
    /// The sentence.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
