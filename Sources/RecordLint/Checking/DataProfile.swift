/// What `recordlint stats` reports about one input: its records' tensor
/// types, dimensions, sparsity, labels and non-finite values.
public struct DataProfile: Codable, Sendable, Equatable {
    /// The input, as named in reports.
    public var path: String
    /// Bytes read.
    public var bytes = 0
    /// Record indices used, damaged regions included.
    public var records = 0
    /// Records whose framing is broken.
    public var damaged = 0
    /// Records whose payload does not decode.
    public var undecodable = 0
    /// Feature tensors by type (`Float32Tensor`, `Float64Tensor`, `Int32Tensor`, `Bytes`, ...).
    public var tensorTypes: [String: Int] = [:]
    /// Feature tensors without keys.
    public var dense = 0
    /// Feature tensors with keys (or a shape and no values).
    public var sparse = 0
    /// Records without `features["values"]`.
    public var missingFeatures = 0
    /// How many records have each feature dimension.
    public var dimensions = DimensionHistogram([:])
    /// Non-zero values per record: min, median, max.
    public var nonZeros: Spread?
    /// Label values and their counts (the first `labelValueLimit` distinct values).
    public var labels: [String: Int] = [:]
    /// Distinct label values (one-value labels, "other" for the rest), exact up to
    /// `distinctLabelBound`; at the bound, `distinctLabelsAtLeast` is set.
    public var distinctLabels = 0
    /// Whether there are more distinct label values than `distinctLabelBound` (then `distinctLabels` is the bound).
    public var distinctLabelsAtLeast = false
    /// Smallest, largest and mean of the finite one-value labels, when there are any.
    public var labelRange: LabelRange?
    /// Records without `label["values"]`.
    public var missingLabels = 0
    /// NaN and ±Inf among the feature values.
    public var nonFiniteValues = 0

    /// How many distinct label values are counted one by one.
    public static let labelValueLimit = 20
    /// How many distinct label values are counted exactly.
    public static let distinctLabelBound = 1_000_000

    /// The range of numeric labels.
    public struct LabelRange: Codable, Sendable, Equatable {
        /// The smallest label.
        public var min: Double
        /// The largest label.
        public var max: Double
        /// The mean label.
        public var mean: Double
    }

    /// Smallest, median (the lower one for an even count) and largest of a count per record.
    public struct Spread: Codable, Sendable, Equatable {
        /// The smallest count.
        public var min: Int
        /// The median count.
        public var median: Int
        /// The largest count.
        public var max: Int

        /// Creates a spread.
        public init(min: Int, median: Int, max: Int) {
            self.min = min
            self.median = median
            self.max = max
        }
    }

    /// An empty profile for `path`.
    public init(path: String) {
        self.path = path
    }
}

/// Builds `DataProfile`s by reading inputs in order.
public enum Profiler {
    /// Profiles one input.
    public static func profile(_ input: ScanInput) throws -> DataProfile {
        let counting = CountingSource(try input.open())
        var profile = DataProfile(path: input.displayName)
        var nonZeroCounts: [Int: Int] = [:]
        var dimensions: [Int: Int] = [:]
        let decoder = RecordDecoder()
        var labels = LabelTally()
        try RecordWalker(window: ByteWindow(source: counting)).walk(from: 0) { event in
            profile.records += 1
            guard case .record(let record) = event else {
                profile.damaged += 1
                return
            }
            decoder.withOutcome(of: record) { outcome in
                guard case .decoded(let view, _) = outcome else {
                    profile.undecodable += 1
                    return
                }
                switch view.features {
                case .missing: profile.missingFeatures += 1
                case .unsupported(let kind): profile.tensorTypes[kind.rawValue, default: 0] += 1
                case .tensor(let tensor):
                    profile.tensorTypes[tensor.kind.rawValue, default: 0] += 1
                    if tensor.isSparse { profile.sparse += 1 } else { profile.dense += 1 }
                    if let dimension = tensor.dimension { dimensions[dimension, default: 0] += 1 }
                    nonZeroCounts[nonZeros(tensor.values), default: 0] += 1
                    profile.nonFiniteValues += NonFiniteScan.first(in: tensor.values)?.count ?? 0
                }
                switch view.label {
                case .tensor(let label) where label.values.count == 1:
                    labels.add(label.values.double(at: 0), to: &profile)
                case .tensor, .unsupported: labels.add(nil, to: &profile)
                case .missing: profile.missingLabels += 1
                }
            }
        }
        profile.bytes = counting.total
        profile.dimensions = DimensionHistogram(dimensions)
        profile.nonZeros = spread(nonZeroCounts)
        labels.finish(&profile)
        return profile
    }

    private static func nonZeros(_ values: TensorValues) -> Int {
        switch values {
        case .float32(let values): values.count { $0 != 0 }
        case .float64(let values): values.count { $0 != 0 }
        case .int32(let values): values.count { $0 != 0 }
        }
    }

    private static func spread(_ counts: [Int: Int]) -> DataProfile.Spread? {
        let sorted = counts.sorted { $0.key < $1.key }
        guard let first = sorted.first, let last = sorted.last else { return nil }
        let total = sorted.reduce(0) { $0 + $1.value }
        var seen = 0
        var median = first.key
        for (value, count) in sorted {
            seen += count
            if seen * 2 >= total {
                median = value
                break
            }
        }
        return DataProfile.Spread(min: first.key, median: median, max: last.key)
    }
}

/// Counts label values for a profile: the first few one by one, distinct
/// values exactly up to a bound, and the range and mean of the numeric ones.
private struct LabelTally {
    private var seen = Set<UInt64>()
    private var sum = 0.0
    private var count = 0
    private var low = Double.infinity
    private var high = -Double.infinity
    /// The bit pattern standing for labels that are not one value ("other").
    private static let other = UInt64.max

    /// Labels that are not one value (`nil`) are counted under "other".
    mutating func add(_ value: Double?, to profile: inout DataProfile) {
        if let value, value.isFinite {
            sum += value
            count += 1
            low = min(low, value)
            high = max(high, value)
        }
        let key = value.map { $0.isFinite ? LabelRules.describe($0) : NonFiniteScan.describe($0) } ?? "other"
        if profile.labels[key] != nil {
            profile.labels[key]! += 1
        } else if profile.labels.count < DataProfile.labelValueLimit {
            profile.labels[key] = 1
        }
        guard !profile.distinctLabelsAtLeast else { return }
        // -0 and 0 are one label, as numpy's unique says; every NaN is one too.
        let bits = value.map { $0 == 0 ? 0 : $0.isNaN ? Double.nan.bitPattern : $0.bitPattern } ?? Self.other
        guard seen.insert(bits).inserted else { return }
        if seen.count > DataProfile.distinctLabelBound {
            profile.distinctLabelsAtLeast = true
            seen = []
        } else {
            profile.distinctLabels = seen.count
        }
    }

    func finish(_ profile: inout DataProfile) {
        guard count > 0 else { return }
        profile.labelRange = DataProfile.LabelRange(min: low, max: high, mean: sum / Double(count))
    }
}
