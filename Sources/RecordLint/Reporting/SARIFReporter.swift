/// `--format sarif`: SARIF 2.1.0 with one rule per rule id and each result's
/// byte offset in its region, for code-scanning dashboards. Paths become URI
/// references (RFC 3986, percent-encoded); inputs that could not be read are
/// the invocation's tool execution notifications, and make it unsuccessful.
public struct SARIFReporter: Reporter {
    /// Creates the reporter.
    public init() {}

    private struct Log: Encodable {
        let version = "2.1.0"
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let runs: [Run]

        enum CodingKeys: String, CodingKey {
            case version, runs
            case schema = "$schema"
        }
    }

    private struct Run: Encodable {
        let tool: Tool
        let invocations: [Invocation]
        let results: [Result]
    }

    private struct Invocation: Encodable {
        let executionSuccessful: Bool
        let toolExecutionNotifications: [Notification]
    }

    private struct Notification: Encodable {
        let level: String
        let message: Text
        let locations: [Location]
    }

    private struct Tool: Encodable {
        let driver: Driver
    }

    private struct Driver: Encodable {
        let name = "recordlint"
        let rules: [Rule]
    }

    private struct Rule: Encodable {
        let id: String
        let shortDescription: Text
        let defaultConfiguration: Configuration
    }

    private struct Configuration: Encodable {
        let level: String
    }

    private struct Text: Encodable {
        let text: String
    }

    private struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Text
        let locations: [Location]
    }

    private struct Location: Encodable {
        let physicalLocation: PhysicalLocation
    }

    private struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region?
    }

    private struct ArtifactLocation: Encodable {
        let uri: String
    }

    private struct Region: Encodable {
        let byteOffset: Int
    }

    public func render(_ report: Report) -> String {
        let rules = RuleID.allCases.map {
            Rule(
                id: $0.rawValue, shortDescription: Text(text: $0.summary),
                defaultConfiguration: Configuration(level: $0.defaultSeverity.rawValue))
        }
        let results = report.findings.map { finding in
            Result(
                ruleId: finding.rule.rawValue, ruleIndex: finding.rule.order, level: finding.severity.rawValue,
                message: Text(text: finding.sentence),
                locations: [
                    Location(
                        physicalLocation: PhysicalLocation(
                            artifactLocation: ArtifactLocation(uri: Self.uriReference(finding.file)),
                            region: finding.offset.map(Region.init)))
                ])
        }
        let notifications = report.unchecked.map { input in
            Notification(
                level: "error", message: Text(text: "could not check \(input.path): \(input.reason)"),
                locations: [
                    Location(
                        physicalLocation: PhysicalLocation(
                            artifactLocation: ArtifactLocation(uri: Self.uriReference(input.path)), region: nil))
                ])
        }
        let invocation = Invocation(executionSuccessful: notifications.isEmpty, toolExecutionNotifications: notifications)
        let run = Run(tool: Tool(driver: Driver(rules: rules)), invocations: [invocation], results: results)
        return JSONReporter.encode(Log(runs: [run]), pretty: true) + "\n"
    }

    /// A path as an RFC 3986 URI reference: its UTF-8 bytes percent-encoded
    /// except the unreserved characters and `/`, so that a space, `%`, `#`, `?`
    /// or a `:` in the first segment (which would read as a scheme) mean
    /// themselves. A path starting with `//` (which would read as an authority)
    /// becomes a `file:` URI.
    static func uriReference(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return encoded.hasPrefix("//") ? "file://" + encoded : encoded
    }
}
