/// What a conversion did.
public struct ConversionResult: Sendable, Equatable {
    /// Records written (0 when nothing was written).
    public var records: Int
    /// Rows read, good and bad.
    public var rows: Int
    /// The output files written, in order; empty when an error finding stopped the output.
    public var files: [String]
    /// The findings, in input order, at most `Converter.listingLimit` of them.
    public var findings: [ConversionFinding]
    /// How many findings there were in all.
    public var findingCount: Int
    /// What is wrong in the hyperparameters file, as `check` reports it; an error stops the conversion.
    public var hyperparameterFindings: [Finding] = []
    /// What the user should know about the settings (a `--feature-dim` that differs from the file's).
    public var notes: [String] = []
    /// Whether the output was written (no findings, or `skipBadRows`).
    public var written: Bool { !files.isEmpty }
}

/// Why a conversion could not start or finish (other than an unreadable input, an `InputError`).
public struct ConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let reason: String
    /// Creates an error.
    public init(_ reason: String) { self.reason = reason }
    /// The reason.
    public var description: String { reason }
}

/// Converts CSV, libsvm and `.npy` inputs to recordio-protobuf byte for byte as
/// the SageMaker SDK v2 writes the same matrix (`write_numpy_to_dense_tensor`,
/// `write_spmatrix_to_sparse_tensor`), validating every row.
public struct Converter: Sendable {
    /// How inputs are read and what is written.
    public let settings: ConvertSettings

    /// How many findings a result lists (all are counted).
    public static let listingLimit = 1000

    /// Creates a converter.
    public init(settings: ConvertSettings) { self.settings = settings }

    /// Converts `inputs` (paths, `-` for standard input) in order into `output`.
    /// Nothing is left under the output names unless the result says `written`.
    public func convert(_ inputs: [String], to output: String) throws -> ConversionResult {
        guard !inputs.isEmpty else { throw ConversionError("no input") }
        var settings = settings
        var hyperparameterFindings: [Finding] = []
        var notes: [String] = []
        if settings.algorithm != nil || settings.hyperparametersFile != nil {
            let setup = HyperparameterSetup(
                CheckConfiguration(
                    featureDim: settings.featureDim, algorithm: settings.algorithm ?? .generic,
                    hyperparametersFile: settings.hyperparametersFile))
            if let unreadable = setup.unchecked.first { throw ConversionError("\(unreadable.path): \(unreadable.reason)") }
            hyperparameterFindings = setup.findings
            notes = setup.notes
            if hyperparameterFindings.contains(where: { $0.severity == .error }) {
                return ConversionResult(
                    records: 0, rows: 0, files: [], findings: [], findingCount: 0, hyperparameterFindings: hyperparameterFindings,
                    notes: notes)
            }
            settings.featureDim = setup.configuration.featureDim
            if let algorithm = settings.algorithm {
                settings.labelRules = ConvertLabelRules(
                    algorithm: algorithm, predictorType: setup.configuration.predictorType,
                    numClasses: setup.configuration.numClasses)
            }
        }
        var result = try Self(settings: settings).convertRows(inputs, to: output)
        result.hyperparameterFindings = hyperparameterFindings
        result.notes = notes
        return result
    }

    private func convertRows(_ inputs: [String], to output: String) throws -> ConversionResult {
        let formats = try inputs.map { path in
            guard let format = settings.format ?? ConvertSettings.InputFormat(extensionOf: path) else {
                throw ConversionError("\(path): cannot tell the format from the name; give --from csv|libsvm|npy|csr")
            }
            return format
        }
        guard Set(formats).count == 1, let format = formats.first else {
            throw ConversionError(
                "the inputs are of different formats (\(Set(formats).map(\.rawValue).sorted().joined(separator: ", ")))")
        }
        let members = format == .csr ? inputs.flatMap { input in CSRDirectory.members.map { CSRDirectory.path(input, $0) } } : []
        let inputFiles =
            (inputs.filter { $0 != "-" } + members).map { ScanInput.file($0) } + (settings.labelsPath.map { [.file($0)] } ?? [])
        let sink = RecordFileSink(output: output, recordsPerFile: settings.recordsPerFile, inputs: inputFiles)
        try sink.refuseInputs(index: 0)
        var run = ConversionRun(settings: settings, sink: sink)
        switch format {
        case .csv: for input in inputs { try run.readCSV(input) }
        case .libsvm:
            let dimension = try settings.featureDim ?? LibSVMDimension.largestIndexPlusOne(inputs, settings: settings)
            for input in inputs { try run.readLibSVM(input, dimension: dimension) }
        case .npy:
            guard inputs.count == 1 else { throw ConversionError(".npy input is one file (and --labels FILE.npy)") }
            try run.readNpy(inputs[0])
        case .csr:
            guard inputs.count == 1, inputs[0] != "-" else {
                throw ConversionError("CSR input is one directory (and --labels FILE.npy)")
            }
            try run.readCSR(inputs[0])
        }
        return try run.finish(inputFiles: inputFiles)
    }
}

/// The state of one conversion: the sink, the findings, the row count.
struct ConversionRun {
    let settings: ConvertSettings
    let sink: RecordFileSink
    var findings: [ConversionFinding] = []
    var findingCount = 0
    var rows = 0
    var records = 0
    /// The dense feature count every row must have, once known.
    var expectedColumns: Int?

    init(settings: ConvertSettings, sink: RecordFileSink) {
        self.settings = settings
        self.sink = sink
        expectedColumns = nil
    }

    /// Whether rows are still written (no error yet, or bad rows are skipped).
    var writing: Bool { findingCount == 0 || settings.skipBadRows }

    mutating func report(_ finding: ConversionFinding) {
        findingCount += 1
        if findings.count < Converter.listingLimit { findings.append(finding) }
    }

    mutating func write(_ record: TrainingRecord) throws {
        guard writing else { return }
        try sink.append(record)
        records += 1
    }

    /// Renames the output into place when it may be kept, or removes it.
    mutating func finish(inputFiles: [ScanInput]) throws -> ConversionResult {
        var files: [String] = []
        if writing {
            try sink.commit()
            files = sink.names
        } else {
            sink.discard()
            records = 0
        }
        return ConversionResult(records: records, rows: rows, files: files, findings: findings, findingCount: findingCount)
    }

    /// A tensor of `kind` holding `values`, or the 0-based position of a value an Int32 cannot hold.
    static func tensor(_ values: [Double], kind: ValueKind, keys: [UInt64] = [], shape: [UInt64] = []) -> Result<Tensor, IntRange>
    {
        switch kind {
        case .float64: return .success(Tensor(values: .float64(values), keys: keys, shape: shape))
        case .int32:
            var ints: [Int32] = []
            ints.reserveCapacity(values.count)
            for (position, value) in values.enumerated() {
                guard let int = Int32(exactly: value) else { return .failure(IntRange(position: position, value: value)) }
                ints.append(int)
            }
            return .success(Tensor(values: .int32(ints), keys: keys, shape: shape))
        default: return .success(Tensor(values: .float32(values.map { Float($0) }), keys: keys, shape: shape))
        }
    }

    /// A value that does not fit an Int32 tensor.
    struct IntRange: Error {
        let position: Int
        let value: Double
    }

    /// The tensor kind for text input (`auto` is float64, what numpy's readers return).
    var textKind: ValueKind { settings.dtype == .float32 ? .float32 : .float64 }

    /// The 0-based position of the first value in `values` that is NaN or ±Inf as a `kind` (a float64 past
    /// the float32 range rounds to ±Inf).
    static func firstNonFinite<Values: RandomAccessCollection<Double>>(_ values: Values, kind: ValueKind) -> Int?
    where Values.Index == Int {
        kind == .float32 ? values.firstIndex { !Float($0).isFinite } : values.firstIndex { !$0.isFinite }
    }

    /// " (±Inf as float32)" for a finite value that overflows float32, "" otherwise.
    static func asKind(_ value: Double, _ kind: ValueKind) -> String {
        value.isFinite && kind == .float32 ? " (\(Float(value)) as float32)" : ""
    }

    /// Opens a text or binary input.
    static func source(_ path: String) throws -> ByteSource {
        path == "-" ? StreamSource(name: "-", descriptor: 0) : try FileSource(path: path)
    }
}
