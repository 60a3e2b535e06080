private import CFileSpace

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name beside its final one and renamed
/// into place by `commit()`; `discard()` (or deinit before a commit) removes it.
final class AtomicFile {
    /// The name it gets when committed.
    let path: String
    private let temporary: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var committed = false
    /// Bytes written so far (buffered ones included).
    private(set) var size = 0

    /// Creates the temporary file for `path`; throws when `path` is not a regular file or a new
    /// name (a symbolic link, a device, a FIFO: see `OutputTarget`).
    init(path: String) throws {
        self.path = path
        do {
            _ = try OutputTarget.resolve(path, streams: false)
        } catch {
            throw InputError(path: "cannot write", reason: error.message)
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporary = directory + "." + base + ".recordlint-\(getpid()).tmp"
        descriptor = SystemCall.openPath(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw InputError(path: temporary, errno: errno) }
    }

    deinit { discard() }

    /// Appends bytes.
    func write<Bytes: Sequence>(_ bytes: Bytes) throws where Bytes.Element == UInt8 { try buffered(bytes) }

    private func buffered<Bytes: Sequence>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        let before = buffer.count
        buffer.append(contentsOf: bytes)
        size += buffer.count - before
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends a large slice straight to the file (after what is buffered), without copying it to the buffer.
    func write(_ bytes: ArraySlice<UInt8>) throws {
        guard bytes.count >= 1 << 16 else { return try buffered(bytes) }
        try flush()
        size += bytes.count
        try bytes.withUnsafeBytes { try writeAll($0) }
    }

    /// Appends `count` bytes of the open file `source` from `offset` (after what is buffered), copied by
    /// the kernel (`sendfile`) without passing through this process; read and write otherwise.
    /// Returns the bytes copied: fewer than `count` when `source` ends first. (`kernel: false`
    /// takes the fallback, for tests.)
    func copy(from source: Int32, offset: Int, count: Int, kernel: Bool = true) throws -> Int {
        try flush()
        var position = off_t(offset)
        var done = 0
        if !kernel { done = try copyByReading(source, offset, count) }
        while done < count && kernel {
            let sent = sendfile(descriptor, source, &position, min(count - done, 1 << 30))
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EINVAL || errno == ENOSYS {
                    done += try copyByReading(source, Int(position), count - done)
                    break
                }
                throw InputError(path: temporary, errno: errno)
            }
            if sent == 0 { break }
            done += sent
        }
        size += done
        return done
    }

    private func copyByReading(_ source: Int32, _ offset: Int, _ count: Int) throws -> Int {
        var block = [UInt8](repeating: 0, count: min(count, 1 << 20))
        var done = 0
        while done < count {
            let got = block.withUnsafeMutableBytes {
                pread(source, $0.baseAddress, min($0.count, count - done), off_t(offset + done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw InputError(path: temporary, errno: errno) }
            if got == 0 { break }
            try block.withUnsafeBytes { try writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            done += got
        }
        return done
    }

    /// Overwrites bytes at `offset` (already written, e.g. a header reserved at the start).
    func overwrite(_ bytes: [UInt8], at offset: Int) throws {
        try flush()
        let count = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard count == bytes.count else { throw InputError(path: temporary, errno: errno) }
    }

    /// Reserves disk space for `count` more bytes (what the file will hold at most, e.g. a filter's
    /// inputs), so that ext4 writes it faster (see `NamelessFile.reserve`); what is not written is
    /// given back by `commit()`. A hint: where it cannot be done, writing does as before.
    func reserve(_ count: Int) {
        guard count > 0, cfilespace_reserve(descriptor, Int64(size), Int64(count)) == 0 else { return }
        reserved = true
    }

    /// Whether `reserve` took space, which `commit()` gives back past the end.
    private var reserved = false

    /// Writes what is buffered and renames the file to `path`.
    func commit() throws {
        try flush()
        if reserved, ftruncate(descriptor, off_t(size)) != 0 { throw InputError(path: temporary, errno: errno) }
        guard close(descriptor) == 0 else { throw InputError(path: temporary, errno: errno) }
        descriptor = -1
        guard SystemCall.renamePath(temporary, path) == 0 else { throw InputError(path: path, errno: errno) }
        committed = true
    }

    /// Removes the temporary file.
    func discard() {
        guard !committed else { return }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        SystemCall.unlinkPath(temporary)
        committed = true
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError(path: temporary, errno: errno)
            }
            done += count
        }
    }
}
