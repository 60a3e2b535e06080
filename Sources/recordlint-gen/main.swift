// recordlint-gen: writes large inputs for the benchmark with RecordLint's writer.
//   recordlint-gen dense OUT [ROWS]    ROWS (100,000) × 784 float32 values with 0/1 labels (~318 MB)
//   recordlint-gen sparse OUT [ROWS]   ROWS (200,000) sparse rows of a 100,000-wide vector, ~200 non-zeros each
//   recordlint-gen repeat IN OUT TIMES  IN's bytes TIMES over (a 3 GB file from the dense one)
//   recordlint-gen hostile CASE OUT SIZE  one of issue 12's hostile inputs, about SIZE bytes (Scripts/hostile-input.sh)
//   recordlint-gen hostile-args CASE       the check arguments the case needs (a feature dimension)
import Foundation
import RecordLint
import TestSupport

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("recordlint-gen: \(message)\n".utf8))
    exit(64)
}

/// A small deterministic generator (xorshift), so files are the same every run.
struct Xorshift {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }
}

func write(_ path: String, rows: Int, record: (Int, inout Xorshift) -> TrainingRecord) {
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
        fail("cannot write \(path)")
    }
    var random = Xorshift(state: 0x9E37_79B9_7F4A_7C15)
    var writer = RecordWriter()
    for row in 0..<rows {
        writer.append(record(row, &random))
        if writer.bytes.count > 8 << 20 || row == rows - 1 {
            handle.write(Data(writer.bytes))
            writer = RecordWriter()
        }
    }
    handle.closeFile()
}

let arguments = CommandLine.arguments.dropFirst()
guard let mode = arguments.first, arguments.count >= 2 else {
    fail("usage: recordlint-gen dense|sparse|tiny OUT [ROWS] | repeat IN OUT TIMES | hostile CASE OUT SIZE | hostile-args CASE")
}
let rest = Array(arguments.dropFirst())
switch mode {
case "dense":
    write(rest[0], rows: rest.count > 1 ? Int(rest[1])! : 100_000) { row, random in
        .dense((0..<784).map { _ in random.unit() }, label: Float(row % 2))
    }
case "sparse":
    write(rest[0], rows: rest.count > 1 ? Int(rest[1])! : 200_000) { row, random in
        var keys = Set<UInt64>()
        while keys.count < 200 { keys.insert(random.next() % 100_000) }
        let sorted = keys.sorted()
        return TrainingRecord(
            features: .sparse(keys: sorted, values: sorted.map { _ in random.unit() }, dimension: 100_000),
            label: .dense([Float(row % 2)]))
    }
case "tiny":
    // Two-value records: with --feature-dim 1 every record is one finding (the output-memory bench).
    write(rest[0], rows: rest.count > 1 ? Int(rest[1])! : 10_000_000) { row, random in
        .dense([random.unit(), random.unit()], label: Float(row % 2))
    }
case "repeat":
    guard rest.count == 3, let times = Int(rest[2]), let data = FileManager.default.contents(atPath: rest[0]),
        FileManager.default.createFile(atPath: rest[1], contents: nil), let handle = FileHandle(forWritingAtPath: rest[1])
    else { fail("usage: recordlint-gen repeat IN OUT TIMES") }
    for _ in 0..<times { handle.write(data) }
    handle.closeFile()
case "hostile":
    guard rest.count == 3, let hostile = HostileInput(rawValue: rest[0]), let size = Int(rest[2]),
        FileManager.default.createFile(atPath: rest[1], contents: nil), let handle = FileHandle(forWritingAtPath: rest[1])
    else {
        fail(
            "usage: recordlint-gen hostile CASE OUT SIZE; cases: \(HostileInput.allCases.map(\.rawValue).joined(separator: " "))")
    }
    hostile.write(size: size) { handle.write(Data($0)) }
    handle.closeFile()
case "hostile-args":
    guard let hostile = HostileInput(rawValue: rest[0]) else { fail("unknown hostile case \(rest[0])") }
    print(hostile.checkArguments.joined(separator: " "))
default:
    fail("unknown mode \(mode)")
}
