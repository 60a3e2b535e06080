/// How `recordlint stats` prints profiles.
public enum StatsPrinter {
    private struct Output: Encodable {
        let files: [PathBytesJSON.Field<DataProfile>]
        let unchecked: [PathBytesJSON.Field<Report.UncheckedInput>]
    }

    /// One JSON object: `files` (a profile each) and `unchecked`.
    public static func json(_ profiles: [DataProfile], unchecked: [Report.UncheckedInput]) -> String {
        JSONReporter.encode(
            Output(
                files: profiles.map { PathBytesJSON.Field(value: $0, path: $0.path, key: "pathBytes") },
                unchecked: PathBytesJSON.unchecked(unchecked)), pretty: true) + "\n"
    }

    /// A few lines per file.
    public static func text(_ profiles: [DataProfile], unchecked: [Report.UncheckedInput]) -> String {
        var lines: [String] = []
        for profile in profiles {
            lines.append("\(profile.path): \(profile.records) records, \(TextReporter.bytes(profile.bytes))")
            if profile.damaged + profile.undecodable + profile.missingFeatures > 0 {
                lines.append(
                    "  damaged \(profile.damaged), undecodable \(profile.undecodable), without features \(profile.missingFeatures)"
                )
            }
            let types = profile.tensorTypes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  tensors: \(types.isEmpty ? "none" : types) (dense \(profile.dense), sparse \(profile.sparse))")
            let dimensions = profile.dimensions.counts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }
            lines.append(
                "  dimensions: "
                    + (dimensions.isEmpty
                        ? "none"
                        : dimensions.prefix(12).joined(separator: ", ")
                            + (dimensions.count > 12 ? ", … (\(dimensions.count) in all)" : "")))
            if let spread = profile.nonZeros {
                lines.append("  non-zeros per record: min \(spread.min), median \(spread.median), max \(spread.max)")
            }
            let labels = profile.labels.sorted { (Double($0.key) ?? .infinity, $0.key) < (Double($1.key) ?? .infinity, $1.key) }
                .map { "\($0.key) ×\($0.value)" }
            var labelLine = "  labels: "
            if profile.distinctLabels > DataProfile.labelValueLimit || profile.distinctLabelsAtLeast {
                labelLine +=
                    (profile.distinctLabelsAtLeast ? "more than " : "") + "\(profile.distinctLabels) distinct values"
                if let range = profile.labelRange {
                    labelLine +=
                        ", min \(LabelRules.describe(range.min)), max \(LabelRules.describe(range.max)), "
                        + "mean \(TextReporter.decimal(range.mean, places: 4))"
                }
            } else {
                labelLine += labels.isEmpty ? "none" : labels.joined(separator: ", ")
            }
            if profile.missingLabels > 0 { labelLine += "; \(profile.missingLabels) records without a label" }
            lines.append(labelLine)
            lines.append("  non-finite feature values: \(profile.nonFiniteValues)")
        }
        for input in unchecked { lines.append("\(input.path): error: cannot read: \(input.reason)") }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
