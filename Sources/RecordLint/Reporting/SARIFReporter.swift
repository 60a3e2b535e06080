/// `--format sarif`: SARIF 2.1.0 with one rule per rule id and each result's
/// byte offset in its region, for code-scanning dashboards.
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
        let results: [Result]
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
                            artifactLocation: ArtifactLocation(uri: finding.file), region: finding.offset.map(Region.init)))
                ])
        }
        return JSONReporter.encode(Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)]), pretty: true)
            + "\n"
    }
}
