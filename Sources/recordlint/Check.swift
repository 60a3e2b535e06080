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

    @OptionGroup var options: CheckOptions

    @OptionGroup var output: OutputOptions

    @Option(help: "Write every offending record as a path<TAB>record-index line to FILE, whatever --max-findings says.")
    var indicesOut: String?

    @Option(help: "Check only shard I (0-based) of N of the expanded file list, balanced by bytes, e.g. 0/4.")
    var shard: Shard?

    @Flag(help: "Exit 0 whenever the scan itself completed.")
    var exitZero = false

    @Flag(inversion: .prefixedNo, help: "A progress bar on standard error (default: when it is a terminal).")
    var progress: Bool?

    func validate() throws {
        if paths.isEmpty && options.hyperparameters == nil {
            throw ValidationError(
                "give at least one PATH (a file, a directory, or - for standard input) or --hyperparameters FILE")
        }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be given once") }
        if let indicesOut, paths.contains(indicesOut) || indicesOut == options.hyperparameters {
            throw ValidationError("--indices-out \(indicesOut) is one of the inputs; recordlint never writes to what it checks")
        }
    }

    func run() throws {
        let configuration = options.configuration(strict: output.strict, collectsOffendingRecords: indicesOut != nil)
        var notes: [String] = []
        var (inputs, unchecked) = InputExpansion.expand(paths, notes: &notes)
        for note in notes { StandardStream.error.write("recordlint: note: \(note)\n") }
        // Against every input of the run (all shards' files, not only this shard's), before anything is read.
        if let indicesOut {
            do {
                try OutputTarget.refuseInputs(
                    indicesOut, option: "--indices-out", inputs: InputExpansion.filePaths(of: inputs) + options.inputFiles)
            } catch {
                throw ValidationError(error.message)
            }
        }
        if let shard { inputs = shard.select(inputs) }
        let indicesFile: IndicesFile?
        do {
            indicesFile = try indicesOut.map(IndicesFile.init(target:))
        } catch let error as IndicesFileError {
            StandardStream.error.write("recordlint: \(error.message)\n")
            throw ExitStatus.unchecked
        }
        let checker = Checker(configuration: configuration)
        for note in checker.notes { StandardStream.error.write("recordlint: warning: \(note)\n") }
        let bar = ProgressBar.wanted(explicit: progress) ? ProgressBar(total: InputExpansion.totalBytes(of: inputs)) : nil
        var advance: (@Sendable (Int) -> Void)?
        if let bar { advance = { bar.advance(by: $0) } }
        let reporter = output.reporter
        let stdout = BufferedOutput()
        var onFinding: ((Finding) -> Void)?
        var position = 0
        if reporter.isRealtime {
            onFinding = { finding in
                bar?.finish()
                stdout.write(reporter.line(for: finding, position: position))
                position += 1
            }
        }
        let report = checker.check(inputs, unchecked: unchecked, progress: advance, onFinding: onFinding)
        bar?.finish()
        stdout.write(reporter.closing(report))
        stdout.flush()
        if let indicesFile {
            do {
                try indicesFile.commit(report.offendingRecordLines)
            } catch let error as IndicesFileError {
                StandardStream.error.write("recordlint: \(error.message)\n")
                throw ExitStatus.unchecked
            }
        }
        let status = ExitStatus.of(report, strict: output.strict)
        // --exit-zero forgives findings, never inputs that could not be checked.
        if status == ExitStatus.unchecked || (!exitZero && status != ExitStatus.clean) { throw status }
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
        // The smallest chunk is 4 bytes, whatever the unit (1K is 1,024 bytes).
        guard let value = Int(digits), value >= 1, value <= Int.max / multiplier, value * multiplier >= 4 else { return nil }
        bytes = value * multiplier
    }
}
