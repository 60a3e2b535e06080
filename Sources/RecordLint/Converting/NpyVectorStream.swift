/// Reads a 1-D `.npy` array front to back, a few values at a time, in a block
/// of bounded size: what `convert --from csr` zips its `indices` and `data` with.
final class NpyVectorStream {
    /// The array's header.
    let header: NpyHeader
    /// The number of elements.
    let count: Int
    private let source: ByteSource
    private let path: String
    private var block: [UInt8] = []
    private var blockStart = 0
    private var position = 0
    private static let blockBytes = 1 << 20

    /// Opens the 1-D array at `path`.
    init(path: String) throws {
        self.path = path
        let source = try FileSource(path: path)
        self.source = source
        header = try Self.named(path) { try NpyHeader(source: source) }
        guard header.shape.count == 1 else {
            throw ConversionError("\(path): the array has shape \(header.shape); a CSR member is a 1-D array")
        }
        count = header.shape[0]
        if let size = source.knownSize, size - header.dataOffset < count * header.element.size {
            throw ConversionError("\(path): the .npy data holds fewer than its \(count) elements")
        }
    }

    /// The next `wanted` elements as integers (`indptr`, `indices`); floats are refused.
    func nextIntegers(_ wanted: Int, into values: inout [Int64]) throws {
        guard case .integer(let size, let signed) = header.element else {
            throw ConversionError("\(path): the dtype is \(header.element.descr); an index array holds integers")
        }
        values.removeAll(keepingCapacity: true)
        try forEachElement(wanted) { bytes, offset in
            var raw: UInt64 = 0
            for index in 0..<size { raw |= UInt64(bytes[offset + index]) << (8 * index) }
            let shift = UInt64(64 - 8 * size)
            values.append(signed ? Int64(bitPattern: raw << shift) >> Int64(shift) : Int64(clamping: raw))
        }
    }

    /// The next `wanted` elements as Doubles (exact for float32, float64 and integers up to 2^53).
    func nextValues(_ wanted: Int, into values: inout [Double]) throws {
        values.removeAll(keepingCapacity: true)
        let element = header.element
        try forEachElement(wanted) { bytes, offset in
            switch element {
            case .float32:
                values.append(
                    Double(Float(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)))
            case .float64:
                values.append(Double(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian))
            case .integer(let size, let signed):
                var raw: UInt64 = 0
                for index in 0..<size { raw |= UInt64(bytes[offset + index]) << (8 * index) }
                let shift = UInt64(64 - 8 * size)
                values.append(signed ? Double(Int64(bitPattern: raw << shift) >> Int64(shift)) : Double(raw))
            }
        }
    }

    private func forEachElement(_ wanted: Int, _ body: (UnsafeRawBufferPointer, Int) -> Void) throws {
        precondition(position + wanted <= count, "the caller checks the lengths first")
        let size = header.element.size
        var left = wanted
        while left > 0 {
            let inBlock = block.count / size - (position - blockStart)
            if inBlock == 0 {
                try refill()
                continue
            }
            let take = min(left, inBlock)
            block.withUnsafeBytes { bytes in
                let first = (position - blockStart) * size
                for index in 0..<take { body(bytes, first + index * size) }
            }
            position += take
            left -= take
        }
    }

    private func refill() throws {
        let size = header.element.size
        let elements = min(count - position, max(1, Self.blockBytes / size))
        block = [UInt8](repeating: 0, count: elements * size)
        let got = try Self.named(path) {
            try block.withUnsafeMutableBytes {
                try NpyHeader.readFully(source, into: $0, at: header.dataOffset + position * size)
            }
        }
        guard got == block.count else {
            throw ConversionError("\(path): the .npy data ends at element \(position + got / size) of \(count)")
        }
        blockStart = position
    }

    private static func named<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as NpyHeader.Unreadable { throw ConversionError("\(path): \(error.reason)") }
    }
}
