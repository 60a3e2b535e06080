#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `RecordFilter.copy` did.
public struct FilterResult: Sendable, Equatable {
    /// Records copied to the output.
    public var kept = 0
    /// Records left out (copied to the rejects file when there is one).
    public var dropped = 0
    /// Damaged regions left out (they are not records, so never in the rejects file).
    public var damaged = 0
}

/// Copies records from recordio-protobuf files frame for frame (a multi-part
/// record keeps its frames, padding included), leaving out the records named
/// and every damaged region. The output is written under a temporary name and
/// renamed when complete.
public enum RecordFilter {
    /// Copies the records of `files` (in order) whose index is not in `drop[file]` to `output`;
    /// the dropped records go to `rejects` when given. Record indices are `check`'s. With
    /// `checked`, the files as they were when checked: one that changed since fails the copy
    /// and nothing is written (the indices would name other records).
    /// A file in `intact` (its size and record count as a check found them with no error) that
    /// drops nothing is copied whole, without walking its frames again: with no damage and nothing
    /// left out, its records are all of its bytes (and `checked` says whether it is still that file).
    public static func copy(
        _ files: [String], dropping drop: [String: Set<Int>], to output: String, rejects: String?,
        checked: [String: FileSnapshot] = [:], intact: [String: IntactFile] = [:]
    ) throws -> FilterResult {
        let inputs = files.map { ScanInput.file($0) }
        for path in [output] + (rejects.map { [$0] } ?? []) where InputExpansion.sameFile(path, asAnyOf: inputs) {
            throw ConversionError("\(path) is one of the inputs; recordlint never writes over an input")
        }
        let out = try AtomicFile(path: output)
        let rejected = try rejects.map { try AtomicFile(path: $0) }
        // The copy holds at most its inputs: reserved at once, the unwritten rest given back at the commit.
        out.reserve(files.reduce(0) { $0 + (FileStatus($1)?.size ?? 0) })
        var result = FilterResult()
        for file in files {
            let copySource = try CopySource(path: file)
            let dropped = drop[file] ?? []
            if dropped.isEmpty, let whole = intact[file] {
                try copySource.copy(from: 0, to: whole.bytes, into: out)
                guard copySource.size == whole.bytes else { throw InputError(path: file, reason: "changed while it was read") }
                result.kept += whole.records
                continue
            }
            let source = try FileSource(path: file)
            var index = 0
            // Runs of adjacent records bound for the same file are copied as one range.
            var kept = ByteRun()
            var rejects = ByteRun()
            _ = try RecordWalker(window: ByteWindow(source: source)).walk(from: 0) { event in
                defer { index += 1 }
                switch event {
                case .damage: result.damaged += 1
                case .record(let record):
                    if dropped.contains(index) {
                        result.dropped += 1
                        if let rejected {
                            try rejects.add(record.offset, record.end) { try copySource.copy(from: $0, to: $1, into: rejected) }
                        }
                    } else {
                        result.kept += 1
                        try kept.add(record.offset, record.end) { try copySource.copy(from: $0, to: $1, into: out) }
                    }
                }
            }
            try kept.flush { try copySource.copy(from: $0, to: $1, into: out) }
            if let rejected { try rejects.flush { try copySource.copy(from: $0, to: $1, into: rejected) } }
        }
        for file in files {
            if let snapshot = checked[file], let change = snapshot.change(of: file) {
                throw ConversionError("\(file) \(change); nothing written")
            }
        }
        try out.commit()
        try rejected?.commit()
        return result
    }

    /// The files `report` found with no error finding: no damaged region, so copied whole when
    /// nothing of them is dropped.
    public static func intactFiles(of report: Report) -> [String: IntactFile] {
        var intact: [String: IntactFile] = [:]
        for file in report.files where file.errors == 0 {
            intact[file.path] = IntactFile(bytes: file.bytes, records: file.records)
        }
        return intact
    }

    /// A file a check found whole: no error finding, so no damaged region.
    public struct IntactFile: Sendable, Equatable {
        /// Its size when checked.
        public var bytes: Int
        /// Its records.
        public var records: Int

        /// Creates an entry.
        public init(bytes: Int, records: Int) {
            self.bytes = bytes
            self.records = records
        }
    }

    /// The descriptor byte ranges are copied from (one owner: closed when it goes).
    final class CopySource {
        let path: String
        let descriptor: Int32
        /// The file's size now.
        var size: Int {
            var status = stat()
            return fstat(descriptor, &status) == 0 ? Int(status.st_size) : -1
        }

        init(path: String) throws {
            self.path = path
            descriptor = SystemCall.openPath(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw InputError(path: path, errno: errno) }
        }

        deinit { close(descriptor) }

        /// Appends bytes `start..<end` to `file`.
        func copy(from start: Int, to end: Int, into file: AtomicFile) throws {
            guard try file.copy(from: descriptor, offset: start, count: end - start) == end - start else {
                throw InputError(path: path, reason: "changed while it was read")
            }
        }
    }

    /// A byte range that grows while the next range starts where it ends.
    private struct ByteRun {
        var start = 0
        var end = 0

        /// Extends the run by `from..<to`, or copies it (with `copy`) and starts a new one.
        mutating func add(_ from: Int, _ to: Int, copy: (Int, Int) throws -> Void) throws {
            if from != end || end - start >= 1 << 22 {
                try flush(copy)
                start = from
            }
            end = to
        }

        mutating func flush(_ copy: (Int, Int) throws -> Void) throws {
            if end > start { try copy(start, end) }
            start = end
        }
    }
}
