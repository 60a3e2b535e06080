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

    /// Creates the temporary directory and its member files.
    init(path: String) throws {
        self.path = path
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { String(trimmed[...$0]) } ?? ""
        let base = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        try Self.refuseExisting(path)
        var template = Array((parent + "." + base + ".recordlint-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw InputError(path: parent.isEmpty ? "." : parent, errno: errno)
        }
        temporary = String(cString: made)
        let mask = umask(0)
        umask(mask)
        chmod(temporary, 0o777 & ~mask)  // mkdtemp makes it 0700; a directory made by hand would not be
        shape = try AtomicFile(path: CSRDirectory.path(temporary, "shape"))
        indptr = try AtomicFile(path: CSRDirectory.path(temporary, "indptr"))
        indices = try AtomicFile(path: CSRDirectory.path(temporary, "indices"))
        data = try AtomicFile(path: CSRDirectory.path(temporary, "data"))
        indptrNpy = try NpyWriter(element: .int64, matrix: false, file: indptr)
        indicesNpy = try NpyWriter(element: .int64, matrix: false, file: indices)
        try indptrNpy.append(integers: [0], to: indptr)
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

    /// Writes the final headers and the shape, and renames the directory to `path`
    /// (an existing non-empty directory or a file there is refused by the system).
    func commit(rows: Int, columns: Int) throws {
        if dataNpy == nil { dataNpy = try NpyWriter(element: .float32, matrix: false, file: data) }
        try indptrNpy.finish(rows: rows + 1, columns: 1, file: indptr)
        try indicesNpy.finish(rows: Int(entries), columns: 1, file: indices)
        try dataNpy!.finish(rows: Int(entries), columns: 1, file: data)
        let shapeNpy = try NpyWriter(element: .int64, matrix: false, file: shape)
        try shapeNpy.append(integers: [Int64(rows), Int64(columns)], to: shape)
        try shapeNpy.finish(rows: 2, columns: 1, file: shape)
        for file in [shape, indptr, indices, data] { try file.commit() }
        guard rename(temporary, path) == 0 else { throw InputError(path: path, errno: errno) }
        committed = true
    }

    /// Removes the temporary directory and what is in it.
    func discard() {
        guard !committed else { return }
        committed = true
        for file in [shape, indptr, indices, data] { file.discard() }
        for member in CSRDirectory.members { unlink(CSRDirectory.path(temporary, member)) }
        rmdir(temporary)
    }

    /// Refuses a target that is a file or a directory with something in it, before anything is read.
    private static func refuseExisting(_ path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFDIR, let directory = opendir(path) else {
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
