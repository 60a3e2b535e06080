import ArgumentParser
import RecordLint

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The options that decide findings, shared by `check` and `filter`.
struct CheckOptions: ParsableArguments {
    @Option(help: "The expected feature dimension.")
    var featureDim: Int?

    @Option(
        help:
            "A SageMaker hyperparameters JSON file: validated, and its feature_dim, predictor_type and num_classes feed the data checks."
    )
    var hyperparameters: String?

    @Option(help: "Which algorithm's label, dtype and hyperparameter rules apply.")
    var algorithm: Algorithm = .generic

    @Option(help: "How many findings are listed (0 = all). Counts are always exact.")
    var maxFindings: Int = 1000

    @Option(help: "Worker threads (default: the available cores; 1 is the sequential path).")
    var jobs: Int?

    @Option(help: "Bytes one worker takes at a time, with an optional K, M or G suffix. Results never depend on it.")
    var chunkSize: ByteCount?

    @Option(
        help:
            "The most memory decoding one record may take, with an optional K, M or G suffix (default: 64M + 4 x the record's size); a record that needs more is record-too-complex."
    )
    var maxDecodeMemory: ByteCount?

    @Option(
        help:
            "The largest multi-part record joined, with an optional K, M or G suffix (default: 512M, what one frame holds); a larger one is record-too-large."
    )
    var maxRecordSize: ByteCount?

    func validate() throws {
        if let featureDim, featureDim < 1 { throw ValidationError("--feature-dim must be a positive integer") }
        if maxFindings < 0 { throw ValidationError("--max-findings must be 0 (all) or more") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// The library's configuration for these options.
    func configuration(strict: Bool, collectsOffendingRecords: Bool) -> CheckConfiguration {
        var configuration = CheckConfiguration(
            featureDim: featureDim, algorithm: algorithm, hyperparametersFile: hyperparameters, maxFindings: maxFindings,
            strict: strict, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, chunkSize: chunkSize?.bytes,
            collectsOffendingRecords: collectsOffendingRecords)
        configuration.limits = DecodeLimits(
            decodeMemory: maxDecodeMemory?.bytes, recordBytes: maxRecordSize?.bytes ?? DecodeLimits.defaultRecordBytes)
        return configuration
    }
}
