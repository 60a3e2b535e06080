import ArgumentParser

/// recordlint's exit statuses (SPEC.md), in one place.
enum ExitStatus {
    /// Everything given was checked; no error findings (warnings allowed unless `--strict`).
    static let clean = ExitCode(0)
    /// At least one error finding (or a warning with `--strict`).
    static let findings = ExitCode(1)
    /// Something could not be checked: a file unreadable, missing, a directory with no files.
    static let unchecked = ExitCode(2)
    /// A bad command line; swift-argument-parser's `ValidationError` exits with it.
    static let usage = ExitCode.validationFailure
}
