@_spi(Testing) import RecordLint

#if canImport(Glibc)
import Glibc
#endif

/// The differential check of the decoder's fast paths (issue 13): the report with
/// them on (the canonical scanner, record_scan.c, then the fast schema) equals the
/// report with every record decoded by the full schema. The input is checked twice: as a file (framing and all), and as the
/// payload of one frame, so that the fuzzer's mutations reach the protobuf
/// structure rather than stopping at the framing.
enum FastPathDifferential {
    static func check(_ input: [UInt8]) {
        compare(input, featureDim: 4)
        let length = UInt32(min(input.count, (1 << 29) - 1))
        var frame: [UInt8] = [0x0A, 0x23, 0xD7, 0xCE]
        frame += withUnsafeBytes(of: length.littleEndian) { Array($0) }
        frame += input.prefix(Int(length))
        frame += [UInt8](repeating: 0, count: (4 - frame.count % 4) % 4)
        compare(frame, featureDim: nil)  // sparse keys then bounded by shape[0]
        compareSkim(input)
        compareSkim(frame)
    }

    /// The clean-run shortcut (record_clean_run.c), which only a file's chunk walk takes: the report of
    /// a file with it equals the report without it (`compare` holds the fast paths to the full decode),
    /// for a binary classifier (labels required, and 0 or 1) without feature_dim (one record listed, so
    /// that the tally keeps only one record of a dimension and the shortcut takes the rest; the counts
    /// of every rule are compared too).
    private static func compareSkim(_ bytes: [UInt8]) {
        let descriptor = memoryFile(bytes)
        defer { close(descriptor) }
        var configuration = CheckConfiguration(
            algorithm: .linearLearner, predictorType: "binary_classifier", maxFindings: 1, jobs: 1)
        let path = "/proc/self/fd/\(descriptor)"
        let skimmed = Checker(configuration: configuration).check([.file(path)])
        configuration.skimsCleanRuns = false
        let walked = Checker(configuration: configuration).check([.file(path)])
        if skimmed.findings != walked.findings || skimmed.files != walked.files || skimmed.hints != walked.hints
            || skimmed.summary.rules != walked.summary.rules || skimmed.unchecked != walked.unchecked
        {
            fatalError("the clean-run shortcut's report differs from the walk's")
        }
    }

    private static func compare(_ bytes: [UInt8], featureDim: Int?) {
        var configuration = CheckConfiguration(featureDim: featureDim, maxFindings: 0, jobs: 1)
        let fast = Checker(configuration: configuration).check([.memory(name: "fuzz.rec", bytes: bytes)])
        configuration.readsPackedFieldsInPlace = false
        let full = Checker(configuration: configuration).check([.memory(name: "fuzz.rec", bytes: bytes)])
        if fast.findings != full.findings || fast.files != full.files {
            fatalError("the fast path's report differs from the full decode's")
        }
    }
}
