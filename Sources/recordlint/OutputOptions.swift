import ArgumentParser
import RecordLint

/// How `check` and `merge` print a report and turn it into an exit status.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Flag(help: "Warnings make the exit status 1 too.")
    var strict = false

    @Flag(help: "No summary, findings only.")
    var quiet = false

    /// Writes the report to standard output.
    func print(_ report: Report) {
        StandardStream.output.write(format.reporter(quiet: quiet).render(report))
    }
}

extension ReportFormat: ExpressibleByArgument {}
