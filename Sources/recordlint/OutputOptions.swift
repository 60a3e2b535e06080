import ArgumentParser
import RecordLint

/// How `check` and `merge` print a report and turn it into an exit status.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format (default: text).")
    var format: ReportFormat?

    @Flag(help: "Warnings make the exit status 1 too.")
    var strict = false

    @Flag(help: "No summary, findings only.")
    var quiet = false

    /// The reporter for `--format` and `--quiet`.
    var reporter: any Reporter { (format ?? .text).reporter(quiet: quiet) }

    /// Writes the whole report to standard output.
    func print(_ report: Report) {
        StandardStream.output.write(reporter.render(report))
    }
}

extension ReportFormat: ExpressibleByArgument {}
