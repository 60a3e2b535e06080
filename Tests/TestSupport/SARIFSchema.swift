import Foundation

/// Validates SARIF logs against the OASIS SARIF 2.1.0 schema vendored in
/// `Tests/SARIF`, with Python's jsonschema (`Tests/SARIF/validate.py`).
/// `make test` makes `.venv-tests` with it when `python3` lacks it.
public enum SARIFSchema {
    /// `Tests/SARIF`: the schema and its validator.
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SARIF")

    /// The Python that has jsonschema: `.venv-tests`'s, else `python3` on the path; `nil` when neither has it.
    public static let python: String? = {
        let venv = directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            ".venv-tests/bin/python3"
        ).path
        let candidates = (FileManager.default.isExecutableFile(atPath: venv) ? [venv] : []) + ["python3"]
        for candidate in candidates where (try? run(candidate, input: "{}").status) == 1 {
            return candidate  // it ran the check and found "{}" invalid: the validator works
        }
        return nil
    }()

    /// Why validation cannot run, for the skipped test's message.
    public static let unavailable =
        "python3 with jsonschema and rfc3986-validator not found (Scripts/test-venv.sh installs them): SARIF is not validated against the schema"

    /// The validator's report when `sarif` breaks the schema; `nil` when it is valid or the
    /// validator cannot be had (`sarifValidationIsAvailable` is then skipped with the reason).
    /// (A plain target cannot import Testing in a release build, so callers `#expect` on it.)
    public static func violations(_ sarif: String) throws -> String? {
        guard let python else { return nil }
        let result = try run(python, input: sarif)
        return result.status == 0 ? nil : "SARIF does not match the 2.1.0 schema:\n\(result.output)"
    }

    private static func run(_ python: String, input: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, directory.appendingPathComponent("validate.py").path]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        // A validator that exits early must not end the tests with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
