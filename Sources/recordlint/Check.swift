import ArgumentParser
import RecordLint

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `recordlint check [PATH ...]`
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check recordio-protobuf files and name every offending record by index and byte offset.",
        discussion:
            "A PATH is a file, a directory (walked recursively) or - for standard input. Exit status: 0 clean, 1 findings, 2 an input could not be checked, 64 bad command line."
    )

    @Argument(help: "Files, directories, or - for standard input.", transform: PathArgument.path)
    var paths: [String] = []

    @Option(
        name: .customLong("channel"),
        help: ArgumentHelp(
            "A channel of the training job, NAME=PATH with NAME train, validation or test (repeatable): channel rules apply.",
            valueName: "name=path"))
    var channels: [ChannelArgument] = []

    @OptionGroup var options: CheckOptions

    @OptionGroup var output: OutputOptions

    @Option(
        help: "Write every offending record as a path<TAB>record-index line to FILE, whatever --max-findings says.",
        transform: PathArgument.path)
    var indicesOut: String?

    @Option(
        help:
            "Check only shard I (0-based) of N of the expanded file list, balanced by bytes, e.g. 0/4; auto takes them from SageMaker, AWS Batch or a Kubernetes Indexed Job."
    )
    var shard: ShardArgument?

    @Option(help: "With --shard auto: the worker count, where the engine does not pass it (Kubernetes).")
    var shardCount: Int?

    @Flag(help: "Exit 0 whenever the scan itself completed.")
    var exitZero = false

    @Flag(inversion: .prefixedNo, help: "A progress bar on standard error (default: when it is a terminal).")
    var progress: Bool?

    @Option(
        help:
            "The configuration file (default: the nearest recordlint.toml, or pyproject.toml with [tool.recordlint], up to the repository root).",
        transform: PathArgument.path)
    var config: String?

    @Flag(help: "Read no configuration file.")
    var noConfig = false

    func validate() throws {
        if let shardCount, shardCount < 1 { throw ValidationError("--shard-count must be at least 1") }
        if shardCount != nil, shard != .auto { throw ValidationError("--shard-count goes with --shard auto") }
        if noConfig && config != nil { throw ValidationError("--config and --no-config exclude each other") }
        if (paths + channels.map(\.path)).filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input (-) can be given once")
        }
        if let indicesOut, paths.contains(indicesOut) || indicesOut == options.hyperparameters {
            throw ValidationError("--indices-out \(indicesOut) is one of the inputs; recordlint never writes to what it checks")
        }
    }

    /// The configuration file to read, if any.
    private func configurationFile() throws -> ConfigFile? {
        if noConfig { return nil }
        if let config {
            guard let file = try ConfigFile.load(config) else {
                throw ValidationError("\(config) has no [tool.recordlint] table")
            }
            return file
        }
        return try ConfigFile.find(from: FileManager.default.currentDirectoryPath)
    }

    func run() throws {
        let file = try configurationFile()
        var output = self.output
        let strict = output.strict || file?.strict == true
        output.strict = strict
        if output.format == nil { output.format = file?.format }
        var configuration = try options.configuration(
            strict: strict, collectsOffendingRecords: indicesOut != nil, file: file)
        if self.output.strict {
            configuration.sources["strict"] = "--strict"
        } else if let file, file.strict != nil {
            configuration.sources["strict"] = file.path
        }
        // A shard cannot know the dataset's dimension: its report carries what merge needs to decide it.
        configuration.recordsDimensionRecords = self.shard != nil
        // Options win over the file: channels or paths on the command line replace the file's.
        let fromCommandLine = !paths.isEmpty || !channels.isEmpty
        let paths = fromCommandLine ? self.paths : file?.paths ?? []
        var channels = self.channels
        if !fromCommandLine, let file {
            channels = file.channels.flatMap { channel, paths in paths.map { ChannelArgument(name: channel, path: $0) } }
            if !channels.isEmpty { configuration.sources["channels"] = file.path }
        }
        if paths.isEmpty && channels.isEmpty && configuration.hyperparametersFile == nil {
            throw ValidationError(
                "give at least one PATH (a file, a directory, or - for standard input), --channel NAME=PATH or --hyperparameters FILE"
            )
        }
        var notes: [String] = []
        var (inputs, unchecked) = InputExpansion.expand(paths, notes: &notes)
        for channel in channels {
            let (found, missing) = InputExpansion.expand([channel.path], notes: &notes)
            for input in found {
                if let other = configuration.channels[input.displayName], other != channel.name {
                    throw ValidationError(
                        "\(input.displayName) is in both the \(other.rawValue) and the \(channel.name.rawValue) channel")
                }
                configuration.channels[input.displayName] = channel.name
            }
            configuration.channelPaths[channel.name, default: []].append(channel.path)
            inputs += found
            unchecked += missing
        }
        if let file {
            inputs.removeAll { input in
                guard case .file(let path) = input else { return false }
                return file.excludes(path)
            }
        }
        var shard: Shard?
        var delivered = false
        switch self.shard {
        case .fixed(let fixed): shard = fixed
        case .auto:
            do {
                let assignment = try ShardEnvironment.detect(ProcessInfo.processInfo.environment, count: shardCount)
                StandardStream.error.write(
                    "recordlint: --shard auto: shard \(assignment.shard.index) of \(assignment.shard.count), from \(assignment.source)\n"
                )
                shard = assignment.shard
                delivered = assignment.delivered
            } catch {
                throw ValidationError(error.description)
            }
        case nil: break
        }
        for note in notes { StandardStream.error.write("recordlint: note: \(note)\n") }
        // Against every input of the run (all shards' files, not only this shard's), before anything is read.
        if let indicesOut {
            do {
                try OutputTarget.refuseInputs(
                    indicesOut, option: "--indices-out",
                    inputs: InputExpansion.filePaths(of: inputs)
                        + [configuration.hyperparametersFile, file?.path].compactMap { $0 })
            } catch {
                throw ValidationError(error.message)
            }
        }
        let shardEntry = shard?.entry(for: inputs, delivered: delivered)
        if let shard, !delivered { inputs = shard.select(inputs) }
        let indicesFile: IndicesFile?
        do {
            indicesFile = try indicesOut.map(IndicesFile.init(target:))
        } catch let error as IndicesFileError {
            StandardStream.error.write("recordlint: \(error.message)\n")
            throw ExitStatus.unchecked
        }
        let checker = Checker(configuration: configuration)
        for note in checker.notes { StandardStream.error.write("recordlint: warning: \(note)\n") }
        let bar = ProgressBar.wanted(explicit: progress) ? ProgressBar(total: InputExpansion.totalBytes(of: inputs)) : nil
        var advance: (@Sendable (Int) -> Void)?
        if let bar { advance = { bar.advance(by: $0) } }
        let reporter = output.reporter
        let stdout = BufferedOutput()
        var onFinding: ((Finding) -> Void)?
        var position = 0
        if reporter.isRealtime {
            onFinding = { finding in
                bar?.finish()
                stdout.write(reporter.line(for: finding, position: position))
                position += 1
            }
        }
        var report = checker.check(inputs, unchecked: unchecked, progress: advance, onFinding: onFinding)
        report.shard = shardEntry
        bar?.finish()
        stdout.write(reporter.closing(report))
        stdout.flush()
        if let indicesFile {
            do {
                try indicesFile.commit(report.offendingRecordLines)
            } catch let error as IndicesFileError {
                StandardStream.error.write("recordlint: \(error.message)\n")
                throw ExitStatus.unchecked
            }
        }
        let status = ExitStatus.of(report, strict: output.strict)
        // --exit-zero forgives findings, never inputs that could not be checked.
        if status == ExitStatus.unchecked || (!exitZero && status != ExitStatus.clean) { throw status }
    }
}

extension Algorithm: ExpressibleByArgument {}

/// `--channel NAME=PATH`.
struct ChannelArgument: ExpressibleByArgument {
    let name: Channel
    let path: String

    init(name: Channel, path: String) {
        self.name = name
        self.path = path
    }

    init?(argument: String) {
        // NAME=PATH as escaped text (PathArgument): the channel names are plain, so the path is its escaped text.
        let argument = PathArgument.path(argument)
        guard let equals = argument.firstIndex(of: "="), let name = Channel(rawValue: String(argument[..<equals])),
            argument.index(after: equals) < argument.endIndex
        else { return nil }
        self.name = name
        path = String(argument[argument.index(after: equals)...])
    }

    static var defaultCompletionKind: CompletionKind { .file() }
}

/// `--shard I/N` or `--shard auto`.
enum ShardArgument: ExpressibleByArgument, Equatable {
    case fixed(Shard)
    case auto

    init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let shard = Shard(argument) {
            self = .fixed(shard)
        } else {
            return nil
        }
    }
}

/// A byte count such as `4096`, `64K`, `16M` or `1G`.
struct ByteCount: ExpressibleByArgument {
    let bytes: Int

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = argument.uppercased()
        var multiplier = 1
        if let last = digits.last, let unit = units[last] {
            multiplier = unit
            digits.removeLast()
        }
        // The smallest chunk is 4 bytes, whatever the unit (1K is 1,024 bytes).
        guard let value = Int(digits), value >= 1, value <= Int.max / multiplier, value * multiplier >= 4 else { return nil }
        bytes = value * multiplier
    }
}
