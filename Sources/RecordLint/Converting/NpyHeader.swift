/// The header of a `.npy` file (numpy's format, versions 1 to 3): the element
/// type, the shape, and where the data starts. Only C-order little-endian
/// numbers are read.
struct NpyHeader: Equatable {
    /// An element type numpy writes.
    enum Element: Equatable {
        case float32, float64
        /// A signed (or unsigned) integer of `bytes` bytes.
        case integer(bytes: Int, signed: Bool)

        /// Bytes per element.
        var size: Int {
            switch self {
            case .float32: 4
            case .float64: 8
            case .integer(let bytes, _): bytes
            }
        }

        /// The `descr` numpy writes for it.
        var descr: String {
            switch self {
            case .float32: "<f4"
            case .float64: "<f8"
            case .integer(let bytes, let signed): (bytes == 1 ? "|" : "<") + (signed ? "i" : "u") + "\(bytes)"
            }
        }
    }

    /// The element type.
    var element: Element
    /// The array's shape.
    var shape: [Int]
    /// The byte offset of the first element.
    var dataOffset: Int

    /// Why a header could not be read.
    struct Unreadable: Error, Equatable {
        let reason: String
    }

    /// Reads the header at the start of `source`.
    init(source: ByteSource) throws {
        var prefix = [UInt8](repeating: 0, count: 12)
        let got = try prefix.withUnsafeMutableBytes { try Self.readFully(source, into: $0, at: 0) }
        guard got >= 10, prefix[0..<6].elementsEqual([0x93] + Array("NUMPY".utf8)) else {
            throw Unreadable(reason: "not a .npy file (no \\x93NUMPY magic)")
        }
        let major = prefix[6]
        let length: Int
        let start: Int
        switch major {
        case 1:
            length = Int(prefix[8]) | Int(prefix[9]) << 8
            start = 10
        case 2, 3:
            guard got >= 12 else { throw Unreadable(reason: "the .npy header is cut off") }
            length = Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24
            start = 12
        default: throw Unreadable(reason: "unknown .npy version \(major)")
        }
        guard length <= 1 << 20 else { throw Unreadable(reason: "the .npy header is too long") }
        // Read in order (standard input is a stream): the header's first bytes came with the prefix.
        let already = Array(prefix[start..<max(start, got)].prefix(length))
        var rest = [UInt8](repeating: 0, count: length - already.count)
        let read = try rest.withUnsafeMutableBytes { try Self.readFully(source, into: $0, at: start + already.count) }
        guard read == rest.count else { throw Unreadable(reason: "the .npy header is cut off") }
        let text = already + rest
        try self.init(dictionary: String(decoding: text, as: UTF8.self), dataOffset: start + length)
    }

    /// Parses the header's Python dict literal.
    init(dictionary: String, dataOffset: Int) throws {
        self.dataOffset = dataOffset
        func value(of key: String) throws -> Substring {
            guard let range = dictionary.firstRange(of: "'\(key)':") else {
                throw Unreadable(reason: "the .npy header has no '\(key)'")
            }
            return dictionary[range.upperBound...].drop { $0 == " " }
        }
        let descrText = try value(of: "descr")
        guard descrText.first == "'", let close = descrText.dropFirst().firstIndex(of: "'") else {
            throw Unreadable(reason: "the .npy dtype is not a simple type (structured arrays are not read)")
        }
        let descr = String(descrText[descrText.index(after: descrText.startIndex)..<close])
        switch descr {
        case "<f4": element = .float32
        case "<f8": element = .float64
        case "|i1", "<i1": element = .integer(bytes: 1, signed: true)
        case "|u1", "<u1": element = .integer(bytes: 1, signed: false)
        case "<i2", "<i4", "<i8", "<u2", "<u4", "<u8":
            element = .integer(bytes: Int(String(descr.last!))!, signed: descr.dropFirst().first == "i")
        default:
            throw Unreadable(reason: "the .npy dtype \(descr) is not read (float32, float64 or little-endian integers)")
        }
        guard try value(of: "fortran_order").hasPrefix("False") else {
            throw Unreadable(reason: "the .npy array is in Fortran order (save it with np.ascontiguousarray)")
        }
        let shapeText = try value(of: "shape")
        guard shapeText.first == "(", let end = shapeText.firstIndex(of: ")") else {
            throw Unreadable(reason: "the .npy shape is not a tuple")
        }
        let inner = shapeText[shapeText.index(after: shapeText.startIndex)..<end]
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: " L")
            guard !trimmed.isEmpty else { continue }
            guard let dimension = Int(trimmed), dimension >= 0 else { throw Unreadable(reason: "the .npy shape is not read") }
            shape.append(dimension)
        }
        // Every product of dimensions and the element size below is then safe from overflow.
        var bytes = element.size
        for dimension in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: max(dimension, 1))
            guard !overflow, product <= Int.max / 16 else { throw Unreadable(reason: "the .npy shape \(shape) is too large") }
            bytes = product
        }
        self.shape = shape
    }

    /// Reads until `buffer` is full or the input ends.
    static func readFully(_ source: ByteSource, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        var total = 0
        while total < buffer.count {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]), at: offset + total)
            if count == 0 { break }
            total += count
        }
        return total
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return text
    }
}
