/// Writes the records of recordio-protobuf files as `.npy`, CSV or libsvm: the
/// arrays SDK v2's `read_records` plus numpy give. Damaged records are left out
/// and reported (with `strict`, nothing is written).
public struct Exporter: Sendable {
    /// What is written.
    public let settings: ExportSettings

    /// Creates an exporter.
    public init(settings: ExportSettings) { self.settings = settings }

    /// Exports `files` (in order) to `output`. Throws `ConversionError` when the records
    /// do not form one array (different dimensions or tensor types, labels on some only).
    public func export(_ files: [String], to output: String) throws -> ExportResult {
        let inputs = files.filter { $0 != "-" }.map { ScanInput.file($0) }
        for path in [output] + (settings.labelsOut.map { [$0] } ?? []) where InputExpansion.sameFile(path, asAnyOf: inputs) {
            throw ConversionError("\(path) is one of the inputs; recordlint never writes over an input")
        }
        let csr = settings.format == .csr ? try CSRWriter(path: output) : nil
        let file = csr == nil ? try AtomicFile(path: output) : nil
        let labelsFile = try settings.labelsOut.map { try AtomicFile(path: $0) }
        var layout = ExportLayout(settings: settings, file: file, csr: csr, labelsFile: labelsFile)
        var problems: [Finding] = []
        try ExportedRecords.forEach(files) { record, problem in
            if let problem { return problems.append(problem) }
            if settings.strict && !problems.isEmpty { return }
            try layout.append(record!)
        }
        if settings.strict && !problems.isEmpty {
            file?.discard()
            csr?.discard()
            labelsFile?.discard()
            return ExportResult(records: 0, problems: problems, written: false)
        }
        try layout.finish()
        try file?.commit()
        try labelsFile?.commit()
        try csr?.commit()  // last: a directory in place means everything was written
        return ExportResult(records: layout.records, problems: problems, written: true)
    }
}

/// The shape the exported records must share, and the writing of each row.
struct ExportLayout {
    let settings: ExportSettings
    /// The output file (`nil` for CSR, a directory).
    let file: AtomicFile?
    let csr: CSRWriter?
    let labelsFile: AtomicFile?
    var records = 0
    private var kind: ValueKind?
    private var labelKind: ValueKind?
    private var dimension: Int?
    private var hasLabels: Bool?
    private var npy: NpyWriter?
    private var labelsNpy: NpyWriter?

    init(settings: ExportSettings, file: AtomicFile?, csr: CSRWriter?, labelsFile: AtomicFile?) {
        self.settings = settings
        self.file = file
        self.csr = csr
        self.labelsFile = labelsFile
    }

    mutating func append(_ record: TrainingRecord) throws {
        let features = record.features!
        let where_ = "record \(records) (counting exported records)"
        if let kind, kind != features.kind {
            throw ConversionError("\(where_) is \(features.kind.rawValue), the records before it \(kind.rawValue)")
        }
        kind = features.kind
        let dimension = features.dimension ?? features.count
        if settings.format != .libsvm, let known = self.dimension, known != dimension {
            throw ConversionError("\(where_) has dimension \(dimension), the records before it \(known): not one array")
        }
        if features.isSparse, let key = features.keys.first(where: { $0 >= UInt64(dimension) }) {
            throw ConversionError("\(where_) has key \(key) past its shape [\(dimension)]: not one matrix")
        }
        self.dimension = max(self.dimension ?? 0, dimension)
        if let hasLabels, hasLabels != (record.label != nil) {
            throw ConversionError(
                "\(where_) \(hasLabels ? "has no label" : "has a label"), the records before it \(hasLabels ? "do" : "do not")")
        }
        hasLabels = record.label != nil
        if let label = record.label, label.count != 1 {
            throw ConversionError("\(where_) has a label of \(label.count) values, not one")
        }
        if let label = record.label {
            if let labelKind, labelKind != label.kind {
                throw ConversionError("\(where_) has a \(label.kind.rawValue) label, the records before it \(labelKind.rawValue)")
            }
            labelKind = label.kind
        }
        switch settings.format {
        case .npy:
            if npy == nil { npy = try NpyWriter(element: NpyWriter.element(for: features.kind), matrix: true, file: file!) }
            try npy!.append(Self.dense(features), to: file!)
            try appendLabel(record.label)
        case .csr:
            try csr!.append(features)
            try appendLabel(record.label)
        case .csv: try file!.write(ExportText.csvLine(features: features, label: record.label).utf8)
        case .libsvm:
            guard let label = record.label else { throw ConversionError("\(where_) has no label; libsvm lines start with one") }
            try file!.write(ExportText.libsvmLine(features: features, label: label, zeroBased: settings.zeroBased).utf8)
        }
        records += 1
    }

    private mutating func appendLabel(_ label: Tensor?) throws {
        guard let labelsFile, let label else { return }
        if labelsNpy == nil {
            labelsNpy = try NpyWriter(element: NpyWriter.element(for: label.kind), matrix: false, file: labelsFile)
        }
        try labelsNpy!.append(label.values, to: labelsFile)
    }

    /// Writes the `.npy` headers with the final shapes (and, for CSR, renames the directory into place).
    mutating func finish() throws {
        switch settings.format {
        case .npy:
            if npy == nil { npy = try NpyWriter(element: .float32, matrix: true, file: file!) }
            try npy!.finish(rows: records, columns: dimension ?? 0, file: file!)
        case .csr: try csr!.finish(rows: records, columns: dimension ?? 0)
        case .csv, .libsvm: return
        }
        if let labelsFile {
            if labelsNpy == nil { labelsNpy = try NpyWriter(element: .float32, matrix: false, file: labelsFile) }
            try labelsNpy!.finish(rows: hasLabels == true ? records : 0, columns: 1, file: labelsFile)
        }
    }

    /// The vector's values, sparse ones placed at their keys in a vector of `shape[0]` zeros.
    static func dense(_ tensor: Tensor) -> Tensor.Values {
        guard tensor.isSparse else { return tensor.values }
        let size = tensor.dimension ?? 0
        switch tensor.values {
        case .float32(let values): return .float32(scatter(values, tensor.keys, size, zero: 0))
        case .float64(let values): return .float64(scatter(values, tensor.keys, size, zero: 0))
        case .int32(let values): return .int32(scatter(values, tensor.keys, size, zero: 0))
        }
    }

    private static func scatter<T>(_ values: [T], _ keys: [UInt64], _ size: Int, zero: T) -> [T] {
        var dense = [T](repeating: zero, count: size)
        for (key, value) in zip(keys, values) where key < UInt64(size) { dense[Int(key)] = value }
        return dense
    }
}
