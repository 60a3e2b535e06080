import ArgumentParser
import RecordLint

/// `recordlint stats PATH ...`
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Profile the data: records, tensor types, dense/sparse, dimensions, sparsity, labels, non-finite values.")

    @Argument(help: "Files, directories, or - for standard input.", transform: PathArgument.path)
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one PATH") }
        if !["text", "json"].contains(format) { throw ValidationError("--format is text or json") }
    }

    func run() throws {
        var notes: [String] = []
        let (inputs, unchecked) = InputExpansion.expand(paths, notes: &notes)
        for note in notes { StandardStream.error.write("recordlint: note: \(note)\n") }
        var profiles: [DataProfile] = []
        var failures = unchecked
        for input in inputs {
            do {
                profiles.append(try Profiler.profile(input))
            } catch {
                failures.append(Report.UncheckedInput(path: input.displayName, reason: "\(error)"))
            }
        }
        StandardStream.output.write(
            format == "json" ? StatsPrinter.json(profiles, unchecked: failures) : StatsPrinter.text(profiles, unchecked: failures)
        )
        if !failures.isEmpty { throw ExitStatus.unchecked }
    }
}
