import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
/// line-aligned parts converted on `jobs` threads; the parts' frames,
/// findings and line counts are stitched in order (line numbers by prefix sums),
/// so the output is the same for any `jobs` and block size. Blocks are read into
/// two buffers in turn, so one block is converted while the one before it is
/// consumed (written): the writing overlaps the parsing. With more than one job,
/// the thread that writes is one of the `jobs`: once it has written a block, it
/// converts the next block's parts that `jobs - 1` workers have not taken yet.
/// (Workers that waited for it alone left a core idle: Linux ran them on one core
/// together while the writer waited on the other: convert's median time was a quarter longer.)
struct LineBlockConverter {
    let jobs: Int
    let blockSize: Int
    /// A block smaller than this is one part.
    let minimumPartBytes: Int

    /// The lines a block should hold for each thread: when the first block holds fewer (wide rows),
    /// the blocks are made larger, up to `largestAutomaticBlock`.
    static let linesPerPart = 8
    /// With more than one job, a block is cut into this many parts a thread, taken in turn by the
    /// workers and by the thread that writes, once it has written the block before.
    static let partsPerThread = 2
    static let largestAutomaticBlock = 2 << 20

    /// One part's result: frames, where each record ends in them, findings with part-local line numbers.
    struct Part: Sendable {
        var frames: [UInt8] = []
        var recordEnds: [Int] = []
        var findings: [ConversionFinding] = []
        var lines = 0
        var rows = 0

        /// Emptied for the next block, keeping its buffers.
        mutating func reset() {
            frames.removeAll(keepingCapacity: true)
            recordEnds.removeAll(keepingCapacity: true)
            findings.removeAll(keepingCapacity: true)
            lines = 0
            rows = 0
        }
    }

    /// Converts the lines of `bytes` (each ending in `\n`, except perhaps the input's last).
    static func convertPart<Converter: LineConverter>(_ bytes: UnsafeRawBufferPointer, converter: Converter) -> Part {
        var part = Part()
        convertPart(bytes, converter: converter, into: &part)
        return part
    }

    /// Converts the lines of `bytes` into `part`, emptied first.
    static func convertPart<Converter: LineConverter>(
        _ bytes: UnsafeRawBufferPointer, converter: Converter, into part: inout Part
    ) {
        part.reset()
        guard let base = bytes.baseAddress else { return }
        var scratch = converter.makeScratch()
        var start = 0
        while start < bytes.count {
            let end =
                memchr(base + start, 0x0A, bytes.count - start).map { $0 - UnsafeMutableRawPointer(mutating: base) }
                ?? bytes.count
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
        var readSize = max(1, min(blockSize, source.knownSize.map { $0 + 1 } ?? (64 << 20)))
        var sized = false  // whether the block size was checked against the first block's lines
        let buffers = [BlockBuffer(capacity: readSize), BlockBuffer(capacity: readSize)]
        let results = [PartSlots(capacity: jobs * Self.partsPerThread), PartSlots(capacity: jobs * Self.partsPerThread)]
        let converting = DispatchGroup()
        defer { converting.wait() }  // no conversion may outlive the buffers it reads
        var slot = 0
        var inFlight: Int?  // the slot whose block is being converted
        var offset = 0
        var linesBefore = 0
        var skipHeader = header
        var ended = false
        var carry: UnsafeRawBufferPointer?  // the previous block's unfinished line
        while !ended {
            let buffer = buffers[slot]
            buffer.count = 0
            if let carry { buffer.append(carry) }
            carry = nil
            // Read until the buffer holds a whole line (or the input ends).
            var usable = 0
            while true {
                buffer.reserve(readSize)
                let count = try source.read(into: buffer.free(readSize), at: offset)
                offset += count
                buffer.count += count
                if count == 0 { ended = true }
                usable = ended ? buffer.count : buffer.lastNewline.map { $0 + 1 } ?? 0
                if usable > 0 || ended { break }
            }
            if !sized, usable > 0 {
                sized = true
                readSize = min(
                    Self.blockSize(for: buffer.bytes(0..<usable), readSize: readSize, jobs: jobs),
                    source.knownSize.map { $0 + 1 } ?? Int.max)
            }
            var start = 0
            if skipHeader, usable > 0 {
                guard let newline = buffer.firstNewline(before: usable) else {
                    if ended { break }
                    carry = buffer.bytes(0..<buffer.count)
                    continue
                }
                start = newline + 1
                linesBefore += 1
                skipHeader = false
            }
            if usable > start {
                let bytes = buffer.bytes(start..<usable)
                if !settled { (converter, settled) = makeConverter(bytes) }
                let parts = Self.cut(bytes, into: jobs > 1 ? jobs * Self.partsPerThread : 1, minimum: minimumPartBytes)
                // The block before is converted: consume it while this one converts.
                converting.wait()
                let previous = inFlight
                results[slot].prepare(count: parts.count)
                let work = ConversionWork(
                    buffer: buffer, slots: results[slot], bytes: bytes, parts: parts, converter: converter!)
                for _ in 0..<(jobs > 1 ? jobs - 1 : 1) {
                    DispatchQueue.global().async(group: converting) { work.convertParts() }
                }
                inFlight = slot
                if let previous {
                    for part in results[previous].parts {
                        try consume(part, linesBefore)
                        linesBefore += part.lines
                    }
                }
                // Then this thread takes the parts the others have not begun: it does not wait on a core
                // while the workers, which the system often runs on one core together, convert the block.
                if jobs > 1 { work.convertParts() }
            }
            if !ended, usable < buffer.count { carry = buffer.bytes(usable..<buffer.count) }
            slot = 1 - slot
        }
        converting.wait()
        if let last = inFlight {
            for part in results[last].parts {
                try consume(part, linesBefore)
                linesBefore += part.lines
            }
        }
        return converter
    }

    /// The read size for blocks like `first` (the first block's whole lines): `readSize`, or larger
    /// when `first` holds fewer than `linesPerPart` lines per thread, so that wide rows still give
    /// every thread lines to parse (never larger than `largestAutomaticBlock` or the file).
    static func blockSize(for first: UnsafeRawBufferPointer, readSize: Int, jobs: Int) -> Int {
        guard jobs > 1, let base = first.baseAddress else { return readSize }
        let wanted = linesPerPart * jobs
        var lines = 0
        var position = 0
        while lines < wanted, position < first.count,
            let newline = memchr(base + position, 0x0A, first.count - position)
        {
            lines += 1
            position = UnsafeRawPointer(newline) - base + 1
        }
        guard lines < wanted else { return readSize }
        let lineBytes = first.count / max(lines, 1)
        return max(readSize, min(lineBytes * wanted, largestAutomaticBlock))
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

/// One of the two input buffers: bytes read, grown when a line is longer than it.
private final class BlockBuffer {
    private var storage: UnsafeMutableRawBufferPointer
    /// How many bytes it holds.
    var count = 0

    init(capacity: Int) {
        storage = .allocate(byteCount: max(1, capacity), alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Room for `more` bytes after `count`.
    func reserve(_ more: Int) {
        guard count + more > storage.count else { return }
        let grown = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(storage.count * 2, count + more), alignment: 16)
        if count > 0 { grown.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: count) }
        storage.deallocate()
        storage = grown
    }

    /// Appends `bytes` (which must not be this buffer's own).
    func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (storage.baseAddress! + count).copyMemory(from: source, byteCount: bytes.count) }
        count += bytes.count
    }

    /// The `more` bytes of room after `count` (reserved first).
    func free(_ more: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: storage[count..<(count + more)])
    }

    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage[range])
    }

    /// The offset of the last newline held.
    var lastNewline: Int? {
        var index = count
        while index > 0 {  // a line's length back from the end
            index -= 1
            if storage[index] == 0x0A { return index }
        }
        return nil
    }

    /// The offset of the first newline before `end`.
    func firstNewline(before end: Int) -> Int? {
        guard end > 0 else { return nil }
        return memchr(storage.baseAddress!, 0x0A, end).map { $0 - storage.baseAddress! }
    }
}

/// One block's part results, reused from block to block: part `index` is
/// written by one worker only, and read only after all of them finish.
private final class PartSlots: @unchecked Sendable {
    /// One part's result in a box of its own, so workers write different objects.
    final class Box: @unchecked Sendable {
        var part = LineBlockConverter.Part()
    }

    private let boxes: [Box]
    /// How many parts the block uses.
    private(set) var count = 0

    /// Room for `capacity` parts (`cut` makes at most as many as it is asked for).
    init(capacity: Int) {
        boxes = (0..<max(1, capacity)).map { _ in Box() }
    }

    func prepare(count: Int) {
        precondition(count <= boxes.count, "a block is cut into at most jobs x partsPerThread parts")
        self.count = count
    }

    /// The box of part `index`.
    subscript(index: Int) -> Box { boxes[index] }

    /// The parts of the block, in order.
    var parts: [LineBlockConverter.Part] { boxes.prefix(count).map(\.part) }
}

/// What one block's conversion reads and writes, shared by the threads that convert its parts:
/// each part is taken once, by whichever thread asks for the next one first.
private final class ConversionWork<Converter: LineConverter>: @unchecked Sendable {
    /// Kept alive while `bytes`, which points into it, is read.
    let buffer: BlockBuffer
    let slots: PartSlots
    let bytes: UnsafeRawBufferPointer
    let parts: [Range<Int>]
    let converter: Converter
    private let next = Atomic<Int>(0)

    init(buffer: BlockBuffer, slots: PartSlots, bytes: UnsafeRawBufferPointer, parts: [Range<Int>], converter: Converter) {
        self.buffer = buffer
        self.slots = slots
        self.bytes = bytes
        self.parts = parts
        self.converter = converter
    }

    /// Converts parts until none is left to take.
    func convertParts() {
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < parts.count else { return }
            LineBlockConverter.convertPart(
                UnsafeRawBufferPointer(rebasing: bytes[parts[index]]), converter: converter, into: &slots[index].part)
        }
    }
}
