import ArgumentParser
import RecordLint

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `recordlint merge REPORT ...`
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the JSON reports of shard workers (check --shard I/N --format json) into one.",
        discussion: "Same output formats and exit status as check.")

    @Argument(help: "JSON reports written by check --format json.", transform: PathArgument.path)
    var reports: [String] = []

    @OptionGroup var output: OutputOptions

    @Option(help: "How many findings are listed (0 = all); default: what the first report used.")
    var maxFindings: Int?

    func validate() throws {
        if reports.isEmpty { throw ValidationError("give at least one JSON report") }
        if let maxFindings, maxFindings < 0 { throw ValidationError("--max-findings must be 0 (all) or more") }
    }

    func run() throws {
        var parsed: [(name: String, report: Report)] = []
        for path in reports {
            let data: [UInt8]
            do {
                data = try WholeFile.read(path)
            } catch {
                StandardStream.error.write("recordlint: merge: cannot read \(error)\n")
                throw ExitStatus.unchecked
            }
            do {
                parsed.append((path, try JSONReporter.decode(data)))
            } catch {
                StandardStream.error.write("recordlint: merge: \(path) is not a report written by check --format json\n")
                throw ExitStatus.unchecked
            }
        }
        let merged: Report
        do {
            merged = try ReportMerge.merge(parsed, maxFindings: maxFindings)
        } catch {
            StandardStream.error.write("recordlint: merge: \(error.description)\n")
            throw ExitStatus.unchecked
        }
        output.print(merged)
        let status = ExitStatus.of(merged, strict: output.strict || merged.settings.strict)
        if status != ExitStatus.clean { throw status }
    }
}
