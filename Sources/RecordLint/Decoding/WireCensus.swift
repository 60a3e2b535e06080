/// Reads a payload's protobuf wire format, without allocating per field, to
/// say what in it makes protobuf-c ask for so much memory: many map entries,
/// unknown fields, a oneof set over and over, or long packed arrays. Run only
/// after the decoder refused a record, so a message can name the culprit.
///
/// The costs are protobuf-c's: a scanned field costs a 32-byte slot while its
/// message is parsed, an unknown field 24 bytes plus a copy of its data, a map
/// entry an 8-byte pointer and a 40-byte message, a packed element its decoded
/// size. The walk follows the schema (Record → map entry → Value → tensor) and
/// stops at the first malformed byte of a message.
struct WireCensus {
    /// What costs memory, for each map (features, label).
    enum Kind: Int, CaseIterable {
        case entries, mapKeys, unknownInEntries, values, oneofRepeats, bytesValues, unknownInValues
        case tensorValues, tensorKeys, tensorShape, unknownInTensors

        func name(map: String) -> String {
            switch self {
            case .entries: "entries in the \(map) map"
            case .mapKeys: "keys of \(map) map entries"
            case .unknownInEntries: "unknown fields in \(map) map entries"
            case .values: "Values in the \(map) map"
            case .oneofRepeats: "repeats of a \(map) Value's oneof (each replaces the tensor before it)"
            case .bytesValues: "Bytes values in the \(map) map"
            case .unknownInValues: "unknown fields in \(map) Values"
            case .tensorValues: "values in \(map) tensors"
            case .tensorKeys: "keys in \(map) tensors"
            case .tensorShape: "shape entries in \(map) tensors"
            case .unknownInTensors: "unknown fields in \(map) tensors"
            }
        }
    }

    /// Counts and estimated bytes: two maps (features, label) of every kind, then the record's own.
    private var counts = [Int](repeating: 0, count: 2 * Kind.allCases.count + 2)
    private var costs = [Int](repeating: 0, count: 2 * Kind.allCases.count + 2)
    private static let unknownInRecord = 2 * Kind.allCases.count
    private static let strings = unknownInRecord + 1

    /// The running total of `costs`.
    private var total = 256
    /// The census stops once `total` passes this: the verdict is known, and a
    /// bomb is not read to its end (its counts are then lower bounds).
    private let stopAbove: Int
    /// Whether the census stopped before the end of the payload.
    private(set) var stopped = false

    /// The census of `payload`, an `aialgs.data.Record`, read until the estimate passes `stopAbove`.
    init(_ payload: UnsafeRawBufferPointer, stopAbove: Int = .max) {
        self.stopAbove = stopAbove
        var reader = WireReader(payload)
        record(&reader)
    }

    /// What protobuf-c would hand out for the record, about (at least this, when `stopped`).
    var estimatedBytes: Int { total }

    /// The item with the most estimated bytes, as "50000000 unknown fields in the record (about 2861 MiB decoded)".
    var culprit: String? {
        guard let top = costs.indices.max(by: { costs[$0] < costs[$1] || (costs[$0] == costs[$1] && $0 > $1) }),
            costs[top] > 0
        else { return nil }
        let name: String
        switch top {
        case Self.unknownInRecord: name = "unknown fields in the record"
        case Self.strings: name = "uid, metadata or configuration strings"
        default: name = Kind.allCases[top % Kind.allCases.count].name(map: top < Kind.allCases.count ? "features" : "label")
        }
        return
            "\(stopped ? "at least " : "")\(counts[top]) \(name) (\(stopped ? "more than" : "about") \(DecodeRefusal.size(costs[top])) decoded)"
    }

    @inline(__always)
    private mutating func add(_ slot: Int, count: Int = 1, bytes: Int) {
        counts[slot] &+= count
        costs[slot] &+= bytes
        total &+= bytes
        if total > stopAbove { stopped = true }
    }

    @inline(__always)
    private mutating func add(_ kind: Kind, map: Int, count: Int = 1, bytes: Int) {
        add(map * Kind.allCases.count + kind.rawValue, count: count, bytes: bytes)
    }

    private static let slot = 32
    private static let unknownField = 24

    private mutating func record(_ reader: inout WireReader) {
        while !stopped, let field = reader.next() {
            switch (field.number, field.contents) {
            case (1, .some(var entry)): mapEntry(&entry, map: 0)
            case (2, .some(var entry)): mapEntry(&entry, map: 1)
            case (3...5, .some): add(Self.strings, bytes: Self.slot + field.dataBytes + 1)
            default: add(Self.unknownInRecord, bytes: Self.slot + Self.unknownField + field.dataBytes)
            }
        }
    }

    private mutating func mapEntry(_ reader: inout WireReader, map: Int) {
        add(.entries, map: map, bytes: Self.slot + 8 + 40)
        while !stopped, let field = reader.next() {
            switch (field.number, field.contents) {
            case (1, .some): add(.mapKeys, map: map, bytes: Self.slot + field.dataBytes + 1)
            case (2, .some(var value)): self.value(&value, map: map)
            default: add(.unknownInEntries, map: map, bytes: Self.slot + Self.unknownField + field.dataBytes)
            }
        }
    }

    private mutating func value(_ reader: inout WireReader, map: Int) {
        add(.values, map: map, bytes: Self.slot + 40)
        var members = 0
        while !stopped, let field = reader.next() {
            switch (field.number, field.contents) {
            case (2, .some(var tensor)), (3, .some(var tensor)), (7, .some(var tensor)):
                members += 1
                if members > 1 { add(.oneofRepeats, map: map, bytes: Self.slot) }
                self.tensor(&tensor, map: map, values: field.number == 2 ? .fixed(4) : field.number == 3 ? .fixed(8) : .varint)
            case (9, .some):
                members += 1
                add(.bytesValues, map: map, bytes: Self.slot + 48 + field.dataBytes)
            default: add(.unknownInValues, map: map, bytes: Self.slot + Self.unknownField + field.dataBytes)
            }
        }
    }

    /// How a tensor's values are written: fixed 4 or 8 bytes (float, double), or varints (int32).
    private enum Values {
        case fixed(Int)
        case varint
    }

    private mutating func tensor(_ reader: inout WireReader, map: Int, values: Values) {
        while !stopped, let field = reader.next() {
            switch (field.number, values) {
            case (1, .fixed(let width)):
                let count = field.wireType == 2 ? field.dataBytes / width : 1
                add(.tensorValues, map: map, count: count, bytes: Self.slot + count * width)
            case (1, .varint):
                let count = field.contents?.varintCount ?? 1
                add(.tensorValues, map: map, count: count, bytes: Self.slot + count * 4)
            case (2, _), (3, _):
                let count = field.contents?.varintCount ?? 1
                add(field.number == 2 ? .tensorKeys : .tensorShape, map: map, count: count, bytes: Self.slot + count * 8)
            default:
                add(.unknownInTensors, map: map, bytes: Self.slot + Self.unknownField + field.dataBytes)
            }
        }
    }
}

/// A cursor over protobuf wire format.
struct WireReader {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// One field: its number, wire type, the bytes of its data, and for a
    /// length-delimited field a reader over its contents.
    struct Field {
        let number: UInt64
        let wireType: UInt64
        let dataBytes: Int
        let contents: WireReader?
    }

    /// The next field, or `nil` at the end or at the first malformed byte.
    mutating func next() -> Field? {
        guard position < bytes.count, let tag = varint() else { return nil }
        let start = position
        let wireType = tag & 7
        switch wireType {
        case 2:
            guard let length = varint(), length <= UInt64(bytes.count - position) else { return nil }
            let inner = WireReader(UnsafeRawBufferPointer(rebasing: bytes[position..<(position + Int(length))]))
            position += Int(length)
            return Field(number: tag >> 3, wireType: 2, dataBytes: Int(length), contents: inner)
        case 3:
            guard skipGroup() else { return nil }
            return Field(number: tag >> 3, wireType: 3, dataBytes: position - start, contents: nil)
        default:
            guard skipData(wireType: wireType) else { return nil }
            return Field(number: tag >> 3, wireType: wireType, dataBytes: position - start, contents: nil)
        }
    }

    /// Steps past a group whose start tag was just read, to after the end-group tag that closes it
    /// (groups inside it counted, not recursed into), as protobuf skips an unknown group and the
    /// rewrite drops it: the fields after it are then counted too. False at malformed bytes.
    private mutating func skipGroup() -> Bool {
        var depth = 1
        while position < bytes.count, let tag = varint() {
            switch tag & 7 {
            case 3: depth += 1
            case 4:
                depth -= 1
                if depth == 0 { return true }
            default: guard skipData(wireType: tag & 7) else { return false }
            }
        }
        return false
    }

    /// Steps past the data of a field of wire type 0, 1, 2 or 5 whose tag was just read.
    /// False at malformed bytes or at any other wire type.
    private mutating func skipData(wireType: UInt64) -> Bool {
        switch wireType {
        case 0: return varint() != nil
        case 1, 5:
            let size = wireType == 1 ? 8 : 4
            guard bytes.count - position >= size else { return false }
            position += size
            return true
        case 2:
            guard let length = varint(), length <= UInt64(bytes.count - position) else { return false }
            position += Int(length)
            return true
        default: return false
        }
    }

    /// How many varints the remaining bytes hold (a packed field's element count).
    var varintCount: Int {
        var count = 0
        for index in position..<bytes.count where bytes[index] & 0x80 == 0 { count += 1 }
        return count
    }

    private mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
