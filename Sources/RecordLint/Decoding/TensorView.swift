/// Which kind of `aialgs.data.Value` a map entry holds.
public enum ValueKind: String, Codable, Sendable {
    case float32 = "Float32Tensor"
    case float64 = "Float64Tensor"
    case int32 = "Int32Tensor"
    case bytes = "Bytes"
    /// A `Value` with none of its oneof fields set.
    case empty = "empty Value"

    /// The name with "a" or "an", for messages.
    var withArticle: String { (self == .int32 || self == .empty ? "an " : "a ") + rawValue }
}

/// The values of a tensor, borrowed from the decoder's arena.
enum TensorValues {
    case float32(UnsafeBufferPointer<Float>)
    case float64(UnsafeBufferPointer<Double>)
    case int32(UnsafeBufferPointer<Int32>)

    var count: Int {
        switch self {
        case .float32(let values): values.count
        case .float64(let values): values.count
        case .int32(let values): values.count
        }
    }

    /// The value at `index` as a Double (for labels and printing).
    func double(at index: Int) -> Double {
        switch self {
        case .float32(let values): Double(values[index])
        case .float64(let values): values[index]
        case .int32(let values): Double(values[index])
        }
    }
}

/// A borrowed view of one tensor of a decoded record; valid only inside the
/// `RecordDecoder.withRecord` closure that produced it.
struct TensorView {
    let values: TensorValues
    let keys: UnsafeBufferPointer<UInt64>
    let shape: UnsafeBufferPointer<UInt64>
    /// The largest key, when the decoder saw every key above the one before it
    /// (the fast path's varint loop notes it on the way); `nil` when not known.
    var increasingKeysLargest: UInt64? = nil

    var kind: ValueKind {
        switch values {
        case .float32: .float32
        case .float64: .float64
        case .int32: .int32
        }
    }

    /// A tensor with keys is sparse; so is one with a shape and no values at
    /// all (the SDK's all-zero sparse row). Otherwise it is dense.
    var isSparse: Bool { !keys.isEmpty || (values.count == 0 && !shape.isEmpty) }

    /// An owned copy.
    var owned: Tensor {
        let values: Tensor.Values =
            switch self.values {
            case .float32(let values): .float32(Array(values))
            case .float64(let values): .float64(Array(values))
            case .int32(let values): .int32(Array(values))
            }
        return Tensor(values: values, keys: Array(keys), shape: Array(shape))
    }

    /// The vector's dimension: the value count when dense, `shape[0]` when sparse.
    var dimension: Int? {
        if !isSparse { return values.count }
        // A shape past Int.max is no dimension a histogram or a hint can use.
        return shape.first.flatMap { Int(exactly: $0) }
    }
}

/// What a record's map holds under the key `"values"`.
enum MapValue {
    /// No `"values"` entry.
    case missing
    /// A tensor.
    case tensor(TensorView)
    /// A `Bytes` value or an empty `Value`: nothing the algorithms can read.
    case unsupported(ValueKind)
}

/// A borrowed view of one decoded `aialgs.data.Record`.
struct RecordView {
    let features: MapValue
    let label: MapValue
    /// The record's `uid`, when present.
    let uidPointer: UnsafePointer<CChar>?

    /// The uid as findings quote it: bounded (`Excerpt.uid`).
    var uid: String? { uidPointer.map(Excerpt.uid) }
}
