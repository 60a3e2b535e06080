/// An input to read: a file on disk, standard input, or bytes in memory.
public enum ScanInput: Sendable, Equatable {
    /// A file (or a FIFO or device, read in order) by path, as escaped text (`PathText`).
    case file(String)
    /// The process's standard input, read in order.
    case standardInput
    /// Bytes already in memory, named `name` in findings (for tests, fuzzing and library users).
    case memory(name: String, bytes: [UInt8])

    /// The name findings and reports use.
    public var displayName: String {
        switch self {
        case .file(let path): path
        case .standardInput: "<stdin>"
        case .memory(let name, _): name
        }
    }

    /// The path on disk, for a file.
    var path: String? {
        if case .file(let path) = self { path } else { nil }
    }

    /// Opens the input: every command reads its bytes through this one function.
    func open() throws -> ByteSource {
        switch self {
        case .file(let path): try FileSource(path: path)
        case .standardInput: StreamSource(name: displayName, descriptor: 0)
        case .memory(_, let bytes): MemorySource(bytes)
        }
    }
}
