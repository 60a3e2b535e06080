#if canImport(Glibc)
import Glibc

/// `read(2)`, named apart from the `read` methods below.
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin

private let systemRead = Darwin.read
#endif

/// Where a scan's bytes come from: a file read with `pread`, a stream read in
/// order, or bytes in memory.
protocol ByteSource: AnyObject {
    /// The total size when it is known in advance (files, memory); `nil` for streams.
    var knownSize: Int? { get }
    /// Reads up to `buffer.count` bytes at `offset`; returns the count read, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int
}

/// A failure to read input, with the path and the system's reason.
public struct InputError: Error, CustomStringConvertible, Sendable {
    /// The path that could not be read.
    public let path: String
    /// Why, in the system's words.
    public let reason: String

    /// Creates an error for `path` from `errno`.
    init(path: String, errno code: Int32) {
        self.path = path
        self.reason = String(cString: strerror(code))
    }

    /// Creates an error for `path` with a reason.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// A file read with `pread` (the corresponding C functions are `open`,
/// `pread` and `close`), or in order with `read` when it is a FIFO or device.
final class FileSource: ByteSource, @unchecked Sendable {
    let path: String
    let knownSize: Int?
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        let fd =
            FIFOOpen.isFIFO(path)
            ? FIFOOpen.open(path) : SystemCall.openPath(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(path: path, errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw InputError(path: path, errno: code)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(path: path, reason: "is a directory")
        }
        descriptor = fd
        knownSize = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        fingerprint = Fingerprint(info)
    }

    /// What a file is and holds, as far as `stat(2)` tells: a scan that reads a file more than once
    /// (chunks on several threads, a second pass) compares it at the end to know it read one file.
    struct Fingerprint: Equatable, Sendable {
        let device: UInt64
        let inode: UInt64
        let size: Int
        let modifiedSeconds: Int
        let modifiedNanoseconds: Int

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int(info.st_size)
            modifiedSeconds = Int(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        }
    }

    /// The file as it was when opened.
    let fingerprint: Fingerprint

    /// Why the file at `path` is no longer what it was when it was opened as `fingerprint` (written
    /// to, cut, grown, or another file put under its name), or `nil` when it is unchanged: a scan's
    /// counts and its second pass must come from one file. (Looked up by path, so that a scan of
    /// many files does not hold a descriptor for each.)
    static func change(of path: String, since fingerprint: Fingerprint) -> String? {
        var info = stat()
        guard SystemCall.statPath(path, &info) == 0 else {
            return "was removed or replaced during the scan (\(String(cString: strerror(errno)))); check it again"
        }
        let now = Fingerprint(info)
        if now.device != fingerprint.device || now.inode != fingerprint.inode {
            return "was replaced during the scan (its name now leads to another file); check it again"
        }
        if now.size != fingerprint.size {
            return
                "changed during the scan: \(fingerprint.size) bytes when opened, \(now.size) at the end; check it again when nothing writes to it"
        }
        if now != fingerprint { return "was written to during the scan; check it again when nothing writes to it" }
        return nil
    }

    deinit { close(descriptor) }

    /// Reads at `offset` with `pread`; a FIFO or device (no known size) is read in order with `read`.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        while true {
            let count =
                knownSize == nil
                ? systemRead(descriptor, buffer.baseAddress, buffer.count)
                : pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw InputError(path: path, errno: errno) }
        }
    }
}

/// A stream (standard input, a pipe) read in order with `read`.
final class StreamSource: ByteSource {
    let name: String
    let knownSize: Int? = nil
    private let descriptor: Int32
    private var position = 0

    init(name: String, descriptor: Int32) {
        self.name = name
        self.descriptor = descriptor
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        precondition(offset == position, "a stream is read in order")
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                position += count
                return count
            }
            if errno != EINTR { throw InputError(path: name, errno: errno) }
        }
    }
}

/// Bytes already in memory.
final class MemorySource: ByteSource, @unchecked Sendable {
    let bytes: [UInt8]
    var knownSize: Int? { bytes.count }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        guard offset < bytes.count else { return 0 }
        let count = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        return count
    }
}

/// Counts the bytes a stream delivers, and tells `progress` of each new stretch.
final class CountingSource: ByteSource {
    private let base: ByteSource
    private let progress: (@Sendable (Int) -> Void)?
    private(set) var total = 0
    var knownSize: Int? { base.knownSize }

    init(_ base: ByteSource, progress: (@Sendable (Int) -> Void)? = nil) {
        self.base = base
        self.progress = progress
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        let count = try base.read(into: buffer, at: offset)
        let newTotal = max(total, offset + count)
        if newTotal > total { progress?(newTotal - total) }
        total = newTotal
        return count
    }
}

/// A whole small file read into memory by its escaped path (`PathText`): a report, a
/// hyperparameters or configuration file, a list of record indices.
public enum WholeFile {
    /// The bytes of the file at `path`, read in order (so a pipe such as `<(cat hp.json)`
    /// works); throws when it cannot be opened or read, or holds more than `limit` bytes
    /// (`tooLarge` is then the reason).
    public static func read(_ path: String, limit: Int = .max, tooLarge: String = "the file is too large") throws(InputError)
        -> [UInt8]
    {
        do {
            let source = try FileSource(path: path)
            var bytes: [UInt8] = []
            var block = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = try block.withUnsafeMutableBytes { try source.read(into: $0, at: bytes.count) }
                if count == 0 { return bytes }
                bytes += block[..<count]
                if bytes.count > limit { throw InputError(path: path, reason: tooLarge) }
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(path: path, reason: "\(error)")
        }
    }
}
