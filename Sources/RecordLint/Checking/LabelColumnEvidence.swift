/// Whether the label is still among the features: how many dense, labelled
/// records have their first (or last) feature equal to their label. When every
/// record does, and the labels vary, a hint says so plainly instead of
/// suggesting a larger feature_dim.
struct LabelColumnEvidence: Sendable {
    /// Dense records with a one-value label and at least two features.
    var labelled = 0
    /// Of those, the records whose first feature equals the label.
    var firstMatches = 0
    /// Of those, the records whose last feature equals the label.
    var lastMatches = 0
    /// The first label seen, and whether any other label differs from it.
    var firstLabel: Double?
    var labelsVary = false

    /// The fewest labelled records that make the evidence worth a hint.
    static let minimumRecords = 10

    /// Notes one record (dense `values` and its one-value `label`).
    mutating func note(values: TensorValues, label: Double) {
        let count = values.count
        guard count >= 2 else { return }
        labelled += 1
        if values.double(at: 0) == label { firstMatches += 1 }
        if values.double(at: count - 1) == label { lastMatches += 1 }
        if let firstLabel {
            if firstLabel != label { labelsVary = true }
        } else {
            firstLabel = label
        }
    }

    /// Adds the evidence of another stretch or file.
    mutating func add(_ other: LabelColumnEvidence) {
        labelled += other.labelled
        firstMatches += other.firstMatches
        lastMatches += other.lastMatches
        if let label = other.firstLabel {
            if let firstLabel, firstLabel != label { labelsVary = true }
            if firstLabel == nil { firstLabel = label }
        }
        labelsVary = labelsVary || other.labelsVary
    }

    /// Which column equals the label in every record, when one does: "column 0" or "the last column".
    var leakedColumn: String? {
        guard labelled >= Self.minimumRecords, labelsVary else { return nil }
        if firstMatches == labelled { return "column 0" }
        if lastMatches == labelled { return "the last column" }
        return nil
    }
}

extension LabelColumnEvidence {
    /// The evidence as a report carries it; `nil` when no record counts.
    var counts: Report.LabelColumns? {
        guard labelled > 0 else { return nil }
        return Report.LabelColumns(
            labelled: labelled, firstMatches: firstMatches, lastMatches: lastMatches,
            firstLabel: firstLabel.map { "\($0)" }, labelsVary: labelsVary)
    }

    /// The evidence a report carries.
    init(_ counts: Report.LabelColumns?) {
        guard let counts else { return }
        labelled = counts.labelled
        firstMatches = counts.firstMatches
        lastMatches = counts.lastMatches
        firstLabel = counts.firstLabel.flatMap(Double.init)
        labelsVary = counts.labelsVary
    }
}
