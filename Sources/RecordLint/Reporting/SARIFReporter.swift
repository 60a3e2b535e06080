/// `--format sarif`: SARIF 2.1.0 with one rule per rule id and each result's
/// byte offset in its region, for code-scanning dashboards. Paths become URI
/// references (RFC 3986, percent-encoded); inputs that could not be read are
/// the invocation's tool execution notifications, and make it unsuccessful.
///
/// It streams: `results` is written first, each result as soon as its finding
/// is final (written directly, as `FindingJSON` does, for speed), and the tool,
/// its rules and the invocation follow at the end.
public struct SARIFReporter: StreamingReporter {
    /// Creates the reporter.
    public init() {}

    /// The run without its results, which are written before it.
    private struct Run: Encodable {
        let tool: Tool
        let invocations: [Invocation]
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

    private static let opening = "{\n  \"$schema\" : \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"runs\" : [\n    {\n"

    public func line(for finding: Finding, position: Int) -> String {
        let q = FindingJSON.quote
        let region =
            finding.offset.map {
                ",\n                \"region\" : {\n                  \"byteOffset\" : \($0)\n                }"
            } ?? ""
        let result =
            "        {\n          \"level\" : \(q(finding.severity.rawValue)),\n          \"locations\" : [\n"
            + "            {\n              \"physicalLocation\" : {\n                \"artifactLocation\" : {\n"
            + "                  \"uri\" : \(q(Self.uriReference(finding.file)))\n                }\(region)\n"
            + "              }\n            }\n          ],\n"
            + "          \"message\" : {\n            \"text\" : \(q(finding.sentence))\n          },\n"
            + "          \"ruleId\" : \(q(finding.rule.rawValue)),\n          \"ruleIndex\" : \(finding.rule.order)\n        }"
        return (position == 0 ? Self.opening + "      \"results\" : [\n" : ",\n") + result
    }

    public func closing(_ report: Report) -> String {
        let rules = RuleID.allCases.map {
            Rule(
                id: $0.rawValue, shortDescription: Text(text: $0.summary),
                defaultConfiguration: Configuration(level: $0.defaultSeverity.rawValue))
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
        let run = JSONReporter.encode(Run(tool: Tool(driver: Driver(rules: rules)), invocations: [invocation]), pretty: true)
        // The run's other members, indented into place after "results".
        let members = run.dropFirst(2).dropLast(2).replacing("\n", with: "\n    ").replacing("\n    \n", with: "\n\n")
        let head = report.summary.listed == 0 ? Self.opening + "      \"results\" : [\n\n      ],\n" : "\n      ],\n"
        return head + "    " + members + "\n    }\n  ],\n  \"version\" : \"2.1.0\"\n}\n"
    }

    /// A path as an RFC 3986 URI reference: its bytes (`PathText`) percent-encoded
    /// except the unreserved characters and `/`, so that a space, `%`, `#`, `?`
    /// or a `:` in the first segment (which would read as a scheme) mean
    /// themselves. A path starting with `//` (which would read as an authority)
    /// becomes a `file:` URI.
    static func uriReference(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var encoded = ""
        for byte in PathText.bytes(of: path) ?? Array(path.utf8) {
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
