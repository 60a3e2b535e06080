import Foundation
import RecordLint
import Testing

/// Runs the built binary in `directory` with `variables` added to the environment.
private func recordlint(_ arguments: [String], in directory: URL, variables: [String: String] = [:]) throws -> Run {
    var environment = ProcessInfo.processInfo.environment
    for name in ["AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE", "JOB_COMPLETION_INDEX", "RECORDLINT_SHARD_COUNT"] {
        environment[name] = nil
    }
    // No SageMaker here unless a test simulates one.
    environment["RECORDLINT_SAGEMAKER_CONFIG"] = directory.appendingPathComponent("no-sagemaker").path
    environment.merge(variables) { _, new in new }
    return try recordlint(arguments, directory: directory, environment: environment)
}

/// `--shard auto` under each engine's environment, simulated with N local
/// processes (files and variables), merges to the bytes of one check.
@Suite("recordlint check --shard auto on SageMaker, AWS Batch and Kubernetes, simulated")
struct ShardAutoTests {
    /// Part files of 16 features with one of 17 and some NaNs, named as a Spark job names them.
    private func parts() -> [(name: String, bytes: [UInt8])] {
        (0..<7).map { part in
            var writer = RecordWriter()
            for row in 0..<(10 + part * 3) {
                var values = (0..<(part == 4 ? 17 : 16)).map { Float(($0 * 3 + row + part) % 7) }
                if row == part { values[2] = .nan }
                writer.append(.dense(values, label: Float(row % 2)))
            }
            return ("part-0000\(part).rec", writer.bytes)
        }
    }

    /// A folder holding `input/` with `files`.
    private func folder(_ files: [(name: String, bytes: [UInt8])], in root: URL, named name: String) throws -> URL {
        let folder = root.appendingPathComponent(name)
        for file in files { _ = try writeTemporary(file.bytes, name: "input/\(file.name)", in: folder) }
        return folder
    }

    private let options = ["check", "input", "--shard", "auto", "--format", "json", "--exit-zero", "--jobs", "2"]

    /// One check over every file, from a folder whose `input/` holds them all.
    private func oneCheck(_ root: URL) throws -> String {
        let all = try folder(parts(), in: root, named: "all")
        let run = try recordlint(["check", "input", "--format", "json", "--jobs", "2"], in: all)
        #expect(run.status == 1)
        return run.output
    }

    private func merge(_ outputs: [String], in root: URL) throws -> Run {
        var reports: [String] = []
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (index, output) in outputs.enumerated() {
            let path = root.appendingPathComponent("report-\(index).json")
            try Data(output.utf8).write(to: path)
            reports.append(path.path)
        }
        return try recordlint(["merge", "--format", "json"] + reports, in: root)
    }

    @Test(arguments: [true, false])
    func sageMakerProcessing(shardedByS3Key: Bool) throws {
        let root = temporaryDirectory()
        let hosts = ["algo-1", "algo-2", "algo-3"]
        var outputs: [String] = []
        for (position, host) in hosts.enumerated() {
            // ShardedByS3Key: each host is given only its own objects (here every third part file).
            let given = shardedByS3Key ? parts().enumerated().filter { $0.offset % 3 == position }.map(\.element) : parts()
            let machine = try folder(given, in: root, named: host)
            let config = machine.appendingPathComponent("opt-ml-config")
            try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
            try Data(#"{"current_host": "\#(host)", "hosts": ["algo-1", "algo-2", "algo-3"]}"#.utf8).write(
                to: config.appendingPathComponent("resourceconfig.json"))
            let distribution = shardedByS3Key ? "ShardedByS3Key" : "FullyReplicated"
            try Data(
                #"{"ProcessingInputs": [{"InputName": "data", "S3Input": {"LocalPath": "/opt/ml/processing/input", "S3DataDistributionType": "\#(distribution)"}}]}"#
                    .utf8
            ).write(to: config.appendingPathComponent("processingjobconfig.json"))
            let run = try recordlint(options, in: machine, variables: ["RECORDLINT_SAGEMAKER_CONFIG": config.path])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.errors.contains("shard \(position) of 3, from SageMaker"))
            let report = try run.report()
            #expect(report.shard?.index == position && report.shard?.count == 3)
            if shardedByS3Key { #expect(report.files.count == given.count && report.shard?.fingerprint == nil) }
            outputs.append(run.output)
        }
        let merged = try merge(outputs, in: root)
        #expect(merged.status == 1, "\(merged.errors)")
        #expect(withoutTiming(merged.output) == withoutTiming(try oneCheck(root)))
        // Two of three hosts' reports are an incomplete set.
        let short = try merge(Array(outputs.prefix(2)), in: root.appendingPathComponent("short"))
        #expect(short.status == 2 && short.errors.contains("the shard set is incomplete"))
    }

    @Test func awsBatchArrayJob() throws {
        let root = temporaryDirectory()
        let shared = try folder(parts(), in: root, named: "efs")
        var outputs: [String] = []
        for index in 0..<4 {
            // The array size from AWS_BATCH_JOB_ARRAY_SIZE, or from RECORDLINT_SHARD_COUNT.
            let size = index == 2 ? ["RECORDLINT_SHARD_COUNT": "4"] : ["AWS_BATCH_JOB_ARRAY_SIZE": "4"]
            let run = try recordlint(
                options, in: shared, variables: ["AWS_BATCH_JOB_ARRAY_INDEX": String(index)].merging(size) { a, _ in a })
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.errors.contains("shard \(index) of 4, from AWS Batch"))
            outputs.append(run.output)
        }
        let merged = try merge(outputs, in: root)
        #expect(withoutTiming(merged.output) == withoutTiming(try oneCheck(root)))
    }

    @Test func kubernetesIndexedJob() throws {
        let root = temporaryDirectory()
        let shared = try folder(parts(), in: root, named: "volume")
        var outputs: [String] = []
        for index in 0..<3 {
            let run = try recordlint(
                options + ["--shard-count", "3"], in: shared, variables: ["JOB_COMPLETION_INDEX": String(index)])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.errors.contains("shard \(index) of 3, from a Kubernetes Indexed Job"))
            outputs.append(run.output)
        }
        let merged = try merge(outputs, in: root)
        #expect(withoutTiming(merged.output) == withoutTiming(try oneCheck(root)))
        // Kubernetes does not pass the count: without --shard-count it is a usage error.
        let missing = try recordlint(options, in: shared, variables: ["JOB_COMPLETION_INDEX": "0"])
        #expect(missing.status == 64 && missing.errors.contains("give --shard-count"))
        let beyond = try recordlint(options + ["--shard-count", "2"], in: shared, variables: ["JOB_COMPLETION_INDEX": "2"])
        #expect(beyond.status == 64)
    }

    @Test func noEngineIsAUsageError() throws {
        let root = try folder(parts(), in: temporaryDirectory(), named: "here")
        let run = try recordlint(options, in: root)
        #expect(run.status == 64)
        #expect(run.errors.contains("--shard auto found no engine"))
        #expect(try recordlint(["check", "input", "--shard", "0/2", "--shard-count", "2"], in: root).status == 64)
    }
}
