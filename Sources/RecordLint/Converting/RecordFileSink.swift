private import CFileSpace

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes encoded records to `OUT` (or `OUT-00000.pbr`, `OUT-00001.pbr`, ... of
/// N records each) through temporary files beside them, renamed only by
/// `commit()`; `discard()` (or an error) leaves nothing under the names.
final class RecordFileSink {
    private let output: String
    private let recordsPerFile: Int?
    private var pending: [UInt8] = []
    private var current: (temporary: String, final: String, descriptor: Int32)?
    private var finished: [(temporary: String, final: String)] = []
    private var recordsInFile = 0
    /// Bytes written to the current file, and how far its disk space is reserved (see `reserveAhead`).
    private var written = 0
    private var reservedEnd = 0
    /// False once the file system has refused a reservation: the writes go on without.
    private var reserving = true

    /// The names written (or to be written) so far, in order.
    private(set) var names: [String] = []

    /// Prepares to write `output`, split every `recordsPerFile` records when given.
    init(output: String, recordsPerFile: Int?, inputs: [ScanInput]) {
        self.output = output
        self.recordsPerFile = recordsPerFile
        self.inputs = inputs
    }

    private let inputs: [ScanInput]

    /// Throws when output file `index` would be one of the inputs.
    func refuseInputs(index: Int) throws {
        let name = Self.name(output: output, recordsPerFile: recordsPerFile, index: index)
        if InputExpansion.sameFile(name, asAnyOf: inputs) {
            throw ConversionError("\(name) is one of the inputs; recordlint never writes over an input")
        }
    }

    deinit { discard() }

    /// The final name of output file `index`.
    static func name(output: String, recordsPerFile: Int?, index: Int) -> String {
        guard recordsPerFile != nil else { return output }
        let digits = String(index)
        return output + "-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".pbr"
    }

    /// Appends one record, framed as the SDK frames it.
    func append(_ record: TrainingRecord) throws {
        var writer = RecordWriter()
        writer.append(record)
        try appendFrames(writer.bytes, recordEnds: [writer.bytes.count])
    }

    /// Appends framed records: record `i` is `frames[recordEnds[i - 1]..<recordEnds[i]]`. Runs of
    /// 64 KiB and more (a part of a converted block) go straight to the file; smaller ones are gathered first.
    func appendFrames(_ frames: [UInt8], recordEnds: [Int]) throws {
        var start = 0
        var index = 0
        while index < recordEnds.count {
            if current == nil || (recordsPerFile.map { recordsInFile >= $0 } ?? false) { try startFile() }
            let room = recordsPerFile.map { $0 - recordsInFile } ?? Int.max
            let taken = min(room, recordEnds.count - index)
            let end = recordEnds[index + taken - 1]
            if end - start >= 1 << 16 {
                try flush()
                try frames.withUnsafeBytes { try writeAll(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            } else {
                pending.append(contentsOf: frames[start..<end])
            }
            recordsInFile += taken
            index += taken
            start = end
        }
        if pending.count >= 1 << 20 { try flush() }
    }

    /// Writes what is buffered, closes the files and renames them to their names.
    func commit() throws {
        if current == nil { try startFile() }  // no rows: one empty file, as the SDK writes
        try closeCurrent()
        for file in finished where SystemCall.renamePath(file.temporary, file.final) != 0 {
            throw InputError(path: file.final, errno: errno)
        }
        finished = []
    }

    /// Removes every temporary file; nothing is left under the output names.
    func discard() {
        if let current {
            close(current.descriptor)
            SystemCall.unlinkPath(current.temporary)
            self.current = nil
        }
        for file in finished { SystemCall.unlinkPath(file.temporary) }
        finished = []
    }

    private func startFile() throws {
        try closeCurrent()
        try refuseInputs(index: names.count)
        let final = Self.name(output: output, recordsPerFile: recordsPerFile, index: names.count)
        let slash = final.lastIndex(of: "/")
        let directory = slash.map { String(final[...$0]) } ?? ""
        let base = slash.map { String(final[final.index(after: $0)...]) } ?? final
        let temporary = directory + "." + base + ".recordlint-\(getpid())-\(names.count).tmp"
        let descriptor = SystemCall.openPath(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw InputError(path: temporary, errno: errno) }
        current = (temporary, final, descriptor)
        names.append(final)
        recordsInFile = 0
        written = 0
        reservedEnd = 0
    }

    private func closeCurrent() throws {
        guard let file = current else { return }
        try flush()
        // Gives back the space reserved past the end (a reservation refused part-way may leave some).
        if ftruncate(file.descriptor, off_t(written)) != 0 {
            throw InputError(path: file.temporary, errno: errno)
        }
        guard close(file.descriptor) == 0 else { throw InputError(path: file.temporary, errno: errno) }
        finished.append((file.temporary, file.final))
        current = nil
    }

    private func flush() throws {
        guard current != nil, !pending.isEmpty else { return }
        try pending.withUnsafeBytes { try writeAll($0) }
        pending.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let file = current, let base = bytes.baseAddress else { return }
        reserveAhead(file.descriptor, for: bytes.count)
        var done = 0
        while done < bytes.count {
            let count = write(file.descriptor, base + done, bytes.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError(path: file.temporary, errno: errno)
            }
            done += count
        }
        written += bytes.count
    }

    /// Reserves the file's disk space ahead of the writes (`cfilespace_reserve`), doubling what is
    /// reserved from 8 MiB up to 1 GiB at a time, so that ext4 allocates blocks a few large extents
    /// at a time rather than page by page while writing (on the MNIST-like convert bench, the best of
    /// N runs fell 14 % and the first quartile 5 %; the median did not move);
    /// `closeCurrent` gives back what was not written. A hint only: a refusal stops the reserving.
    private func reserveAhead(_ descriptor: Int32, for count: Int) {
        guard reserving, written + count > reservedEnd else { return }
        let end = max(written + count, reservedEnd + min(max(reservedEnd, 8 << 20), 1 << 30))
        if cfilespace_reserve(descriptor, Int64(reservedEnd), Int64(end - reservedEnd)) == 0 {
            reservedEnd = end
        } else {
            reserving = false
        }
    }
}
