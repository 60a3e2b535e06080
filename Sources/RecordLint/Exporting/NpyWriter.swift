/// Writes a C-order little-endian `.npy` (format 1.0) row by row: the header is
/// reserved at the start, wide enough for any shape, and rewritten with the
/// real shape at the end (space padding, as numpy pads, so `np.load` reads it).
struct NpyWriter {
    /// The element type written: float32, float64, or int64 (what the SDK writes back as an Int32 tensor).
    enum Element: String {
        case float32 = "<f4"
        case float64 = "<f8"
        case int64 = "<i8"
    }

    let element: Element
    /// Whether the array is 2-D (features) or 1-D (labels).
    let matrix: Bool
    private let headerLength: Int

    /// Reserves the header in `file`.
    init(element: Element, matrix: Bool, file: AtomicFile) throws {
        self.element = element
        self.matrix = matrix
        headerLength = Self.header(element: element, shape: matrix ? [Int.max, Int.max] : [Int.max], length: nil).count
        try file.write([UInt8](repeating: 0x20, count: headerLength))
    }

    /// Rewrites the header with the final shape.
    func finish(rows: Int, columns: Int, file: AtomicFile) throws {
        try file.overwrite(Self.header(element: element, shape: matrix ? [rows, columns] : [rows], length: headerLength), at: 0)
    }

    /// The magic, version, length and dict, padded with spaces and a newline to `length` (or to a multiple of 64).
    static func header(element: Element, shape: [Int], length: Int?) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let dict = Array("{'descr': '\(element.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
        let total = length ?? ((10 + dict.count + 1 + 63) / 64 * 64)
        let textLength = total - 10
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(textLength & 0xFF), UInt8(textLength >> 8)]
        bytes += dict
        bytes += [UInt8](repeating: 0x20, count: textLength - dict.count - 1)
        bytes.append(0x0A)
        return bytes
    }

    /// Appends `values` in the element type (little-endian, as the header says).
    func append(_ tensorValues: Tensor.Values, to file: AtomicFile) throws {
        switch (element, tensorValues) {
        case (.float32, .float32(let values)): try Self.appendLittleEndian(values, to: file)
        case (.float64, .float64(let values)): try Self.appendLittleEndian(values, to: file)
        case (.int64, .int32(let values)): try Self.appendLittleEndian(values.map(Int64.init), to: file)
        default: preconditionFailure("the exporter checks tensor types first")
        }
    }

    /// The values' bytes as they lie in memory, which on a little-endian machine are the `.npy` bytes.
    private static func appendLittleEndian<Value>(_ values: [Value], to file: AtomicFile) throws {
        #if _endian(little)
        try values.withUnsafeBytes { try file.write($0) }
        #else
        #error("NpyWriter writes the host's bytes; a big-endian host needs a byte swap here")
        #endif
    }

    /// Appends integers (an `.int64` array: CSR positions and columns).
    func append(integers: [Int64], to file: AtomicFile) throws {
        precondition(element == .int64, "integers go to an int64 array")
        try Self.appendLittleEndian(integers, to: file)
    }

    /// The element type a tensor kind is exported as.
    static func element(for kind: ValueKind) -> Element {
        switch kind {
        case .float64: .float64
        case .int32: .int64
        default: .float32
        }
    }
}
