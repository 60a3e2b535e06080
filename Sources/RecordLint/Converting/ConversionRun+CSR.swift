#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The arrays of a CSR matrix in a directory, one `.npy` each, named as in
/// scipy's `.npz` (`indptr`, `indices`, `data`, `shape`): what
/// `np.save(dir/name, matrix.<name>)` writes and `export --to csr` gives back.
enum CSRDirectory {
    /// The member files, in the order `convert` opens them.
    static let members = ["shape", "indptr", "indices", "data"]

    /// The path of `member` inside `directory`.
    static func path(_ directory: String, _ member: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + member + ".npy"
    }
}

extension ConversionRun {
    /// Converts a CSR matrix (a directory of `shape`, `indptr`, `indices` and `data` `.npy` files) and
    /// `--labels` to sparse records, as SDK v2's `write_spmatrix_to_sparse_tensor` writes `matrix.tocsr()`:
    /// each row's values and keys in stored order, `shape` `[columns]`, the tensor type from `data`'s dtype
    /// (`--dtype auto`) or `--dtype`. Rows are read in step from the three arrays, a block at a time.
    mutating func readCSR(_ directory: String) throws {
        let (rowCount, columns) = try Self.csrShape(directory)
        if let featureDim = settings.featureDim, featureDim != columns {
            throw ConversionError("\(directory): the matrix has \(columns) columns, --feature-dim is \(featureDim)")
        }
        let indptr = try NpyVectorStream(path: CSRDirectory.path(directory, "indptr"))
        let indices = try NpyVectorStream(path: CSRDirectory.path(directory, "indices"))
        let data = try NpyVectorStream(path: CSRDirectory.path(directory, "data"))
        guard indptr.count - 1 == rowCount else {
            throw ConversionError("\(directory): indptr has \(indptr.count) entries for \(rowCount) rows (rows + 1 expected)")
        }
        guard indices.count == data.count else {
            throw ConversionError("\(directory): indices has \(indices.count) entries, data \(data.count)")
        }
        let (labels, labelKind) = try loadLabels(rows: rowCount)
        let featureKind = kind(of: data.header.element)
        try settings.labelRules?.refuse(hasLabels: labels != nil, kinds: [featureKind] + (labels != nil ? [labelKind] : []))
        var bounds: [Int64] = []
        try indptr.nextIntegers(1, into: &bounds)
        var start = bounds[0]
        guard start == 0 else { throw ConversionError("\(directory): indptr starts at \(start), not 0") }
        var rowIndices: [Int64] = []
        var values: [Double] = []
        for row in 0..<rowCount {
            try indptr.nextIntegers(1, into: &bounds)
            let end = bounds[0]
            guard end >= start, end <= Int64(indices.count) else {
                throw ConversionError("\(directory): indptr[\(row + 1)] is \(end), after \(start), with \(indices.count) entries")
            }
            try indices.nextIntegers(Int(end - start), into: &rowIndices)
            try data.nextValues(Int(end - start), into: &values)
            start = end
            rows += 1
            if let position = rowIndices.firstIndex(where: { $0 < 0 || $0 >= Int64(columns) }) {
                report(
                    ConversionFinding(
                        file: directory, line: row + 1, rule: .badIndex,
                        message: "row \(row) entry \(position) has column \(rowIndices[position]), outside 0..<\(columns)"))
                continue
            }
            if let position = Self.firstNonFinite(values, kind: featureKind) {
                report(
                    ConversionFinding(
                        file: directory, line: row + 1, column: Int(rowIndices[position]) + 1, rule: .nonFinite,
                        message: "row \(row) column \(rowIndices[position]) is \(values[position])"))
                continue
            }
            var label: Tensor?
            if let labels {
                guard let tensor = labelTensor(labels, kind: labelKind, row: row) else { continue }
                label = tensor
            }
            let keys = rowIndices.map { UInt64($0) }
            switch Self.tensor(values, kind: featureKind, keys: keys, shape: [UInt64(columns)]) {
            case .success(let tensor): try write(TrainingRecord(features: tensor, label: label))
            case .failure(let range):
                report(
                    ConversionFinding(
                        file: directory, line: row + 1, column: Int(rowIndices[range.position]) + 1, rule: .outOfRange,
                        message:
                            "row \(row) column \(rowIndices[range.position]) is \(Int64(range.value)), which an Int32 tensor cannot hold"
                    ))
            }
        }
    }

    /// `(rows, columns)` from `shape.npy`: two non-negative integers.
    private static func csrShape(_ directory: String) throws -> (Int, Int) {
        var status = stat()
        guard SystemCall.statPath(directory, &status) == 0 else { throw InputError(path: directory, errno: errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw ConversionError(
                "\(directory): CSR input is a directory of shape.npy, indptr.npy, indices.npy and data.npy")
        }
        let shape = try NpyVectorStream(path: CSRDirectory.path(directory, "shape"))
        guard shape.count == 2 else { throw ConversionError("\(directory): shape.npy holds \(shape.count) numbers, not 2") }
        var dimensions: [Int64] = []
        try shape.nextIntegers(2, into: &dimensions)
        guard dimensions.allSatisfy({ $0 >= 0 && $0 <= Int64(Int.max / 16) }) else {
            throw ConversionError("\(directory): shape \(dimensions) is not a matrix shape")
        }
        return (Int(dimensions[0]), Int(dimensions[1]))
    }
}
