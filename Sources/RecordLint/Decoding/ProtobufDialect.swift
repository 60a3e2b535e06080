internal import CRecordProto

/// Where protobuf-c (recordlint's decoder) and protobuf (the SageMaker SDK's
/// upb reader, the algorithms' C++) read the same `aialgs.data.Record` bytes
/// differently, found from the wire before protobuf-c decodes them:
///
/// - A field number of 0 (in a tag of two or more bytes) or of 2^29 and above
///   (a five-byte tag past 2^32): protobuf-c skips the field as unknown,
///   protobuf rejects the record (upb raises, C++ keeps only the tag's low 32
///   bits, which names another field). recordlint reports `invalid-protobuf`.
/// - The same tensor member of a `Value` twice, in one `Value` or in two
///   `Value`s of one map entry: protobuf parses the second into the first (the
///   repeated fields concatenated), protobuf-c keeps only the last.
/// - Two `Value`s in one map entry, neither with a member set: protobuf reads
///   an empty `Value`, protobuf-c fails to merge them and rejects the record.
///
/// For the last two, `rewritten` writes the record as protobuf reads it, in a
/// form protobuf-c reads the same way (each such entry as its key and one
/// `Value` holding its members in order, the trailing run of one tensor member
/// merged into one), so the rules check what the training job reads;
/// `ambiguous-encoding` says what was odd. A record the canonical scanner takes
/// never gets here (it is read alike by both); of the rest, `rl_dialect_suspect`
/// (C) looks first, so that the walk runs only on records it may find something in.
///
/// The walk follows the schema (Record → map entry → Value → tensor or Bytes)
/// and reads tags only: packed arrays and unknown fields are skipped by their
/// length, so it costs a few steps for a usual record. It keeps no more than a
/// few entries' worth of state and stops at the first malformed byte
/// (protobuf-c then rejects the record anyway).
struct ProtobufDialect {
    /// A tag protobuf rejects: its field number and where it starts in the payload.
    struct BadFieldNumber: Equatable {
        let number: UInt64
        let position: Int
    }

    /// What one map entry holds that protobuf-c reads differently.
    enum Oddity: Equatable {
        /// The same tensor member, `pieces` times; protobuf merges them, protobuf-c keeps the last.
        case repeatedTensor(member: UInt64, pieces: Int)
        /// `count` Values none of which has a member set; protobuf-c rejects the record.
        case emptyValues(count: Int)
    }

    /// An entry protobuf-c reads differently: which map (1 features, 2 label), its key, where it starts.
    struct OddEntry: Equatable {
        let map: UInt64
        let key: String
        let position: Int
        let oddity: Oddity
    }

    /// The first field number protobuf rejects, if any.
    private(set) var badFieldNumber: BadFieldNumber?
    /// The first few odd entries (`oddEntryCount` counts them all).
    private(set) var oddEntries: [OddEntry] = []
    private(set) var oddEntryCount = 0
    /// Whether the walk met bytes that are not protobuf (protobuf-c rejects them as well).
    private(set) var malformed = false

    private static let keptEntries = 4

    private init() {}

    /// The quick look in C (`rl_dialect_suspect`): false when the walk can find nothing (the
    /// usual record); true when it may, a superset of what it finds.
    @inline(__always)
    static func suspect(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard let base = payload.baseAddress else { return false }
        return rl_dialect_suspect(base, payload.count) != 0
    }

    /// The walk of `payload`, an `aialgs.data.Record`.
    init(_ payload: UnsafeRawBufferPointer) {
        guard let base = payload.baseAddress, payload.count > 0 else { return }
        var cursor = Cursor(base: base, at: 0, end: payload.count)
        while badFieldNumber == nil, !malformed, let field = next(&cursor) {
            if field.wire == 2, field.number == 1 || field.number == 2 {
                if let odd = entry(base, field.data, map: field.number, position: field.start) {
                    oddEntryCount += 1
                    if oddEntries.count < Self.keptEntries { oddEntries.append(odd) }
                }
            }
        }
    }

    /// Whether protobuf reads the record as protobuf-c does (or both reject it: malformed bytes).
    var agrees: Bool { badFieldNumber == nil && (oddEntryCount == 0 || malformed) }

    /// A sentence for `invalid-protobuf`, when protobuf rejects the record for its field numbers;
    /// `fileOffset` is where the payload starts in the file, when it is one frame's, and `joined`
    /// says how a multi-part record's parts were joined ("with the magic", "without the magic").
    func rejection(fileOffset: Int?, joined: String) -> String? {
        guard let bad = badFieldNumber else { return nil }
        let why =
            bad.number == 0 ? "field number 0 (in a tag of more than one byte)" : "field number \(bad.number) (2^29 or more)"
        let place =
            fileOffset.map { "at offset \($0 + bad.position) (byte \(bad.position) of its payload)" }
            ?? "at byte \(bad.position) of its parts joined \(joined)"
        return
            "has a tag with \(why) \(place): protobuf (the SDK's read_records, the algorithms' parser) rejects the record, where protobuf-c would skip the field"
    }

    /// A sentence for `ambiguous-encoding`, naming the odd entries.
    var ambiguity: String? {
        guard badFieldNumber == nil, let first = oddEntries.first else { return nil }
        let named = oddEntries.map { odd -> String in
            let map = odd.map == 1 ? "features" : "label"
            let key = "\(map)[\"\(odd.key)\"] (payload byte \(odd.position))"
            switch odd.oddity {
            case .repeatedTensor(let member, let pieces):
                return "\(key) holds its \(Self.memberName(member)) \(pieces) times"
            case .emptyValues(let count):
                return "\(key) holds \(count) Values with nothing set"
            }
        }
        let more = oddEntryCount > oddEntries.count ? " and \(oddEntryCount - oddEntries.count) more entries" : ""
        let effect: String =
            switch first.oddity {
            case .repeatedTensor:
                "protobuf (the SDK, the algorithms) merges the pieces, their values, keys and shapes concatenated, as checked here; readers built on protobuf-c keep only the last"
            case .emptyValues:
                "protobuf (the SDK, the algorithms) reads one empty Value, as checked here; protobuf-c rejects the record"
            }
        return "is encoded ambiguously: \(named.joined(separator: "; "))\(more); \(effect)"
    }

    static func memberName(_ member: UInt64) -> String {
        switch member {
        case 2: "float32_tensor"
        case 3: "float64_tensor"
        case 7: "int32_tensor"
        default: "bytes"
        }
    }

    // MARK: the walk

    struct Cursor {
        let base: UnsafeRawPointer
        var at: Int
        let end: Int
    }

    struct Field {
        let number: UInt64
        let wire: UInt64
        /// Where the tag starts.
        let start: Int
        /// The data (a length-delimited field's contents; empty for the others).
        let data: Range<Int>
        /// Whether the field carries an element of a repeated scalar (a varint or fixed value, or a non-empty run).
        var carries: Bool { wire != 2 || !data.isEmpty }
    }

    /// The next field, or `nil` at the end; a bad field number or malformed bytes end the walk.
    private mutating func next(_ cursor: inout Cursor) -> Field? {
        guard cursor.at < cursor.end else { return nil }
        let start = cursor.at
        guard let tag = Self.varint(&cursor), cursor.at - start <= 5 else {
            malformed = true
            return nil
        }
        let number = tag >> 3
        if number == 0 || number >= 1 << 29 {
            // A one-byte tag of field 0 protobuf-c rejects as well; longer ones it takes as unknown fields.
            if number == 0 && cursor.at - start == 1 {
                malformed = true
            } else {
                badFieldNumber = BadFieldNumber(number: number, position: start)
            }
            return nil
        }
        let wire = tag & 7
        switch wire {
        case 0:
            guard Self.varint(&cursor) != nil else { break }
            return Field(number: number, wire: 0, start: start, data: cursor.at..<cursor.at)
        case 1, 5:
            let size = wire == 1 ? 8 : 4
            guard cursor.end - cursor.at >= size else { break }
            cursor.at += size
            return Field(number: number, wire: wire, start: start, data: cursor.at..<cursor.at)
        case 2:
            guard let length = Self.varint(&cursor), length <= UInt64(cursor.end - cursor.at) else { break }
            cursor.at += Int(length)
            return Field(number: number, wire: 2, start: start, data: (cursor.at - Int(length))..<cursor.at)
        default:
            break
        }
        malformed = true
        return nil
    }

    @inline(__always)
    private static func varint(_ cursor: inout Cursor) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while cursor.at < cursor.end, shift < 70 {
            let byte = cursor.base.load(fromByteOffset: cursor.at, as: UInt8.self)
            cursor.at += 1
            if shift < 64 { value |= UInt64(byte & 0x7F) << shift }
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    /// Every field of the message in `range`, checked for its field number; `body` sees each.
    private mutating func fields(_ base: UnsafeRawPointer, _ range: Range<Int>, _ body: (inout Self, Field) -> Void) {
        var cursor = Cursor(base: base, at: range.lowerBound, end: range.upperBound)
        while badFieldNumber == nil, !malformed, let field = next(&cursor) { body(&self, field) }
    }

    /// A map entry: what in it protobuf-c reads differently, if anything.
    private mutating func entry(_ base: UnsafeRawPointer, _ range: Range<Int>, map: UInt64, position: Int) -> OddEntry? {
        var key: Range<Int>?
        var values = 0
        var emptyValues = 0
        var firstTwoEmpty = false
        // The member protobuf ends with and how many pieces it merged, and whether any piece but the last carried data.
        var member: UInt64 = 0
        var pieces = 0
        var earlierCarried = false
        var lastCarried = false
        fields(base, range) { dialect, field in
            switch (field.number, field.wire) {
            case (1, 2): key = field.data
            case (2, 2):
                values += 1
                var members = 0
                dialect.fields(base, field.data) { dialect, inner in
                    guard inner.wire == 2, Self.isMember(inner.number) else { return }
                    members += 1
                    let carries = dialect.carries(base, inner.data)
                    if inner.number == member {
                        pieces += 1
                        earlierCarried = earlierCarried || lastCarried
                    } else {
                        member = inner.number
                        pieces = 1
                        earlierCarried = false
                    }
                    lastCarried = carries
                }
                if members == 0 {
                    emptyValues += 1
                    if values == 2 && emptyValues == 2 { firstTwoEmpty = true }
                }
            default: break
            }
        }
        guard badFieldNumber == nil, !malformed else { return nil }
        let oddity: Oddity
        if firstTwoEmpty {
            oddity = .emptyValues(count: emptyValues)
        } else if pieces > 1, member != 9, earlierCarried {
            oddity = .repeatedTensor(member: member, pieces: pieces)
        } else {
            return nil
        }
        let keyText = key.map { Excerpt.text(UnsafeRawBufferPointer(start: base + $0.lowerBound, count: $0.count)) } ?? ""
        return OddEntry(map: map, key: keyText, position: position, oddity: oddity)
    }

    @inline(__always)
    static func isMember(_ number: UInt64) -> Bool { number == 2 || number == 3 || number == 7 || number == 9 }

    /// Whether a tensor (or Bytes) in `range` holds any element; its field numbers are checked on the way.
    private mutating func carries(_ base: UnsafeRawPointer, _ range: Range<Int>) -> Bool {
        var carries = false
        fields(base, range) { _, field in
            if (1...3).contains(field.number) && field.carries { carries = true }
        }
        return carries
    }

    // MARK: the record as protobuf reads it

    /// The record as protobuf reads it, written so that protobuf-c reads it the
    /// same way: every odd entry becomes its key and one Value holding every
    /// member of its Values in order, except that the run of the member
    /// protobuf ends with is one member, its pieces' bytes concatenated (which
    /// is how protobuf merges them); protobuf-c still parses (and judges) the
    /// members before it, then replaces them. Every other field is copied as it
    /// is. Only for a payload whose walk found odd entries, no bad field number
    /// and nothing malformed (`agrees` false).
    func rewritten(_ payload: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        guard let base = payload.baseAddress else { return }
        out.reserveCapacity(payload.count + 64)
        var walker = ProtobufDialect()
        var cursor = Cursor(base: base, at: 0, end: payload.count)
        while let field = walker.next(&cursor) {
            let whole = UnsafeRawBufferPointer(rebasing: payload[field.start..<field.data.upperBound])
            if field.wire == 2, field.number == 1 || field.number == 2,
                walker.entry(base, field.data, map: field.number, position: field.start) != nil
            {
                walker.mergedEntry(base, field.data, map: field.number, into: &out)
            } else {
                out += whole
            }
        }
    }

    /// An entry (tag and length included) as its key and its one Value, as protobuf reads the entry.
    private mutating func mergedEntry(_ base: UnsafeRawPointer, _ range: Range<Int>, map: UInt64, into out: inout [UInt8]) {
        var key: Range<Int>?
        var values = 0
        // Pass 1: the member protobuf ends with, the ordinal of its run's first piece, the run's
        // bytes, and the bytes of the members before the run (as they are written).
        var member: UInt64 = 0
        var ordinal = 0
        var runStart = 0
        var runBytes = 0
        var allBytes = 0
        var prefixBytes = 0
        fields(base, range) { dialect, field in
            switch (field.number, field.wire) {
            case (1, 2): key = field.data
            case (2, 2):
                values += 1
                dialect.fields(base, field.data) { _, inner in
                    guard inner.wire == 2, Self.isMember(inner.number) else { return }
                    if inner.number != member {
                        member = inner.number
                        runStart = ordinal
                        runBytes = 0
                        prefixBytes = allBytes
                    }
                    runBytes += inner.data.count
                    allBytes += Self.size(inner.number << 3 | 2) + Self.size(UInt64(inner.data.count)) + inner.data.count
                    ordinal += 1
                }
            default: break
            }
        }
        let keyBytes = key.map { 1 + Self.size(UInt64($0.count)) + $0.count } ?? 0
        let valueContent =
            member == 0 ? 0 : prefixBytes + Self.size(member << 3 | 2) + Self.size(UInt64(runBytes)) + runBytes
        let valueBytes = values == 0 ? 0 : 1 + Self.size(UInt64(valueContent)) + valueContent
        Self.append(map << 3 | 2, to: &out)
        Self.append(UInt64(keyBytes + valueBytes), to: &out)
        if let key {
            Self.append(1 << 3 | 2, to: &out)
            Self.append(UInt64(key.count), to: &out)
            out += UnsafeRawBufferPointer(start: base + key.lowerBound, count: key.count)
        }
        guard values > 0 else { return }
        Self.append(2 << 3 | 2, to: &out)
        Self.append(UInt64(valueContent), to: &out)
        guard member != 0 else { return }  // one empty Value
        // Pass 2: the members before the run as they are, then the run's pieces, concatenated.
        ordinal = 0
        fields(base, range) { dialect, field in
            guard field.number == 2, field.wire == 2 else { return }
            dialect.fields(base, field.data) { _, inner in
                guard inner.wire == 2, Self.isMember(inner.number) else { return }
                if ordinal < runStart {
                    Self.append(inner.number << 3 | 2, to: &out)
                    Self.append(UInt64(inner.data.count), to: &out)
                } else if ordinal == runStart {
                    Self.append(member << 3 | 2, to: &out)
                    Self.append(UInt64(runBytes), to: &out)
                }
                out += UnsafeRawBufferPointer(start: base + inner.data.lowerBound, count: inner.data.count)
                ordinal += 1
            }
        }
    }

    private static func size(_ value: UInt64) -> Int {
        var value = value
        var bytes = 1
        while value >= 0x80 {
            value >>= 7
            bytes += 1
        }
        return bytes
    }

    private static func append(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }
}
