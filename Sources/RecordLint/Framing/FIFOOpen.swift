import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening a named FIFO for reading. As with `cat`, the open waits until a writer opens the
/// other end, and the FIFO is then read in order as a stream; but a gate must never hang
/// without a word, so once the open has waited `noticeDelay` a note says on standard error
/// which FIFO lacks a writer. (Opening without waiting would read a FIFO with no writer as
/// empty: a clean check of nothing.) A bound on the wait is the caller's: `timeout 60
/// recordlint check ...` exits 124.
enum FIFOOpen {
    /// How long an open waits for a writer before the note.
    static let noticeDelay = DispatchTimeInterval.seconds(1)

    /// Whether `path` names a FIFO now (following links).
    static func isFIFO(_ path: String) -> Bool {
        var info = stat()
        return SystemCall.statPath(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
    }

    /// `open(2)` of the FIFO at `path` for reading: the descriptor, or -1 with `errno` set.
    /// The corresponding C function is `open`, called again after EINTR.
    static func open(_ path: String) -> Int32 {
        let opened = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            guard opened.wait(timeout: .now() + noticeDelay) == .timedOut else { return }
            let note =
                "recordlint: note: waiting for a writer on FIFO \(path) (a named FIFO is read as a stream once something writes to it)\n"
            var bytes = Array(note.utf8)
            _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        }
        var descriptor: Int32
        repeat {
            descriptor = SystemCall.openPath(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        let code = errno
        opened.signal()
        errno = code
        return descriptor
    }
}
