import FuzzSupport
import RecordLint

#if canImport(Glibc)
import Glibc
#endif

/// Which target `LLVMFuzzerTestOneInput` runs (`RECORDLINT_FUZZ_TARGET`).
enum FuzzTarget: String {
    /// Raw bytes: checked in memory (read in order) and, from a memfd, in parallel with tiny chunks; read record by record.
    case check
    /// The bytes are a recipe (`Recipe`): valid records and mutations of their fields, lengths, tags, cflags and padding.
    case structured
    /// Raw bytes: recordlint's framing and decode against `ReferenceReader`.
    case differential

    static let selected: FuzzTarget = {
        guard let name = getenv("RECORDLINT_FUZZ_TARGET").map({ String(cString: $0) }) else { return .check }
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("RECORDLINT_FUZZ_TARGET must be check, structured or differential")
        }
        return target
    }()
}

/// libFuzzer's entry point. Any crash, hang, memory error, or disagreement
/// (between the scans, with the reference reader, or between the decoder's fast path and
/// the full decode: `FastPathDifferential`) is a bug; libFuzzer's
/// `-rss_limit_mb` and `-timeout` catch inputs that break the memory and time bounds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    switch FuzzTarget.selected {
    case .check:
        checkAgreement(input)
    case .structured:
        var recipe = Recipe(input)
        let bytes = recipe.build()
        // RECORDLINT_FUZZ_DUMP=1: the file a recipe builds, in hex on standard output (to replay a failure by hand).
        if getenv("RECORDLINT_FUZZ_DUMP") != nil {
            print(bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined())
        }
        checkAgreement(bytes)
        if let problem = differentialDisagreement(bytes) { fatalError("the reference reader disagrees: \(problem)") }
    case .differential:
        if let problem = differentialDisagreement(input) { fatalError("the reference reader disagrees: \(problem)") }
    }
    return 0
}

/// The in-memory scan (read in order, as standard input is) must equal the parallel chunked scan of the same bytes as a file.
func checkAgreement(_ bytes: [UInt8]) {
    let sequential = Checker(configuration: CheckConfiguration(featureDim: 4, maxFindings: 0, jobs: 1)).check([
        .memory(name: "fuzz.rec", bytes: bytes)
    ])
    let descriptor = memoryFile(bytes)
    defer { close(descriptor) }
    let path = "/proc/self/fd/\(descriptor)"
    let parallel = Checker(configuration: CheckConfiguration(featureDim: 4, maxFindings: 0, jobs: 3, chunkSize: 16)).check([
        .file(path)
    ])
    let renamed = parallel.findings.map { finding -> Finding in
        var finding = finding
        finding.file = "fuzz.rec"
        return finding
    }
    if sequential.findings != renamed || sequential.files.map({ $0.records }) != parallel.files.map({ $0.records }) {
        fatalError("the parallel scan disagrees with the in-memory walk")
    }
    _ = try? RecordReader(bytes: bytes).readAll()
    FastPathDifferential.check(bytes)
}

/// A memfd holding `bytes` (a file the scan reads in chunks, as it reads files on disk); the caller closes it.
func memoryFile(_ bytes: [UInt8]) -> Int32 {
    let descriptor = memfd_create("recordlint-fuzz", 0)
    guard descriptor >= 0 else { fatalError("memfd_create failed") }
    var written = 0
    while written < bytes.count {
        let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { fatalError("cannot write the memfd") }
        written += count
    }
    return descriptor
}

/// A structure-aware input: each byte pair is an operation that appends a
/// valid record (dense, sparse, labelled, multi-part either way, with unknown
/// fields or a repeated oneof) or mutates what was built (a byte, a length, a
/// tag, a cflag, the padding, the end).
struct Recipe {
    private var bytes: [UInt8]
    private var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private mutating func next() -> UInt8 {
        guard at < bytes.count else { return 0 }
        at += 1
        return bytes[at - 1]
    }

    private mutating func float() -> Float {
        switch next() % 8 {
        case 0: .nan
        case 1: .infinity
        case 2: Float(bitPattern: 0xCED7_230A)  // the magic, as a float at an aligned offset
        default: Float(next()) / 16
        }
    }

    private mutating func dense() -> TrainingRecord {
        let count = Int(next() % 9)
        let values = (0..<count).map { _ in float() }
        let label: Float? = next() % 4 == 0 ? nil : Float(next() % 3)
        return TrainingRecord(
            features: .dense(values), label: label.map { .dense([$0]) }, uid: next() % 3 == 0 ? "u\(next())" : nil)
    }

    private mutating func sparse() -> TrainingRecord {
        let count = Int(next() % 6)
        let keys = (0..<count).map { _ in UInt64(next() % 24) }
        let values = (0..<count).map { _ in float() }
        return TrainingRecord(features: .sparse(keys: keys, values: values, dimension: Int(next() % 24)))
    }

    mutating func build() -> [UInt8] {
        var writer = RecordWriter()
        var lastHeader: Int?
        while at < bytes.count {
            let before = writer.bytes.count
            switch next() % 14 {
            case 0, 1: writer.append(dense())
            case 2: writer.append(sparse())
            case 3: writer.appendDMLC(payload: RecordEncoder.encode(dense()))
            case 4:
                // ml-io's split at arbitrary points.
                let payload = RecordEncoder.encode(dense())
                var parts: [[UInt8]] = []
                var start = 0
                while start < payload.count {
                    let length = min(payload.count - start, Int(next() % 12))
                    parts.append(Array(payload[start..<(start + length)]))
                    start += max(length, 1)
                }
                writer.appendParts(parts.isEmpty ? [[], []] : parts.count == 1 ? parts + [[]] : parts)
            case 5:
                let payload = (0..<Int(next() % 24)).map { _ in next() }
                writer.appendFrame(payload: payload, flag: next() % 8)
            case 6:
                // Unknown fields and a repeated oneof: valid protobuf that costs protobuf-c memory.
                var payload = RecordEncoder.encode(dense())
                for _ in 0..<Int(next() % 8) { payload += [0x30, next() & 0x7F] }
                payload += [0x0A, 0x0C, 0x0A, 0x06] + Array("values".utf8) + [0x12, 0x02, 0x12, 0x00]
                writer.appendFrame(payload: payload)
            case 7:
                let position = Int(next()) << 8 | Int(next())
                if !writer.bytes.isEmpty { writer.mutate(at: position % writer.bytes.count, to: next()) }
            case 8:
                // A length: the low byte of the last header's lrec.
                if let header = lastHeader, header + 8 <= writer.bytes.count { writer.mutate(at: header + 4, to: next()) }
            case 9:
                // A cflag: the top byte of the last header's lrec.
                if let header = lastHeader, header + 8 <= writer.bytes.count {
                    writer.mutate(at: header + 7, to: (next() & 0xE0) | (writer.bytes[header + 7] & 0x1F))
                }
            case 10:
                // A tag inside the last payload.
                if let header = lastHeader, header + 8 < writer.bytes.count {
                    let position = header + 8 + Int(next()) % (writer.bytes.count - header - 8)
                    writer.mutate(at: position, to: next())
                }
            case 11:
                // Padding: the last byte, non-zero.
                if !writer.bytes.isEmpty { writer.mutate(at: writer.bytes.count - 1, to: next() | 1) }
            case 12: writer.appendRaw((0..<Int(next() % 4)).flatMap { _ in [next(), next(), next(), next()] })
            default: writer.truncate(by: Int(next() % 8))
            }
            if writer.bytes.count > before { lastHeader = before }
        }
        return writer.bytes
    }
}

extension RecordWriter {
    mutating func mutate(at position: Int, to byte: UInt8) {
        var bytes = self.bytes
        bytes[position] = byte
        self = RecordWriter()
        appendRaw(bytes)
    }

    mutating func truncate(by count: Int) {
        var bytes = self.bytes
        bytes.removeLast(min(count, bytes.count))
        self = RecordWriter()
        appendRaw(bytes)
    }
}

/// glibc's memfd_create (not in the Glibc module): a file in memory, for the scan that needs a path.
@_silgen_name("memfd_create")
private func memfd_create(_ name: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

/// SwiftPM links an executable's entry point as `<module>_main`; this one hands
/// control to libFuzzer's driver (`LLVMFuzzerRunDriver`), which then calls
/// `LLVMFuzzerTestOneInput` for every input.
@_cdecl("RecordLintFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzzOneInput(data, size)
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
