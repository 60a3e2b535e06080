/// The dataset-level dimension rule (SPEC.md, "Whole datasets"): without a
/// feature_dim, all files of one check form one dataset, and a record whose
/// dimension differs from the dataset's most common one is an
/// `inconsistent-dimension` finding, whichever file it is in. It runs on the
/// files' dimension histograms, which is what a check's first pass counts and
/// what `merge` reads from the shards' reports, so both decide alike.
struct DatasetDimensions: Sendable, Equatable {
    /// The dataset's most common dimension (ties go to the smaller).
    let mode: Int
    /// How many records have it.
    let modeCount: Int
    /// Records with a dimension, over all files.
    let records: Int
    /// How many files have records with a dimension.
    let files: Int
    /// The files with records of another dimension, in the given order, each
    /// with its own histogram (only those files).
    let differing: [(path: String, dimensions: [Int: Int])]

    static func == (a: DatasetDimensions, b: DatasetDimensions) -> Bool {
        a.mode == b.mode && a.modeCount == b.modeCount && a.records == b.records && a.files == b.files
            && a.differing.map(\.path) == b.differing.map(\.path)
    }

    /// The dataset's dimensions from each file's histogram, in file order; `nil` when no record has one.
    init?(_ files: [(path: String, dimensions: [Int: Int])]) {
        var total: [Int: Int] = [:]
        var withRecords = 0
        for file in files where !file.dimensions.isEmpty {
            withRecords += 1
            for (dimension, count) in file.dimensions { total[dimension, default: 0] += count }
        }
        guard let mode = DimensionRules.mode(of: total) else { return nil }
        self.mode = mode.key
        modeCount = mode.value
        records = total.values.reduce(0, +)
        self.files = withRecords
        differing = files.filter { file in file.dimensions.keys.contains { $0 != mode.key } }
    }

    /// What a file's records are checked against: the dataset's mode, named
    /// by the file's own counts when the file's most common dimension is the
    /// dataset's (the file disagrees with itself), by the dataset's otherwise.
    /// `nil` when every record of the file has the dataset's dimension.
    func expectation(for dimensions: [Int: Int], fileRecords: Int) -> FileDimensions? {
        guard dimensions.keys.contains(where: { $0 != mode }) else { return nil }
        if files > 1, DimensionRules.mode(of: dimensions)?.key != mode {
            return FileDimensions(mode: mode, modeCount: modeCount, records: records, files: files)
        }
        return FileDimensions(mode: mode, modeCount: dimensions[mode] ?? 0, records: fileRecords, files: 1)
    }

    /// The hint naming the dataset's dimension and the files that differ, when
    /// a file as a whole (its most common dimension) differs from the dataset.
    var hint: String? {
        let wholeFiles = differing.filter { DimensionRules.mode(of: $0.dimensions)?.key != mode }
        guard files > 1, !wholeFiles.isEmpty else { return nil }
        let shown = wholeFiles.prefix(Self.filesNamed).map { file in
            let others = file.dimensions.filter { $0.key != mode }.sorted { $0.key < $1.key }
            return "\(file.path) (" + others.map { "\($0.value) records of dimension \($0.key)" }.joined(separator: ", ") + ")"
        }
        let more = wholeFiles.count > Self.filesNamed ? " and \(wholeFiles.count - Self.filesNamed) more" : ""
        let noun = wholeFiles.count == 1 ? "file differs" : "files differ"
        return "the dataset's feature dimension is \(mode) (\(modeCount) of its \(records) records in \(files) files), "
            + "but \(wholeFiles.count) \(noun): " + shown.joined(separator: "; ") + more
            + "; a category lost in one split (pandas.get_dummies) or a part file written with other columns "
            + "gives this: every channel and part file of a training job needs the same feature_dim"
    }

    /// How many differing files a hint names.
    static let filesNamed = 5
}
