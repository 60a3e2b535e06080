/// `sparse-length-mismatch`, `sparse-shape-missing`, `sparse-shape-mismatch`,
/// `sparse-key-out-of-range`, `sparse-keys-unsorted`, `sparse-duplicate-key`.
enum SparseRules {
    static func check(_ tensor: TensorView, context: RecordContext, sink: inout some FindingSink) {
        guard tensor.isSparse else { return }
        let keys = tensor.keys
        let featureDim = context.configuration.featureDim
        if keys.count != tensor.values.count {
            context.report(
                .sparseLengthMismatch, to: &sink,
                message: "has \(keys.count) sparse keys and \(tensor.values.count) values",
                expected: keys.count, actual: tensor.values.count)
        }
        checkShape(tensor.shape, featureDim: featureDim, keyCount: keys.count, context: context, sink: &sink)
        let bound = featureDim ?? tensor.shape.first.map { Int(clamping: $0) }
        // One branch-free pass counts what the slower passes below then locate.
        let limit = bound.map(UInt64.init) ?? .max
        // The fast path's decoder saw the keys in order on the way: nothing to count when the largest is in range.
        let (outOfRange, nonIncreasing) =
            if let largest = tensor.increasingKeysLargest, largest < limit { (0, 0) } else { count(keys, limit: limit) }
        if outOfRange > 0, let bound {
            checkRange(
                keys, bound: bound, count: outOfRange, boundName: featureDim == nil ? "shape[0]" : "feature_dim",
                context: context, sink: &sink)
        }
        if nonIncreasing > 0 { checkOrder(keys, context: context, sink: &sink) }
    }

    /// Keys at or past `limit`, and keys not above the one before them.
    private static func count(_ keys: UnsafeBufferPointer<UInt64>, limit: UInt64) -> (outOfRange: Int, nonIncreasing: Int) {
        guard let base = keys.baseAddress, keys.count > 0 else { return (0, 0) }
        var outOfRange = base[0] >= limit ? 1 : 0
        var nonIncreasing = 0
        for index in 1..<keys.count {
            outOfRange &+= base[index] >= limit ? 1 : 0
            nonIncreasing &+= base[index] <= base[index - 1] ? 1 : 0
        }
        return (outOfRange, nonIncreasing)
    }

    private static func checkShape(
        _ shape: UnsafeBufferPointer<UInt64>, featureDim: Int?, keyCount: Int, context: RecordContext,
        sink: inout some FindingSink
    ) {
        if shape.isEmpty {
            context.report(
                .sparseShapeMissing, to: &sink,
                message: "is sparse (\(keyCount) keys) but has no shape" + (featureDim.map { "; expected [\($0)]" } ?? ""),
                expected: featureDim)
        } else if let featureDim, shape.count != 1 || shape[0] != UInt64(featureDim) {
            let shown = "[" + shape.map(String.init).joined(separator: ", ") + "]"
            context.report(
                .sparseShapeMismatch, to: &sink,
                message: "has shape \(shown), expected [\(featureDim)] (feature_dim)",
                expected: featureDim, actual: Int(clamping: shape[0]))
        }
    }

    private static func checkRange(
        _ keys: UnsafeBufferPointer<UInt64>, bound: Int, count: Int, boundName: String, context: RecordContext,
        sink: inout some FindingSink
    ) {
        let limit = UInt64(bound)
        guard let first = keys.firstIndex(where: { $0 >= limit }) else { return }
        let key = keys[first]
        context.report(
            .sparseKeyOutOfRange, to: &sink,
            message: "has sparse key \(key) at position \(first), but keys must be below \(boundName) \(bound)"
                + (count > 1 ? " (\(count) keys out of range)" : ""),
            expected: bound, actual: Int(clamping: key), position: first, key: Int(clamping: key))
    }

    private static func checkOrder(_ keys: UnsafeBufferPointer<UInt64>, context: RecordContext, sink: inout some FindingSink) {
        var firstDecrease: Int?
        var repeats = false
        var index = 1
        while index < keys.count {
            if keys[index] < keys[index - 1] {
                firstDecrease = firstDecrease ?? index
            } else if keys[index] == keys[index - 1] {
                repeats = true
            }
            index += 1
        }
        guard firstDecrease != nil || repeats else { return }
        if let at = firstDecrease {
            context.report(
                .sparseKeysUnsorted, to: &sink,
                message: "has sparse keys out of order: key \(keys[at]) at position \(at) follows \(keys[at - 1])",
                position: at, key: Int(clamping: keys[at]))
        }
        // Duplicates anywhere, adjacent or not (only looked for when the keys are not strictly increasing).
        if let (key, first, second) = firstDuplicate(keys) {
            context.report(
                .sparseDuplicateKey, to: &sink,
                message: "has sparse key \(key) twice, at positions \(first) and \(second)",
                position: second, key: Int(clamping: key))
        }
    }

    private static func firstDuplicate(_ keys: UnsafeBufferPointer<UInt64>) -> (key: UInt64, first: Int, second: Int)? {
        var seen: [UInt64: Int] = [:]
        seen.reserveCapacity(keys.count)
        for (position, key) in keys.enumerated() {
            if let earlier = seen[key] { return (key, earlier, position) }
            seen[key] = position
        }
        return nil
    }
}
