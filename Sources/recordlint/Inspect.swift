import ArgumentParser
import RecordLint

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `recordlint inspect FILE [--record N | --records A..B]`
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print records as they decode: index, offset, uid, tensor type, dimension, first values, label.")

    @Argument(help: "The file to read, or - for standard input.", transform: PathArgument.path)
    var path: String

    @Option(help: "Print only this record.")
    var record: Int?

    @Option(help: "Print the records A..B (inclusive).")
    var records: String?

    @Option(help: "Output format: text or json (one object a line).")
    var format: String = "text"

    func validate() throws {
        if record != nil && records != nil { throw ValidationError("give --record or --records, not both") }
        if let records, RecordRange(records) == nil { throw ValidationError("--records takes A..B, e.g. 40..45") }
        if !["text", "json"].contains(format) { throw ValidationError("--format is text or json") }
    }

    func run() throws {
        let range = record.map { $0...$0 } ?? records.flatMap(RecordRange.init)?.range ?? 0...Int.max
        let input: ScanInput = path == "-" ? .standardInput : .file(path)
        let reader = try RecordReader(input)
        var output = ""
        var printed = 0
        let walked = try reader.forEach(in: range) { record in
            printed += 1
            output += format == "json" ? RecordPrinter.json(record) : RecordPrinter.text(record)
            output += "\n"
            if output.utf8.count > 1 << 16 {
                StandardStream.output.write(output)
                output = ""
            }
        }
        StandardStream.output.write(output)
        if printed == 0, record != nil || records != nil {
            let count = walked
            StandardStream.error.write(
                "recordlint: \(input.displayName) has only \(count) record\(count == 1 ? "" : "s")"
                    + (count > 0 ? " (indices 0 to \(count - 1))" : "") + "; there is no record \(range.lowerBound)\n")
            throw ExitStatus.unchecked
        }
    }
}

/// `A..B` on the command line.
struct RecordRange {
    let range: ClosedRange<Int>

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: true)
        guard text.contains(".."), parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low >= 0, low <= high
        else { return nil }
        range = low...high
    }
}
