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
    public static func copy(
        _ files: [String], dropping drop: [String: Set<Int>], to output: String, rejects: String?,
        checked: [String: FileSnapshot] = [:]
    ) throws -> FilterResult {
        let inputs = files.map { ScanInput.file($0) }
        for path in [output] + (rejects.map { [$0] } ?? []) where InputExpansion.sameFile(path, asAnyOf: inputs) {
            throw ConversionError("\(path) is one of the inputs; recordlint never writes over an input")
        }
        let out = try AtomicFile(path: output)
        let rejected = try rejects.map { try AtomicFile(path: $0) }
        var result = FilterResult()
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for file in files {
            let source = try FileSource(path: file)
            let copySource = try FileSource(path: file)
            let dropped = drop[file] ?? []
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
                            try rejects.add(record.offset, record.end) {
                                try copyBytes(copySource, from: $0, to: $1, into: rejected, block: &block)
                            }
                        }
                    } else {
                        result.kept += 1
                        try kept.add(record.offset, record.end) {
                            try copyBytes(copySource, from: $0, to: $1, into: out, block: &block)
                        }
                    }
                }
            }
            try kept.flush { try copyBytes(copySource, from: $0, to: $1, into: out, block: &block) }
            if let rejected { try rejects.flush { try copyBytes(copySource, from: $0, to: $1, into: rejected, block: &block) } }
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

    private static func copyBytes(_ source: FileSource, from start: Int, to end: Int, into file: AtomicFile, block: inout [UInt8])
        throws
    {
        var offset = start
        while offset < end {
            let wanted = min(block.count, end - offset)
            let got = try block.withUnsafeMutableBytes {
                try NpyHeader.readFully(source, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted]), at: offset)
            }
            guard got == wanted else { throw InputError(path: source.path, reason: "changed while it was read") }
            try file.write(block[0..<got])
            offset += got
        }
    }
}
