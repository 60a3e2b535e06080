internal import CRecordProto

/// Where protobuf-c (recordlint's decoder) and protobuf (the SageMaker SDK's
/// upb reader, pure-Python protobuf, the algorithms' C++) read the same
/// `aialgs.data.Record` bytes differently, found from the wire before
/// protobuf-c decodes them:
///
/// - A field number of 0 (in a tag of two or more bytes) or of 2^29 and above
///   (a five-byte tag past 2^32): protobuf-c skips the field as unknown,
///   protobuf rejects the record (upb raises, C++ keeps only the tag's low 32
///   bits, which names another field). recordlint reports `invalid-protobuf`.
/// - A group (wire types 3 and 4) that does not close with the end-group tag of
///   its own field, an end-group tag outside a group, or groups nested past
///   protobuf's depth limit: protobuf rejects the record (protobuf-c rejects
///   every group). recordlint reports `invalid-protobuf`.
/// - A well-formed group, or a known field with another wire type than its
///   declared one, at any level: protobuf skips it as an unknown field,
///   protobuf-c rejects the record.
/// - The same tensor member of a `Value` twice, in one `Value` or in two
///   `Value`s of one map entry: protobuf parses the second into the first (the
///   repeated fields concatenated), protobuf-c keeps only the last.
/// - Two `Value`s in one map entry, neither with a member set: protobuf reads
///   an empty `Value`, protobuf-c fails to merge them and rejects the record.
/// - A map entry holding an unknown field (any field but its key and value):
///   upb drops the whole entry (keeps it among the record's unknown fields),
///   pure-Python protobuf, C++ and protobuf-c keep the entry. For the entry that
///   gives `features["values"]` or `label["values"]` the readers disagree on
///   what the record holds: `readers-disagree` (an error); for other keys, which
///   no reader reads, a part of the `ambiguous-encoding` warning.
///
/// For all but the first two, `rewritten` writes the record as protobuf reads
/// it (pure-Python protobuf and C++, where upb differs), in a form protobuf-c
/// reads the same way: the skipped fields dropped at every level, each
/// merging entry as its key and one `Value` holding its members in order, the
/// trailing run of one tensor member merged into one. So the rules check what
/// the training job reads; `ambiguous-encoding` says what was odd. A record
/// the canonical scanner takes never gets here (it is read alike by all); of
/// the rest, `rl_dialect_suspect` (C) looks first, so that the walk runs only
/// on records it may find something in.
///
/// The walk follows the schema (Record → map entry → Value → tensor or Bytes,
/// a depth the schema bounds) and reads tags only: packed arrays and unknown
/// fields are skipped by their length, groups by a loop whose depth is capped
/// at protobuf's. It keeps no more than a few entries' worth of state and stops
/// at the first malformed byte (protobuf-c then rejects the record anyway).
struct ProtobufDialect {
    /// Why protobuf rejects the record (where protobuf-c would not say so, or not why).
    enum Rejection: Equatable {
        /// A tag of field number 0 (in two or more bytes) or 2^29 and above.
        case fieldNumber(UInt64, position: Int)
        /// An end-group tag of field `found` where the group of field `open` (or none, `nil`) was open.
        case endGroup(found: UInt64, open: UInt64?, position: Int)
        /// A group of field `number`, opened at `position`, that its message ends before closing.
        case unterminatedGroup(UInt64, position: Int)
        /// Groups nested `levels` deep, in a message `messages` levels below the Record, at `position`, past protobuf's limit.
        case nestedTooDeep(levels: Int, messages: Int, position: Int)

        var position: Int {
            switch self {
            case .fieldNumber(_, let position), .endGroup(_, _, let position), .unterminatedGroup(_, let position),
                .nestedTooDeep(_, _, let position):
                position
            }
        }
    }

    /// A field protobuf skips as unknown and protobuf-c rejects: a group, or a known field number with another wire type.
    struct Skipped: Equatable {
        let kind: Kind
        let number: UInt64
        let wire: UInt64
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

    /// A map entry holding an unknown field (upb drops the entry): the map, its key, where it and the field start.
    struct EntryWithUnknown: Equatable {
        let map: UInt64
        let key: String
        let position: Int
        let number: UInt64
        let wire: UInt64
        let fieldPosition: Int
        /// For a "values" entry: whether an earlier "values" entry of its map holds no unknown field (upb reads that one).
        var earlierKept = false
    }

    /// The messages of the schema.
    enum Kind: Equatable {
        case record, entry, value, float32, float64, int32, bytes

        /// How many messages enclose one of this kind (the Record is at 0).
        var depth: Int {
            switch self {
            case .record: 0
            case .entry: 1
            case .value: 2
            case .float32, .float64, .int32, .bytes: 3
            }
        }

        var name: String {
            switch self {
            case .record: "the Record"
            case .entry: "a map entry"
            case .value: "a Value"
            case .float32: "a Float32Tensor"
            case .float64: "a Float64Tensor"
            case .int32: "an Int32Tensor"
            case .bytes: "a Bytes"
            }
        }
    }

    /// What the schema says of a field: not in it, in it with that wire type (and the message it holds), or in it with another.
    enum Declared: Equatable {
        case unknown
        case known(Kind?)
        case otherWireType
    }

    /// The first reason protobuf rejects the record, if any.
    private(set) var rejection: Rejection?
    /// The first few fields protobuf skips and protobuf-c rejects (`skippedCount` counts them all).
    private(set) var skipped: [Skipped] = []
    private(set) var skippedCount = 0
    /// The first few odd entries (`oddEntryCount` counts them all).
    private(set) var oddEntries: [OddEntry] = []
    private(set) var oddEntryCount = 0
    /// The first few entries under another key than "values" that hold an unknown field (upb drops them).
    private(set) var otherEntriesWithUnknown: [EntryWithUnknown] = []
    private(set) var otherEntriesWithUnknownCount = 0
    /// For features (0) and label (1): the map's last "values" entry, when it holds an unknown field.
    private(set) var valuesEntriesWithUnknown: [EntryWithUnknown?] = [nil, nil]
    /// For features (0) and label (1): whether a "values" entry without unknown fields was seen.
    private var keptValuesEntry = [false, false]
    /// Whether the walk met bytes that are not protobuf (protobuf-c rejects them as well).
    private(set) var malformed = false

    private static let keptEntries = 4
    /// protobuf's nesting limit: upb's counts the messages and groups around a field (100), pure-Python's the groups (99).
    static let upbDepthLimit = 100
    static let pythonGroupLimit = 99

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
        fields(base, 0..<payload.count, kind: .record) { dialect, field in
            guard field.number == 1 || field.number == 2 else { return }
            if let odd = dialect.entry(base, field.data, map: field.number, position: field.start) {
                dialect.oddEntryCount += 1
                if dialect.oddEntries.count < Self.keptEntries { dialect.oddEntries.append(odd) }
            }
        }
        if rejection != nil || malformed { valuesEntriesWithUnknown = [nil, nil] }
    }

    /// The first reason protobuf rejects the record for its field numbers or groups.
    var protobufRejects: Bool { rejection != nil }

    /// The `values` entries protobuf's readers disagree on (upb drops them, the others keep them).
    var disagreements: [EntryWithUnknown] { valuesEntriesWithUnknown.compactMap { $0 } }

    /// Whether protobuf reads the record as protobuf-c does (or both reject it: malformed bytes).
    var agrees: Bool {
        rejection == nil
            && (malformed
                || (oddEntryCount == 0 && skippedCount == 0 && otherEntriesWithUnknownCount == 0 && disagreements.isEmpty))
    }

    /// Whether the record must be rewritten for protobuf-c to read it as protobuf does.
    var needsRewrite: Bool { rejection == nil && !malformed && (oddEntryCount > 0 || skippedCount > 0) }

    /// Where a payload byte is: in the file, when the payload is one frame's (`fileOffset`), or in the joined parts.
    static func place(_ position: Int, fileOffset: Int?, joined: String) -> String {
        fileOffset.map { "at offset \($0 + position) (byte \(position) of its payload)" }
            ?? "at byte \(position) of its parts joined \(joined)"
    }

    /// A sentence for `invalid-protobuf`, when protobuf rejects the record for its field numbers or groups;
    /// `fileOffset` is where the payload starts in the file, when it is one frame's, and `joined`
    /// says how a multi-part record's parts were joined ("with the magic", "without the magic").
    func rejection(fileOffset: Int?, joined: String) -> String? {
        guard let rejection else { return nil }
        let place = Self.place(rejection.position, fileOffset: fileOffset, joined: joined)
        let rejects = "protobuf (the SDK's read_records, the algorithms' parser) rejects the record"
        switch rejection {
        case .fieldNumber(let number, _):
            let why = number == 0 ? "field number 0 (in a tag of more than one byte)" : "field number \(number) (2^29 or more)"
            return "has a tag with \(why) \(place): \(rejects), where protobuf-c would skip the field"
        case .endGroup(let found, let open, _):
            let inside = open.map { "inside the group of field \($0), which it does not close" } ?? "outside any group"
            return "has an end-group tag of field \(found) \(place), \(inside): \(rejects) (protobuf-c rejects every group)"
        case .unterminatedGroup(let number, _):
            return
                "has a group of field \(number) \(place) that its message ends before closing: \(rejects) (protobuf-c rejects every group)"
        case .nestedTooDeep(let levels, let messages, _):
            return
                "has groups nested \(levels) or more deep \(place), \(messages) messages below the Record: protobuf rejects the record past its nesting limit (upb, the SDK's default, where the groups and the messages they are in below the Record come to more than \(Self.upbDepthLimit); pure-Python protobuf past \(Self.pythonGroupLimit) groups)"
        }
    }

    /// A sentence for `readers-disagree`: the "values" entries upb drops and the other readers keep.
    func disagreement(fileOffset: Int?, joined: String) -> String? {
        guard rejection == nil, !malformed, !disagreements.isEmpty else { return nil }
        let named = disagreements.map { entry -> String in
            let map = entry.map == 1 ? "features" : "label"
            return
                "its \(map)[\"values\"] entry (payload byte \(entry.position)) holds \(Self.fieldName(entry.number, entry.wire)), unknown in a map entry, \(Self.place(entry.fieldPosition, fileOffset: fileOffset, joined: joined))"
        }
        let seen = disagreements.map { entry -> String in
            let map = entry.map == 1 ? "features" : "label"
            return entry.earlierKept ? "an earlier \(map)[\"values\"] entry" : "no \(map)"
        }.joined(separator: " and ")
        return
            "is read differently by protobuf's readers: \(named.joined(separator: "; ")); the SDK's read_records (protobuf's default upb backend) drops such an entry and reads \(seen), while pure-Python protobuf and C++ (the algorithms' parser) keep it without the field, as checked here"
    }

    /// A sentence for `ambiguous-encoding`, naming what protobuf-c reads otherwise; `fileOffset`
    /// and `joined` as for `rejection`.
    func ambiguity(fileOffset: Int?, joined: String) -> String? {
        guard rejection == nil, !malformed else { return nil }
        var parts: [String] = []
        if let first = oddEntries.first {
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
            parts.append("\(named.joined(separator: "; "))\(more); \(effect)")
        }
        if !skipped.isEmpty {
            let named = skipped.map { field -> String in
                let place = Self.place(field.position, fileOffset: fileOffset, joined: joined)
                guard field.wire != 3 else { return "a group of field \(field.number) in \(field.kind.name) \(place)" }
                return
                    "\(Self.fieldName(field.number, field.wire)) in \(field.kind.name) \(place), a field declared \(Self.declaredWire(field.kind, field.number))"
            }
            let more = skippedCount > skipped.count ? " and \(skippedCount - skipped.count) more such fields" : ""
            parts.append(
                "\(named.joined(separator: "; "))\(more): protobuf (the SDK, the algorithms) skips such a field as unknown, as checked here; protobuf-c rejects the record"
            )
        }
        if !otherEntriesWithUnknown.isEmpty {
            let named = otherEntriesWithUnknown.map { entry -> String in
                let map = entry.map == 1 ? "features" : "label"
                return
                    "\(map)[\"\(entry.key)\"] (payload byte \(entry.position)) holds \(Self.fieldName(entry.number, entry.wire)) \(Self.place(entry.fieldPosition, fileOffset: fileOffset, joined: joined))"
            }
            let more =
                otherEntriesWithUnknownCount > otherEntriesWithUnknown.count
                ? " and \(otherEntriesWithUnknownCount - otherEntriesWithUnknown.count) more entries" : ""
            parts.append(
                "\(named.joined(separator: "; "))\(more), unknown in a map entry: the SDK's upb drops such an entry, the other readers keep it (no reader looks at a key other than \"values\")"
            )
        }
        guard !parts.isEmpty else { return nil }
        return "is encoded ambiguously: \(parts.joined(separator: "; and "))"
    }

    static func memberName(_ member: UInt64) -> String {
        switch member {
        case 2: "float32_tensor"
        case 3: "float64_tensor"
        case 7: "int32_tensor"
        default: "bytes"
        }
    }

    static func wireName(_ wire: UInt64) -> String {
        switch wire {
        case 0: "varint"
        case 1: "fixed64"
        case 2: "length-delimited"
        case 3: "start group"
        case 4: "end group"
        default: "fixed32"
        }
    }

    /// "field 1 with wire type 0 (varint)", or "a group of field 6".
    static func fieldName(_ number: UInt64, _ wire: UInt64) -> String {
        wire == 3 ? "a group of field \(number)" : "field \(number) with wire type \(wire) (\(wireName(wire)))"
    }

    /// The wire types the schema gives field `number` of `kind`, in words.
    static func declaredWire(_ kind: Kind, _ number: UInt64) -> String {
        switch (kind, number) {
        case (.float32, 1): "fixed32 (5) or packed (2)"
        case (.float64, 1): "fixed64 (1) or packed (2)"
        case (.int32, 1), (.float32, _), (.float64, _), (.int32, _): "varint (0) or packed (2)"
        default: "length-delimited (2)"
        }
    }

    /// What the schema says of field `number` with wire type `wire` in a message of `kind`.
    @inline(__always)
    static func declared(_ kind: Kind, _ number: UInt64, _ wire: UInt64) -> Declared {
        switch kind {
        case .record:
            guard (1...5).contains(number) else { return .unknown }
            guard wire == 2 else { return .otherWireType }
            return .known(number <= 2 ? .entry : nil)
        case .entry:
            guard number == 1 || number == 2 else { return .unknown }
            guard wire == 2 else { return .otherWireType }
            return .known(number == 2 ? .value : nil)
        case .value:
            let member: Kind
            switch number {
            case 2: member = .float32
            case 3: member = .float64
            case 7: member = .int32
            case 9: member = .bytes
            default: return .unknown
            }
            return wire == 2 ? .known(member) : .otherWireType
        case .bytes:
            guard number == 1 || number == 2 else { return .unknown }
            return wire == 2 ? .known(nil) : .otherWireType
        case .float32, .float64, .int32:
            guard (1...3).contains(number) else { return .unknown }
            let scalar: UInt64 = number > 1 || kind == .int32 ? 0 : kind == .float32 ? 5 : 1
            return wire == 2 || wire == scalar ? .known(nil) : .otherWireType
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
        /// The data (a length-delimited field's contents; empty, at the field's end, for the others).
        let data: Range<Int>
        /// Whether the field carries an element of a repeated scalar (a varint or fixed value, or a non-empty run).
        var carries: Bool { wire != 2 || !data.isEmpty }
    }

    /// The next field of a message of `kind`, or `nil` at the end; a bad field number, a
    /// malformed group or malformed bytes end the walk. A group is skipped whole (`wire` 3).
    private mutating func next(_ cursor: inout Cursor, kind: Kind) -> Field? {
        guard cursor.at < cursor.end else { return nil }
        let start = cursor.at
        guard let (number, wire) = tag(&cursor) else { return nil }
        switch wire {
        case 3:
            guard skipGroup(&cursor, number: number, start: start, kind: kind) else { return nil }
            return Field(number: number, wire: 3, start: start, data: cursor.at..<cursor.at)
        case 4:
            rejection = .endGroup(found: number, open: nil, position: start)
            return nil
        default:
            guard let data = skipValue(&cursor, wire: wire) else { return nil }
            return Field(number: number, wire: wire, start: start, data: data..<cursor.at)
        }
    }

    /// A tag: its field number and wire type; `nil` (and `rejection` or `malformed` set) when protobuf rejects it.
    @inline(__always)
    private mutating func tag(_ cursor: inout Cursor) -> (UInt64, UInt64)? {
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
                rejection = .fieldNumber(number, position: start)
            }
            return nil
        }
        let wire = tag & 7
        guard wire <= 5 else {
            malformed = true
            return nil
        }
        return (number, wire)
    }

    /// Steps over the value of a field of wire type 0, 1, 2 or 5: where its data starts (a
    /// length-delimited field's contents; the field's end for the others), or `nil` (`malformed`
    /// set) when it runs past the end.
    @inline(__always)
    private mutating func skipValue(_ cursor: inout Cursor, wire: UInt64) -> Int? {
        switch wire {
        case 0:
            if Self.varint(&cursor) != nil { return cursor.at }
        case 1, 5:
            let size = wire == 1 ? 8 : 4
            if cursor.end - cursor.at >= size {
                cursor.at += size
                return cursor.at
            }
        default:
            // protobuf-c and C++ protobuf read a length in at most 5 bytes (upb and pure-Python in up to 10):
            // a longer one is malformed, so the rewrite, which writes lengths at their shortest, never hides it.
            let lengthStart = cursor.at
            if let length = Self.varint(&cursor), cursor.at - lengthStart <= 5, length <= UInt64(cursor.end - cursor.at) {
                cursor.at += Int(length)
                return cursor.at - Int(length)
            }
        }
        malformed = true
        return nil
    }

    /// Steps over a group of field `number` whose start tag began at `start`, in a message of `kind`, to
    /// past its end-group tag, as protobuf skips an unknown group: its fields are read (groups
    /// inside it too, in a loop whose depth is capped at protobuf's limit, not by recursion), and
    /// it must close with its own end-group tag. False, with `rejection` or `malformed` set, when
    /// protobuf rejects it.
    private mutating func skipGroup(_ cursor: inout Cursor, number: UInt64, start: Int, kind: Kind) -> Bool {
        // The groups open, innermost last, and where the outermost began.
        var open: [UInt64] = [number]
        var starts: [Int] = [start]
        while let last = open.last {
            if open.count > min(Self.pythonGroupLimit, Self.upbDepthLimit - kind.depth) {
                rejection = .nestedTooDeep(levels: open.count, messages: kind.depth, position: starts[starts.count - 1])
                return false
            }
            guard cursor.at < cursor.end else {
                rejection = .unterminatedGroup(last, position: starts[starts.count - 1])
                return false
            }
            let at = cursor.at
            guard let (inner, wire) = tag(&cursor) else { return false }
            switch wire {
            case 3:
                open.append(inner)
                starts.append(at)
            case 4:
                guard inner == last else {
                    rejection = .endGroup(found: inner, open: last, position: at)
                    return false
                }
                open.removeLast()
                starts.removeLast()
            default:
                guard skipValue(&cursor, wire: wire) != nil else { return false }
            }
        }
        return true
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

    /// Every field of the message of `kind` in `range`: those the schema declares with their
    /// wire type go to `body`; groups and known fields with another wire type are noted as
    /// skipped (protobuf skips them, protobuf-c rejects the record); other unknown fields pass
    /// unseen. Nothing more is read once the walk met a rejection or malformed bytes.
    private mutating func fields(
        _ base: UnsafeRawPointer, _ range: Range<Int>, kind: Kind, unknown: ((inout Self, Field) -> Void)? = nil,
        _ body: (inout Self, Field) -> Void
    ) {
        var cursor = Cursor(base: base, at: range.lowerBound, end: range.upperBound)
        while rejection == nil, !malformed, let field = next(&cursor, kind: kind) {
            let declared = field.wire == 3 ? Declared.otherWireType : Self.declared(kind, field.number, field.wire)
            switch declared {
            case .known: body(&self, field)
            case .otherWireType:
                skippedCount += 1
                if skipped.count < Self.keptEntries {
                    skipped.append(Skipped(kind: kind, number: field.number, wire: field.wire, position: field.start))
                }
                unknown?(&self, field)
            case .unknown: unknown?(&self, field)
            }
        }
    }

    /// A map entry: what in it protobuf-c reads differently, if anything; the unknown fields it
    /// holds and, for a "values" entry, whether upb drops it, are noted.
    private mutating func entry(_ base: UnsafeRawPointer, _ range: Range<Int>, map: UInt64, position: Int) -> OddEntry? {
        var key: Range<Int>?
        var values = 0
        var emptyValues = 0
        var firstTwoEmpty = false
        var firstUnknown: Field?
        // The member protobuf ends with and how many pieces it merged, and whether any piece but the last carried data.
        var member: UInt64 = 0
        var pieces = 0
        var earlierCarried = false
        var lastCarried = false
        fields(base, range, kind: .entry, unknown: { _, field in if firstUnknown == nil { firstUnknown = field } }) {
            dialect, field in
            guard field.number == 2 else {
                key = field.data
                return
            }
            values += 1
            var members = 0
            dialect.fields(base, field.data, kind: .value) { dialect, inner in
                members += 1
                let carries = dialect.carries(base, inner.data, kind: Self.memberKind(inner.number))
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
        }
        guard rejection == nil, !malformed else { return nil }
        let keyBytes = key.map { UnsafeRawBufferPointer(start: base + $0.lowerBound, count: $0.count) }
        let isValues = keyBytes.map { $0.elementsEqual("values".utf8) } ?? false
        let keyText = keyBytes.map { Excerpt.text($0) } ?? ""
        let unknown = firstUnknown.map {
            EntryWithUnknown(
                map: map, key: keyText, position: position, number: $0.number, wire: $0.wire, fieldPosition: $0.start)
        }
        if isValues {
            // The map's last "values" entry is the one every reader but upb ends with.
            let slot = Int(map) - 1
            valuesEntriesWithUnknown[slot] = unknown
            valuesEntriesWithUnknown[slot]?.earlierKept = keptValuesEntry[slot]
            if unknown == nil { keptValuesEntry[slot] = true }
        } else if let unknown {
            otherEntriesWithUnknownCount += 1
            if otherEntriesWithUnknown.count < Self.keptEntries { otherEntriesWithUnknown.append(unknown) }
        }
        let oddity: Oddity
        if firstTwoEmpty {
            oddity = .emptyValues(count: emptyValues)
        } else if pieces > 1, member != 9, earlierCarried {
            oddity = .repeatedTensor(member: member, pieces: pieces)
        } else {
            return nil
        }
        return OddEntry(map: map, key: keyText, position: position, oddity: oddity)
    }

    @inline(__always)
    static func memberKind(_ number: UInt64) -> Kind {
        switch number {
        case 2: .float32
        case 3: .float64
        case 7: .int32
        default: .bytes
        }
    }

    /// Whether a tensor (or Bytes) in `range` holds any element; its fields are checked on the way.
    private mutating func carries(_ base: UnsafeRawPointer, _ range: Range<Int>, kind: Kind) -> Bool {
        var carries = false
        fields(base, range, kind: kind) { _, field in
            if field.carries { carries = true }
        }
        return carries
    }

    // MARK: the record as protobuf reads it

    /// The record as protobuf reads it, written so that protobuf-c reads it the
    /// same way: groups and known fields with another wire type are dropped at
    /// every level (protobuf skips them); every merging entry becomes its key
    /// and one Value holding every member of its Values in order, except that
    /// the run of the member protobuf ends with is one member, its pieces'
    /// bytes concatenated (which is how protobuf merges them); protobuf-c
    /// still parses (and judges) the members before it, then replaces them.
    /// Every other field is copied as it is (a message with its fields so
    /// cleaned). Only for a payload whose walk found something to rewrite and
    /// neither a rejection nor malformed bytes (`needsRewrite`).
    func rewritten(_ payload: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        guard let base = payload.baseAddress else { return }
        out.reserveCapacity(payload.count + 64)
        var walker = ProtobufDialect()
        walker.write(base, 0..<payload.count, kind: .record, into: &out)
    }

    /// The fields of a message of `kind` in `range`, cleaned, in turn: `body` gets each kept
    /// field (unknown ones too, with `.unknown`).
    private mutating func kept(
        _ base: UnsafeRawPointer, _ range: Range<Int>, kind: Kind, _ body: (inout Self, Field, Declared) -> Void
    ) {
        var cursor = Cursor(base: base, at: range.lowerBound, end: range.upperBound)
        while let field = next(&cursor, kind: kind) {
            guard field.wire != 3 else { continue }
            let declared = Self.declared(kind, field.number, field.wire)
            if declared != .otherWireType { body(&self, field, declared) }
        }
    }

    /// The length of a message of `kind` in `range` once cleaned.
    private mutating func size(_ base: UnsafeRawPointer, _ range: Range<Int>, kind: Kind) -> Int {
        var total = 0
        kept(base, range, kind: kind) { walker, field, declared in
            if case .known(.some(let child)) = declared {
                if kind == .record, walker.merges(base, field.data, map: field.number) {
                    total += walker.mergePlan(base, field.data, map: field.number).total
                } else {
                    let inner = walker.size(base, field.data, kind: child)
                    total += Self.size(field.number << 3 | 2) + Self.size(UInt64(inner)) + inner
                }
            } else {
                total += field.data.upperBound - field.start
            }
        }
        return total
    }

    /// A message of `kind` in `range`, cleaned, appended to `out`.
    private mutating func write(_ base: UnsafeRawPointer, _ range: Range<Int>, kind: Kind, into out: inout [UInt8]) {
        kept(base, range, kind: kind) { walker, field, declared in
            if case .known(.some(let child)) = declared {
                if kind == .record, walker.merges(base, field.data, map: field.number) {
                    walker.mergedEntry(base, field.data, map: field.number, into: &out)
                } else {
                    Self.append(field.number << 3 | 2, to: &out)
                    Self.append(UInt64(walker.size(base, field.data, kind: child)), to: &out)
                    walker.write(base, field.data, kind: child, into: &out)
                }
            } else {
                out += UnsafeRawBufferPointer(start: base + field.start, count: field.data.upperBound - field.start)
            }
        }
    }

    /// Whether the entry in `range` is one protobuf merges (`entry` finds an oddity in it).
    private mutating func merges(_ base: UnsafeRawPointer, _ range: Range<Int>, map: UInt64) -> Bool {
        entry(base, range, map: map, position: 0) != nil
    }

    /// How protobuf reads a merging entry: its key, how many Values it has, the member it ends
    /// with, the ordinal of that member's run's first piece, the run's bytes, and the bytes of the
    /// members before the run (cleaned, tags and lengths included).
    private struct MergePlan {
        var key: Range<Int>?
        var values = 0
        var member: UInt64 = 0
        var runStart = 0
        var runBytes = 0
        var prefixBytes = 0
        let map: UInt64

        var keyBytes: Int { key.map { 1 + ProtobufDialect.size(UInt64($0.count)) + $0.count } ?? 0 }
        var valueContent: Int {
            member == 0
                ? 0 : prefixBytes + ProtobufDialect.size(member << 3 | 2) + ProtobufDialect.size(UInt64(runBytes)) + runBytes
        }
        var valueBytes: Int { values == 0 ? 0 : 1 + ProtobufDialect.size(UInt64(valueContent)) + valueContent }
        /// The entry's length, tag and length included.
        var total: Int {
            ProtobufDialect.size(map << 3 | 2) + ProtobufDialect.size(UInt64(keyBytes + valueBytes)) + keyBytes + valueBytes
        }
    }

    private mutating func mergePlan(_ base: UnsafeRawPointer, _ range: Range<Int>, map: UInt64) -> MergePlan {
        var plan = MergePlan(map: map)
        var ordinal = 0
        var allBytes = 0
        kept(base, range, kind: .entry) { walker, field, declared in
            guard declared != .unknown else { return }
            guard field.number == 2 else {
                plan.key = field.data
                return
            }
            plan.values += 1
            walker.kept(base, field.data, kind: .value) { walker, inner, declared in
                guard declared != .unknown else { return }
                let bytes = walker.size(base, inner.data, kind: Self.memberKind(inner.number))
                if inner.number != plan.member {
                    plan.member = inner.number
                    plan.runStart = ordinal
                    plan.runBytes = 0
                    plan.prefixBytes = allBytes
                }
                plan.runBytes += bytes
                allBytes += Self.size(inner.number << 3 | 2) + Self.size(UInt64(bytes)) + bytes
                ordinal += 1
            }
        }
        return plan
    }

    /// An entry (tag and length included) as its key and its one Value, as protobuf reads the entry.
    private mutating func mergedEntry(_ base: UnsafeRawPointer, _ range: Range<Int>, map: UInt64, into out: inout [UInt8]) {
        let plan = mergePlan(base, range, map: map)
        Self.append(map << 3 | 2, to: &out)
        Self.append(UInt64(plan.keyBytes + plan.valueBytes), to: &out)
        if let key = plan.key {
            Self.append(1 << 3 | 2, to: &out)
            Self.append(UInt64(key.count), to: &out)
            out += UnsafeRawBufferPointer(start: base + key.lowerBound, count: key.count)
        }
        guard plan.values > 0 else { return }
        Self.append(2 << 3 | 2, to: &out)
        Self.append(UInt64(plan.valueContent), to: &out)
        guard plan.member != 0 else { return }  // one empty Value
        // Pass 2: the members before the run as they are (cleaned), then the run's pieces, concatenated.
        var ordinal = 0
        kept(base, range, kind: .entry) { walker, field, declared in
            guard declared != .unknown, field.number == 2 else { return }
            walker.kept(base, field.data, kind: .value) { walker, inner, declared in
                guard declared != .unknown else { return }
                let kind = Self.memberKind(inner.number)
                if ordinal < plan.runStart {
                    Self.append(inner.number << 3 | 2, to: &out)
                    Self.append(UInt64(walker.size(base, inner.data, kind: kind)), to: &out)
                } else if ordinal == plan.runStart {
                    Self.append(plan.member << 3 | 2, to: &out)
                    Self.append(UInt64(plan.runBytes), to: &out)
                }
                walker.write(base, inner.data, kind: kind, into: &out)
                ordinal += 1
            }
        }
    }

    fileprivate static func size(_ value: UInt64) -> Int {
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
