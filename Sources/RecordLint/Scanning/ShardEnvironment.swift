#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--shard auto`: the worker's index and the worker count, taken from the
/// engine that started it, tried in this order:
/// - a SageMaker Processing job: `/opt/ml/config/resourceconfig.json`, the
///   position of `current_host` in `hosts`. When `processingjobconfig.json`
///   beside it shows an input distributed `ShardedByS3Key`, each host was
///   already given only its own objects: it checks all of them (`delivered`).
/// - an AWS Batch array job: `AWS_BATCH_JOB_ARRAY_INDEX`, and the size from
///   `AWS_BATCH_JOB_ARRAY_SIZE`, the given count or `RECORDLINT_SHARD_COUNT`.
/// - a Kubernetes Indexed Job: `JOB_COMPLETION_INDEX`, and the count given
///   (`--shard-count`) or `RECORDLINT_SHARD_COUNT`, since Kubernetes does not pass it.
/// `RECORDLINT_SAGEMAKER_CONFIG` names another folder than `/opt/ml/config`
/// (to simulate a job).
public enum ShardEnvironment {
    /// Where a worker's shard came from.
    public struct Assignment: Sendable, Equatable {
        /// The shard.
        public let shard: Shard
        /// The engine and what it said, for the user.
        public let source: String
        /// Whether the engine delivered this worker only its own files, so none is to be left out.
        public let delivered: Bool
    }

    /// Why no shard could be told.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        /// What is missing or wrong.
        public let description: String
    }

    private struct ResourceConfig: Decodable {
        let current_host: String
        let hosts: [String]
    }

    private struct ProcessingJobConfig: Decodable {
        struct Input: Decodable {
            struct S3: Decodable { let S3DataDistributionType: String? }
            let S3Input: S3?
        }
        let ProcessingInputs: [Input]?
    }

    /// The shard for the environment `variables` and the file system; `count` is `--shard-count`.
    public static func detect(_ variables: [String: String], count: Int?) throws(Failure) -> Assignment {
        let folder = variables["RECORDLINT_SAGEMAKER_CONFIG"] ?? "/opt/ml/config"
        let resourcePath = folder + "/resourceconfig.json"
        if let data = FileManager.default.contents(atPath: resourcePath) {
            guard let config = try? JSONDecoder().decode(ResourceConfig.self, from: data),
                let index = config.hosts.firstIndex(of: config.current_host),
                let shard = Shard(index: index, count: config.hosts.count)
            else {
                throw Failure(description: "\(resourcePath) does not name current_host among hosts")
            }
            let job = FileManager.default.contents(atPath: folder + "/processingjobconfig.json").flatMap {
                try? JSONDecoder().decode(ProcessingJobConfig.self, from: $0)
            }
            let delivered =
                job?.ProcessingInputs?.contains { $0.S3Input?.S3DataDistributionType == "ShardedByS3Key" } ?? false
            return Assignment(
                shard: shard,
                source:
                    "SageMaker (\(resourcePath): \(config.current_host) is host \(index + 1) of \(config.hosts.count))"
                    + (delivered ? "; its input is ShardedByS3Key, so every file it was given is checked" : ""),
                delivered: delivered)
        }
        // --shard-count wins over the variable.
        let fromVariable = try number(variables, "RECORDLINT_SHARD_COUNT")
        let fallback = count ?? fromVariable
        if let index = try number(variables, "AWS_BATCH_JOB_ARRAY_INDEX") {
            let arraySize = try number(variables, "AWS_BATCH_JOB_ARRAY_SIZE")
            guard let size = arraySize ?? fallback else {
                throw Failure(
                    description:
                        "AWS_BATCH_JOB_ARRAY_INDEX is set but not the array size: set AWS_BATCH_JOB_ARRAY_SIZE or RECORDLINT_SHARD_COUNT, or give --shard-count"
                )
            }
            return try assignment(index, size, source: "AWS Batch (AWS_BATCH_JOB_ARRAY_INDEX=\(index), \(size) jobs)")
        }
        if let index = try number(variables, "JOB_COMPLETION_INDEX") {
            guard let size = fallback else {
                throw Failure(
                    description:
                        "JOB_COMPLETION_INDEX is set, but Kubernetes does not pass the job's completions: give --shard-count or set RECORDLINT_SHARD_COUNT"
                )
            }
            return try assignment(
                index, size, source: "a Kubernetes Indexed Job (JOB_COMPLETION_INDEX=\(index), \(size) completions)")
        }
        throw Failure(
            description:
                "--shard auto found no engine: no \(resourcePath) (SageMaker), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) or JOB_COMPLETION_INDEX (Kubernetes); give --shard I/N"
        )
    }

    private static func assignment(_ index: Int, _ count: Int, source: String) throws(Failure) -> Assignment {
        guard let shard = Shard(index: index, count: count) else {
            throw Failure(description: "\(source): index \(index) is not below the count \(count)")
        }
        return Assignment(shard: shard, source: source, delivered: false)
    }

    /// A non-negative integer variable (a count must also be positive: `Shard` says so).
    private static func number(_ variables: [String: String], _ name: String) throws(Failure) -> Int? {
        guard let text = variables[name] else { return nil }
        guard let value = Int(text), value >= 0 else { throw Failure(description: "\(name) is \"\(text)\", not a count") }
        return value
    }
}
