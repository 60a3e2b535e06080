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
        commandName: "filter",
        abstract: "Write a clean copy: every record with no error finding, its frames copied byte for byte.",
        discussion:
            "Writes check's report to stdout. Exit status: 0 the copy was written (whatever it dropped), 2 it could not be, 64 bad command line."
    )

    @Argument(help: "Files or directories (walked as check walks them).", transform: PathArgument.path)
    var paths: [String]

    /// `-o` and `--output` too, as convert and export name their output.
    @Option(
        name: [.customLong("out"), .customShort("o"), .customLong("output")], help: "The clean copy.",
        transform: PathArgument.path)
    var out: String

    @Option(help: "Write the dropped records here.", transform: PathArgument.path)
    var rejects: String?

    @Option(
        help: "Drop exactly the records a path<TAB>record-index list names (the --indices-out format).",
        transform: PathArgument.path)
    var drop: String?

    @OptionGroup var options: CheckOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if paths.contains("-") { throw ValidationError("filter reads its inputs twice (check, then copy): give files, not -") }
        if paths.contains(out) || rejects.map(paths.contains) == true || out == rejects {
            throw ValidationError("--out and --rejects must not be inputs or each other; recordlint never writes over an input")
        }
    }

    func run() throws {
        let configuration = try options.configuration(strict: output.strict, collectsOffendingRecords: true)
        var notes: [String] = []
        let (inputs, unchecked) = InputExpansion.expand(paths, notes: &notes)
        for note in notes { StandardStream.error.write("recordlint: note: \(note)\n") }
        if let stream = InputExpansion.streamPaths(of: inputs).first {
            throw ValidationError(
                "\(stream) is not a regular file (a FIFO or device): filter reads its inputs twice (check, then copy); give files"
            )
        }
        // Before anything is read: the outputs are regular files (or new names), and none is an input.
        let read = InputExpansion.filePaths(of: inputs) + options.inputFiles + [drop].compactMap { $0 }
        for (option, target) in [("--out", out), ("--rejects", rejects)] {
            guard let target else { continue }
            do {
                try OutputTarget.refuseInputs(target, option: option, inputs: read)
                _ = try OutputTarget.resolve(target, streams: false)
            } catch {
                StandardStream.error.write("recordlint: \(error.message)\n")
                throw ExitStatus.unchecked
            }
        }
        let checker = Checker(configuration: configuration)
        for note in checker.notes { StandardStream.error.write("recordlint: warning: \(note)\n") }
        // The copy must come from the files as they were checked.
        var checked: [String: FileSnapshot] = [:]
        for path in InputExpansion.filePaths(of: inputs) { checked[path] = FileSnapshot(path) }
        // Most filtered files are clean, and then the output is the inputs whole: copied while they are checked.
        let speculative: SpeculativeCopy? =
            drop == nil && unchecked.isEmpty && !inputs.isEmpty
                && inputs.allSatisfy({ if case .file = $0 { true } else { false } })
            ? SpeculativeCopy(files: InputExpansion.filePaths(of: inputs), output: out) : nil
        let report = checker.check(inputs, unchecked: unchecked)
        output.print(report)
        guard report.unchecked.isEmpty else {
            speculative?.discard()
            throw ExitStatus.unchecked
        }
        // The offending records are those with an error finding (any finding with --strict).
        let dropped = try drop.map(Self.readDropList) ?? report.offendingRecords.mapValues(Set.init)
        let files = inputs.compactMap { input -> String? in
            if case .file(let path) = input { return path }
            return nil
        }
        do {
            // Files the check found with no error finding have no damaged region: copied whole, not walked again.
            let intact = RecordFilter.intactFiles(of: report)
            let whole = try speculative?.commit(report: report, checked: checked, rejects: rejects)
            let result =
                try whole
                ?? RecordFilter.copy(files, dropping: dropped, to: out, rejects: rejects, checked: checked, intact: intact)
            StandardStream.error.write(
                "recordlint: \(result.kept) records written to \(out), \(result.dropped) dropped\(rejects.map { " (to \($0))" } ?? ""), \(result.damaged) damaged regions left out\n"
            )
        } catch {
            StandardStream.error.write("recordlint: \(error)\n")
            throw ExitStatus.unchecked
        }
    }

    /// A `path<TAB>record-index` list, as `check --indices-out` writes it (blank lines and `#` comments allowed).
    static func readDropList(_ path: String) throws -> [String: Set<Int>] {
        let data: [UInt8]
        do {
            data = try WholeFile.read(path)
        } catch {
            StandardStream.error.write("recordlint: cannot read \(error)\n")
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
