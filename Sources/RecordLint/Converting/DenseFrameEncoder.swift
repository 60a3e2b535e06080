internal import CFastFloat

/// Appends the RecordIO frame of a dense row straight to a byte buffer, with no
/// intermediate record or arrays: the same bytes as `RecordWriter.append` of
/// `TrainingRecord(features: dense, label: [label])` for Float32 or Float64
/// tensors (the golden tests hold both to the SDK's bytes).
enum DenseFrameEncoder {
    /// Appends the frame of `fields` without the one at `labelIndex` as features, that one as the label.
    /// Returns the position of the first feature that is NaN or ±Inf as a `kind` instead, and then
    /// appends nothing (the values are checked as they are converted, into `scratch`'s tensor bytes).
    static func append(
        _ fields: UnsafeBufferPointer<Double>, labelIndex: Int?, kind: ValueKind, scratch: RowValues,
        to out: inout [UInt8]
    ) -> Int? {
        let rollback = out.count
        let width = kind == .float64 ? 8 : 4
        let valueTag: UInt8 = kind == .float64 ? 0x1A : 0x12
        let count = fields.count - (labelIndex == nil ? 0 : 1)
        let featureTensor = count == 0 ? 0 : 1 + varintSize(count * width) + count * width
        let featureValue = 1 + varintSize(featureTensor) + featureTensor
        let featureEntry = 8 + 1 + varintSize(featureValue) + featureValue
        var payload = 1 + varintSize(featureEntry) + featureEntry
        let labelTensor = 2 + width
        let labelValue = 1 + varintSize(labelTensor) + labelTensor
        let labelEntry = 8 + 1 + varintSize(labelValue) + labelValue
        if labelIndex != nil { payload += 1 + varintSize(labelEntry) + labelEntry }
        let padded = (payload + 3) & ~3
        appendWord(RecordIO.magic, to: &out)
        appendWord(UInt32(payload), to: &out)
        out.append(0x0A)
        appendVarint(featureEntry, to: &out)
        appendEntryHead(valueTag: valueTag, value: featureValue, tensor: featureTensor, to: &out)
        if count > 0 {
            out.append(0x0A)
            appendVarint(count * width, to: &out)
            let bytes = scratch.tensorBytes(count * width)
            let finite = cfastfloat_store_tensor(
                fields.baseAddress, fields.count, labelIndex ?? fields.count, kind == .float64 ? 1 : 0, bytes.baseAddress)
            guard finite == 1 else {
                out.removeLast(out.count - rollback)
                return ConversionRun.firstNonFinite(fields, kind: kind)
            }
            out.append(contentsOf: UnsafeRawBufferPointer(bytes))
        }
        if let labelIndex {
            out.append(0x12)
            appendVarint(labelEntry, to: &out)
            appendEntryHead(valueTag: valueTag, value: labelValue, tensor: labelTensor, to: &out)
            out.append(0x0A)
            out.append(UInt8(width))
            appendValue(fields[labelIndex], kind: kind, to: &out)
        }
        for _ in payload..<padded { out.append(0) }
        return nil
    }

    /// `"values"` key, then the Value message holding the tensor message.
    private static func appendEntryHead(valueTag: UInt8, value: Int, tensor: Int, to out: inout [UInt8]) {
        out += [0x0A, 0x06, 0x76, 0x61, 0x6C, 0x75, 0x65, 0x73, 0x12]  // key = "values", then field 2
        appendVarint(value, to: &out)
        out.append(valueTag)
        appendVarint(tensor, to: &out)
    }

    private static func appendValue(_ value: Double, kind: ValueKind, to out: inout [UInt8]) {
        if kind == .float64 {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        } else {
            withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
    }

    private static func appendWord(_ word: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: word.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        RecordEncoder.appendVarint(UInt64(value), to: &out)
    }

    private static func varintSize(_ value: Int) -> Int {
        var size = 1
        var rest = value >> 7
        while rest > 0 {
            size += 1
            rest >>= 7
        }
        return size
    }
}
