import Dispatch

/// What converts one line of a text input (a CSV or libsvm row) into a frame or
/// a finding. It holds no mutable state, so line-aligned parts of a block can be
/// converted on different threads and give the same bytes.
protocol LineConverter: Sendable {
    /// Buffers one thread reuses from line to line.
    associatedtype Scratch
    /// Fresh buffers for one part.
    func makeScratch() -> Scratch
    /// Converts `line` (1-based `number` within its part), appending its frame to `frames`.
    func convert(_ line: UnsafeRawBufferPointer, number: Int, scratch: inout Scratch, frames: inout [UInt8]) -> LineOutcome
}

/// What one line gave.
enum LineOutcome {
    /// No row (a blank or comment line).
    case blank
    /// A record's frame was appended.
    case record
    /// The row is bad.
    case finding(ConversionFinding)
}

/// Converts a text input in blocks cut at line ends, each block split into
/// `jobs` line-aligned parts converted on their own threads; the parts' frames,
/// findings and line counts are stitched in order (line numbers by prefix sums),
/// so the output is the same for any `jobs` and block size.
struct LineBlockConverter {
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
    static func convertPart<Converter: LineConverter>(_ bytes: UnsafeRawBufferPointer, converter: Converter) -> Part {
        var part = Part()
        var scratch = converter.makeScratch()
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            part.lines += 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<lineEnd])
            switch converter.convert(line, number: part.lines, scratch: &scratch, frames: &part.frames) {
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
    /// `makeConverter` makes the converter from the first block's lines; it says `settled` when the
    /// next blocks keep it (a CSV block with no row leaves the column count to the next one).
    /// Returns the converter the last block used.
    func run<Converter: LineConverter>(
        source: ByteSource, header: Bool,
        converter makeConverter: (UnsafeRawBufferPointer) -> (converter: Converter, settled: Bool),
        consume: (Part, Int) throws -> Void
    ) throws -> Converter? {
        var converter: Converter?
        var settled = false
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
                    if ended { return converter }
                    continue
                }
                start = newline + 1
                linesBefore += 1
                skipHeader = false
            }
            try buffer.withUnsafeBytes { all in
                let bytes = UnsafeRawBufferPointer(rebasing: all[start..<usable])
                if !settled { (converter, settled) = makeConverter(bytes) }
                let parts = Self.cut(bytes, into: jobs, minimum: minimumPartBytes)
                let current = converter!
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
        return converter
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
    let base: UnsafeMutablePointer<LineBlockConverter.Part>
    let bytes: UnsafeRawBufferPointer
}
