import ArgumentParser
import RecordLint

/// recordlint's exit statuses (SPEC.md), in one place. A bad command line exits
/// with 64, swift-argument-parser's status for a `ValidationError`.
enum ExitStatus {
    /// Everything given was checked; no error findings (warnings allowed unless `--strict`).
    static let clean = ExitCode(0)
    /// At least one error finding (or a warning with `--strict`).
    static let findings = ExitCode(1)
    /// Something could not be checked: a file unreadable, missing, a directory with no files.
    static let unchecked = ExitCode(2)

    /// The status a report gives: unchecked inputs first, then errors (and warnings when `strict`).
    static func of(_ report: Report, strict: Bool) -> ExitCode {
        if !report.unchecked.isEmpty { return unchecked }
        if report.summary.errors > 0 || (strict && report.summary.warnings > 0) { return findings }
        return clean
    }
}
