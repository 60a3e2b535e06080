/// `dimension-mismatch` per record, and the dimension histogram from which
/// `inconsistent-dimension` is decided once the whole file is read.
enum DimensionRules {
    static func check(_ tensor: TensorView, context: RecordContext, sink: inout some FindingSink) {
        if let dimension = tensor.dimension {
            sink.noteDimension(dimension, record: context.index, offset: context.offset, uid: { context.uid })
        }
        if let known = context.scope.knownDimensions, let dimension = tensor.dimension, dimension != known.mode {
            context.report(
                .inconsistentDimension, to: &sink,
                message: known.message(for: dimension),
                expected: known.mode, actual: dimension)
        }
        guard !tensor.isSparse, let featureDim = context.configuration.featureDim else { return }
        let count = tensor.values.count
        if count != featureDim {
            sink.noteMismatchedDimension(count)
            context.report(
                .dimensionMismatch, to: &sink,
                message: "has \(count) feature values, feature_dim is \(featureDim)",
                expected: featureDim, actual: count)
        }
    }

    /// The file's most common dimension (ties go to the smaller), and how many records have it.
    static func mode(of dimensions: [Int: Int]) -> (key: Int, value: Int)? {
        dimensions.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }
    }
}
