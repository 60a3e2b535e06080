#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes records as a scipy CSR matrix: a directory of `shape`, `indptr`,
/// `indices` and `data` `.npy` files (the names of scipy's `.npz`), built
/// under a temporary name beside the target and renamed into place whole.
/// Sparse rows keep their keys and values as stored; dense rows keep their
/// non-zero values, as `scipy.sparse.csr_matrix(dense)` does.
final class CSRWriter {
    /// The directory it becomes.
    let path: String
    private let temporary: String
    private let shape: AtomicFile
    private let indptr: AtomicFile
    private let indices: AtomicFile
    private let data: AtomicFile
    private let indptrNpy: NpyWriter
    private let indicesNpy: NpyWriter
    private var dataNpy: NpyWriter?
    private var entries: Int64 = 0
    private var committed = false

    /// Creates the temporary directory and its member files (and removes them again if that fails).
    init(path: String) throws {
        self.path = path
        try Self.refuseExisting(path)
        let temporary = try Self.makeTemporaryDirectory(beside: path)
        do {
            shape = try AtomicFile(path: CSRDirectory.path(temporary, "shape"))
            indptr = try AtomicFile(path: CSRDirectory.path(temporary, "indptr"))
            indices = try AtomicFile(path: CSRDirectory.path(temporary, "indices"))
            data = try AtomicFile(path: CSRDirectory.path(temporary, "data"))
            indptrNpy = try NpyWriter(element: .int64, matrix: false, file: indptr)
            indicesNpy = try NpyWriter(element: .int64, matrix: false, file: indices)
            try indptrNpy.append(integers: [0], to: indptr)
        } catch {
            // The member files made so far remove their temporary names as they go; then the folder is empty.
            SystemCall.rmdirPath(temporary)
            throw error
        }
        self.temporary = temporary
    }

    /// A new directory `.NAME.recordlint-RANDOM` beside `path`, made with the process's umask.
    private static func makeTemporaryDirectory(beside path: String) throws -> String {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { String(trimmed[...$0]) } ?? ""
        let base = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        while true {
            let name = parent + "." + base + ".recordlint-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            if SystemCall.mkdirPath(name, 0o777) == 0 { return name }
            guard errno == EEXIST else { throw InputError(path: parent.isEmpty ? "." : parent, errno: errno) }
        }
    }

    deinit { discard() }

    /// Appends one row.
    func append(_ tensor: Tensor) throws {
        if dataNpy == nil { dataNpy = try NpyWriter(element: NpyWriter.element(for: tensor.kind), matrix: false, file: data) }
        let (keys, values) =
            tensor.isSparse ? (tensor.keys.map { Int64(clamping: $0) }, tensor.values) : Self.nonZero(tensor.values)
        try indicesNpy.append(integers: keys, to: indices)
        try dataNpy!.append(values, to: data)
        entries += Int64(keys.count)
        try indptrNpy.append(integers: [entries], to: indptr)
    }

    /// Writes the final headers and the shape; `commit()` then puts the directory in place.
    func finish(rows: Int, columns: Int) throws {
        if dataNpy == nil { dataNpy = try NpyWriter(element: .float32, matrix: false, file: data) }
        try indptrNpy.finish(rows: rows + 1, columns: 1, file: indptr)
        try indicesNpy.finish(rows: Int(entries), columns: 1, file: indices)
        try dataNpy!.finish(rows: Int(entries), columns: 1, file: data)
        let shapeNpy = try NpyWriter(element: .int64, matrix: false, file: shape)
        try shapeNpy.append(integers: [Int64(rows), Int64(columns)], to: shape)
        try shapeNpy.finish(rows: 2, columns: 1, file: shape)
        for file in [shape, indptr, indices, data] { try file.commit() }
    }

    /// Renames the finished directory to `path` (an existing non-empty directory or a file there is
    /// refused by the system).
    func commit() throws {
        guard SystemCall.renamePath(temporary, path) == 0 else { throw InputError(path: path, errno: errno) }
        committed = true
    }

    /// Removes the temporary directory and what is in it.
    func discard() {
        guard !committed else { return }
        committed = true
        for file in [shape, indptr, indices, data] { file.discard() }
        for member in CSRDirectory.members { SystemCall.unlinkPath(CSRDirectory.path(temporary, member)) }
        SystemCall.rmdirPath(temporary)
    }

    /// Refuses a target that is a file or a directory with something in it, before anything is read.
    private static func refuseExisting(_ path: String) throws {
        var status = stat()
        guard SystemCall.lstatPath(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFDIR, let directory = SystemCall.opendirPath(path) else {
            throw ConversionError("\(path) exists and is not a directory; CSR output is a new directory")
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." {
                throw ConversionError("\(path) is a directory that is not empty; CSR output is a new (or empty) directory")
            }
        }
    }

    /// The positions and values of a dense row's non-zero entries.
    private static func nonZero(_ values: Tensor.Values) -> ([Int64], Tensor.Values) {
        func pick<T: Numeric>(_ all: [T]) -> ([Int64], [T]) {
            var keys: [Int64] = []
            var kept: [T] = []
            for (index, value) in all.enumerated() where value != 0 {
                keys.append(Int64(index))
                kept.append(value)
            }
            return (keys, kept)
        }
        switch values {
        case .float32(let all):
            let (keys, kept) = pick(all)
            return (keys, .float32(kept))
        case .float64(let all):
            let (keys, kept) = pick(all)
            return (keys, .float64(kept))
        case .int32(let all):
            let (keys, kept) = pick(all)
            return (keys, .int32(kept))
        }
    }
}
