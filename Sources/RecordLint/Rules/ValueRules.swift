/// `non-finite`: NaN or ±Inf among the feature values.
enum ValueRules {
    static func check(_ tensor: TensorView, context: RecordContext, sink: inout some FindingSink) {
        guard let (position, count, value) = NonFiniteScan.first(in: tensor.values) else { return }
        context.report(
            .nonFinite, to: &sink,
            message: "has \(value) at position \(position)" + (count > 1 ? " (\(count) non-finite values)" : ""),
            position: position, value: value)
    }
}

/// Finds non-finite values by looking at the bits: a float is NaN or ±Inf
/// exactly when its exponent bits are all ones, that is when its magnitude
/// bits plus one unit of the exponent's lowest bit carry into the sign bit.
/// OR-ing that over all values is a branch-free loop the compiler vectorises;
/// the position is looked for only when the sign bit came out set.
enum NonFiniteScan {
    /// The first non-finite value's position, how many there are, and how it prints.
    static func first(in values: TensorValues) -> (position: Int, count: Int, value: String)? {
        switch values {
        case .float32(let floats):
            let found = floats.withMemoryRebound(to: UInt32.self) { words -> (Int, Int)? in
                guard anyNonFinite32(words) else { return nil }
                return locate(words) { $0 & 0x7FFF_FFFF >= 0x7F80_0000 }
            }
            return found.map { ($0.0, $0.1, describe(Double(floats[$0.0]))) }
        case .float64(let doubles):
            let found = doubles.withMemoryRebound(to: UInt64.self) { words -> (Int, Int)? in
                guard anyNonFinite64(words) else { return nil }
                return locate(words) { $0 & 0x7FFF_FFFF_FFFF_FFFF >= 0x7FF0_0000_0000_0000 }
            }
            return found.map { ($0.0, $0.1, describe(doubles[$0.0])) }
        case .int32:
            return nil
        }
    }

    /// How a non-finite value is named in messages and JSON.
    static func describe(_ value: Double) -> String {
        value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf")
    }

    @inline(__always)
    private static func anyNonFinite32(_ words: UnsafeBufferPointer<UInt32>) -> Bool {
        var carries: UInt32 = 0
        for word in words { carries |= (word & 0x7FFF_FFFF) &+ 0x0080_0000 }
        return carries & 0x8000_0000 != 0
    }

    @inline(__always)
    private static func anyNonFinite64(_ words: UnsafeBufferPointer<UInt64>) -> Bool {
        var carries: UInt64 = 0
        for word in words { carries |= (word & 0x7FFF_FFFF_FFFF_FFFF) &+ 0x0010_0000_0000_0000 }
        return carries & 0x8000_0000_0000_0000 != 0
    }

    private static func locate<Word>(_ words: UnsafeBufferPointer<Word>, isNonFinite: (Word) -> Bool) -> (Int, Int)? {
        var first: Int?
        var count = 0
        for (position, word) in words.enumerated() where isNonFinite(word) {
            first = first ?? position
            count += 1
        }
        return first.map { ($0, count) }
    }
}
