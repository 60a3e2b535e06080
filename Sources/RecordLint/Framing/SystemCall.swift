#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls recordlint makes on paths, taking escaped text (`PathText`) and passing
/// the bytes it stands for; each returns what its C function returns, with `errno` set.
enum SystemCall {
    /// The corresponding C function is `open`.
    static func openPath(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        PathText.withSystemPath(path) { open($0, flags, mode) }
    }

    /// The corresponding C function is `rename`.
    static func renamePath(_ from: String, _ to: String) -> Int32 {
        PathText.withSystemPath(from) { old in PathText.withSystemPath(to) { rename(old, $0) } }
    }

    /// The corresponding C function is `unlink`.
    @discardableResult
    static func unlinkPath(_ path: String) -> Int32 { PathText.withSystemPath(path) { unlink($0) } }

    /// The corresponding C function is `mkdir`.
    static func mkdirPath(_ path: String, _ mode: mode_t) -> Int32 { PathText.withSystemPath(path) { mkdir($0, mode) } }

    /// The corresponding C function is `rmdir`.
    @discardableResult
    static func rmdirPath(_ path: String) -> Int32 { PathText.withSystemPath(path) { rmdir($0) } }

    /// The corresponding C function is `stat`.
    static func statPath(_ path: String, _ info: inout stat) -> Int32 {
        PathText.withSystemPath(path) { stat($0, &info) }
    }

    /// The corresponding C function is `lstat`.
    static func lstatPath(_ path: String, _ info: inout stat) -> Int32 {
        PathText.withSystemPath(path) { lstat($0, &info) }
    }

    /// The corresponding C function is `opendir`.
    static func opendirPath(_ path: String) -> OpaquePointer? { PathText.withSystemPath(path) { opendir($0) } }
}
