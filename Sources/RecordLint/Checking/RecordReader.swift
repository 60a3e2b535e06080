/// One logical record as read: where it is and what it holds, or what is
/// wrong with it.
public struct DecodedRecord: Sendable {
    /// The 0-based index in its file.
    public var index: Int
    /// The byte offset of its first frame header.
    public var offset: Int
    /// The frames it was read from (1 for a single frame).
    public var parts: Int
    /// The payload's length in bytes.
    public var payloadBytes: Int
    /// The decoded content; `nil` when the framing or the protobuf is broken.
    public var content: TrainingRecord?
    /// Which kind `features["values"]` holds when it is not a tensor.
    public var unsupportedFeatures: ValueKind?
    /// What is wrong, when the record could not be read: the rule and its message.
    public var problem: Finding?
    /// Whether the record decoded only with its parts joined without the magic (ml-io's convention).
    public var joinedWithoutMagic = false
    /// How protobuf-c and protobuf would part ways on the record (`ambiguous-encoding`);
    /// `content` is what protobuf reads.
    public var ambiguity: String?
    /// How protobuf's own readers disagree on the record (`readers-disagree`: upb drops a
    /// "values" entry); `content` is what pure-Python protobuf and C++ read.
    public var disagreement: String?
}

/// Reads a file or stream record by record, in order, with indices and
/// offsets exactly as `check` numbers them.
public final class RecordReader {
    private let input: ScanInput
    private let source: ByteSource
    private let limits: DecodeLimits

    /// Opens `input` for reading; `limits` cap the memory one record may take.
    public init(_ input: ScanInput, limits: DecodeLimits = DecodeLimits()) throws {
        self.input = input
        self.limits = limits
        source = try input.open()
    }

    /// Reads bytes already in memory.
    public convenience init(bytes: [UInt8], name: String = "<memory>") {
        // Opening bytes in memory cannot fail.
        try! self.init(.memory(name: name, bytes: bytes))
    }

    /// Calls `body` with every record whose index lies in `range`, stopping after it.
    /// Returns how many record indices were walked: the file's record count when
    /// the range reaches past its end.
    @discardableResult
    public func forEach(in range: ClosedRange<Int> = 0...Int.max, _ body: (DecodedRecord) throws -> Void) throws -> Int {
        let walker = RecordWalker(window: ByteWindow(source: source), maxRecordBytes: limits.recordBytes)
        let decoder = RecordDecoder(limits: limits)
        var configuration = CheckConfiguration()
        configuration.limits = limits
        var index = 0
        do {
            try walker.walk(from: 0, until: .max) { event in
                defer { index += 1 }
                guard range.contains(index) else { return }
                try body(read(event, index: index, decoder: decoder, configuration: configuration))
                if index == range.upperBound { throw StopWalking() }
            }
        } catch is StopWalking {
            return index
        }
        return index
    }

    /// Ends a walk early, once the last wanted record was read.
    private struct StopWalking: Error {}

    /// Every record, in order.
    public func readAll() throws -> [DecodedRecord] {
        var records: [DecodedRecord] = []
        try forEach { records.append($0) }
        return records
    }

    private func read(_ event: WalkEvent, index: Int, decoder: RecordDecoder, configuration: CheckConfiguration) -> DecodedRecord
    {
        switch event {
        case .damage(let damage):
            var sink = FirstFinding()
            let scope = RuleScope(configuration: configuration, file: input.displayName)
            let context = RecordContext(scope: scope, index: index, offset: damage.offset, uidPointer: nil)
            FramingRules.check(damage, context: context, tally: &sink)
            return DecodedRecord(
                index: index, offset: damage.offset, parts: 0, payloadBytes: 0, content: nil, problem: sink.finding)
        case .record(let record):
            var decoded = DecodedRecord(
                index: index, offset: record.offset, parts: max(1, record.partLengths.count),
                payloadBytes: record.payload.count, content: nil)
            decoder.withOutcome(of: record) { outcome in
                switch outcome {
                case .undecodable(let payloadBytes, let parts):
                    decoded.problem = Finding(
                        rule: .invalidProtobuf, severity: .error, file: input.displayName, record: index,
                        offset: record.offset,
                        message: decoder.rejection ?? FeatureRules.undecodable(payloadBytes: payloadBytes, parts: parts))
                case .tooComplex(let refusal):
                    decoded.problem = Finding(
                        rule: .recordTooComplex, severity: .error, file: input.displayName, record: index,
                        offset: record.offset, message: refusal.message, expected: refusal.limit,
                        actual: refusal.payloadBytes)
                case .decoded(let view, let joining):
                    decoded.joinedWithoutMagic = joining != .asFramed
                    decoded.ambiguity = decoder.ambiguity
                    decoded.disagreement = decoder.disagreement
                    var content = TrainingRecord(features: nil, uid: view.uid)
                    switch view.features {
                    case .tensor(let tensor): content.features = tensor.owned
                    case .unsupported(let kind): decoded.unsupportedFeatures = kind
                    case .missing: break
                    }
                    if case .tensor(let label) = view.label { content.label = label.owned }
                    decoded.content = content
                }
            }
            return decoded
        }
    }
}

/// Keeps the one finding a framing fault makes, for a reader that reports it with the record.
private struct FirstFinding: FindingSink {
    var finding: Finding?

    mutating func add(_ rule: RuleID, _ severity: Severity, record: Int?, make: () -> Finding) {
        if finding == nil { finding = make() }
    }

    mutating func noteDimension(_ dimension: Int, record: Int, offset: Int, uid: () -> String?) {}
    mutating func noteMismatchedDimension(_ dimension: Int) {}
}
