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
            "A SageMaker hyperparameters JSON file: validated, and its feature_dim, predictor_type and num_classes feed the data checks.",
        transform: PathArgument.path)
    var hyperparameters: String?

    @Option(
        help:
            "Which algorithm's label, dtype and hyperparameter rules apply (default: told from --hyperparameters' keys, else generic)."
    )
    var algorithm: Algorithm?

    @Option(help: "How many findings are listed (0 = all; default 1000). Counts are always exact.")
    var maxFindings: Int?

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
        if let featureDim, featureDim < 1 || featureDim > CheckConfiguration.maximumFeatureDim {
            throw ValidationError("--feature-dim must be a positive integer: \(CheckConfiguration.featureDimRange)")
        }
        if let maxFindings, maxFindings < 0 { throw ValidationError("--max-findings must be 0 (all) or more") }
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

    /// The library's configuration for these options, over the configuration file's
    /// settings (`file`; options win), with where each came from in `sources`. Without
    /// an algorithm, a hyperparameters file says which algorithm it is for (a note says
    /// so), or it is a usage error: nothing is validated against the generic profile silently.
    func configuration(strict: Bool, collectsOffendingRecords: Bool, file: ConfigFile? = nil) throws
        -> CheckConfiguration
    {
        var sources: [String: String] = [:]
        func pick<Value>(_ option: Value?, _ fromFile: Value?, _ setting: String, _ flag: String) -> Value? {
            if let option {
                sources[setting] = flag
                return option
            }
            if let fromFile, let file { sources[setting] = file.path }
            return fromFile
        }
        let hyperparameters = pick(hyperparameters, file?.hyperparameters, "hyperparameters", "--hyperparameters")
        let algorithm = pick(algorithm, file?.algorithm, "algorithm", "--algorithm")
        var configuration = CheckConfiguration(
            featureDim: pick(featureDim, file?.featureDim, "featureDim", "--feature-dim"), algorithm: algorithm ?? .generic,
            hyperparametersFile: hyperparameters,
            maxFindings: pick(maxFindings, file?.maxFindings, "maxFindings", "--max-findings") ?? 1000, strict: strict,
            jobs: CheckConfiguration.usefulJobs(
                pick(jobs, file?.jobs, "jobs", "--jobs") ?? ProcessInfo.processInfo.activeProcessorCount,
                cores: ProcessInfo.processInfo.activeProcessorCount),
            chunkSize: chunkSize?.bytes, collectsOffendingRecords: collectsOffendingRecords)
        configuration.sources = sources
        configuration.limits = DecodeLimits(
            decodeMemory: maxDecodeMemory?.bytes, recordBytes: maxRecordSize?.bytes ?? DecodeLimits.defaultRecordBytes)
        if let featureDim = configuration.featureDim, featureDim < 1 || featureDim > CheckConfiguration.maximumFeatureDim {
            throw ValidationError(
                "feature-dim in \(file?.path ?? "the configuration") must be \(CheckConfiguration.featureDimRange)")
        }
        if let jobs = file?.jobs, jobs < 1 || jobs > CheckConfiguration.maximumJobs {
            throw ValidationError(
                "jobs in \(file?.path ?? "the configuration") must be from 1 to \(CheckConfiguration.maximumJobs)")
        }
        if algorithm == nil, let hyperparameters {
            let inferred = try Self.inferAlgorithm(from: hyperparameters)
            if let (algorithm, keys) = inferred {
                configuration.algorithm = algorithm
                configuration.sources["algorithm"] = "inferred"
                configuration.notes.append(
                    "--algorithm \(algorithm.rawValue) inferred from \(keys.joined(separator: ", ")) in \(hyperparameters); give --algorithm to choose another"
                )
            }
        }
        return configuration
    }

    /// The algorithm a hyperparameters file's keys name. `nil` when the file cannot be
    /// read as a JSON object (the check then reports it as unchecked, exit 2).
    static func inferAlgorithm(from path: String) throws -> (Algorithm, [String])? {
        // Telling the algorithm reads the file before the check does: a pipe or FIFO would be empty the second time.
        if !InputExpansion.streamPaths(of: [.file(path)]).isEmpty {
            throw ValidationError(
                "\(path) is a pipe or FIFO, which can be read once: give --algorithm with it (the algorithm cannot be told from its keys first)"
            )
        }
        guard let data = try? WholeFile.read(path, limit: Hyperparameters.maximumFileSize),
            let hyperparameters = try? Hyperparameters(json: data)
        else { return nil }
        let choices = Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
        switch AlgorithmInference.infer(from: hyperparameters) {
        case .inferred(let algorithm, let keys): return (algorithm, keys)
        case .ambiguous(let candidates):
            throw ValidationError(
                "\(path) could be for \(candidates.map(\.rawValue).joined(separator: " or ")): give --algorithm (one of \(choices))"
            )
        case .unknown:
            throw ValidationError(
                "cannot tell the algorithm from the keys of \(path): give --algorithm (one of \(choices); generic validates only feature_dim and mini_batch_size)"
            )
        }
    }
}
