import ArgumentParser

/// `recordlint`: checks SageMaker recordio-protobuf training data before upload.
@main
struct RecordLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordlint",
        abstract: "Checks SageMaker application/x-recordio-protobuf training data before a training job reads it.",
        version: "0.1.0",
        subcommands: [Check.self, Inspect.self, Stats.self, Merge.self, Convert.self, Export.self, Filter.self],
        defaultSubcommand: nil
    )

    /// Screens the command line before parsing it: a file name that begins with `-` must never be
    /// read as a cluster of short options (`-dash.rec` holds `h`, which would print help and exit 0
    /// with nothing checked), and standard output and error are made safe to write to. The
    /// arguments are taken with their bytes (`RawCommandLine`): a file name that is not UTF-8
    /// reaches the command as escaped text, not with U+FFFD in place of its bytes.
    static func main() {
        StandardStream.reserveClosedDescriptors()
        let arguments = RawCommandLine.current.arguments
        if let ambiguous = RawCommandLine.current.ambiguous {
            exit(
                withError: ValidationError(
                    "\(ambiguous) is both a name given as text and how recordlint writes another argument that is not UTF-8; rename one of the files"
                ))
        }
        if let cluster = ArgumentScreen.shortOptionCluster(in: arguments) {
            exit(
                withError: ValidationError(
                    "\(cluster) is not an option: recordlint has no short-option clusters. "
                        + "Put -- before file names (recordlint check -- \(cluster)) or write ./\(cluster)"))
        }
        var status: Error?
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            status = error
        }
        // A report lost on the way out (standard output full or closed) is never a clean exit.
        if let problem = StandardStream.outputProblem, (status == nil || status is ExitCode) {
            StandardStream.error.write("recordlint: cannot write standard output: \(problem)\n")
            exit(withError: ExitStatus.unchecked)
        }
        if let status { exit(withError: status) }
        exit()
    }
}

/// Looks at the raw arguments before swift-argument-parser does.
enum ArgumentScreen {
    /// The first argument before `--` that swift-argument-parser would read as a cluster of short
    /// options (`-xyz`): recordlint's short options (`-h`, `-o`) are never combined, so such an
    /// argument is a file name that lacks `--` (or a typo), and is refused. `-1..3`, `-0.5` and
    /// other negative numbers are values, not clusters.
    static func shortOptionCluster(in arguments: [String]) -> String? {
        for argument in arguments {
            if argument == "--" { return nil }
            let characters = Array(argument)
            guard characters.count > 2, characters[0] == "-", characters[1] != "-" else { continue }
            if characters[1].isNumber || characters[1] == "." { continue }
            return argument
        }
        return nil
    }
}
