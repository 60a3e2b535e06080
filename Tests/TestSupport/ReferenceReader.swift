/// A plain reader of recordio-protobuf, written from FORMAT.md and nothing
/// else (no protobuf-c, no window, no resync), for differential tests and
/// fuzzing: where it reads a record, recordlint must read the same.
///
/// It reads frames from offset 0 and stops at the first one it cannot accept:
/// no magic, a cflag of 4 to 7, a frame past the end, a frame not followed by
/// another header or the end of the file (recordlint may then find a record
/// inside it), or a broken multi-part sequence.
public enum ReferenceReader {
    /// A tensor as the wire holds it.
    public struct Tensor: Equatable, Sendable {
        /// 2 (Float32Tensor), 3 (Float64Tensor) or 7 (Int32Tensor): the Value field number.
        public var kind: Int
        /// The values' bit patterns, widened (float bits, double bits, int32 as UInt32).
        public var values: [UInt64] = []
        public var keys: [UInt64] = []
        public var shape: [UInt64] = []
    }

    /// What a map holds under "values".
    public enum Entry: Equatable, Sendable {
        case missing
        /// A Bytes value, or a Value with no field set, or an entry with no value.
        case unsupported
        case tensor(Tensor)
    }

    /// One record read.
    public struct Record: Equatable, Sendable {
        public var offset: Int
        public var parts: Int
        /// What protobuf reads (pure-Python protobuf and C++, where upb differs: `readersDisagree`);
        /// `nil` when the payload is not a valid Record either way it can be joined
        /// (`protobufRejects` says when protobuf's field-number, group or nesting rules are why).
        public var features: Entry?
        public var label: Entry?
        /// Every way of joining it holds a tag of field number 0 or 2^29 and above, a malformed
        /// group or groups nested past protobuf's limit, which protobuf rejects (protobuf-c skips
        /// such a field, or rejects every group): recordlint must say `invalid-protobuf`.
        public var protobufRejects = false
        /// protobuf-c reads it differently from protobuf (a tensor member given again with data
        /// before it, two Values with no member first in an entry, a group or a known field with
        /// another wire type, an unknown field in an entry under another key than "values"):
        /// recordlint must say `ambiguous-encoding`.
        public var ambiguous = false
        /// The last "values" entry of the features or the label holds an unknown field: upb drops
        /// it, pure-Python protobuf and C++ keep it. recordlint must say `readers-disagree`.
        public var readersDisagree = false
        /// The uid, when it has one of at most 128 bytes and no NUL (what recordlint quotes whole).
        public var uid: String?
        public var joinedWithoutMagic = false
    }

    /// The records read before the first frame it cannot accept, and whether it reached the end.
    public static func read(_ bytes: [UInt8]) -> (records: [Record], complete: Bool) {
        var records: [Record] = []
        var offset = 0
        while offset < bytes.count {
            guard let (record, next) = readRecord(bytes, at: offset) else { return (records, false) }
            records.append(record)
            offset = next
        }
        return (records, true)
    }

    static let magic: UInt32 = 0xCED7_230A

    static func word(_ bytes: [UInt8], _ at: Int) -> UInt32? {
        guard at >= 0, at + 4 <= bytes.count else { return nil }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    /// A frame at `at`: cflag, payload range, and where the next frame starts.
    static func frame(_ bytes: [UInt8], at: Int) -> (cflag: UInt32, payload: Range<Int>, next: Int)? {
        guard word(bytes, at) == magic, let lrec = word(bytes, at + 4) else { return nil }
        let cflag = lrec >> 29
        let length = Int(lrec & (1 << 29 - 1))
        let next = at + 8 + length + (4 - length % 4) % 4
        guard cflag <= 3, next <= bytes.count else { return nil }
        // What follows must be a frame header or the end (a header cut off by the end leaves recordlint a choice).
        guard next == bytes.count || (next + 8 <= bytes.count && word(bytes, next) == magic) else { return nil }
        return (cflag, (at + 8)..<(at + 8 + length), next)
    }

    static func readRecord(_ bytes: [UInt8], at offset: Int) -> (Record, Int)? {
        guard let first = frame(bytes, at: offset), first.cflag == 0 || first.cflag == 1 else { return nil }
        var parts = [first.payload]
        var next = first.next
        if first.cflag == 1 {
            while true {
                guard let part = frame(bytes, at: next), part.cflag == 2 || part.cflag == 3 else { return nil }
                parts.append(part.payload)
                next = part.next
                if part.cflag == 3 { break }
            }
        }
        // dmlc joins with the magic between parts; ml-io with nothing.
        var dmlc: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index > 0 { dmlc += [0x0A, 0x23, 0xD7, 0xCE] }
            dmlc += bytes[part]
        }
        var record = Record(offset: offset, parts: parts.count)
        let flags = Flags()
        if let decoded = decode(dmlc, flags) {
            (record.features, record.label, record.uid) = decoded
            record.ambiguous = flags.ambiguous
            record.readersDisagree = flags.disagree
            return (record, next)
        }
        var rejects = flags.rejects
        if parts.count > 1 {
            let flags = Flags()
            if let decoded = decode(parts.flatMap { Array(bytes[$0]) }, flags) {
                (record.features, record.label, record.uid) = decoded
                record.ambiguous = flags.ambiguous
                record.readersDisagree = flags.disagree
                record.joinedWithoutMagic = true
                return (record, next)
            }
            rejects = rejects && flags.rejects
        }
        record.protobufRejects = rejects
        return (record, next)
    }

    // MARK: protobuf, plainly (FORMAT.md §1)

    /// What a decode met on the way.
    final class Flags {
        /// A tag of field number 0 or 2^29 and above, a malformed group, groups nested too deep: protobuf rejects the record.
        var rejects = false
        var ambiguous = false
        var disagree = false
    }

    struct Cursor {
        let bytes: [UInt8]
        var at: Int
        let end: Int
        let flags: Flags
        /// How many messages below the Record this one is (for protobuf's nesting limit).
        var depth = 0

        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            for index in 0..<10 {
                guard at < end else { return nil }
                let byte = bytes[at]
                at += 1
                value |= UInt64(byte & 0x7F) << (7 * UInt64(index))
                if byte & 0x80 == 0 { return value }
            }
            return nil
        }

        /// A length prefix: protobuf-c and C++ protobuf read it in at most 5 bytes (upb and pure-Python
        /// protobuf in up to 10; the algorithms read with C++).
        mutating func lengthPrefix() -> UInt64? {
            let start = at
            guard let length = varint(), at - start <= 5 else { return nil }
            return length
        }

        /// A tag: field number and wire type (nil for bytes that are no tag, or one protobuf rejects).
        mutating func tag() -> (number: UInt64, wire: UInt64)? {
            let start = at
            guard let tag = varint() else { return nil }
            // A tag is at most 5 bytes and a field number 1 to 2^29 - 1 (protobuf-c takes larger
            // ones, and 0 in a longer tag, as unknown fields; protobuf rejects the record).
            guard at - start <= 5 else { return nil }
            let number = tag >> 3
            guard number >= 1, number < 1 << 29 else {
                flags.rejects = true
                return nil
            }
            return (number, tag & 7)
        }

        /// The next field: number, wire type, and its data (for varints, the value in `value`).
        /// A group is skipped whole, as protobuf skips it (it must close with its own end-group
        /// tag, and be nested no deeper than protobuf's limit: 100 groups and messages below the
        /// Record for upb, 99 groups for pure-Python protobuf), and returned with wire type 3.
        mutating func field() -> (number: UInt64, wire: UInt64, data: Range<Int>, value: UInt64)?? {
            guard at < end else { return .some(nil) }
            guard let (number, wire) = tag() else { return nil }
            if wire == 4 {
                flags.rejects = true
                return nil
            }
            if wire == 3 {
                var open = [number]
                while let last = open.last {
                    guard open.count <= min(99, 100 - depth), at < end else {
                        flags.rejects = true
                        return nil
                    }
                    guard let (inner, innerWire) = tag() else { return nil }
                    switch innerWire {
                    case 3: open.append(inner)
                    case 4:
                        guard inner == last else {
                            flags.rejects = true
                            return nil
                        }
                        open.removeLast()
                    case 0: guard varint() != nil else { return nil }
                    case 1, 5:
                        let size = innerWire == 1 ? 8 : 4
                        guard end - at >= size else { return nil }
                        at += size
                    case 2:
                        guard let length = lengthPrefix(), length <= UInt64(end - at) else { return nil }
                        at += Int(length)
                    default: return nil
                    }
                }
                flags.ambiguous = true
                return (number, 3, at..<at, 0)
            }
            switch wire {
            case 0:
                let start = at
                guard let value = varint() else { return nil }
                return (number, wire, start..<at, value)
            case 1, 5:
                let size = wire == 1 ? 8 : 4
                guard end - at >= size else { return nil }
                at += size
                return (number, wire, (at - size)..<at, 0)
            case 2:
                guard let length = lengthPrefix(), length <= UInt64(end - at) else { return nil }
                at += Int(length)
                return (number, wire, (at - Int(length))..<at, 0)
            default:
                return nil
            }
        }
    }

    static func decode(_ payload: [UInt8], _ flags: Flags) -> (Entry, Entry, String?)? {
        var cursor = Cursor(bytes: payload, at: 0, end: payload.count, flags: flags)
        var features = Entry.missing
        var label = Entry.missing
        var uid: [UInt8]?
        var featuresDisagree = false
        var labelDisagree = false
        while true {
            guard let next = cursor.field() else { return nil }
            guard let field = next else { break }
            switch (field.number, field.wire) {
            case (1, 2), (2, 2):
                guard let (key, value, unknown) = mapEntry(payload, field.data, flags) else { return nil }
                if key == Array("values".utf8) {
                    // The last "values" entry wins; upb drops one holding an unknown field.
                    if field.number == 1 {
                        features = value
                        featuresDisagree = unknown
                    } else {
                        label = value
                        labelDisagree = unknown
                    }
                } else if unknown {
                    flags.ambiguous = true
                }
            case (3, 2): uid = Array(payload[field.data])
            case (4, 2), (5, 2): break
            case (1...5, _): flags.ambiguous = true  // a known field with another wire type: skipped as unknown
            default: break  // unknown fields are skipped
            }
        }
        flags.disagree = featuresDisagree || labelDisagree
        let shown = uid.flatMap { $0.count <= 128 && !$0.contains(0) ? String(decoding: $0, as: UTF8.self) : nil }
        return (features, label, shown)
    }

    /// An entry as protobuf reads it: its Values parsed one into the other, which is their members
    /// read in order, a member replacing another and merging into the same one (the repeated
    /// fields concatenated). protobuf-c instead keeps the last member, and fails when the first
    /// two Values have none.
    /// Also says whether the entry holds an unknown field (any but its key and Values).
    static func mapEntry(_ bytes: [UInt8], _ range: Range<Int>, _ flags: Flags) -> ([UInt8], Entry, Bool)? {
        var cursor = Cursor(bytes: bytes, at: range.lowerBound, end: range.upperBound, flags: flags, depth: 1)
        var unknown = false
        var key: [UInt8] = []
        var values = 0
        var emptyValues = 0
        var member: (number: UInt64, tensor: Tensor?)?
        // Elements the run of the current member held before its last piece.
        var earlier = 0
        var last = 0
        while true {
            guard let next = cursor.field() else { return nil }
            guard let field = next else { break }
            switch (field.number, field.wire) {
            case (1, 2): key = Array(bytes[field.data])
            case (2, 2):
                values += 1
                var members = 0
                var inner = Cursor(
                    bytes: bytes, at: field.data.lowerBound, end: field.data.upperBound, flags: flags, depth: 2)
                while true {
                    guard let next = inner.field() else { return nil }
                    guard let part = next else { break }
                    switch (part.number, part.wire) {
                    case (2, 2), (3, 2), (7, 2), (9, 2):
                        members += 1
                        var piece: Tensor?
                        if part.number == 9 {
                            guard bytesMessage(bytes, part.data, flags) else { return nil }
                        } else {
                            guard let parsed = tensor(bytes, part.data, kind: Int(part.number), flags) else { return nil }
                            piece = parsed
                        }
                        let elements = piece.map { $0.values.count + $0.keys.count + $0.shape.count } ?? 0
                        if let current = member, current.number == part.number {
                            earlier += last
                            if var merged = current.tensor, let piece {
                                merged.values += piece.values
                                merged.keys += piece.keys
                                merged.shape += piece.shape
                                member = (part.number, merged)
                            }
                        } else {
                            member = (part.number, piece)
                            earlier = 0
                        }
                        last = elements
                    case (2, _), (3, _), (7, _), (9, _): flags.ambiguous = true  // another wire type: skipped
                    default: break
                    }
                }
                if members == 0 {
                    emptyValues += 1
                    if values == 2 && emptyValues == 2 { flags.ambiguous = true }
                }
            case (1...2, _):
                flags.ambiguous = true  // another wire type: skipped as unknown
                unknown = true
            default: unknown = true
            }
        }
        if let member, member.tensor != nil, earlier > 0 { flags.ambiguous = true }
        guard let member, let tensor = member.tensor else { return (key, .unsupported, unknown) }
        return (key, .tensor(tensor), unknown)
    }

    static func bytesMessage(_ bytes: [UInt8], _ range: Range<Int>, _ flags: Flags) -> Bool {
        var cursor = Cursor(bytes: bytes, at: range.lowerBound, end: range.upperBound, flags: flags, depth: 3)
        while true {
            guard let next = cursor.field() else { return false }
            guard let field = next else { return true }
            if (field.number == 1 || field.number == 2) && field.wire != 2 { flags.ambiguous = true }
        }
    }

    static func tensor(_ bytes: [UInt8], _ range: Range<Int>, kind: Int, _ flags: Flags) -> Tensor? {
        var cursor = Cursor(bytes: bytes, at: range.lowerBound, end: range.upperBound, flags: flags, depth: 3)
        var tensor = Tensor(kind: kind)
        while true {
            guard let next = cursor.field() else { return nil }
            guard let field = next else { break }
            switch field.number {
            case 1:
                switch (kind, field.wire) {
                case (2, 5), (3, 1): tensor.values.append(fixed(bytes, field.data))
                case (7, 0): tensor.values.append(UInt64(UInt32(truncatingIfNeeded: field.value)))
                case (2, 2), (3, 2):
                    let width = kind == 2 ? 4 : 8
                    guard field.data.count % width == 0 else { return nil }
                    for start in stride(from: field.data.lowerBound, to: field.data.upperBound, by: width) {
                        tensor.values.append(fixed(bytes, start..<(start + width)))
                    }
                case (7, 2):
                    guard let values = packedVarints(bytes, field.data) else { return nil }
                    tensor.values += values.map { UInt64(UInt32(truncatingIfNeeded: $0)) }
                default: flags.ambiguous = true  // another wire type (or a group): skipped as unknown
                }
            case 2, 3:
                var values: [UInt64]
                switch field.wire {
                case 0: values = [field.value]
                case 2:
                    guard let packed = packedVarints(bytes, field.data) else { return nil }
                    values = packed
                default:
                    flags.ambiguous = true  // another wire type (or a group): skipped as unknown
                    values = []
                }
                if field.number == 2 { tensor.keys += values } else { tensor.shape += values }
            default: break
            }
        }
        return tensor
    }

    static func fixed(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        var value: UInt64 = 0
        for (index, byte) in bytes[range].enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        return value
    }

    static func packedVarints(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt64]? {
        var cursor = Cursor(bytes: bytes, at: range.lowerBound, end: range.upperBound, flags: Flags())
        var values: [UInt64] = []
        while cursor.at < cursor.end {
            guard let value = cursor.varint() else { return nil }
            values.append(value)
        }
        return values
    }
}
