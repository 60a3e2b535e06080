/// A tensor as it is written or read: values of one type, with keys and shape
/// for a sparse vector.
public struct Tensor: Equatable, Sendable, Codable {
    /// A tensor's values, by protobuf message type.
    public enum Values: Equatable, Sendable, Codable {
        case float32([Float])
        case float64([Double])
        case int32([Int32])
    }

    /// The values, with their protobuf type.
    public var values: Values
    /// Positions of the values; empty for a dense vector.
    public var keys: [UInt64]
    /// The dense shape; SDK sparse rows carry `[columns]`, dense rows none.
    public var shape: [UInt64]

    /// Creates a tensor.
    public init(values: Values, keys: [UInt64] = [], shape: [UInt64] = []) {
        self.values = values
        self.keys = keys
        self.shape = shape
    }

    /// A dense float32 vector, as the SDK writes a float32 numpy row.
    public static func dense(_ values: [Float]) -> Tensor { Tensor(values: .float32(values)) }

    /// A sparse float32 vector of `dimension` columns, as the SDK writes a scipy row.
    public static func sparse(keys: [UInt64], values: [Float], dimension: Int) -> Tensor {
        Tensor(values: .float32(values), keys: keys, shape: [UInt64(dimension)])
    }

    /// The number of values.
    public var count: Int {
        switch values {
        case .float32(let values): values.count
        case .float64(let values): values.count
        case .int32(let values): values.count
        }
    }

    /// Sparse when it has keys, or a shape and no values (the SDK's all-zero sparse row).
    public var isSparse: Bool { !keys.isEmpty || (count == 0 && !shape.isEmpty) }

    /// The vector's dimension: the value count when dense, `shape[0]` when sparse.
    public var dimension: Int? { isSparse ? shape.first.map { Int(clamping: $0) } : count }

    /// The values as Doubles (for printing).
    public var doubles: [Double] {
        switch values {
        case .float32(let values): values.map(Double.init)
        case .float64(let values): values
        case .int32(let values): values.map(Double.init)
        }
    }

    /// The protobuf message type's name.
    public var kind: ValueKind {
        switch values {
        case .float32: .float32
        case .float64: .float64
        case .int32: .int32
        }
    }
}

/// The content of one `aialgs.data.Record`: `features["values"]`,
/// `label["values"]` and `uid`.
public struct TrainingRecord: Equatable, Sendable {
    /// `features["values"]`, when present.
    public var features: Tensor?
    /// `label["values"]`, when present.
    public var label: Tensor?
    /// The record's `uid`, shown beside its index in findings.
    public var uid: String?

    /// Creates a record.
    public init(features: Tensor?, label: Tensor? = nil, uid: String? = nil) {
        self.features = features
        self.label = label
        self.uid = uid
    }

    /// A dense float32 row with an optional float32 label, as `write_numpy_to_dense_tensor` writes it.
    public static func dense(_ values: [Float], label: Float? = nil) -> TrainingRecord {
        TrainingRecord(features: .dense(values), label: label.map { .dense([$0]) })
    }
}
