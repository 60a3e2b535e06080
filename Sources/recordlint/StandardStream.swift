import Synchronization

#if canImport(Glibc)
import Glibc

private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin

private let systemWrite = Darwin.write
#endif

/// Writes all of `text` to `descriptor` with `write(2)`, again after EINTR;
/// returns the `errno` of a failed write, or `nil` when everything was written.
func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { systemWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return nil
}

/// The `errno` of the first failed write to standard output (0: none), from any thread.
private let outputFailure = Atomic<Int32>(0)

/// Standard output and standard error, written with `write(2)` whole.
enum StandardStream {
    case output
    case error

    /// Writes `text`; a failed write to standard output is remembered (`outputProblem`), so
    /// that the run ends with exit status 2 instead of 0 with the output lost. A failed write
    /// to standard error has nowhere to be told.
    func write(_ text: String) {
        guard let code = writeAll(text, to: self == .output ? 1 : 2), self == .output else { return }
        _ = outputFailure.compareExchange(expected: 0, desired: code, ordering: .relaxed)
    }

    /// Why standard output lost something (`/dev/full`, a closed descriptor), or `nil` when every write succeeded.
    static var outputProblem: String? {
        let code = outputFailure.load(ordering: .relaxed)
        return code == 0 ? nil : String(cString: strerror(code))
    }

    /// Standard input, output and error that are closed are opened on `/dev/null` the wrong way
    /// round (output read-only, input write-only): every write to a closed standard output then
    /// fails and is reported, and no file recordlint opens can take descriptor 0, 1 or 2 and
    /// receive the report.
    static func reserveClosedDescriptors() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            _ = open("/dev/null", descriptor == 0 ? O_WRONLY : O_RDONLY)
        }
    }
}

/// Standard output gathered into blocks of about 64 KiB, so that findings
/// streamed one by one cost one `write(2)` per block, not per line.
final class BufferedOutput {
    private var pending = ""
    private let stream: StandardStream

    init(_ stream: StandardStream = .output) { self.stream = stream }

    deinit { flush() }

    func write(_ text: String) {
        pending += text
        if pending.utf8.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !pending.isEmpty else { return }
        stream.write(pending)
        pending = ""
    }
}
