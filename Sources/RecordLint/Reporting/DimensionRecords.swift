/// The first records of each feature dimension of a file, as a shard worker's
/// report carries them (`dimensionRecords`), so that `merge` can list the
/// `inconsistent-dimension` findings of the whole dataset when a shard could
/// not know the dataset's dimension. Encoded as a JSON object from dimension
/// to runs, with the dimensions in numeric order; a run is consecutive records
/// whose frames follow at a constant stride and that have no uid, so a file
/// written by the SDK's dense writer takes one run per dimension.
public struct DimensionRecords: Codable, Sendable, Equatable {
    /// The runs, by dimension.
    public var runs: [Int: [Run]]

    /// Consecutive records: indices `record..<record + count` at byte offsets
    /// `offset + k * stride`; a record with a uid is a run of one.
    public struct Run: Codable, Sendable, Equatable {
        /// The first record's index.
        public var record: Int
        /// Its byte offset.
        public var offset: Int
        /// How many records (absent: 1).
        public var count: Int?
        /// Bytes from one record's offset to the next (absent with one record).
        public var stride: Int?
        /// The record's uid (runs of one only).
        public var uid: String?
    }

    /// One record: index, byte offset and uid.
    struct Reference: Equatable {
        let record: Int
        let offset: Int
        let uid: String?
    }

    /// Runs by dimension.
    init(runs: [Int: [Run]]) { self.runs = runs }

    /// The records of `dimension`, at most `limit`, in order.
    func references(of dimension: Int, limit: Int) -> [Reference] {
        var references: [Reference] = []
        for run in runs[dimension] ?? [] {
            for step in 0..<(run.count ?? 1) {
                guard references.count < limit else { return references }
                references.append(
                    Reference(record: run.record + step, offset: run.offset + step * (run.stride ?? 0), uid: run.uid))
            }
        }
        return references
    }

    /// How many records the runs of `dimension` name.
    func count(of dimension: Int) -> Int {
        (runs[dimension] ?? []).reduce(0) { $0 + ($1.count ?? 1) }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { Int(stringValue) }
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { self.stringValue = String(intValue) }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var runs: [Int: [Run]] = [:]
        for key in container.allKeys {
            guard let dimension = key.intValue else { continue }
            runs[dimension] = try container.decode([Run].self, forKey: key)
        }
        self.runs = runs
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (dimension, list) in runs.sorted(by: { $0.key < $1.key }) {
            try container.encode(list, forKey: Key(intValue: dimension))
        }
    }
}
