import RecordLint

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `--indices-out` file. A regular file (new, or an existing one) is written as a temporary
/// file beside the target, made before the scan (so an unwritable place is found at once, not
/// after the whole scan) and renamed over the target when it is complete. `/dev/stdout` and the
/// other open streams (`OutputTarget.stream`) are written in place at the end. Anything else (a
/// symbolic link, a device, a FIFO) is refused before the scan.
final class IndicesFile {
    let target: String
    private var temporary: String?
    private var descriptor: Int32

    /// Creates the temporary file; throws a message when the target may not be written or its folder is not writable.
    init(target: String) throws {
        self.target = target
        let kind: OutputTarget
        do {
            kind = try OutputTarget.resolve(target, streams: true)
        } catch {
            throw IndicesFileError(message: "cannot write --indices-out: \(error.message)")
        }
        if case .stream(let stream) = kind {
            descriptor = stream
            temporary = nil
            return
        }
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { String(target[..<$0]) } ?? "."
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        // The name's bytes (PathText), so that a target whose name is not UTF-8 gets its temporary file beside it.
        let text = "\(folder.isEmpty ? "/" : folder)/.\(name).recordlint-XXXXXX"
        var template = (PathText.bytes(of: text) ?? Array(text.utf8)).map { CChar(bitPattern: $0) } + [0]
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw IndicesFileError(message: "cannot write --indices-out \(target): \(String(cString: strerror(errno)))")
        }
        temporary = PathText.text(of: template.dropLast().map { UInt8(bitPattern: $0) })
    }

    deinit {
        if descriptor >= 0, let temporary {
            close(descriptor)
            PathText.withSystemPath(temporary) { _ = unlink($0) }
        }
    }

    /// Writes `text`, then renames the file over the target (a stream is written and left open).
    func commit(_ text: String) throws {
        if let code = writeAll(text, to: descriptor) {
            throw IndicesFileError(message: "cannot write --indices-out \(target): \(String(cString: strerror(code)))")
        }
        guard let temporary else { return }
        fchmod(descriptor, 0o644)
        let closed = close(descriptor)
        descriptor = -1
        let renamed = PathText.withSystemPath(temporary) { from in PathText.withSystemPath(target) { rename(from, $0) } }
        guard closed == 0, renamed == 0 else {
            let reason = String(cString: strerror(errno))
            PathText.withSystemPath(temporary) { _ = unlink($0) }
            throw IndicesFileError(message: "cannot write --indices-out \(target): \(reason)")
        }
    }
}

/// Why `--indices-out` could not be written.
struct IndicesFileError: Error {
    let message: String
}
