import ArgumentParser
import RecordLint

/// `recordlint export FILE ... -o OUT --to npy|csv|libsvm`
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write recordio-protobuf records as .npy, CSV or libsvm: the arrays SDK v2's read_records and numpy give.",
        discussion:
            "CSV is label first, as convert reads it; numbers are printed so that convert reads back the same bits. Damaged records are reported and left out (--strict: exit 1 and nothing written)."
    )

    @Argument(help: "recordio-protobuf files, or - for standard input.", transform: PathArgument.path)
    var files: [String]

    @Option(
        name: .shortAndLong, help: "The output file (for csr, a directory that does not exist yet or is empty).",
        transform: PathArgument.path)
    var output: String

    @Option(help: "Output format: npy, csv, libsvm, or csr (a new directory of shape, indptr, indices and data .npy files).")
    var to: ExportSettings.Format

    @Option(help: "npy, csr: write the labels to this 1-D .npy.", transform: PathArgument.path)
    var labelsOut: String?

    @Flag(help: "libsvm: write indices from 0 (default: from 1).")
    var zeroBased = false

    @Flag(help: "A damaged record makes the exit status 1 and nothing is written.")
    var strict = false

    func validate() throws {
        if labelsOut != nil && to != .npy && to != .csr { throw ValidationError("--labels-out goes with --to npy or csr") }
        if files.contains(output) || (labelsOut.map(files.contains) ?? false) || labelsOut == output {
            throw ValidationError("the output is one of the inputs; recordlint never writes over an input")
        }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be given once") }
    }

    func run() throws {
        var settings = ExportSettings(format: to)
        settings.labelsOut = labelsOut
        settings.zeroBased = zeroBased
        settings.strict = strict
        let result: ExportResult
        do {
            result = try Exporter(settings: settings).export(files, to: output)
        } catch let error as ConversionError {
            StandardStream.error.write("recordlint: \(error)\n")
            throw ExitStatus.unchecked
        } catch let error as InputError {
            StandardStream.error.write("recordlint: \(error)\n")
            throw ExitStatus.unchecked
        }
        StandardStream.output.write(
            result.problems.map {
                "\($0.file): record \($0.record ?? 0) (offset \($0.offset ?? 0)): \($0.message) [\($0.rule.rawValue)]\n"
            }
            .joined())
        if result.written {
            let left = result.problems.isEmpty ? "" : ", \(result.problems.count) damaged left out"
            StandardStream.error.write("recordlint: \(result.records) records written to \(output)\(left)\n")
        } else {
            StandardStream.error.write("recordlint: \(result.problems.count) damaged records: nothing written (--strict)\n")
            throw ExitStatus.findings
        }
    }
}

extension ExportSettings.Format: ExpressibleByArgument {}
