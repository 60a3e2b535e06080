/// The hostile inputs of issue 12, written byte by byte from FORMAT.md (not
/// with the library's writer, which would refuse most of them): the tests
/// assert a bound on each, and `recordlint-gen hostile` writes them for
/// `Scripts/hostile-input.sh`.
public enum HostileInput: String, CaseIterable, Sendable {
    /// One record whose features tensor has `size` bytes of 1-byte packed varint keys.
    case packedVarintKeys = "packed-varint-keys"
    /// One record of `30 00` repeated: unknown field 6, `size` bytes.
    case unknownFields = "unknown-fields"
    /// One record of `0A 00` repeated: empty features map entries.
    case emptyMapEntries = "empty-map-entries"
    /// One features["values"] Value whose oneof is set again and again (`12 00` repeated).
    case oneofBomb = "oneof-bomb"
    /// One multi-part record of `size` bytes in 16 MiB parts.
    case multipartHuge = "multipart-huge"
    /// A sparse record whose shape holds `size` 1-byte entries.
    case sparseShape = "sparse-shape"
    /// A record with a `size`-byte uid and three findings (wrong dimension, NaN, no label).
    case hugeUid = "huge-uid"
    /// A multi-part record of `size / 8` empty middle parts (cflag 2).
    case continuationChain = "continuation-chain"
    /// Clean 784-value records where, at every MiB, two values form a frame header claiming a frame to the end of the file.
    case fakeHeaders = "fake-headers"
    /// Clean 784-value records, `size` bytes: the file the others are compared with.
    case clean = "clean"
    /// A record whose uid holds a newline, a forged finding line and terminal escape codes.
    case forgedUid = "forged-uid"
    /// A record whose only features key is "values\0evil" and whose label key is "values\0x".
    case nulKey = "nul-key"
    /// A sparse record with key 2^63 and shape [2^63 + 1].
    case hugeKeys = "huge-keys"
    /// A clean record followed by non-zero padding bytes.
    case nonzeroPadding = "nonzero-padding"

    /// The arguments `check` takes for the case's findings to show (a feature dimension).
    public var checkArguments: [String] {
        switch self {
        case .sparseShape, .hugeUid, .forgedUid, .hugeKeys: ["--feature-dim", "4"]
        case .fakeHeaders, .clean: ["--feature-dim", "784"]
        default: []
        }
    }

    /// Writes the case in pieces to `sink`, about `size` bytes where the case has a size.
    public func write(size: Int, to sink: (ArraySlice<UInt8>) -> Void) {
        switch self {
        case .packedVarintKeys:
            // features["values"] = Float32Tensor{keys: size x 0x01}, streamed: the header, then the keys.
            let tensor = Wire.lengthPrefixedHeader(2, size)
            let value = Wire.lengthPrefixedHeader(2, tensor.count + size)
            let entry = Wire.field(1, Array("values".utf8)) + Wire.lengthPrefixedHeader(2, value.count + tensor.count + size)
            let record = Wire.lengthPrefixedHeader(1, entry.count + value.count + tensor.count + size)
            let prefix = record + entry + value + tensor
            stream(frameBytes: prefix.count + size, cflag: 0, prefix: prefix, repeating: [0x01], count: size, to: sink)
        case .unknownFields:
            stream(frameBytes: size / 2 * 2, cflag: 0, prefix: [], repeating: [0x30, 0x00], count: size / 2, to: sink)
        case .emptyMapEntries:
            stream(frameBytes: size / 2 * 2, cflag: 0, prefix: [], repeating: [0x0A, 0x00], count: size / 2, to: sink)
        case .oneofBomb:
            let repeats = size / 2
            let value = Wire.lengthPrefixedHeader(2, repeats * 2)
            let entry = Wire.field(1, Array("values".utf8)) + value
            let prefix = Wire.lengthPrefixedHeader(1, entry.count + repeats * 2) + entry
            stream(
                frameBytes: prefix.count + repeats * 2, cflag: 0, prefix: prefix, repeating: [0x12, 0x00], count: repeats,
                to: sink)
        case .multipartHuge:
            let part = 16 << 20
            let parts = max(2, size / part)
            for index in 0..<parts {
                let cflag: UInt32 = index == 0 ? 1 : index == parts - 1 ? 3 : 2
                stream(
                    frameBytes: part, cflag: cflag, prefix: [], repeating: [0x00, 0x00, 0x00, 0x00], count: part / 4, to: sink)
            }
        case .sparseShape:
            let shape = Wire.lengthPrefixedHeader(3, size)
            let head = Wire.field(1, [0, 0, 0x80, 0x3F]) + Wire.field(2, [0x00])
            let tensorLength = head.count + shape.count + size
            let value = Wire.lengthPrefixedHeader(2, tensorLength)
            let entry = Wire.field(1, Array("values".utf8)) + Wire.lengthPrefixedHeader(2, value.count + tensorLength)
            let prefix = Wire.lengthPrefixedHeader(1, entry.count + value.count + tensorLength) + entry + value + head + shape
            stream(frameBytes: prefix.count + size, cflag: 0, prefix: prefix, repeating: [0x01], count: size, to: sink)
        case .hugeUid:
            let features = Wire.features([1, .nan, 3], key: "values")
            let uid = Wire.lengthPrefixedHeader(3, size)
            stream(
                frameBytes: features.count + uid.count + size, cflag: 0, prefix: features + uid, repeating: [0x75], count: size,
                to: sink)
        case .continuationChain:
            sink(ArraySlice(Wire.frame([], cflag: 1)))
            let middle = Wire.frame([], cflag: 2)
            stream(frameBytes: nil, cflag: 0, prefix: [], repeating: middle, count: max(1, size / 8), to: sink)
            sink(ArraySlice(Wire.frame(Wire.features([1, 2, 3, 4], key: "values"), cflag: 3)))
        case .clean, .fakeHeaders:
            writeDense(size: size, fake: self == .fakeHeaders, to: sink)
        case .forgedUid:
            let uid = Array(
                "x\nforged.rec: record 9 (offset 0): error[non-finite]: invented\u{1B}[31m red \u{1B}]0;title\u{07}\r".utf8)
            sink(ArraySlice(Wire.frame(Wire.features([1, 2, 3], key: "values") + Wire.field(3, uid), cflag: 0)))
        case .nulKey:
            let label = Wire.field(
                2, Wire.field(1, Array("values\0x".utf8)) + Wire.field(2, Wire.field(2, Wire.field(1, [0, 0, 0x80, 0x3F]))))
            sink(ArraySlice(Wire.frame(Wire.features([1, 2, 3, 4], key: "values\0evil") + label, cflag: 0)))
        case .hugeKeys:
            let key = Wire.varint(1 << 63)
            let shape = Wire.varint((1 << 63) + 1)
            let tensor = Wire.field(1, [0, 0, 0x80, 0x3F]) + Wire.field(2, key) + Wire.field(3, shape)
            let entry = Wire.field(1, Array("values".utf8)) + Wire.field(2, Wire.field(2, tensor))
            sink(ArraySlice(Wire.frame(Wire.field(1, entry), cflag: 0)))
        case .nonzeroPadding:
            var frame = Wire.frame(Wire.features([1, 2, 3], key: "values") + Wire.field(3, [0x61]), cflag: 0)
            frame[frame.count - 1] = 0xEE
            sink(ArraySlice(frame))
            sink(ArraySlice(Wire.frame(Wire.features([1, 2, 3, 4], key: "values") + Wire.field(3, [0x61]), cflag: 0)))
        }
    }

    /// The whole case in memory (for the tests' small sizes).
    public func bytes(size: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        write(size: size) { bytes += $0 }
        return bytes
    }

    /// A frame (or, with `frameBytes` nil, raw bytes) of `prefix` then `count` repeats of `piece`, in pieces of about 1 MiB.
    private func stream(
        frameBytes: Int?, cflag: UInt32, prefix: [UInt8], repeating piece: [UInt8], count: Int,
        to sink: (ArraySlice<UInt8>) -> Void
    ) {
        if let frameBytes { sink(ArraySlice(Wire.header(length: frameBytes, cflag: cflag) + prefix)) }
        let perBlock = max(1, (1 << 20) / piece.count)
        let block = [UInt8]((0..<perBlock).flatMap { _ in piece })
        var left = count
        while left > 0 {
            let now = min(left, perBlock)
            sink(block[0..<(now * piece.count)])
            left -= now
        }
        if let frameBytes { sink(ArraySlice([UInt8](repeating: 0, count: Wire.padding(frameBytes)))) }
    }

    /// 784-value dense records with a label; with `fake`, a header claiming a frame to the end at every MiB.
    private func writeDense(size: Int, fake: Bool, to sink: (ArraySlice<UInt8>) -> Void) {
        let values = (0..<784).map { Float($0 % 256) / 255 }
        let label = Wire.field(
            2, Wire.field(1, Array("values".utf8)) + Wire.field(2, Wire.field(2, Wire.field(1, [0, 0, 0x80, 0x3F]))))
        // A uid first, 1 to 4 bytes long, so that the values start at a 4-aligned file offset.
        func record(uidLength: Int, patch: [(Int, UInt32)]) -> [UInt8] {
            var floats = values.map(\.bitPattern)
            for (index, word) in patch { floats[index] = word }
            let data = floats.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
            return Wire.field(3, [UInt8](repeating: 0x61, count: uidLength)) + Wire.featuresData(data, key: "values") + label
        }
        var uidLength = 1
        var valuesOffset = 0
        for length in 1...4 {
            let payload = record(uidLength: length, patch: [])
            let start = payload.count - label.count - 784 * 4
            if (8 + start) % 4 == 0 {
                uidLength = length
                valuesOffset = 8 + start
                break
            }
        }
        let frameSize = Wire.frame(record(uidLength: uidLength, patch: []), cflag: 0).count
        let records = max(1, size / frameSize)
        let total = records * frameSize
        var offset = 0
        var nextFake = 1 << 20
        var pending: [UInt8] = []
        for _ in 0..<records {
            var patch: [(Int, UInt32)] = []
            if fake, offset + frameSize > nextFake {
                // The first aligned value at or after the MiB mark.
                let index = max(0, (nextFake - offset - valuesOffset + 3) / 4)
                let at = offset + valuesOffset + index * 4
                if index + 1 < 784, total - at - 8 < 1 << 29 {
                    patch = [(index, 0xCED7_230A), (index + 1, UInt32(total - at - 8))]
                }
                nextFake += 1 << 20
            }
            pending += Wire.frame(record(uidLength: uidLength, patch: patch), cflag: 0)
            offset += frameSize
            if pending.count >= 1 << 20 {
                sink(ArraySlice(pending))
                pending.removeAll(keepingCapacity: true)
            }
        }
        sink(ArraySlice(pending))
    }
}

/// Protobuf wire format and RecordIO frames, by hand.
enum Wire {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    static func lengthPrefixedHeader(_ number: UInt64, _ length: Int) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(length))
    }

    static func field(_ number: UInt64, _ data: [UInt8]) -> [UInt8] {
        lengthPrefixedHeader(number, data.count) + data
    }

    /// `features[key] = Float32Tensor{values}`.
    static func features(_ values: [Float], key: String) -> [UInt8] {
        featuresData(values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }, key: key)
    }

    static func featuresData(_ data: [UInt8], key: String) -> [UInt8] {
        field(1, field(1, Array(key.utf8)) + field(2, field(2, field(1, data))))
    }

    static func header(length: Int, cflag: UInt32) -> [UInt8] {
        withUnsafeBytes(of: UInt32(0xCED7_230A).littleEndian, Array.init)
            + withUnsafeBytes(of: (cflag << 29 | UInt32(length)).littleEndian, Array.init)
    }

    static func padding(_ length: Int) -> Int { (4 - length % 4) % 4 }

    static func frame(_ payload: [UInt8], cflag: UInt32) -> [UInt8] {
        header(length: payload.count, cflag: cflag) + payload + [UInt8](repeating: 0, count: padding(payload.count))
    }
}
