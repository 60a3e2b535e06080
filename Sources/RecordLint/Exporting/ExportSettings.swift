/// What `export` writes.
public struct ExportSettings: Sendable, Equatable {
    /// An output format.
    public enum Format: String, Sendable, CaseIterable {
        /// A 2-D `.npy` of the features (sparse records made dense), dtype from the tensor type.
        case npy
        /// CSV rows, label first when the records have labels, numbers printed so `convert` reads back the same bits.
        case csv
        /// `label index:value ...` lines; sparse records keep their keys, dense ones list their non-zero values.
        case libsvm
        /// A scipy CSR matrix: a directory of `shape`, `indptr`, `indices` and `data` `.npy` files
        /// (sparse records keep their keys, dense ones their non-zero values).
        case csr
    }

    /// The output format.
    public var format: Format
    /// A 1-D `.npy` of the labels (with `.npy` or CSR output).
    public var labelsOut: String?
    /// libsvm indices written from 0 instead of 1.
    public var zeroBased = false
    /// Damaged records stop the export (nothing written) instead of being left out.
    public var strict = false

    /// Settings for `format`.
    public init(format: Format) { self.format = format }
}

/// What an export did.
public struct ExportResult: Sendable {
    /// Records written.
    public var records: Int
    /// Damaged or undecodable records left out, as `check` names them.
    public var problems: [Finding]
    /// Whether the output was written.
    public var written: Bool
}
