/// Reads the rows of a 1-D or 2-D `.npy` array in order, in blocks, as Doubles.
final class NpyRowReader {
    /// The header read from the file.
    let header: NpyHeader
    private let source: ByteSource

    /// Opens the array in `source`.
    init(source: ByteSource) throws {
        self.source = source
        header = try NpyHeader(source: source)
        if let size = source.knownSize, size - header.dataOffset < rows * columns * header.element.size {
            throw NpyHeader.Unreadable(reason: "the .npy data holds fewer than the \(rows) rows its shape says")
        }
    }

    /// The number of rows (the first dimension).
    var rows: Int { header.shape.first ?? 1 }
    /// The number of values a row holds (1 for a 1-D array).
    var columns: Int { header.shape.count > 1 ? header.shape.dropFirst().reduce(1, *) : 1 }

    /// Calls `body` with each row's values (emptied and refilled) and its 0-based index.
    /// Throws `NpyHeader.Unreadable` when the file holds less data than its shape says.
    func forEachRow(_ body: ([Double], Int) throws -> Void) throws {
        let rowBytes = columns * header.element.size
        let rowsPerBlock = max(1, (1 << 20) / max(1, rowBytes))
        var block = [UInt8](repeating: 0, count: rowsPerBlock * rowBytes)
        var values = [Double](repeating: 0, count: columns)
        var row = 0
        var offset = header.dataOffset
        while row < rows {
            let wanted = min(rowsPerBlock, rows - row)
            let got = try block.withUnsafeMutableBytes {
                try NpyHeader.readFully(
                    source, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<(wanted * rowBytes)]), at: offset)
            }
            guard got == wanted * rowBytes else {
                throw NpyHeader.Unreadable(reason: "the .npy data ends at row \(row + got / max(1, rowBytes)) of \(rows)")
            }
            offset += got
            try block.withUnsafeBytes { bytes in
                for local in 0..<wanted {
                    let base = local * rowBytes
                    for column in 0..<columns { values[column] = value(bytes, at: base + column * header.element.size) }
                    try body(values, row + local)
                }
            }
            row += wanted
        }
    }

    private func value(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Double {
        switch header.element {
        case .float32: Double(Float(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian))
        case .float64: Double(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
        case .integer(let size, let signed):
            signed ? Double(Self.signed(bytes, offset, size)) : Double(Self.unsigned(bytes, offset, size))
        }
    }

    private static func unsigned(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ size: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[offset + index]) << (8 * index) }
        return value
    }

    private static func signed(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ size: Int) -> Int64 {
        let shift = 64 - 8 * size
        return Int64(bitPattern: unsigned(bytes, offset, size) << shift) >> shift
    }
}
