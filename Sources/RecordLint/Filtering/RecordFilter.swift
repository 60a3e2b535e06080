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
    /// the dropped records go to `rejects` when given. Record indices are `check`'s.
    public static func copy(_ files: [String], dropping drop: [String: Set<Int>], to output: String, rejects: String?) throws
        -> FilterResult
    {
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
            _ = try RecordWalker(window: ByteWindow(source: source)).walk(from: 0) { event in
                defer { index += 1 }
                switch event {
                case .damage: result.damaged += 1
                case .record(let record):
                    let target: AtomicFile?
                    if dropped.contains(index) {
                        result.dropped += 1
                        target = rejected
                    } else {
                        result.kept += 1
                        target = out
                    }
                    if let target { try copyBytes(copySource, from: record.offset, to: record.end, into: target, block: &block) }
                }
            }
        }
        try out.commit()
        try rejected?.commit()
        return result
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
