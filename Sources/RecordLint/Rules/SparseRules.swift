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
        // shape[0] as it is, up to 2^64 - 1: no clamping makes a key out of range.
        let bound = featureDim.map(UInt64.init) ?? tensor.shape.first
        // One branch-free pass counts what the slower passes below then locate.
        let limit = bound ?? .max
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
            context.report(
                .sparseShapeMismatch, to: &sink,
                message: "has shape \(Excerpt.list(shape)), expected [\(featureDim)] (feature_dim)",
                expected: featureDim, actual: Int(exactly: shape[0]),
                value: Int(exactly: shape[0]) == nil ? String(shape[0]) : nil)
        }
    }

    private static func checkRange(
        _ keys: UnsafeBufferPointer<UInt64>, bound: UInt64, count: Int, boundName: String, context: RecordContext,
        sink: inout some FindingSink
    ) {
        guard let first = keys.firstIndex(where: { $0 >= bound }) else { return }
        let key = keys[first]
        context.report(
            .sparseKeyOutOfRange, to: &sink,
            message: "has sparse key \(key) at position \(first), but keys must be below \(boundName) \(bound)"
                + (count > 1 ? " (\(count) keys out of range)" : ""),
            // Past Int.max, JSON's integer fields cannot hold the key: it is given as text in `value`.
            expected: Int(exactly: bound), actual: Int(exactly: key), position: first, key: Int(exactly: key),
            value: Int(exactly: key) == nil ? String(key) : nil)
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
                position: at, key: Int(exactly: keys[at]), value: Int(exactly: keys[at]) == nil ? String(keys[at]) : nil)
        }
        // Duplicates anywhere, adjacent or not (only looked for when the keys are not strictly increasing).
        if let (key, first, second) = firstDuplicate(keys) {
            context.report(
                .sparseDuplicateKey, to: &sink,
                message: "has sparse key \(key) twice, at positions \(first) and \(second)",
                position: second, key: Int(exactly: key), value: Int(exactly: key) == nil ? String(key) : nil)
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
