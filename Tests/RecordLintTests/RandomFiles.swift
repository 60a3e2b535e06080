import RecordLint

/// A seeded generator, so a failing case can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random recordio-protobuf files: dense and sparse records, clean and with
/// every kind of framing damage, payloads with the magic at aligned offsets,
/// and payloads hiding fake but self-consistent frame chains that re-join the
/// real chain at the next real record.
enum RandomFiles {
    static let magicFloat = Float(bitPattern: RecordIO.magic)

    static func make(seed: UInt64, records: Int = 400) -> [UInt8] {
        var random = SplitMix64(state: seed)
        var writer = RecordWriter()
        for _ in 0..<records {
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<40: writer.append(denseRecord(&random))
            case 40..<55: writer.append(sparseRecord(&random))
            case 55..<65: appendFakeChain(&writer, &random)
            case 65..<72: writer.append(magicRecord(&random))
            case 72..<76: writer.appendDMLC(payload: RecordEncoder.encode(magicRecord(&random)))
            case 76..<80:
                writer.appendRaw(
                    (0..<(4 * Int.random(in: 1...40, using: &random))).map { _ in UInt8.random(in: 0...255, using: &random) })
            case 80..<83:
                writer.appendFrame(
                    payload: RecordEncoder.encode(denseRecord(&random)), flag: UInt8.random(in: 4...7, using: &random))
            case 83..<86:
                writer.appendFrame(
                    payload: RecordEncoder.encode(denseRecord(&random)), flag: UInt8.random(in: 2...3, using: &random))
            case 86..<89: writer.appendFrame(payload: RecordEncoder.encode(denseRecord(&random)), flag: 1)
            case 89..<92: writer.appendParts(split(RecordEncoder.encode(denseRecord(&random)), &random))
            case 92..<95:
                writer.appendFrame(
                    payload: (0..<Int.random(in: 0...30, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
            default: writer.append(TrainingRecord(features: .dense([1, .nan, 3]), label: .dense([2])))
            }
        }
        var bytes = writer.bytes
        if Bool.random(using: &random) {
            bytes.removeLast(Int.random(in: 1...min(40, bytes.count), using: &random))  // truncated upload
        }
        return bytes
    }

    /// Where a concatenation cuts the first file: inside a record's header, its
    /// payload or its padding, or between two records.
    enum Cut: CaseIterable {
        case header, payload, padding, boundary
    }

    /// A file cut off inside (or after) one of its records, with a whole
    /// second file appended, as `cat cut.rec ok.rec` makes: the cut lands at an
    /// unaligned offset unless it is at a boundary or a 4-aligned one inside a payload.
    static func concatenation(
        seed: UInt64, cut: Cut, records: Int = 120, appending second: [UInt8]? = nil
    ) -> (bytes: [UInt8], cutRecord: Int, cutAt: Int) {
        var random = SplitMix64(state: seed)
        var first = RecordWriter()
        var starts: [Int] = []
        for _ in 0..<records {
            starts.append(first.bytes.count)
            if Int.random(in: 0..<4, using: &random) == 0 {
                first.appendParts(split(RecordEncoder.encode(denseRecord(&random)), &random))
            } else {
                // A uid of 0 to 3 characters gives every padding length.
                var record = denseRecord(&random)
                record.uid = String(repeating: "u", count: Int.random(in: 0...3, using: &random))
                first.append(record)
            }
        }
        let second = second ?? make(seed: seed &+ 7, records: records)
        // A single-frame record to cut, with padding when the cut is in the padding.
        var index = Int.random(in: 1..<(records - 1), using: &random)
        func frame(_ index: Int) -> (start: Int, length: Int, end: Int) {
            let start = starts[index]
            let length = Int(
                UInt32(littleEndian: first.bytes[(start + 4)..<(start + 8)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
                    & 0x1FFF_FFFF)
            return (start, length, index + 1 < starts.count ? starts[index + 1] : first.bytes.count)
        }
        while frame(index).end - frame(index).start != 8 + RecordIO.paddedLength(frame(index).length)
            || (cut == .padding && RecordIO.paddedLength(frame(index).length) - frame(index).length < 2)
        {
            index = (index + 1) % (records - 1)
        }
        let (start, length, end) = frame(index)
        let cutAt: Int
        switch cut {
        case .header: cutAt = start + Int.random(in: 1...7, using: &random)
        case .payload: cutAt = start + 8 + Int.random(in: 1..<length, using: &random)
        case .padding: cutAt = start + 8 + length + Int.random(in: 1..<(RecordIO.paddedLength(length) - length), using: &random)
        case .boundary: cutAt = end
        }
        return (Array(first.bytes[..<cutAt]) + second, index, cutAt)
    }

    static func denseRecord(_ random: inout SplitMix64) -> TrainingRecord {
        let dimension = Bool.random(using: &random) ? 16 : Int.random(in: 14...18, using: &random)
        return .dense(
            (0..<dimension).map { _ in Float.random(in: -1...1, using: &random) },
            label: Float(Int.random(in: 0...1, using: &random)))
    }

    static func sparseRecord(_ random: inout SplitMix64) -> TrainingRecord {
        var keys = (0..<Int.random(in: 0...6, using: &random)).map { _ in UInt64.random(in: 0...17, using: &random) }
        if Int.random(in: 0..<4, using: &random) > 0 { keys.sort() }
        return TrainingRecord(features: .sparse(keys: keys, values: keys.map { _ in 0.5 }, dimension: 16), label: .dense([1]))
    }

    /// The SDK writer's way: the magic word inside a payload, unescaped, followed by a word that reads as cflag 0.
    static func magicRecord(_ random: inout SplitMix64) -> TrainingRecord {
        .dense((0..<16).map { $0 % 2 == 0 ? magicFloat : Float(bitPattern: UInt32.random(in: 0...64, using: &random) * 4) })
    }

    static func split(_ payload: [UInt8], _ random: inout SplitMix64) -> [[UInt8]] {
        let cut = Int.random(in: 0...payload.count, using: &random)
        return [Array(payload[..<cut]), Array(payload[cut...])]
    }

    /// A dense record whose float values hold one or two fake frames: a magic,
    /// an lrec with cflag 0, and a length that ends the last fake frame exactly
    /// where the real frame ends.
    static func appendFakeChain(_ writer: inout RecordWriter, _ random: inout SplitMix64) {
        let count = Int.random(in: 40...120, using: &random)
        let sentinel: [Float] = (0..<count).map { _ in 0.25 }
        let payload = RecordEncoder.encode(.dense(sentinel))
        let dataOffset = payload.count - count * 4  // dense floats are the payload's tail
        let start = writer.bytes.count
        guard (start + 8 + dataOffset) % 4 == 0 else { return writer.append(.dense(sentinel)) }
        let frameEnd = start + 8 + RecordIO.paddedLength(payload.count)
        var words = sentinel.map(\.bitPattern)
        let first = Int.random(in: 0..<(count / 3), using: &random)
        let second = Int.random(in: (count / 3 + 2)..<(count - 4), using: &random)
        func wordOffset(_ index: Int) -> Int { start + 8 + dataOffset + index * 4 }
        let chainStarts = Bool.random(using: &random) ? [first, second] : [first]
        for (position, index) in chainStarts.enumerated() {
            let end = position + 1 < chainStarts.count ? wordOffset(chainStarts[position + 1]) : frameEnd
            words[index] = RecordIO.magic
            words[index + 1] = UInt32(end - wordOffset(index) - 8)
        }
        writer.append(.dense(words.map(Float.init(bitPattern:))))
    }
}
