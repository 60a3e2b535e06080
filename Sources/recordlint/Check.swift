import ArgumentParser
import RecordLint

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `recordlint check [PATH ...]`
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check recordio-protobuf files and name every offending record by index and byte offset.",
        discussion:
            "A PATH is a file, a directory (walked recursively) or - for standard input. Exit status: 0 clean, 1 findings, 2 an input could not be checked, 64 bad command line."
    )

    @Argument(help: "Files, directories, or - for standard input.")
    var paths: [String] = []

    @Option(help: "The expected feature dimension.")
    var featureDim: Int?

    @Option(
        help:
            "A SageMaker hyperparameters JSON file: validated, and its feature_dim, predictor_type and num_classes feed the data checks."
    )
    var hyperparameters: String?

    @Option(help: "Which algorithm's label, dtype and hyperparameter rules apply.")
    var algorithm: Algorithm = .generic

    @OptionGroup var output: OutputOptions

    @Option(help: "How many findings are listed (0 = all). Counts are always exact.")
    var maxFindings: Int = 1000

    @Option(help: "Write every offending record as a path<TAB>record-index line to FILE, whatever --max-findings says.")
    var indicesOut: String?

    @Option(help: "Worker threads (default: the available cores; 1 is the sequential path).")
    var jobs: Int?

    @Option(help: "Bytes one worker takes at a time, with an optional K, M or G suffix. Results never depend on it.")
    var chunkSize: ByteCount?

    @Option(help: "Check only shard I (0-based) of N of the expanded file list, balanced by bytes, e.g. 0/4.")
    var shard: Shard?

    @Flag(help: "Exit 0 whenever the scan itself completed.")
    var exitZero = false

    @Flag(inversion: .prefixedNo, help: "A progress bar on standard error (default: when it is a terminal).")
    var progress: Bool?

    func validate() throws {
        if paths.isEmpty && hyperparameters == nil {
            throw ValidationError(
                "give at least one PATH (a file, a directory, or - for standard input) or --hyperparameters FILE")
        }
        if let featureDim, featureDim < 1 { throw ValidationError("--feature-dim must be a positive integer") }
        if maxFindings < 0 { throw ValidationError("--max-findings must be 0 (all) or more") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be given once") }
        if let indicesOut, paths.contains(indicesOut) || indicesOut == hyperparameters {
            throw ValidationError("--indices-out \(indicesOut) is one of the inputs; recordlint never writes to what it checks")
        }
    }

    func run() throws {
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        var configuration = CheckConfiguration(
            featureDim: featureDim, algorithm: algorithm, maxFindings: maxFindings, jobs: jobs, chunkSize: chunkSize?.bytes,
            collectsOffendingRecords: indicesOut != nil)
        var (inputs, unchecked) = InputExpansion.expand(paths)
        if let shard { inputs = shard.select(inputs) }
        if let indicesOut, InputExpansion.sameFile(indicesOut, asAnyOf: inputs) {
            throw ValidationError("--indices-out \(indicesOut) is one of the inputs; recordlint never writes to what it checks")
        }
        var setup = CheckSetup(featureDimSource: "--feature-dim")
        if let hyperparameters {
            setup = HyperparameterInput.apply(path: hyperparameters, to: &configuration, unchecked: &unchecked)
        }
        for note in setup.notes { StandardStream.error.write("recordlint: warning: \(note)\n") }
        let bar = ProgressBar.wanted(explicit: progress) ? ProgressBar(total: InputExpansion.totalBytes(of: inputs)) : nil
        var advance: (@Sendable (Int) -> Void)?
        if let bar { advance = { bar.advance(by: $0) } }
        // jsonl writes each finding as soon as it is certain; the other formats write at the end.
        let streaming = output.format == .jsonl ? JSONLinesReporter() : nil
        var report = Checker(configuration: configuration).check(
            inputs, extraFindings: setup.findings, unchecked: unchecked, featureDimSource: setup.featureDimSource,
            notes: setup.notes, progress: advance
        ) { findings in
            guard let streaming else { return }
            bar?.finish()
            StandardStream.output.write(findings.map(streaming.findingLine).joined())
        }
        bar?.finish()
        report.settings.strict = output.strict
        report.settings.hyperparameters = hyperparameters
        if let streaming {
            StandardStream.output.write(streaming.summaryLine(report))
        } else {
            output.print(report)
        }
        if let indicesOut {
            guard FileManager.default.createFile(atPath: indicesOut, contents: Data(report.offendingRecordLines.utf8)) else {
                StandardStream.error.write("recordlint: cannot write \(indicesOut)\n")
                throw ExitStatus.unchecked
            }
        }
        if !exitZero {
            let status = ExitStatus.of(report, strict: output.strict)
            if status != ExitStatus.clean { throw status }
        }
    }
}

extension Algorithm: ExpressibleByArgument {}

extension Shard: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// A byte count such as `4096`, `64K`, `16M` or `1G`.
struct ByteCount: ExpressibleByArgument {
    let bytes: Int

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = argument.uppercased()
        var multiplier = 1
        if let last = digits.last, let unit = units[last] {
            multiplier = unit
            digits.removeLast()
        }
        guard let value = Int(digits), value >= 4, value <= Int.max / multiplier else { return nil }
        bytes = value * multiplier
    }
}
