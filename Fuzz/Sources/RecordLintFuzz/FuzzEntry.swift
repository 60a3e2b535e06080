import RecordLint

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's entry point: the bytes are checked as a file, sequentially and
/// in parallel with tiny chunks, and read record by record. Any crash, hang,
/// memory error, or disagreement between the two scans is a bug; so is a
/// difference between the decoder's fast path and the full decode (`FastPathDifferential`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let path = "/tmp/recordlint-fuzz-\(getpid()).rec"
    guard let file = fopen(path, "wb") else { return 0 }
    fwrite(bytes, 1, bytes.count, file)
    fclose(file)
    defer { unlink(path) }
    let sequential = Checker(configuration: CheckConfiguration(featureDim: 4, maxFindings: 0, jobs: 1)).check([.file(path)])
    let parallel = Checker(configuration: CheckConfiguration(featureDim: 4, maxFindings: 0, jobs: 3, chunkSize: 16)).check([
        .file(path)
    ])
    if sequential.findings != parallel.findings || sequential.files != parallel.files {
        fatalError("the parallel scan disagrees with the sequential walk")
    }
    _ = try? RecordReader(bytes: bytes).readAll()
    FastPathDifferential.check(bytes, path: path) { frame in
        guard let file = fopen(path, "wb") else { return false }
        defer { fclose(file) }
        return fwrite(frame, 1, frame.count, file) == frame.count
    }
    return 0
}

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
