/// Reads a text input line by line in blocks, with bounded memory: `\n` ends a
/// line, a `\r` before it is dropped (CRLF files), and a last line without a
/// newline is a line too.
final class LineReader {
    private let source: ByteSource
    private var buffer: [UInt8]
    private var offset = 0

    /// Reads `source` in blocks of `blockSize` bytes (a line longer than that grows the buffer).
    init(source: ByteSource, blockSize: Int = 1 << 20) {
        self.source = source
        buffer = []
        buffer.reserveCapacity(blockSize)
        self.blockSize = blockSize
    }

    private let blockSize: Int

    /// Calls `body` with each line's bytes (valid only inside the call) and its 1-based number.
    func forEachLine(_ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        var lineNumber = 0
        var pending = 0  // bytes of `buffer` that are an unfinished line
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let count = try block.withUnsafeMutableBytes { try source.read(into: $0, at: offset) }
            if count == 0 { break }
            offset += count
            buffer.removeFirst(buffer.count - pending)
            buffer += block[0..<count]
            var lineStart = 0
            try buffer.withUnsafeBytes { bytes in
                var position = bytes.count - count
                while position < bytes.count {
                    guard bytes[position] == 0x0A else {
                        position += 1
                        continue
                    }
                    lineNumber += 1
                    try body(Self.line(bytes, lineStart, position), lineNumber)
                    position += 1
                    lineStart = position
                }
            }
            pending = buffer.count - lineStart
        }
        if pending > 0 {
            lineNumber += 1
            try buffer.withUnsafeBytes { try body(Self.line($0, $0.count - pending, $0.count), lineNumber) }
        }
    }

    private static func line(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        let end = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }
}
