#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a file was at one moment (device, inode, size, modification time), for a command that
/// reads it more than once, such as `filter` (a check, then the copy): the copy must come from
/// the file that was checked.
public struct FileSnapshot: Sendable, Equatable {
    let fingerprint: FileSource.Fingerprint

    /// The file at `path` now; `nil` when it cannot be looked at (it then fails when opened).
    public init?(_ path: String) {
        var info = stat()
        guard SystemCall.statPath(path, &info) == 0 else { return nil }
        fingerprint = FileSource.Fingerprint(info)
    }

    /// Why the file at `path` is no longer what it was, or `nil` when it is unchanged.
    public func change(of path: String) -> String? { FileSource.change(of: path, since: fingerprint) }
}
