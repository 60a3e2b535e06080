import ArgumentParser
import RecordLint

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `recordlint convert INPUT ... -o OUT`
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract:
            "Write recordio-protobuf from CSV, libsvm, .npy or a CSR matrix, byte for byte as the SageMaker SDK v2 writer does.",
        discussion:
            "Every row is validated; a finding names the input, its 1-based line and column. With any finding nothing is written (exit 1) unless --skip-bad-rows."
    )

    @Argument(help: "CSV, libsvm or .npy inputs, a CSR directory, or - for standard input.", transform: PathArgument.path)
    var inputs: [String]

    @Option(
        name: .shortAndLong, help: "The output file (the prefix of OUT-00000.pbr, ... with --records-per-file).",
        transform: PathArgument.path)
    var output: String

    @Option(
        help:
            "Input format: csv, libsvm, npy, or csr (a directory of shape, indptr, indices and data .npy files, as scipy names them) (default: from the extension)."
    )
    var from: ConvertSettings.InputFormat?

    @Option(help: "CSV: where the label is: first, last, none, or a 0-based column.")
    var labelColumn: ConvertSettings.LabelColumn = .first

    @Flag(help: "CSV: skip the first line of each input.")
    var header = false

    @Option(help: "CSV: the field separator (one character).")
    var delimiter: String = ","

    @Flag(help: "libsvm: indices count from 0 (default: from 1).")
    var zeroBased = false

    @Option(help: "The feature dimension every row must have (libsvm: the shape; default the largest index + 1).")
    var featureDim: Int?

    @Option(help: "npy, csr: a 1-D .npy array of labels.", transform: PathArgument.path)
    var labels: String?

    @Option(help: "Tensor type: float32, float64, or auto (the SDK's rule from the .npy dtypes).")
    var dtype: ConvertSettings.DType = .float32

    @Option(help: "Split the output into OUT-00000.pbr, OUT-00001.pbr, ... of N records each.")
    var recordsPerFile: Int?

    @Option(help: "Check every row's label and the tensor type against this algorithm's rules (as check does).")
    var algorithm: Algorithm?

    @Option(
        help:
            "A SageMaker hyperparameters JSON file, checked as check checks it; its feature_dim, predictor_type and num_classes apply to the rows.",
        transform: PathArgument.path)
    var hyperparameters: String?

    @Flag(help: "Leave bad rows out and report them instead of writing nothing.")
    var skipBadRows = false

    @Option(help: "CSV, libsvm: threads that parse (default: the available cores). The output is the same for any number.")
    var jobs: Int?

    @Option(
        help: "CSV, libsvm: bytes read at a time and shared among the threads (K, M, G suffixes). The output never depends on it."
    )
    var chunkSize: ByteCount?

    func validate() throws {
        guard delimiter.utf8.count == 1, delimiter != "\n", delimiter != "\r", delimiter != "\"" else {
            throw ValidationError("--delimiter is one ASCII character other than a quote or a line end")
        }
        if let featureDim, featureDim < 1 || featureDim > CheckConfiguration.maximumFeatureDim {
            throw ValidationError("--feature-dim must be a positive integer: \(CheckConfiguration.featureDimRange)")
        }
        if let jobs, jobs < 1 || jobs > CheckConfiguration.maximumJobs {
            throw ValidationError("--jobs must be from 1 to \(CheckConfiguration.maximumJobs)")
        }
        if let chunkSize, chunkSize.bytes > CheckConfiguration.maximumChunkSize {
            throw ValidationError("--chunk-size must be from 4 bytes to 1G")
        }
        if let recordsPerFile, recordsPerFile < 1 { throw ValidationError("--records-per-file must be at least 1") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be given once") }
        if inputs.contains(output) || output == labels {
            throw ValidationError("-o \(output) is one of the inputs; recordlint never writes over an input")
        }
        if labels != nil && from != .npy && from != .csr && !inputs.allSatisfy({ $0.hasSuffix(".npy") }) {
            throw ValidationError("--labels goes with .npy or CSR features")
        }
    }

    func run() throws {
        var settings = ConvertSettings()
        settings.format = from
        settings.labelColumn = labelColumn
        settings.header = header
        settings.delimiter = delimiter.utf8.first!
        settings.zeroBased = zeroBased
        settings.featureDim = featureDim
        settings.labelsPath = labels
        settings.dtype = dtype
        settings.recordsPerFile = recordsPerFile
        settings.skipBadRows = skipBadRows
        settings.algorithm = algorithm
        if algorithm == nil, let hyperparameters, let (inferred, keys) = try CheckOptions.inferAlgorithm(from: hyperparameters) {
            settings.algorithm = inferred
            StandardStream.error.write(
                "recordlint: note: --algorithm \(inferred.rawValue) inferred from \(keys.joined(separator: ", ")) in \(hyperparameters); give --algorithm to choose another\n"
            )
        }
        settings.hyperparametersFile = hyperparameters
        let cores = ProcessInfo.processInfo.activeProcessorCount
        settings.jobs = CheckConfiguration.usefulJobs(jobs ?? cores, cores: cores)
        if let chunkSize { settings.blockSize = chunkSize.bytes }
        let result: ConversionResult
        do {
            // Before anything is read: -o is a regular file (or a new name) and no input, --labels included.
            try OutputTarget.refuseInputs(
                output, option: "-o", inputs: inputs.filter { $0 != "-" } + [labels, hyperparameters].compactMap { $0 })
            if recordsPerFile == nil { _ = try OutputTarget.resolve(output, streams: false) }
        } catch {
            StandardStream.error.write("recordlint: \(error.message)\n")
            throw ExitStatus.unchecked
        }
        do {
            result = try Converter(settings: settings).convert(inputs, to: output)
        } catch let error as ConversionError {
            StandardStream.error.write("recordlint: \(error)\n")
            throw ExitStatus.unchecked
        } catch let error as InputError {
            StandardStream.error.write("recordlint: \(error)\n")
            throw ExitStatus.unchecked
        }
        for note in result.notes { StandardStream.error.write("recordlint: warning: \(note)\n") }
        StandardStream.output.write(result.hyperparameterFindings.map { TextReporter.line($0) + "\n" }.joined())
        if result.hyperparameterFindings.contains(where: { $0.severity == .error }) {
            StandardStream.error.write("recordlint: the hyperparameters have errors: nothing converted\n")
            throw ExitStatus.findings
        }
        StandardStream.output.write(result.findings.map { "\($0)\n" }.joined())
        let more = result.findingCount - result.findings.count
        if more > 0 { StandardStream.output.write("... and \(more) more findings\n") }
        let rowWord = result.rows == 1 ? "row" : "rows"
        if result.written {
            let files = result.files.count == 1 ? result.files[0] : "\(result.files.count) files (\(result.files[0]) ...)"
            let skipped = result.findingCount > 0 ? ", \(result.findingCount) bad left out" : ""
            StandardStream.error.write(
                "recordlint: \(result.rows) \(rowWord)\(skipped): \(result.records) records written to \(files)\n")
        } else {
            StandardStream.error.write(
                "recordlint: \(result.rows) \(rowWord), \(result.findingCount) bad: nothing written (--skip-bad-rows leaves bad rows out)\n"
            )
            throw ExitStatus.findings
        }
    }
}

extension ConvertSettings.InputFormat: ExpressibleByArgument {}
extension ConvertSettings.DType: ExpressibleByArgument {}

extension ConvertSettings.LabelColumn: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "first": self = .first
        case "last": self = .last
        case "none": self = .none
        default:
            guard let index = Int(argument), index >= 0 else { return nil }
            self = .index(index)
        }
    }
}
