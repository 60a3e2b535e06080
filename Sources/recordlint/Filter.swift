import ArgumentParser
import RecordLint

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `recordlint filter PATH ... --out FILE [--rejects FILE] [--drop LIST] [check options]`
struct Filter: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a clean copy: every record with no error finding, its frames copied byte for byte.",
        discussion:
            "Writes check's report to stdout. Exit status: 0 the copy was written (whatever it dropped), 2 it could not be, 64 bad command line."
    )

    @Argument(help: "Files or directories (walked as check walks them).")
    var paths: [String]

    @Option(help: "The clean copy.")
    var out: String

    @Option(help: "Write the dropped records here.")
    var rejects: String?

    @Option(help: "Drop exactly the records a path<TAB>record-index list names (the --indices-out format).")
    var drop: String?

    @Option(help: "The expected feature dimension.")
    var featureDim: Int?

    @Option(help: "A SageMaker hyperparameters JSON file.")
    var hyperparameters: String?

    @Option(help: "Which algorithm's rules apply.")
    var algorithm: Algorithm = .generic

    @OptionGroup var output: OutputOptions

    @Option(help: "How many findings are listed (0 = all). Counts are always exact.")
    var maxFindings: Int = 1000

    @Option(help: "Worker threads (default: the available cores).")
    var jobs: Int?

    @Option(help: "Bytes one worker takes at a time, with an optional K, M or G suffix.")
    var chunkSize: ByteCount?

    func validate() throws {
        if paths.contains("-") { throw ValidationError("filter reads its inputs twice (check, then copy): give files, not -") }
        if let featureDim, featureDim < 1 { throw ValidationError("--feature-dim must be a positive integer") }
        if maxFindings < 0 { throw ValidationError("--max-findings must be 0 (all) or more") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if paths.contains(out) || rejects.map(paths.contains) == true || out == rejects {
            throw ValidationError("--out and --rejects must not be inputs or each other; recordlint never writes over an input")
        }
    }

    func run() throws {
        var configuration = CheckConfiguration(
            featureDim: featureDim, algorithm: algorithm, maxFindings: maxFindings,
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, chunkSize: chunkSize?.bytes,
            collectsOffendingRecords: true)
        let (inputs, expansionFailures) = InputExpansion.expand(paths)
        var unchecked = expansionFailures
        var setup = CheckSetup(featureDimSource: "--feature-dim")
        if let hyperparameters {
            setup = HyperparameterInput.apply(path: hyperparameters, to: &configuration, unchecked: &unchecked)
        }
        for note in setup.notes { StandardStream.error.write("recordlint: warning: \(note)\n") }
        let checker = Checker(configuration: configuration)
        var report = checker.check(
            inputs, extraFindings: setup.findings, unchecked: unchecked, featureDimSource: setup.featureDimSource,
            notes: setup.notes)
        report.settings.strict = output.strict
        report.settings.hyperparameters = hyperparameters
        output.print(report)
        guard report.unchecked.isEmpty else { throw ExitStatus.unchecked }
        let dropped = try drop.map(Self.readDropList) ?? errorRecords(report, inputs: inputs, configuration: configuration)
        let files = inputs.compactMap { input -> String? in
            if case .file(let path) = input { return path }
            return nil
        }
        do {
            let result = try RecordFilter.copy(files, dropping: dropped, to: out, rejects: rejects)
            StandardStream.error.write(
                "recordlint: \(result.kept) records written to \(out), \(result.dropped) dropped\(rejects.map { " (to \($0))" } ?? ""), \(result.damaged) damaged regions left out\n"
            )
        } catch {
            StandardStream.error.write("recordlint: \(error)\n")
            throw ExitStatus.unchecked
        }
    }

    /// The records with an error finding (any finding with `--strict`), by file.
    private func errorRecords(_ report: Report, inputs: [ScanInput], configuration: CheckConfiguration) -> [String: Set<Int>] {
        if output.strict || report.summary.warnings == 0 { return report.offendingRecords.mapValues(Set.init) }
        // Warnings and errors both: the offending list has both, so list every finding once to tell them apart.
        var all = configuration
        all.maxFindings = 0
        all.collectsOffendingRecords = false
        var dropped: [String: Set<Int>] = [:]
        for finding in Checker(configuration: all).check(inputs).findings where finding.severity == .error {
            if let record = finding.record { dropped[finding.file, default: []].insert(record) }
        }
        return dropped
    }

    /// A `path<TAB>record-index` list, as `check --indices-out` writes it (blank lines and `#` comments allowed).
    static func readDropList(_ path: String) throws -> [String: Set<Int>] {
        guard let data = FileManager.default.contents(atPath: path) else {
            StandardStream.error.write("recordlint: cannot read \(path)\n")
            throw ExitStatus.unchecked
        }
        var dropped: [String: Set<Int>] = [:]
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let text = line.hasSuffix("\r") ? line.dropLast() : line
            if text.allSatisfy({ $0 == " " || $0 == "\t" }) || text.hasPrefix("#") { continue }
            guard let tab = text.lastIndex(of: "\t"), let index = Int(text[text.index(after: tab)...].filter { $0 != " " }),
                index >= 0
            else {
                StandardStream.error.write("recordlint: \(path):\(number + 1): not a path<TAB>record-index line\n")
                throw ExitStatus.unchecked
            }
            dropped[String(text[..<tab]), default: []].insert(index)
        }
        return dropped
    }
}
