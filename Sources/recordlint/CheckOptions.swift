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

    func validate() throws {
        if let featureDim, featureDim < 1 || featureDim > CheckConfiguration.maximumFeatureDim {
            throw ValidationError("--feature-dim must be a positive integer: \(CheckConfiguration.featureDimRange)")
        }
        if maxFindings < 0 { throw ValidationError("--max-findings must be 0 (all) or more") }
        if let jobs, jobs < 1 || jobs > CheckConfiguration.maximumJobs {
            throw ValidationError("--jobs must be from 1 to \(CheckConfiguration.maximumJobs)")
        }
        if let chunkSize, chunkSize.bytes > CheckConfiguration.maximumChunkSize {
            throw ValidationError("--chunk-size must be from 4 bytes to 1G")
        }
    }

    /// The files these options make the run read besides its PATHs (the hyperparameters file):
    /// no output may be one of them.
    var inputFiles: [String] { [hyperparameters].compactMap { $0 } }

    /// The library's configuration for these options.
    func configuration(strict: Bool, collectsOffendingRecords: Bool) -> CheckConfiguration {
        CheckConfiguration(
            featureDim: featureDim, algorithm: algorithm, hyperparametersFile: hyperparameters, maxFindings: maxFindings,
            strict: strict,
            jobs: CheckConfiguration.usefulJobs(
                jobs ?? ProcessInfo.processInfo.activeProcessorCount, cores: ProcessInfo.processInfo.activeProcessorCount),
            chunkSize: chunkSize?.bytes,
            collectsOffendingRecords: collectsOffendingRecords)
    }
}
