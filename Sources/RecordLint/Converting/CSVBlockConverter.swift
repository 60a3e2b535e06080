import Dispatch

/// Converts a CSV input in blocks cut at line ends, each block split into
/// `jobs` line-aligned parts converted on their own threads; the parts' frames,
/// findings and line counts are stitched in order (line numbers by prefix sums),
/// so the output is the same for any `jobs` and block size.
struct CSVBlockConverter {
    let parser: CSVRowParser
    let jobs: Int
    let blockSize: Int
    /// A block smaller than this is one part.
    let minimumPartBytes: Int

    /// One part's result: frames, where each record ends in them, findings with part-local line numbers.
    struct Part: Sendable {
        var frames: [UInt8] = []
        var recordEnds: [Int] = []
        var findings: [ConversionFinding] = []
        var lines = 0
        var rows = 0
    }

    /// Converts the lines of `bytes` (each ending in `\n`, except perhaps the input's last).
    static func convertPart(_ bytes: UnsafeRawBufferPointer, converter: CSVRowConverter) -> Part {
        var part = Part()
        var fields: [Double] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            part.lines += 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<lineEnd])
            switch converter.convert(line, number: part.lines, fields: &fields, frames: &part.frames) {
            case .blank: break
            case .record:
                part.rows += 1
                part.recordEnds.append(part.frames.count)
            case .finding(let finding):
                part.rows += 1
                part.findings.append(finding)
            }
            start = end + 1
        }
        return part
    }

    /// Reads `source` and hands each part, in order, with the number of lines before it, to `consume`.
    /// `makeConverter` makes the converter for a column count: `expected` when given, else the count of
    /// the first line that parses as a row (a block with no such line has no rows for the count to check).
    /// Returns the column count rows had to have.
    func run(
        source: ByteSource, header: Bool, expected: Int?, converter makeConverter: (Int?) -> CSVRowConverter,
        consume: (Part, Int) throws -> Void
    ) throws -> Int? {
        let fixedExpected = expected
        var converter: CSVRowConverter? = fixedExpected.map { makeConverter($0) }
        // Sized by what there is to read: a file's size, at most 64 MiB of a stream at a time.
        var block = [UInt8](repeating: 0, count: max(1, min(blockSize, source.knownSize.map { $0 + 1 } ?? (64 << 20))))
        var buffer: [UInt8] = []
        var offset = 0
        var linesBefore = 0
        var skipHeader = header
        var ended = false
        while !ended {
            let count = try block.withUnsafeMutableBytes { try source.read(into: $0, at: offset) }
            offset += count
            if count == 0 { ended = true } else { buffer += block[0..<count] }
            // The whole lines of the buffer (all of it at the end).
            let usable = ended ? buffer.count : (buffer.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            if usable == 0 { continue }
            var start = 0
            if skipHeader {
                guard let newline = buffer[0..<usable].firstIndex(of: 0x0A) else {
                    if ended { return converter?.expected }
                    continue
                }
                start = newline + 1
                linesBefore += 1
                skipHeader = false
            }
            try buffer.withUnsafeBytes { all in
                let bytes = UnsafeRawBufferPointer(rebasing: all[start..<usable])
                if converter == nil { converter = firstRow(bytes).map { makeConverter($0) } }
                let parts = Self.cut(bytes, into: jobs, minimum: minimumPartBytes)
                let current = converter ?? makeConverter(nil)
                var results = [Part](repeating: Part(), count: parts.count)
                if parts.count == 1 {
                    results[0] = Self.convertPart(bytes, converter: current)
                } else {
                    results.withUnsafeMutableBufferPointer { slots in
                        let slots = UncheckedSlots(base: slots.baseAddress!, bytes: bytes)
                        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
                            slots.base[index] = Self.convertPart(
                                UnsafeRawBufferPointer(rebasing: slots.bytes[parts[index]]), converter: current)
                        }
                    }
                }
                for result in results {
                    try consume(result, linesBefore)
                    linesBefore += result.lines
                }
            }
            buffer.removeFirst(usable)
        }
        return converter?.expected
    }

    /// The field count of the first line of `bytes` that parses as a row.
    func firstRow(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var fields: [Double] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let lineEnd = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
            if parser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<lineEnd]), into: &fields) == .row {
                return fields.count
            }
            start = end + 1
        }
        return nil
    }

    /// `jobs` ranges of `bytes` cut just after a newline near each even share.
    static func cut(_ bytes: UnsafeRawBufferPointer, into jobs: Int, minimum: Int) -> [Range<Int>] {
        guard jobs > 1, bytes.count >= minimum else { return [0..<bytes.count] }
        var ranges: [Range<Int>] = []
        var start = 0
        for index in 1..<jobs where start < bytes.count {
            var cut = max(start + 1, bytes.count * index / jobs)
            while cut < bytes.count, bytes[cut - 1] != 0x0A { cut += 1 }
            if cut > start {
                ranges.append(start..<cut)
                start = cut
            }
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }
}

/// Preallocated result slots written by index from `concurrentPerform` (each slot by one worker, read after
/// all finish), and the block they read, which no one writes while they run.
private struct UncheckedSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<CSVBlockConverter.Part>
    let bytes: UnsafeRawBufferPointer
}
