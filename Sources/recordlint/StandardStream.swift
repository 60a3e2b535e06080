#if canImport(Glibc)
import Glibc

private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin

private let systemWrite = Darwin.write
#endif

/// Standard output and standard error, written with `write(2)` whole.
enum StandardStream {
    case output
    case error

    func write(_ text: String) {
        let descriptor: Int32 = self == .output ? 1 : 2
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { systemWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return  // a closed pipe: nothing more to say
            }
            offset += written
        }
        bytes.removeAll()
    }
}
