#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat(2)` says of a path (following links): the one place inputs are looked at
/// before they are opened.
struct FileStatus: Sendable {
    /// The file as the file system knows it, whatever name reached it.
    struct Identity: Hashable, Sendable {
        let device: UInt64
        let inode: UInt64
    }

    let identity: Identity
    let isDirectory: Bool
    let isRegularFile: Bool
    let size: Int

    /// The status of `path`, or `nil` when it does not exist or cannot be looked at.
    init?(_ path: String) {
        var info = stat()
        guard SystemCall.statPath(path, &info) == 0 else { return nil }
        identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
        size = Int(info.st_size)
    }

    /// The size of a regular file input; 0 for standard input and anything else.
    static func size(of input: ScanInput) -> Int {
        guard case .file(let path) = input, let status = FileStatus(path), status.isRegularFile else { return 0 }
        return status.size
    }
}
