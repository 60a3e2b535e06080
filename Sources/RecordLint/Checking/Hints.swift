/// Hints explain a pattern in the merged counts: why many records are wrong
/// at once. They are not findings.
enum Hints {
    /// The counts hints are computed from, summed over all inputs: what the
    /// report's files carry, so that `merge` computes the same hints.
    struct Counts {
        /// Records by feature dimension.
        var dimensions: [Int: Int] = [:]
        /// Dense records that fired `dimension-mismatch`, by their dimension.
        var mismatched: [Int: Int] = [:]
        /// Whether the label is still among the features.
        var labelColumns = LabelColumnEvidence()
        /// Each file's dimensions, in order, for the files that form the dataset (not the streams).
        var datasetFiles: [(path: String, dimensions: [Int: Int])] = []

        /// The counts of `files`; `inDataset` says which files (by position) the dataset-level dimension rule counts.
        init(_ files: [Report.FileReport], inDataset: (Int) -> Bool) {
            for (position, file) in files.enumerated() {
                labelColumns.add(LabelColumnEvidence(file.labelColumns))
                for (dimension, count) in file.mismatched?.counts ?? [:] { mismatched[dimension, default: 0] += count }
                for (dimension, count) in file.dimensions.counts { dimensions[dimension, default: 0] += count }
                if inDataset(position) { datasetFiles.append((file.path, file.dimensions.counts)) }
            }
        }
    }

    /// Where feature_dim came from, as hints name it, from the report's settings.
    static func featureDimSource(_ settings: Report.Settings) -> String {
        switch settings.sources?["featureDim"] {
        case "hyperparameters": "the hyperparameter in \(settings.hyperparameters ?? "the hyperparameters")"
        case nil, "--feature-dim": "--feature-dim"
        // A configuration file.
        case let file?: "feature-dim in \(file)"
        }
    }

    /// The report's hints: its settings' notes, then what the counts explain.
    static func compute(settings: Report.Settings, counts: Counts) -> [String] {
        (settings.notes ?? [])
            + compute(counts, featureDim: settings.featureDim, featureDimSource: featureDimSource(settings))
    }

    /// `featureDimSource` names where feature_dim came from, for the message.
    static func compute(_ counts: Counts, featureDim: Int?, featureDimSource: String) -> [String] {
        var hints: [String] = []
        // Label leakage first: it is never fixed by a larger feature_dim.
        let leaked = counts.labelColumns.leakedColumn
        if let leaked {
            let records = counts.labelColumns.labelled
            hints.append(
                "\(leaked) of the features equals the label in every record (\(records) records): "
                    + "the label is still in the features; drop that column from the features "
                    + "rather than changing feature_dim")
        }
        guard let featureDim else {
            if let hint = DatasetDimensions(counts.datasetFiles)?.hint { hints.append(hint) }
            return hints
        }
        let dimensions = counts.dimensions
        let mismatched = counts.mismatched
        if dimensions.count == 1, let (dimension, count) = dimensions.first, dimension != featureDim,
            leaked == nil || dimension < featureDim
        {
            hints.append(
                "all \(count) records have dimension \(dimension), but feature_dim (\(featureDimSource)) is \(featureDim): "
                    + "the data is consistent, so feature_dim is more likely wrong than every record; "
                    + "if the data is right, set feature_dim to \(dimension)")
        }
        if mismatched.count == 1, let (dimension, count) = mismatched.first {
            if dimension == featureDim + 1, leaked == nil {
                hints.append(
                    "every record with a wrong dimension (\(count)) has feature_dim + 1 = \(dimension) values: "
                        + "is the label column still in the features?")
            } else if dimension == featureDim - 1 {
                hints.append(
                    "every record with a wrong dimension (\(count)) has feature_dim - 1 = \(dimension) values: "
                        + "was a feature column dropped, or does feature_dim count the label?")
            }
        }
        return hints
    }
}
