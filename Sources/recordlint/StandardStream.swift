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

/// Standard output and standard error, written with `write(2)` whole.
enum StandardStream {
    case output
    case error

    func write(_ text: String) {
        _ = writeAll(text, to: self == .output ? 1 : 2)  // a closed pipe: nothing more to say
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
